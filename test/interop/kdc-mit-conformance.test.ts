/**
 * What MIT's own clients (Debian krb5-user) see of the AS/TGS behaviour the Samba suite pinned
 * down (test/conformance/samba-krb5, issue 13):
 *   - an RC4-only kinit gets PREAUTH_REQUIRED with PA-ETYPE-INFO as well as PA-ETYPE-INFO2 (MIT's
 *     trace lists the e-data's padata types), and its TGT is issued;
 *   - an AES kinit is offered ETYPE-INFO2 only;
 *   - `kinit -p` gets a proxiable TGT (klist -f shows P); without -p it does not;
 *   - `kinit host/fs1...` (an SPN as the client name) is refused as an unknown client (MIT prints
 *     KDC_ERR_C_PRINCIPAL_UNKNOWN's com_err number), while the computer's own name works;
 *   - `kvno --u2u <bob's ccache> bob` (user-to-user, RFC 4120 3.7): alice gets a ticket for bob
 *     sealed with the session key of bob's TGT.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderKrb5Conf } from '../../clients/cli/verbs/krb5conf.ts';
import { createKdcContext, startKdc, type KdcServer } from '../../emulator/kerberos/kdc/index.ts';
import { loadWorld } from '../../emulator/world.ts';
import { requireMitClients, runMitTool } from '../support/mit-tools.ts';

const FIXTURE = new URL('../conformance/samba-krb5/scenario.yaml', import.meta.url).pathname;
const world = loadWorld(FIXTURE);
const dir = world.directory;
const KRB5_ERR = (code: number) => -1765328384 + code;

let kdc: KdcServer;
let tmp: string;

const ccache = () => join(mkdtempSync(join(tmp, 'cc-')), 'ccache');
const mit = (cmd: string, args: string[], input: string | undefined, cc: string, conf = 'krb5.conf') => runMitTool(cmd, args, { krb5Config: join(tmp, conf), ccache: cc, input });

/** The padata types MIT's trace says it processed, per "Processing preauth types" line. */
function preauthTypes(trace: string): string[] {
  return [...trace.matchAll(/Processing preauth types: (.*)/g)].map((m) => m[1]);
}

beforeAll(async () => {
  await requireMitClients(['kinit', 'klist']);
  tmp = mkdtempSync(join(tmpdir(), 'kdc-mit-conf-'));
  kdc = await startKdc(createKdcContext(dir), { port: 0 });
  const conf = renderKrb5Conf({ realm: dir.domain.realm, domain: dir.domain.dnsName, upnSuffixes: dir.domain.upnSuffixes, kdc: { host: '127.0.0.1', port: kdc.port } });
  writeFileSync(join(tmp, 'krb5.conf'), conf);
  // An RC4-only client (as old Windows and Samba's RC4 tests): only rc4-hmac offered.
  writeFileSync(join(tmp, 'krb5-rc4.conf'), conf.replace('[libdefaults]', '[libdefaults]\n  default_tkt_enctypes = rc4-hmac\n  default_tgs_enctypes = rc4-hmac\n  permitted_enctypes = rc4-hmac\n  allow_rc4 = true'));
});

afterAll(async () => {
  await kdc?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('MIT clients and the AS/TGS conformance fixes', () => {
  it('an RC4-only kinit is offered PA-ETYPE-INFO and PA-ETYPE-INFO2, and gets an rc4-hmac TGT', async () => {
    const cc = ccache();
    const r = await mit('kinit', ['alice'], 'Alice-Passw0rd!\n', cc, 'krb5-rc4.conf');
    expect(r.code, r.trace).toBe(0);
    expect(preauthTypes(r.trace)[0]).toBe('PA-ETYPE-INFO (11), PA-ETYPE-INFO2 (19), PA-ENC-TIMESTAMP (2)');
    expect(r.trace).toMatch(/Selected etype info: etype rc4-hmac/);
    const l = await mit('klist', ['-e'], undefined, cc, 'krb5-rc4.conf');
    expect(l.stdout, l.stdout).toMatch(/Etype \(skey, tkt\): DEPRECATED:arcfour-hmac, aes256-cts-hmac-sha1-96/);
  });

  it('an AES kinit is offered PA-ETYPE-INFO2 (the strongest AES key, then RC4) without PA-ETYPE-INFO', async () => {
    const r = await mit('kinit', ['alice'], 'Alice-Passw0rd!\n', ccache());
    expect(r.code, r.trace).toBe(0);
    expect(preauthTypes(r.trace)[0]).toBe('PA-ETYPE-INFO2 (19), PA-ENC-TIMESTAMP (2)');
    expect(r.trace).toMatch(/Selected etype info: etype aes256-cts, salt "SAMBA-CONF\.TESTalice"/);
  });

  it('kinit -p gets a proxiable TGT (klist -f: P), kinit without -p does not', async () => {
    const cc = ccache();
    expect((await mit('kinit', ['-p', 'alice'], 'Alice-Passw0rd!\n', cc)).code).toBe(0);
    const flags = (await mit('klist', ['-f'], undefined, cc)).stdout.match(/Flags: (\w+)/)?.[1];
    expect(flags).toContain('P');
    const cc2 = ccache();
    expect((await mit('kinit', ['-P', 'alice'], 'Alice-Passw0rd!\n', cc2)).code).toBe(0);
    expect((await mit('klist', ['-f'], undefined, cc2)).stdout.match(/Flags: (\w+)/)?.[1]).not.toContain('P');
  });

  it('an SPN as the client name is KDC_ERR_C_PRINCIPAL_UNKNOWN; the computer name itself is found', async () => {
    const r = await mit('kinit', ['host/fs1.samba-conf.test'], 'Fs1-Machine-Passw0rd!\n', ccache());
    expect(r.code).not.toBe(0);
    expect(r.trace).toContain(`Received error from KDC: ${KRB5_ERR(6)}/`);
    const ok = await mit('kinit', ['FS1$'], 'Fs1-Machine-Passw0rd!\n', ccache());
    expect(ok.code, ok.trace).toBe(0);
  });

  it("kvno --u2u: alice gets a user-to-user ticket for bob, sealed with bob's TGT session key", async () => {
    const bob = ccache();
    expect((await mit('kinit', ['bob'], 'Bob-Passw0rd!\n', bob)).code).toBe(0);
    const alice = ccache();
    expect((await mit('kinit', ['alice'], 'Alice-Passw0rd!\n', alice)).code).toBe(0);
    const r = await mit('kvno', ['--u2u', bob, 'bob'], undefined, alice);
    expect(r.code, r.stderr + r.trace).toBe(0);
    expect(r.stdout).toMatch(/bob@SAMBA-CONF\.TEST: kvno = 0/);
    expect((await mit('klist', [], undefined, alice)).stdout).toMatch(/bob@SAMBA-CONF\.TEST/);
  });
});
