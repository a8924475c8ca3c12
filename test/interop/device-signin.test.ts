/**
 * The tickets `ctlab signin` obtains through the cloud-trust exchange, used by clients nobody here
 * wrote: the lab runs multi-upn-suffix.yaml in this process (KDC on 127.0.0.1:88, because
 * impacket's examples only talk to port 88; everything else on free ports), `ctlab signin` runs as
 * its own process against the lab file and writes an MIT ccache, then
 *   - MIT `klist -c` lists the full TGT and the service ticket in it;
 *   - MIT `kvno` with that ccache gets a new service ticket from the lab KDC with the full TGT
 *     (one TGS exchange, no AS exchange: the cloud-trust TGT is what it presented);
 *   - impacket's getST.py -k -no-pass with that ccache gets a service ticket (judged by the ccache
 *     it writes, read back with MIT klist, and the KDC's trace);
 *   - the same device signs in again with a wrong password: AADSTS50126 at prt, and
 *     `ctlab dsregcmd /status` shows each sign-in's AzureAdPrt / OnPremTgt / CloudTgt.
 * Run under flock /tmp/ctlab-interop.lock (port 88).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../emulator/lab.ts';
import { Trace, type TraceEvent } from '../../emulator/trace/trace.ts';
import { requireMitClients, runMitTool } from '../support/mit-tools.ts';
import { PATH, runProcess } from '../support/process.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const CTLAB = join(ROOT, 'bin/ctlab.mjs');
const SCENARIO = join(ROOT, 'scenarios/multi-upn-suffix.yaml');
const PYTHON = '/usr/bin/python3';
const GETST = '/usr/share/doc/python3-impacket/examples/getST.py';

let lab: RunningLab;
let tmp: string;
let labFile: string;
let krb5conf: string;
const trace = new Trace({ keep: 5000 });

const run = (cmd: string, args: string[], env: Record<string, string> = {}) => runProcess(cmd, args, { cwd: tmp, env: { PATH, LANG: 'C.UTF-8', TZ: 'UTC', ...env }, timeoutMs: 60_000 });
const ctlab = (...args: string[]) => run(process.execPath, [CTLAB, ...args]);
const kdcEvents = (from: number): TraceEvent[] => trace.events().slice(from).filter((e) => e.service === 'kdc');

beforeAll(async () => {
  await requireMitClients(['klist', 'kvno']);
  for (const f of [PYTHON, GETST]) if (!existsSync(f)) throw new Error(`${f} is missing: install Debian python3-impacket (scripts/install-apt.sh)`);
  tmp = mkdtempSync(join(tmpdir(), 'device-signin-'));
  try {
    lab = await startLab(SCENARIO, { freePorts: true, ports: { kerberos: 88 }, trace, env: {} });
  } catch (err) {
    throw new Error(`cannot start the lab with its KDC on 127.0.0.1:88 (impacket only talks to port 88): ${(err as Error).message}; is another KDC or lab running?`);
  }
  mkdirSync(join(tmp, '.ctlab'));
  labFile = join(tmp, '.ctlab/lab.json');
  writeFileSync(labFile, JSON.stringify(lab.labFile()));
  krb5conf = join(tmp, 'krb5.conf');
  const k = await ctlab('krb5conf', '--lab', labFile, '-o', krb5conf);
  expect(k.code, k.stderr).toBe(0);
});

afterAll(async () => {
  await lab?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('ctlab signin --ccache, read by MIT krb5 and impacket', () => {
  let ccache: string;

  it('ctlab signin alice writes the full TGT and the service ticket', async () => {
    ccache = join(tmp, 'signin.ccache');
    const r = await ctlab('signin', 'alice@contoso.com', '--password', 'Alice-Passw0rd!', '--spn', 'cifs/fs1.fabrikam.local', '--ccache', ccache, '--lab', labFile, '--json');
    expect(r.code, r.stderr).toBe(0);
    const steps = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { step: string; verdict: string });
    expect(steps.filter((s) => s.verdict === 'ok').map((s) => s.step)).toEqual(['register', 'nonce', 'prt', 'partialTgt', 'locateDc', 'fullTgt', 'keyList', 'serviceTicket']);
    expect(existsSync(ccache)).toBe(true);
  });

  it('MIT klist -c lists the full TGT and the service ticket', async () => {
    const r = await runMitTool('klist', ['-c', `FILE:${ccache}`], { krb5Config: krb5conf });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Default principal: alice@FABRIKAM.LOCAL');
    const services = r.stdout.split('\n').flatMap((l) => /^\S+ \S+\s+\S+ \S+\s+(\S+)$/.exec(l.trim())?.[1] ?? []);
    expect(services).toEqual(['krbtgt/FABRIKAM.LOCAL@FABRIKAM.LOCAL', 'cifs/fs1.fabrikam.local@FABRIKAM.LOCAL']);
  });

  it('MIT kvno gets a new service ticket from the lab KDC with the cloud-trust full TGT', async () => {
    const cc = join(tmp, 'kvno.ccache');
    copyFileSync(ccache, cc);
    const before = trace.events().length;
    const r = await runMitTool('kvno', ['HOST/fs1.fabrikam.local@FABRIKAM.LOCAL'], { krb5Config: krb5conf, ccache: cc });
    expect(r.code, `${r.stderr}\n${r.trace}`).toBe(0);
    expect(r.stdout).toMatch(/^HOST\/fs1\.fabrikam\.local@FABRIKAM\.LOCAL: kvno = \d+/m);
    const ev = kdcEvents(before);
    expect(ev.map((e) => `${e.step}:${e.verdict}`)).toEqual(['TGS:ok']);
    expect(ev[0]).toMatchObject({ client: 'alice@FABRIKAM.LOCAL' });
    const list = await runMitTool('klist', ['-c', `FILE:${cc}`], { krb5Config: krb5conf });
    expect(list.stdout).toContain('HOST/fs1.fabrikam.local@FABRIKAM.LOCAL');
  });

  it("impacket getST.py -k -no-pass with that ccache gets a service ticket", async () => {
    const cc = join(tmp, 'impacket-in.ccache');
    copyFileSync(ccache, cc);
    const before = trace.events().length;
    const r = await run(PYTHON, [GETST, '-k', '-no-pass', '-spn', 'RestrictedKrbHost/fs1.fabrikam.local', '-dc-ip', '127.0.0.1', 'fabrikam.local/alice'], { KRB5CCNAME: cc });
    // getST exits 0 even when it fails: judge it by the ccache it writes and the KDC's trace.
    const out = join(tmp, 'alice.ccache');
    expect(existsSync(out), `${r.stdout}\n${r.stderr}`).toBe(true);
    const ev = kdcEvents(before);
    expect(ev.filter((e) => e.step === 'AS')).toEqual([]);
    expect(ev.filter((e) => e.step === 'TGS').map((e) => e.verdict)).toEqual(['ok']);
    const list = await runMitTool('klist', ['-c', `FILE:${out}`], { krb5Config: krb5conf });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('Default principal: alice@FABRIKAM.LOCAL');
    expect(list.stdout).toContain('RestrictedKrbHost/fs1.fabrikam.local@FABRIKAM.LOCAL');
  });

  it('a failed sign-in (carol, KDC_ERR_TGT_REVOKED) exits 1 and writes no ccache', async () => {
    const cc = join(tmp, 'carol.ccache');
    const r = await ctlab('signin', 'carol@contoso.com', '--password', 'Carol-Passw0rd!', '--ccache', cc, '--lab', labFile);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Sign-in FAILED at fullTgt: KDC_ERR_TGT_REVOKED \(20\)$/m);
    expect(existsSync(cc)).toBe(false);
  });

  it('a wrong password on the device registered by the first sign-in: AADSTS50126 at prt', async () => {
    const r = await ctlab('signin', 'alice@contoso.com', '--password', 'not-her-password', '--lab', labFile);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^  register +ok +device \S+ was registered earlier/m);
    expect(r.stdout).toMatch(/^Sign-in FAILED at prt: AADSTS50126 \(50126\)$/m);
  });

  it('ctlab dsregcmd /status shows the last sign-in (alice, wrong password: no PRT)', async () => {
    const r = await ctlab('dsregcmd', '/status', '--lab', labFile);
    expect(r.code, r.stderr).toBe(0);
    const row = (k: string) => new RegExp(`^\\s*${k} : (.*)$`, 'm').exec(r.stdout)?.[1];
    expect({ AzureAdJoined: row('AzureAdJoined'), DomainJoined: row('DomainJoined'), AzureAdPrt: row('AzureAdPrt'), OnPremTgt: row('OnPremTgt'), CloudTgt: row('CloudTgt'), failed: row('Failed Step') }).toEqual({
      AzureAdJoined: 'YES',
      DomainJoined: 'YES',
      AzureAdPrt: 'NO',
      OnPremTgt: 'NO',
      CloudTgt: 'NO',
      failed: 'prt (AADSTS50126)',
    });
  });

  it('after a good sign-in dsregcmd shows the PRT, the partial TGT and the top-level names', async () => {
    expect((await ctlab('signin', 'bob@east.contoso.com', '--password', 'Bob-Passw0rd!', '--lab', labFile)).code).toBe(0);
    const r = await ctlab('dsregcmd', '/status', '--lab', labFile);
    const row = (k: string) => new RegExp(`^\\s*${k} : (.*)$`, 'm').exec(r.stdout)?.[1];
    expect([row('AzureAdPrt'), row('OnPremTgt'), row('CloudTgt'), row('Full TGT')]).toEqual(['YES', 'YES', 'YES', 'YES']);
    expect(row('KerbTopLevelNames')).toBe('.windows.net,.windows.net:1433,.windows.net:3342,.azure.net,.azure.net:1433,.azure.net:3342');
  });
});
