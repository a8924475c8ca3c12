/**
 * The TGS exchange used by MIT's own clients (Debian krb5-user): kinit, then `kvno SPN` gets a
 * service ticket (MIT sends an authenticator with a req-body checksum), `kvno -k KEYTAB` proves
 * the ticket decrypts with the service's key from our keytab writer, `klist -e` shows the enctypes,
 * `kinit -R` renews the TGT, an unknown SPN is refused with the code MIT prints for
 * KDC_ERR_S_PRINCIPAL_UNKNOWN, and with `udp_preference_limit = 65535` the TGS-REQ goes over UDP,
 * gets KRB_ERR_RESPONSE_TOO_BIG and its TCP retry is answered from the lookaside cache. (The AS side is kdc-mit.test.ts.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keytabEntries } from '../../clients/cli/verbs/keytab.ts';
import { renderKrb5Conf } from '../../clients/cli/verbs/krb5conf.ts';
import { writeKeytabFile } from '../../emulator/kerberos/files/fs.ts';
import { createKdcContext, startKdc, type KdcServer, type KdcTraceEvent } from '../../emulator/kerberos/kdc/index.ts';
import { loadWorld } from '../../emulator/world.ts';
import { requireMitClients, runMitTool } from '../support/mit-tools.ts';

const FIXTURE = new URL('../fixtures/rodc-exchange.yaml', import.meta.url).pathname;
const dir = loadWorld(FIXTURE).directory;
/** MIT com_err numbers: ERROR_TABLE_BASE_krb5 (-1765328384) + the RFC 4120 code. */
const KRB5_ERR = (code: number) => -1765328384 + code;

let kdc: KdcServer;
let tmp: string;
const events: KdcTraceEvent[] = [];

/** Runs an MIT tool with the lab's krb5.conf and the given ccache. */
const mit = (cmd: string, args: string[], input: string | undefined, ccache: string) =>
  runMitTool(cmd, args, { krb5Config: join(tmp, 'krb5.conf'), ccache, input });

/** The com_err result of every TGS request in a KRB5_TRACE ("TGS request result: <n>/..."). */
const tgsResults = (trace: string) => [...trace.matchAll(/TGS request result: (-?\d+)\//g)].map((m) => Number(m[1]));

/** A fresh ccache holding alice's TGT (renewable for `kinit -R`). */
async function aliceTgt(): Promise<string> {
  const cc = join(mkdtempSync(join(tmp, 'cc-')), 'ccache');
  const r = await mit('kinit', ['-r', '2d', 'alice'], 'Alice-Passw0rd!\n', cc);
  if (r.code !== 0) throw new Error(`kinit failed: ${r.stderr}`);
  return cc;
}

beforeAll(async () => {
  await requireMitClients(['kinit', 'klist', 'kvno']);
  tmp = mkdtempSync(join(tmpdir(), 'kdc-mit-tgs-'));
  kdc = await startKdc(createKdcContext(dir, { trace: (e) => events.push(e) }), { port: 0 });
  writeFileSync(
    join(tmp, 'krb5.conf'),
    renderKrb5Conf({ realm: dir.domain.realm, domain: dir.domain.dnsName, upnSuffixes: dir.domain.upnSuffixes, kdc: { host: '127.0.0.1', port: kdc.port } }),
  );
});

afterAll(async () => {
  await kdc?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('MIT kvno against the lab TGS', () => {
  it('kvno cifs/fs1.fabrikam.local gets a service ticket; klist -e shows aes256', async () => {
    const cc = await aliceTgt();
    const before = events.length;
    const r = await mit('kvno', ['cifs/fs1.fabrikam.local'], undefined, cc);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cifs\/fs1\.fabrikam\.local@FABRIKAM\.LOCAL: kvno = 2/);
    expect(tgsResults(r.trace)).toEqual([0]);
    const l = await mit('klist', ['-e'], undefined, cc);
    expect(l.stdout).toMatch(/cifs\/fs1\.fabrikam\.local@FABRIKAM\.LOCAL\s*\n[^\n]*Etype \(skey, tkt\): aes256-cts-hmac-sha1-96, aes256-cts-hmac-sha1-96/);
    const tgs = events.slice(before).filter((e) => e.exchange === 'TGS');
    expect(tgs.map((e) => e.verdict)).toEqual(['ok']);
    // MIT always sends the req-body checksum (hmac-sha1-96-aes256, 16).
    expect(tgs[0].detail?.authenticatorChecksum).toBe(16);
  });

  it('kvno -k: the ticket decrypts with FS1$ keys from our keytab writer', async () => {
    const cc = await aliceTgt();
    const kt = join(tmp, 'fs1.keytab');
    writeKeytabFile(kt, keytabEntries(dir, dir.accountBySam('FS1$')!, ['cifs', 'fs1.fabrikam.local'], { timestamp: Math.floor(Date.now() / 1000) }));
    const r = await mit('kvno', ['-k', kt, 'cifs/fs1.fabrikam.local'], undefined, cc);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/keytab entry valid/);
  });

  it('a host/ alias (http/) and an AES128-only user service', async () => {
    const cc = await aliceTgt();
    const r = await mit('kvno', ['http/fs1.fabrikam.local', 'http/web.fabrikam.local'], undefined, cc);
    expect(r.code).toBe(0);
    const l = await mit('klist', ['-e'], undefined, cc);
    expect(l.stdout).toMatch(/http\/web\.fabrikam\.local@FABRIKAM\.LOCAL\s*\n[^\n]*Etype \(skey, tkt\): aes128-cts-hmac-sha1-96, aes128-cts-hmac-sha1-96/);
  });

  it('an unknown SPN is refused with the code MIT prints for S_PRINCIPAL_UNKNOWN', async () => {
    const cc = await aliceTgt();
    const r = await mit('kvno', ['cifs/nosuch.fabrikam.local'], undefined, cc);
    expect(r.code).not.toBe(0);
    // MIT asks twice (referrals on, then off); both times the KDC's answer is S_PRINCIPAL_UNKNOWN.
    expect(tgsResults(r.trace)).toEqual([KRB5_ERR(7), KRB5_ERR(7)]);
    expect(r.stderr).toMatch(/Server not found in Kerberos database/);
  });

  it('udp_preference_limit = 65535: the TGS-REQ goes over UDP, RESPONSE_TOO_BIG, and the TCP retry of the same bytes gets the full reply (lookaside)', async () => {
    const cc = await aliceTgt();
    const udpConf = join(tmp, 'krb5-udp.conf');
    const conf = renderKrb5Conf({ realm: dir.domain.realm, domain: dir.domain.dnsName, upnSuffixes: dir.domain.upnSuffixes, kdc: { host: '127.0.0.1', port: kdc.port } });
    writeFileSync(udpConf, conf.replace(/udp_preference_limit = 1\n/, 'udp_preference_limit = 65535\n'));
    expect(readFileSync(udpConf, 'utf8')).toMatch(/udp_preference_limit = 65535/);
    const kt = join(tmp, 'fs1-udp.keytab');
    writeKeytabFile(kt, keytabEntries(dir, dir.accountBySam('FS1$')!, ['cifs', 'fs1.fabrikam.local'], { timestamp: Math.floor(Date.now() / 1000) }));
    const before = events.length;
    const r = await runMitTool('kvno', ['-k', kt, 'cifs/fs1.fabrikam.local'], { krb5Config: udpConf, ccache: cc });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cifs\/fs1\.fabrikam\.local@FABRIKAM\.LOCAL: kvno = 2, keytab entry valid/);
    // MIT's own account of it: one request, first over UDP, then again over TCP, result 0.
    expect(r.trace).toMatch(/Sending initial UDP request to dgram 127\.0\.0\.1/);
    expect(r.trace).toMatch(/Sending TCP request to stream 127\.0\.0\.1/);
    expect(tgsResults(r.trace)).toEqual([0]);
    const tgs = events.slice(before).filter((e) => e.exchange === 'TGS');
    expect(tgs.map((e) => [e.transport, e.code ?? e.verdict, e.detail?.lookaside ?? false])).toEqual([
      ['udp', 'KRB_ERR_RESPONSE_TOO_BIG', false],
      ['tcp', 'ok', true],
    ]);
    // The service ticket with its full PAC did not fit the UDP limit.
    expect(Number(tgs[0].detail?.replyBytes)).toBeGreaterThan(1465);
  });

  it('kinit -R renews the TGT through the TGS', async () => {
    const cc = await aliceTgt();
    const before = events.length;
    const r = await mit('kinit', ['-R'], undefined, cc);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const renew = events.slice(before).filter((e) => e.exchange === 'TGS');
    expect(renew.map((e) => [e.verdict, e.server])).toEqual([['ok', 'krbtgt/FABRIKAM.LOCAL@FABRIKAM.LOCAL']]);
    expect((await mit('klist', [], undefined, cc)).stdout).toMatch(/krbtgt\/FABRIKAM\.LOCAL@FABRIKAM\.LOCAL/);
  });
});
