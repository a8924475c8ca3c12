/**
 * Break it live (docs/lab-admin.md) against `ctlab up` in its own process on free ports, switched
 * by `ctlab lab ...` in another process (the admin API over HTTP) and checked by real clients:
 *   - MIT kinit gets a TGT; after `ctlab lab fault clockSkew kdc 900` the lab's KDC answers its
 *     pre-authenticated AS-REQ with KRB_AP_ERR_SKEW (37), which MIT reports as "Clock skew too great"
 *     (with kdc_timesync = 0: by default MIT takes the KDC's time from the PREAUTH_REQUIRED error and
 *     stamps its encrypted timestamp 900 s ahead, which the trace shows);
 *   - after `fault dnsDrop _kerberos._tcp.dc._msdcs.fabrikam.local SRV` dig gets no answer for that
 *     SRV name (the query is dropped) while the other SRV records still answer; `dnsFault ... nxdomain`
 *     gives NXDOMAIN;
 *   - after `fault down kdc` kinit cannot reach the KDC (the port is closed) while LDAP still answers
 *     ldapsearch;
 *   - after `ctlab lab reset` kinit works again, the ports never changed, `ctlab lab status` says
 *     the scenario is the original;
 *   - curl on the admin routes: 400 BAD_REQUEST naming the field, 400 SCENARIO_INVALID with path and
 *     line, 404 for a route that does not exist; usage errors of `ctlab lab` exit 2;
 *   - `fault dcDown rodc1` on rodc-only-site.yaml: Samba's `net ads lookup -S 127.0.0.3` gets rodc1's
 *     LDAP ping answer before and none after (dc1 at 127.0.0.1 still answers); `dcUp` brings it back.
 *     net only talks to port 389: that lab binds LDAP/CLDAP on 389 (run under flock
 *     /tmp/ctlab-interop.lock, as COMMON.md says for every interop file).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMitTool } from '../support/mit-tools.ts';
import { PATH, requireTools, runProcess } from '../support/process.ts';
import { dig, requireDig } from './dig.support.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const SCENARIO = join(ROOT, 'scenarios/east-never-reveal.yaml');
const ZERO = ['--dns-port', '0', '--kdc-port', '0', '--ldap-port', '0', '--gc-port', '0', '--kpasswd-port', '0', '--entra-port', '0', '--entra-http-port', '0', '--admin-port', '0', '--no-ui'];
const SRV = '_kerberos._tcp.dc._msdcs.fabrikam.local';

interface LabJson {
  scenario: string;
  services: Record<string, { host: string; port: number; url?: string }>;
}

const tmp = mkdtempSync(join(tmpdir(), 'ctlab-switches-'));
const readyFile = join(tmp, 'lab.json');
const krb5conf = join(tmp, 'krb5.conf');
let lab: ChildProcess;
let output = '';
let first: LabJson;

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out; ctlab output:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ctlab = (args: string[]) => runProcess(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), ...args], { cwd: tmp, env: { PATH }, timeoutMs: 60_000 });
const labCmd = (args: string[]) => ctlab(['lab', '--lab', readyFile, ...args]);
const ready = (): LabJson => JSON.parse(readFileSync(readyFile, 'utf8'));
const krb5noSync = join(tmp, 'krb5-no-timesync.conf');
const kinit = (config = krb5conf) => runMitTool('kinit', ['alice@FABRIKAM.LOCAL'], { krb5Config: config, ccache: join(tmp, 'cc'), input: 'Alice-Passw0rd!\n', timeoutMs: 30_000 });

const curl = async (args: string[]) => {
  const r = await runProcess('curl', ['-sS', '-w', '\n%{http_code}', ...args], { env: { PATH } });
  expect(r.code).toBe(0);
  const nl = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(nl + 1)), json: JSON.parse(r.stdout.slice(0, nl)) };
};

beforeAll(async () => {
  await requireTools(['kinit'], 'krb5-user');
  await requireTools(['curl'], 'curl');
  await requireTools(['ldapsearch'], 'ldap-utils');
  requireDig();
  lab = spawn(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'up', SCENARIO, ...ZERO, '--ready-file', readyFile, '--no-key-cache'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  lab.stdout!.on('data', (d) => (output += d));
  lab.stderr!.on('data', (d) => (output += d));
  await waitFor(() => existsSync(readyFile) || lab.exitCode !== null, 30_000);
  if (!existsSync(readyFile)) throw new Error(`ctlab up stopped:\n${output}`);
  first = ready();
  const conf = await ctlab(['krb5conf', '--lab', readyFile, '-o', krb5conf]);
  if (conf.code !== 0) throw new Error(conf.stderr);
  // The same without MIT's clock correction from the KDC's errors (a client that keeps its own time).
  writeFileSync(krb5noSync, readFileSync(krb5conf, 'utf8').replace('[libdefaults]', '[libdefaults]\n    kdc_timesync = 0'));
});

afterAll(async () => {
  if (lab && lab.exitCode === null) lab.kill('SIGTERM');
  await waitFor(() => lab.exitCode !== null, 10_000).catch(() => lab.kill('SIGKILL'));
  rmSync(tmp, { recursive: true, force: true });
});

describe('break it live with real clients', () => {
  it('kinit gets a TGT on the scenario as started', async () => {
    const r = await kinit();
    expect(r.code, r.stderr).toBe(0);
  });

  it('clockSkew kdc 900: the KDC answers KRB_AP_ERR_SKEW (37), kinit fails with "Clock skew too great"', async () => {
    const f = await labCmd(['fault', 'clockSkew', 'kdc', '900']);
    expect(f.code, f.stderr).toBe(0);
    expect(f.stdout).toMatch(/^restarted on .*east-never-reveal\.yaml in \d+ ms: KDC clock \+900 s$/m);
    // The ready file names the running scenario's text, which other verbs read.
    const running = ready().scenario;
    expect(running).toBe(join(tmp, 'lab.scenario.yaml'));
    expect(readFileSync(running, 'utf8')).toMatch(/clockSkewSeconds:\s*\n\s*kdc: 900/);
    const at = output.length;
    const r = await kinit(krb5noSync);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Clock skew too great while getting initial credentials/);
    // KRB5KRB_AP_ERR_SKEW is -1765328347 in MIT's com_err table (ERROR_TABLE_BASE_krb5 + 37).
    expect(r.trace).toMatch(/Received error from KDC: -1765328347\/Clock skew too great/);
    // The lab's own line for the refusal names the KDC's error.
    await waitFor(() => /KRB_AP_ERR_SKEW/.test(output.slice(at)), 5000);
    // MIT by default takes the KDC's time from its PREAUTH_REQUIRED error and succeeds 900 s ahead.
    const synced = await kinit();
    expect(synced.code, synced.stderr).toBe(0);
    const stamp = Number(/Encrypted timestamp \(for (\d+)\./.exec(synced.trace)?.[1]);
    expect(Math.abs(stamp - Date.now() / 1000 - 900)).toBeLessThan(30);
  });

  it('dnsDrop of the KDC SRV name: dig gets no answer for it, the LDAP SRV still answers; dnsFault nxdomain gives NXDOMAIN', async () => {
    const dns = ready().services.dns.port;
    const before = await dig(dns, ['SRV', SRV]);
    expect([before.exitCode, before.status]).toEqual([0, 'NOERROR']);
    expect(before.answer.length).toBeGreaterThan(0);
    const f = await labCmd(['fault', 'dnsDrop', SRV, 'SRV']);
    expect(f.code, f.stderr).toBe(0);
    const dropped = await dig(dns, ['SRV', SRV]);
    expect(dropped.exitCode).toBe(9); // dig: no reply from the server
    expect(dropped.answer).toEqual([]);
    const other = await dig(dns, ['SRV', '_ldap._tcp.dc._msdcs.fabrikam.local']);
    expect([other.status, other.answer.length > 0]).toEqual(['NOERROR', true]);
    const nx = await labCmd(['fault', 'dnsFault', '_kpasswd._udp.fabrikam.local', 'SRV', 'nxdomain']);
    expect(nx.code, nx.stderr).toBe(0);
    expect((await dig(dns, ['SRV', '_kpasswd._udp.fabrikam.local'])).status).toBe('NXDOMAIN');
    expect((await dig(dns, ['SRV', SRV])).exitCode).toBe(9);
  });

  it('down kdc: kinit cannot reach the KDC while ldapsearch still reads the directory; the status lists it', async () => {
    const f = await labCmd(['fault', 'down', 'kdc']);
    expect(f.code, f.stderr).toBe(0);
    expect(ready().services.kdc).toBeUndefined();
    const r = await kinit();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Cannot contact any KDC for realm 'FABRIKAM.LOCAL'/);
    const ldap = await runProcess('ldapsearch', ['-LLL', '-x', '-H', `ldap://127.0.0.1:${ready().services.ldap.port}`, '-D', 'alice@contoso.com', '-w', 'Alice-Passw0rd!', '-b', 'DC=fabrikam,DC=local', '(sAMAccountName=alice)', 'sAMAccountName'], { env: { PATH } });
    expect(ldap.code, ldap.stderr).toBe(0);
    expect(ldap.stdout).toMatch(/sAMAccountName: alice/);
    const s = await labCmd(['status']);
    expect(s.stdout).toMatch(/^down +kdc$/m);
    expect(s.stdout).toMatch(/^clockSkew +kdc 900 s, cloud 0 s$/m);
    expect(s.stdout).toMatch(/changed since start/);
  });

  it('reset: the scenario as started, on the same ports; kinit gets a TGT again', async () => {
    const f = await labCmd(['reset']);
    expect(f.code, f.stderr).toBe(0);
    const now = ready();
    for (const [name, svc] of Object.entries(first.services)) expect([name, now.services[name]?.port]).toEqual([name, svc.port]);
    expect(now.scenario).toBe(SCENARIO);
    const r = await kinit();
    expect(r.code, r.stderr).toBe(0);
    const s = await labCmd(['status', '--json']);
    expect(JSON.parse(s.stdout)).toMatchObject({ original: true, faults: { down: [], dns: [], clockSkew: { kdc: 0, cloud: 0 } } });
  });

  it('ctlab lab scenario FILE restarts on another file; a file that does not validate exits 1 with FILE:LINE:COLUMN and changes nothing', async () => {
    const ok = await labCmd(['scenario', join(ROOT, 'scenarios/clock-skew.yaml')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect((await kinit(krb5noSync)).stderr).toMatch(/Clock skew too great/);
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, readFileSync(SCENARIO, 'utf8').replace('sam: alice,', 'sam: 12345678901234567890123,'));
    const r = await labCmd(['scenario', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SCENARIO_INVALID|does not validate/);
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: users\\[0\\]\\.sam: `, 'm'));
    expect(JSON.parse((await labCmd(['status', '--json'])).stdout).name).toBe('clock-skew.yaml');
    expect((await labCmd(['reset'])).code).toBe(0);
  });

  it('curl: 400 BAD_REQUEST naming the field, 400 SCENARIO_INVALID with path and line, 404 for an unknown route; usage errors exit 2', async () => {
    const admin = ready().services.admin.url!;
    const json = ['-H', 'content-type: application/json'];
    const unknown = await curl(['-X', 'POST', ...json, '-d', '{"meteor":true}', `${admin}/faults`]);
    expect([unknown.status, unknown.json.error.code, unknown.json.error.detail.field]).toEqual([400, 'BAD_REQUEST', '(body).meteor']);
    const skew = await curl(['-X', 'POST', ...json, '-d', '{"clockSkew":{"kdc":"fast"}}', `${admin}/faults`]);
    expect([skew.status, skew.json.error.detail.field]).toEqual([400, 'clockSkew.kdc']);
    const down = await curl(['-X', 'POST', ...json, '-d', '{"down":["ntp"]}', `${admin}/faults`]);
    expect([down.status, down.json.error.detail.field]).toEqual([400, 'down[0]']);
    const text = readFileSync(SCENARIO, 'utf8').replace('password: "Alice-Passw0rd!"', 'password: 7');
    const invalid = await curl(['-X', 'PUT', ...json, '--data-binary', JSON.stringify({ text, name: 'x.yaml' }), `${admin}/scenario`]);
    expect([invalid.status, invalid.json.error]).toEqual([400, 'SCENARIO_INVALID']);
    expect(invalid.json.errors[0]).toMatchObject({ path: 'users[0].password', line: text.split('\n').findIndex((l) => l.includes('password: 7')) + 1 });
    const nothing = await curl([`${admin}/lab/restart`]);
    expect([nothing.status, nothing.json.error.code]).toEqual([404, 'NOT_FOUND']);
    const method = await curl(['-X', 'DELETE', `${admin}/lab/reset`]);
    expect([method.status, method.json.error.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
    expect((await labCmd(['fault', 'clockSkew', 'kdc', 'fast'])).code).toBe(2);
    expect((await labCmd(['fault', 'meteor'])).code).toBe(2);
    expect((await labCmd(['scenario'])).code).toBe(2);
    // Still serving, still the original.
    expect(JSON.parse((await labCmd(['status', '--json'])).stdout).original).toBe(true);
  });
});

describe('a DC down by name, seen by Samba net ads lookup (CLDAP on UDP 389)', () => {
  const ready2 = join(tmp, 'lab2.json');
  let lab2: ChildProcess;
  let out2 = '';
  const smbConf = join(tmp, 'smb.conf');
  beforeAll(async () => {
    await requireTools(['net'], 'samba-common-bin');
    // Keep net's caches out of /var: a throwaway smb.conf with every state directory in tmp.
    writeFileSync(smbConf, `[global]\n\tworkgroup = FABRIKAM\n${['lock directory', 'state directory', 'cache directory', 'private dir'].map((k) => `\t${k} = ${tmp}\n`).join('')}`);
    const ports = ZERO.map((p, i) => (ZERO[i - 1] === '--ldap-port' ? '389' : p));
    lab2 = spawn(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'up', join(ROOT, 'scenarios/rodc-only-site.yaml'), ...ports, '--ready-file', ready2, '--no-key-cache', '--quiet'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    lab2.stdout!.on('data', (d) => (out2 += d));
    lab2.stderr!.on('data', (d) => (out2 += d));
    const until = Date.now() + 30_000;
    while (!existsSync(ready2) && lab2.exitCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    if (!existsSync(ready2)) throw new Error(`ctlab up on LDAP port 389 stopped (is 389 taken?):\n${out2}`);
  });
  afterAll(async () => {
    if (lab2 && lab2.exitCode === null) lab2.kill('SIGTERM');
    const until = Date.now() + 10_000;
    while (lab2 && lab2.exitCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  });
  const lookup = (host: string) => runProcess('net', ['ads', 'lookup', '-S', host, '-s', smbConf], { env: { PATH }, timeoutMs: 30_000 });
  const lab2Cmd = (args: string[]) => ctlab(['lab', '--lab', ready2, ...args]);

  it('rodc1 answers as an RODC in Branch, not after dcDown rodc1 (dc1 still does), again after dcUp', async () => {
    const before = await lookup('127.0.0.3');
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toMatch(/Domain Controller:\s+rodc1\.fabrikam\.local/);
    expect(before.stdout).toMatch(/Is writable:\s+no/);
    const f = await lab2Cmd(['fault', 'dcDown', 'rodc1']);
    expect(f.code, f.stderr).toBe(0);
    expect(f.stdout).toMatch(/DC rodc1 down/);
    const after = await lookup('127.0.0.3');
    expect(after.code).not.toBe(0);
    expect(after.stdout).not.toMatch(/rodc1\.fabrikam\.local/);
    const dc1 = await lookup('127.0.0.1');
    expect(dc1.code, dc1.stderr).toBe(0);
    expect(dc1.stdout).toMatch(/Domain Controller:\s+dc1\.fabrikam\.local/);
    expect((await lab2Cmd(['status'])).stdout).toMatch(/^DCs down +rodc1 /m);
    expect((await lab2Cmd(['fault', 'dcUp', 'rodc1'])).code).toBe(0);
    const back = await lookup('127.0.0.3');
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/Domain Controller:\s+rodc1\.fabrikam\.local/);
  });
});
