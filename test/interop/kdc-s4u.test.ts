/**
 * S4U2Self and S4U2Proxy (MS-SFU) through real clients, on test/fixtures/s4u.yaml:
 *   - MIT `kvno -U alice WEB1$` with WEB1$'s TGT: an S4U2Self ticket (MIT sends PA-FOR-USER and
 *     PA-S4U-X509-USER and checks the reply's signed PA-S4U-X509-USER); klist shows alice's ticket
 *     for WEB1$; an unknown user is refused with KDC_ERR_C_PRINCIPAL_UNKNOWN;
 *   - MIT `kvno -U alice -P cifs/fs1...` (S4U2Self, then S4U2Proxy): allowed by WEB1$'s
 *     msDS-AllowedToDelegateTo; APP1$ (no protocol transition) is refused with KDC_ERR_BADOPTION;
 *   - impacket getST.py -impersonate alice -spn cifs/fs1... (S4U2Self + S4U2Proxy, port 88 only:
 *     the KDC listens on 127.0.0.1:88, run under the interop lock): the ccache it writes holds
 *     alice's ticket for cifs/fs1; with api1 and cifs/fs2 the resource-based path is taken.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderKrb5Conf } from '../../clients/cli/verbs/krb5conf.ts';
import { createKdcContext, startKdc, type KdcServer, type KdcTraceEvent } from '../../emulator/kerberos/kdc/index.ts';
import { loadWorld } from '../../emulator/world.ts';
import { requireMitClients, runMitTool } from '../support/mit-tools.ts';
import { PATH, runProcess } from '../support/process.ts';

const FIXTURE = new URL('../fixtures/s4u.yaml', import.meta.url).pathname;
const world = loadWorld(FIXTURE);
const dir = world.directory;
const KRB5_ERR = (code: number) => -1765328384 + code;
const PYTHON = '/usr/bin/python3';
const EXAMPLES = '/usr/share/doc/python3-impacket/examples';

let kdc: KdcServer;
let kdc88: KdcServer | undefined;
let tmp: string;
const events: KdcTraceEvent[] = [];

const ccache = () => join(mkdtempSync(join(tmp, 'cc-')), 'ccache');
const mit = (cmd: string, args: string[], input: string | undefined, cc: string) => runMitTool(cmd, args, { krb5Config: join(tmp, 'krb5.conf'), ccache: cc, input });

async function serviceTgt(sam: string, password: string): Promise<string> {
  const cc = ccache();
  const r = await mit('kinit', [sam], `${password}\n`, cc);
  if (r.code !== 0) throw new Error(`kinit ${sam}: ${r.stderr}`);
  return cc;
}

beforeAll(async () => {
  await requireMitClients(['kinit', 'klist', 'kvno']);
  tmp = mkdtempSync(join(tmpdir(), 'kdc-s4u-'));
  const ctx = createKdcContext(dir, { trace: (e) => events.push(e) });
  kdc = await startKdc(ctx, { port: 0 });
  writeFileSync(join(tmp, 'krb5.conf'), renderKrb5Conf({ realm: dir.domain.realm, domain: dir.domain.dnsName, upnSuffixes: dir.domain.upnSuffixes, kdc: { host: '127.0.0.1', port: kdc.port } }));
});

afterAll(async () => {
  await kdc?.close();
  await kdc88?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('MIT kvno -U (S4U2Self) and -P (S4U2Proxy)', () => {
  it('kvno -U alice WEB1$: an S4U2Self ticket in alice\'s name for WEB1$', async () => {
    const cc = await serviceTgt('WEB1$', 'Web1-Machine-Passw0rd!');
    const r = await mit('kvno', ['-U', 'alice', 'WEB1$'], undefined, cc);
    expect(r.code, r.stderr + r.trace).toBe(0);
    const l = await mit('klist', [], undefined, cc);
    expect(l.stdout).toMatch(/WEB1\$@FABRIKAM\.LOCAL/);
    const ev = events.filter((e) => e.detail?.s4uSelf !== undefined).at(-1)!;
    expect(ev).toMatchObject({ verdict: 'ok', client: 'alice@FABRIKAM.LOCAL' });
  });

  it('kvno -U nobody: KDC_ERR_C_PRINCIPAL_UNKNOWN', async () => {
    const cc = await serviceTgt('WEB1$', 'Web1-Machine-Passw0rd!');
    const r = await mit('kvno', ['-U', 'nobody', 'WEB1$'], undefined, cc);
    expect(r.code).not.toBe(0);
    expect(r.trace).toContain(`Received error from KDC: ${KRB5_ERR(6)}/`);
  });

  it('kvno -U alice -P cifs/fs1: S4U2Proxy by constrained delegation; APP1$ without protocol transition is refused', async () => {
    const cc = await serviceTgt('WEB1$', 'Web1-Machine-Passw0rd!');
    const r = await mit('kvno', ['-U', 'alice', '-P', 'cifs/fs1.fabrikam.local'], undefined, cc);
    expect(r.code, r.stderr + r.trace).toBe(0);
    expect(events.at(-1)).toMatchObject({ verdict: 'ok', client: 'alice@FABRIKAM.LOCAL', server: 'cifs/fs1.fabrikam.local@FABRIKAM.LOCAL' });
    // APP1$ has no protocol transition: its S4U2Self ticket is not forwardable, so the KDC refuses
    // the S4U2Proxy step with KDC_ERR_BADOPTION (MIT: "KDC can't fulfill requested option").
    const app = await serviceTgt('APP1$', 'App1-Machine-Passw0rd!');
    const before = events.length;
    const refused = await mit('kvno', ['-U', 'alice', '-P', 'cifs/fs1.fabrikam.local'], undefined, app);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/KDC can't fulfill requested option/);
    // (MIT first tries an AS-REQ for alice, which needs pre-authentication; the TGS side is this:)
    expect(events.slice(before).filter((e) => e.exchange === 'TGS').map((e) => [e.server, e.code ?? 'ok'])).toEqual([
      ['APP1$@FABRIKAM.LOCAL', 'ok'],
      ['cifs/fs1.fabrikam.local@FABRIKAM.LOCAL', 'KDC_ERR_BADOPTION'],
    ]);
  });
});

describe('impacket getST.py -impersonate (S4U2Self + S4U2Proxy, port 88)', () => {
  const getSt = (who: string, password: string, target: string, cwd: string) =>
    runProcess(PYTHON, [join(EXAMPLES, 'getST.py'), '-spn', target, '-impersonate', 'alice', '-dc-ip', '127.0.0.1', `fabrikam.local/${who}:${password}`], { cwd, env: { PATH, LANG: 'C.UTF-8' }, timeoutMs: 40_000 });

  beforeAll(async () => {
    try {
      kdc88 = await startKdc(createKdcContext(dir, { trace: (e) => events.push(e) }), { host: '127.0.0.1', port: 88 });
    } catch (err) {
      throw new Error(`cannot listen on 127.0.0.1:88 (impacket only talks to port 88): ${(err as Error).message}; run under flock /tmp/ctlab-interop.lock`);
    }
  });

  it('constrained delegation: WEB1$ gets alice\'s ticket for cifs/fs1 (the ccache getST writes)', async () => {
    const cwd = mkdtempSync(join(tmp, 'imp-'));
    const before = events.length;
    const r = await getSt('WEB1$', 'Web1-Machine-Passw0rd!', 'cifs/fs1.fabrikam.local', cwd);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(existsSync(join(cwd, 'alice.ccache')) || existsSync(join(cwd, 'alice@cifs_fs1.fabrikam.local@FABRIKAM.LOCAL.ccache')), r.stdout).toBe(true);
    // impacket writes the realm as given (fabrikam.local): names compared case-insensitively.
    const ok = events.slice(before).filter((e) => e.exchange === 'TGS' && e.verdict === 'ok').map((e) => [e.client?.toLowerCase(), e.server?.toLowerCase(), e.detail?.s4uProxyRule]);
    expect(ok).toContainEqual(['alice@fabrikam.local', 'cifs/fs1.fabrikam.local@fabrikam.local', 'msDS-AllowedToDelegateTo']);
  });

  it('resource-based delegation: API1$ gets alice\'s ticket for cifs/fs2', async () => {
    const cwd = mkdtempSync(join(tmp, 'imp-'));
    const before = events.length;
    const r = await getSt('API1$', 'Api1-Machine-Passw0rd!', 'cifs/fs2.fabrikam.local', cwd);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const ok = events.slice(before).filter((e) => e.exchange === 'TGS' && e.verdict === 'ok').map((e) => [e.client?.toLowerCase(), e.server?.toLowerCase(), e.detail?.s4uProxyRule]);
    expect(ok).toContainEqual(['alice@fabrikam.local', 'cifs/fs2.fabrikam.local@fabrikam.local', 'msDS-AllowedToActOnBehalfOfOtherIdentity']);
  });
});
