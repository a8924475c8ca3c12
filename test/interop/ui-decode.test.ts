/**
 * The training page's decoded view on real clients' bytes: `ctlab up --ui-show-secrets` on free
 * ports (test/fixtures/device-lab.yaml), MIT kinit then kvno for cifs/fs1 (MIT's own AS-REQ and
 * TGS-REQ), the decoded events read with curl from GET /api/events/:id/decoded:
 *   - kinit's AS-REQ: PA-ENC-TIMESTAMP opened with alice's key; the AS-REP's TGT opened with krbtgt;
 *   - kvno's TGS-REQ: the TGT and authenticator opened, the reply's service ticket opened with
 *     FS1$'s key and its PAC naming alice's groups;
 *   - with --ui-show-secrets, the service ticket's session key is the one in kvno's ccache (read with
 *     impacket's CCache); without the flag (a second lab) the same field is masked.
 * Free ports only (no fixed port), but run under flock /tmp/ctlab-interop.lock like the others.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodedEvent } from '../../emulator/ui/decode/registry.ts';
import type { DecodedNode } from '../../emulator/ui/decode/tree.ts';
import { runMitTool } from '../support/mit-tools.ts';
import { PATH, requireTools, runProcess } from '../support/process.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE = join(ROOT, 'test/fixtures/device-lab.yaml');
const FREE = ['--dns-port', '0', '--kdc-port', '0', '--ldap-port', '0', '--gc-port', '0', '--kpasswd-port', '0', '--entra-port', '0', '--entra-http-port', '0', '--admin-port', '0', '--ui-port', '0'];
const tmp = mkdtempSync(join(tmpdir(), 'ctlab-decode-'));

interface Lab {
  child: ChildProcess;
  ui: string;
  krb5: string;
  output: string;
}

async function up(name: string, extra: string[]): Promise<Lab> {
  const ready = join(tmp, `${name}.json`);
  const lab: Lab = { child: spawn(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'up', FIXTURE, ...FREE, ...extra, '--ready-file', ready, '--no-key-cache', '--quiet'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] }), ui: '', krb5: join(tmp, `${name}.conf`), output: '' };
  lab.child.stdout!.on('data', (d) => (lab.output += d));
  lab.child.stderr!.on('data', (d) => (lab.output += d));
  const until = Date.now() + 30_000;
  while (!existsSync(ready)) {
    if (Date.now() > until || lab.child.exitCode !== null) throw new Error(`ctlab up did not start:\n${lab.output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  lab.ui = JSON.parse(readFileSync(ready, 'utf8')).services.ui.url;
  const conf = await runProcess(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'krb5conf', '--lab', ready, '-o', lab.krb5], { env: { PATH } });
  if (conf.code !== 0) throw new Error(conf.stderr);
  return lab;
}

/** kinit alice, then kvno cifs/fs1: MIT's AS-REQ and TGS-REQ. */
async function mitClient(lab: Lab, cc: string): Promise<void> {
  const kinit = await runMitTool('kinit', ['alice@FABRIKAM.LOCAL'], { krb5Config: lab.krb5, ccache: cc, input: 'Alice-Passw0rd!\n' });
  expect(kinit.code, kinit.stderr).toBe(0);
  const kvno = await runMitTool('kvno', ['cifs/fs1.fabrikam.local@FABRIKAM.LOCAL'], { krb5Config: lab.krb5, ccache: cc });
  expect(kvno.code, kvno.stderr).toBe(0);
}

/** Every decoded event the page's server keeps, read with curl (ids count up from 1). */
async function decodedEvents(lab: Lab): Promise<DecodedEvent[]> {
  const out: DecodedEvent[] = [];
  for (let id = 1; id < 200; id++) {
    const r = await runProcess('curl', ['-sS', '-w', '\n%{http_code}', `${lab.ui}/api/events/${id}/decoded`], { env: { PATH } });
    const nl = r.stdout.lastIndexOf('\n');
    if (r.stdout.slice(nl + 1) === '404') break;
    out.push(JSON.parse(r.stdout.slice(0, nl)));
  }
  return out;
}

const all = (nodes: readonly DecodedNode[]): DecodedNode[] => nodes.flatMap((n) => [n, ...all(n.children ?? [])]);
const byKey = (nodes: readonly DecodedNode[], key: string) => all(nodes).filter((n) => n.key === key);

let shown: Lab;
let masked: Lab;
beforeAll(async () => {
  await requireTools(['kinit', 'kvno', 'curl'], 'krb5-user curl');
  [shown, masked] = await Promise.all([up('shown', ['--ui-show-secrets']), up('masked', [])]);
}, 60_000);
afterAll(() => {
  for (const l of [shown, masked]) l?.child.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
});

describe('the decoded view on MIT kinit and kvno', () => {
  it('opens MIT\'s AS and TGS exchanges with the lab\'s keys; --ui-show-secrets shows the session key in MIT\'s ccache', async () => {
    const cc = join(tmp, 'cc-shown');
    await mitClient(shown, cc);
    const events = (await decodedEvents(shown)).filter((e) => e.service === 'kdc');
    const as = events.filter((e) => e.step === 'AS');
    // MIT's first AS-REQ has no pre-authentication (PREAUTH_REQUIRED), the second carries PA-ENC-TIMESTAMP.
    const asOk = as.find((e) => all(e.tree).some((n) => n.label === 'timestamp'))!;
    expect(all(asOk.tree).find((n) => n.label === 'timestamp')!.note).toMatch(/^opened with alice's key \(key version \d+\)$/);
    expect(byKey(asOk.tree, 'rep.ticket')[0].label).toBe('ticket (TGT)');
    expect(all(asOk.tree).filter((n) => n.error)).toEqual([]);

    const tgs = events.find((e) => e.step === 'TGS')!;
    expect(all(tgs.tree).filter((n) => n.error)).toEqual([]);
    const st = byKey(tgs.tree, 'rep.ticket')[0];
    expect(st.label).toBe('ticket (service ticket)');
    expect(all([st]).find((n) => n.label === 'enc-part (EncTicketPart)')!.note).toMatch(/^opened with FS1\$'s current key/);
    expect(byKey([st], 'pac.groups')[0].children!.map((n) => n.value)).toContain('Domain Users');
    expect(tgs.showSecrets).toBe(true);

    // The service ticket's session key, as MIT kvno stored it in its ccache (read with impacket's CCache).
    const py = `import sys\nfrom impacket.krb5.ccache import CCache\nfor c in CCache.loadFile(sys.argv[1]).credentials:\n    print(c.getServerPrincipal(), c['key']['keyvalue'].hex())`;
    const read = await runProcess('/usr/bin/python3', ['-c', py, cc], { env: { PATH, LANG: 'C.UTF-8' } });
    expect(read.code, read.stderr).toBe(0);
    const line = read.stdout.split('\n').find((l) => l.toLowerCase().includes('cifs/fs1.fabrikam.local')) ?? '';
    const key = line.split(' ').at(-1) ?? '';
    expect(key, read.stdout).toMatch(/^[0-9a-f]{64}$/);
    const sessionKey = all([st]).find((n) => n.label === 'session key')!;
    expect(sessionKey).toMatchObject({ value: key, secret: true });
  });

  it('without --ui-show-secrets the same keys are masked', async () => {
    await mitClient(masked, join(tmp, 'cc-masked'));
    const tgs = (await decodedEvents(masked)).find((e) => e.service === 'kdc' && e.step === 'TGS')!;
    expect(tgs.showSecrets).toBe(false);
    const secrets = all(tgs.tree).filter((n) => n.secret);
    expect(secrets.map((n) => n.label)).toEqual(expect.arrayContaining(['session key']));
    expect(secrets.every((n) => n.value === '••• (masked)')).toBe(true);
    expect(masked.output).not.toMatch(/[0-9a-f]{64}/);
  });
});
