/**
 * The lab KDC used by MIT's own clients (Debian krb5-user): kinit with a password on stdin and
 * with a keytab written by our keytab writer, klist -e, and the failures with the codes MIT
 * prints (KRB5_TRACE "Received error from KDC: <com_err number>/..."): wrong password, unknown user,
 * expired password (kinit then asks for a new one: we feed none), disabled, locked and expired
 * accounts. MIT reaches the KDC through a krb5.conf written by `ctlab krb5conf`'s renderer.
 * The TGS side (`kvno SPN`) belongs to the TGS exchange's tests.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keytabEntries } from '../../clients/cli/verbs/keytab.ts';
import { renderKrb5Conf } from '../../clients/cli/verbs/krb5conf.ts';
import { writeKeytabFile } from '../../emulator/kerberos/files/fs.ts';
import { createKdcContext, startKdc, type KdcServer, type KdcTraceEvent } from '../../emulator/kerberos/kdc/index.ts';
import { loadWorld } from '../../emulator/world.ts';
import { requireMitClients, runMitTool } from '../support/mit-tools.ts';

const FIXTURE = new URL('../fixtures/kdc-policy.yaml', import.meta.url).pathname;
const world = loadWorld(FIXTURE);
const dir = world.directory;

/** MIT com_err numbers: ERROR_TABLE_BASE_krb5 (-1765328384) + the RFC 4120 code. */
const KRB5_ERR = (code: number) => -1765328384 + code;

let kdc: KdcServer;
let tmp: string;
const events: KdcTraceEvent[] = [];

/** Runs an MIT tool with the lab's krb5.conf (or `conf` in the temp dir) and the given ccache. */
const mit = (cmd: string, args: string[], input: string | undefined, ccache: string, conf = 'krb5.conf') =>
  runMitTool(cmd, args, { krb5Config: join(tmp, conf), ccache, input });

/** The com_err numbers of every "Received error from KDC" line of a KRB5_TRACE. */
function kdcErrors(trace: string): number[] {
  return [...trace.matchAll(/Received error from KDC: (-\d+)\//g)].map((m) => Number(m[1]));
}

const ccache = () => join(mkdtempSync(join(tmp, 'cc-')), 'ccache');

beforeAll(async () => {
  await requireMitClients(['kinit', 'klist']);
  tmp = mkdtempSync(join(tmpdir(), 'kdc-mit-'));
  kdc = await startKdc(createKdcContext(dir, { trace: (e) => events.push(e) }), { port: 0 });
  const conf = renderKrb5Conf({ realm: dir.domain.realm, domain: dir.domain.dnsName, upnSuffixes: dir.domain.upnSuffixes, kdc: { host: '127.0.0.1', port: kdc.port } });
  writeFileSync(join(tmp, 'krb5.conf'), conf);
  // The same without udp_preference_limit: MIT then tries UDP first.
  writeFileSync(join(tmp, 'krb5-udp.conf'), conf.replace(/^\s*udp_preference_limit = 1\n/m, ''));
});

afterAll(async () => {
  await kdc?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('MIT kinit against the lab KDC', () => {
  it('gets a TGT with a password and klist -e shows aes256 for session key and ticket', async () => {
    const cc = ccache();
    const r = await mit('kinit', ['alice'], 'Alice-Passw0rd!\n', cc);
    expect(r.code).toBe(0);
    const l = await mit('klist', ['-e'], undefined, cc);
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/Default principal: alice@FABRIKAM\.LOCAL/);
    expect(l.stdout).toMatch(/krbtgt\/FABRIKAM\.LOCAL@FABRIKAM\.LOCAL/);
    expect(l.stdout).toMatch(/Etype \(skey, tkt\): aes256-cts-hmac-sha1-96, aes256-cts-hmac-sha1-96/);
    expect(events.filter((e) => e.client === 'alice@FABRIKAM.LOCAL').map((e) => e.code ?? 'ok')).toEqual(['KDC_ERR_PREAUTH_REQUIRED', 'ok']);
  });

  it('retries over TCP when the TGT is too big for UDP (KRB_ERR_RESPONSE_TOO_BIG)', async () => {
    const before = events.length;
    const r = await mit('kinit', ['alice'], 'Alice-Passw0rd!\n', ccache(), 'krb5-udp.conf');
    expect(r.code).toBe(0);
    expect(kdcErrors(r.trace)).toEqual([KRB5_ERR(25), KRB5_ERR(52)]);
    expect(events.slice(before).map((e) => [e.transport, e.code ?? 'ok'])).toEqual([
      ['udp', 'KDC_ERR_PREAUTH_REQUIRED'],
      ['udp', 'KRB_ERR_RESPONSE_TOO_BIG'],
      ['tcp', 'ok'],
    ]);
  });

  it('signs in with the UPN as an enterprise name (kinit -E) and gets the canonical principal', async () => {
    const cc = ccache();
    expect((await mit('kinit', ['-E', 'alice@contoso.com'], 'Alice-Passw0rd!\n', cc)).code).toBe(0);
    expect((await mit('klist', [], undefined, cc)).stdout).toMatch(/Default principal: alice@FABRIKAM\.LOCAL/);
  });

  it('gets a TGT with a keytab from our keytab writer', async () => {
    const kt = join(tmp, 'alice.keytab');
    writeKeytabFile(kt, keytabEntries(dir, dir.accountBySam('alice')!, ['alice'], { timestamp: Math.floor(Date.now() / 1000) }));
    const cc = ccache();
    const r = await mit('kinit', ['-k', '-t', kt, 'alice'], undefined, cc);
    expect(r.code).toBe(0);
    expect((await mit('klist', ['-e'], undefined, cc)).stdout).toMatch(/Etype \(skey, tkt\): aes256-cts-hmac-sha1-96, aes256-cts-hmac-sha1-96/);
  });

  it('reports a wrong password as preauthentication failure', async () => {
    const before = events.length;
    const r = await mit('kinit', ['alice'], 'Not-Her-Passw0rd\n', ccache());
    expect(r.code).not.toBe(0);
    expect(kdcErrors(r.trace)).toContain(KRB5_ERR(24));
    expect(events.slice(before).map((e) => e.code)).toContain('KDC_ERR_PREAUTH_FAILED');
  });

  it('reports an unknown user as C_PRINCIPAL_UNKNOWN', async () => {
    const r = await mit('kinit', ['nobody'], 'x\n', ccache());
    expect(r.code).not.toBe(0);
    expect(kdcErrors(r.trace)).toEqual([KRB5_ERR(6)]);
  });

  it('reports an expired password as KEY_EXPIRED, then asks for a new one', async () => {
    const r = await mit('kinit', ['mustchange'], 'MustChange-Passw0rd!\n', ccache());
    expect(r.code).not.toBe(0);
    expect(kdcErrors(r.trace)).toContain(KRB5_ERR(23));
    // MIT then fetches a kadmin/changepw ticket with the old password before prompting.
    expect(events.some((e) => e.verdict === 'ok' && e.server === 'kadmin/changepw@FABRIKAM.LOCAL')).toBe(true);
  });

  it.each([
    ['disabled', 'Disabled-Passw0rd!'],
    ['locked', 'Locked-Passw0rd!'],
    ['expired', 'Expired-Passw0rd!'],
  ])('reports the %s account as CLIENT_REVOKED', async (user, password) => {
    const r = await mit('kinit', [user], `${password}\n`, ccache());
    expect(r.code).not.toBe(0);
    expect(kdcErrors(r.trace)).toEqual([KRB5_ERR(18)]);
  });
});
