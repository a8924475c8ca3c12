/**
 * `ctlab up` end to end, as a user runs it: the real command in its own process, every port 0,
 * the ready file read back, then real clients follow it: dig finds the KDC, LDAP and GC through the
 * DC-locator SRV records at the ports the lab really bound; MIT kinit gets a TGT through a krb5.conf
 * written by `ctlab krb5conf --lab`, and the lab prints a line per exchange with its code and why;
 * ldapsearch reads the rootDSE on the GC port. SIGTERM stops it cleanly. A bad scenario file stops it before anything listens, with exit code 2.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMitTool, runMitToolOk } from '../support/mit-tools.ts';

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'ctlab-up-'));
const readyFile = join(tmp, 'lab.json');
const keyCache = join(tmp, 'key-cache.bin');
const ZERO_PORTS = ['--dns-port', '0', '--kdc-port', '0', '--ldap-port', '0', '--gc-port', '0', '--kpasswd-port', '0', '--entra-port', '0', '--entra-http-port', '0', '--admin-port', '0'];

interface LabJson {
  scenario: string;
  realm: string;
  services: Record<string, { host: string; port: number; protocols: string[]; url?: string }>;
}

let lab: ChildProcess;
let info: LabJson;
let output = '';

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out; ctlab output:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  lab = spawn(process.execPath, ['bin/ctlab.mjs', 'up', 'scenarios/multi-upn-suffix.yaml', ...ZERO_PORTS, '--ready-file', readyFile, '--key-cache', keyCache], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  lab.stdout!.on('data', (d) => (output += d));
  lab.stderr!.on('data', (d) => (output += d));
  await waitFor(() => existsSync(readyFile), 30_000);
  info = JSON.parse(readFileSync(readyFile, 'utf8'));
});

afterAll(() => {
  if (lab.exitCode === null) lab.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

async function srv(name: string): Promise<{ port: number; target: string }[]> {
  const { stdout } = await run('dig', ['@127.0.0.1', '-p', String(info.services.dns.port), name, 'SRV', '+short']);
  return stdout
    .trim()
    .split('\n')
    .map((l) => l.split(/\s+/))
    .map(([, , port, target]) => ({ port: Number(port), target }));
}

describe('ctlab up', () => {
  it('writes a ready file naming every service on loopback with the ports it really bound', () => {
    expect(info.realm).toBe('FABRIKAM.LOCAL');
    expect(info.scenario).toMatch(/scenarios\/multi-upn-suffix\.yaml$/);
    for (const name of ['kdc', 'kpasswd', 'ldap', 'gc', 'cldap', 'dns', 'entra', 'entra-http']) {
      expect(info.services[name]?.host, name).toBe('127.0.0.1');
      expect(info.services[name].port, name).toBeGreaterThan(0);
    }
    expect(info.services.kdc.protocols.sort()).toEqual(['tcp', 'udp']);
    expect(info.services.cldap.port).toBe(info.services.ldap.port);
    expect(info.services.entra.url).toBe(`https://127.0.0.1:${info.services.entra.port}`);
    expect(info.services['entra-http'].url).toBe(`http://127.0.0.1:${info.services['entra-http'].port}`);
    expect(output).toMatch(/^ready$/m);
    expect(existsSync(keyCache), 'no key derived before ready').toBe(false);
  });

  it('advertises the bound KDC, LDAP and GC ports in its DC-locator SRV records (dig)', async () => {
    expect(await srv('_kerberos._tcp.fabrikam.local')).toEqual([{ port: info.services.kdc.port, target: 'dc1.fabrikam.local.' }]);
    expect(await srv('_ldap._tcp.dc._msdcs.fabrikam.local')).toEqual([{ port: info.services.ldap.port, target: 'dc1.fabrikam.local.' }]);
    expect(await srv('_gc._tcp.fabrikam.local')).toEqual([{ port: info.services.gc.port, target: 'dc1.fabrikam.local.' }]);
  });

  it('serves MIT kinit through the krb5.conf `ctlab krb5conf --lab` writes', async () => {
    const conf = join(tmp, 'krb5.conf');
    await run(process.execPath, ['bin/ctlab.mjs', 'krb5conf', '--lab', readyFile, '-o', conf]);
    const mit = { krb5Config: conf, ccache: join(tmp, 'cc') };
    const kinit = await runMitTool('kinit', ['alice@FABRIKAM.LOCAL'], { ...mit, input: 'Alice-Passw0rd!\n' });
    expect(kinit.code).toBe(0);
    const stdout = await runMitToolOk('klist', ['-c', mit.ccache], mit);
    expect(stdout).toMatch(/Default principal: alice@FABRIKAM\.LOCAL/);
    expect(stdout).toMatch(/krbtgt\/FABRIKAM\.LOCAL@FABRIKAM\.LOCAL/);
  });

  it('derives keys on first use and keeps them in the key cache file, mode 0600, without the password', async () => {
    // No key derived before ready: the cache file appears only once kinit (previous test) needed keys.
    await waitFor(() => existsSync(keyCache), 5_000);
    expect(statSync(keyCache).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(keyCache);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('CTLABKC1');
    // alice's aes256 key and krbtgt's: two 32-byte keys at least, never the password itself.
    expect(bytes.readUInt32BE(8)).toBeGreaterThanOrEqual(2);
    expect(bytes.includes(Buffer.from('Alice-Passw0rd!'))).toBe(false);
  });

  it('prints one line per exchange after ready: kinit with a wrong password shows PREAUTH_FAILED (24) and why', async () => {
    const conf = join(tmp, 'krb5-lines.conf');
    await run(process.execPath, ['bin/ctlab.mjs', 'krb5conf', '--lab', readyFile, '-o', conf]);
    const kinit = await runMitTool('kinit', ['bob@FABRIKAM.LOCAL'], { krb5Config: conf, ccache: join(tmp, 'cc-bob'), input: 'not-bobs-password\n' });
    expect(kinit.code).not.toBe(0);
    await waitFor(() => / KDC_ERR_PREAUTH_FAILED \(24\)/.test(output), 5_000);
    const after = output.slice(output.indexOf('ready\n'));
    const lines = after.split('\n').filter((l) => / kdc +AS +bob@FABRIKAM\.LOCAL -> krbtgt\/FABRIKAM\.LOCAL@FABRIKAM\.LOCAL /.test(l));
    // MIT first asks without pre-authentication, then sends the wrong key's timestamp.
    expect(lines.map((l) => /  (KDC_ERR_\w+) \((\d+)\)/.exec(l)?.slice(1))).toEqual([
      ['KDC_ERR_PREAUTH_REQUIRED', '25'],
      ['KDC_ERR_PREAUTH_FAILED', '24'],
    ]);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} kdc /);
    // The fact names the key the timestamp was checked with, never the key itself.
    expect(lines[1]).toMatch(/: PA-ENC-TIMESTAMP does not decrypt with the kvno \d+ key of enctype 18/);
    expect(after).not.toContain('not-bobs-password');
  });

  it('answers MIT kpasswd on the port its _kpasswd SRV records name: the change is refused with result code 2 and why', async () => {
    expect(await srv('_kpasswd._tcp.fabrikam.local')).toEqual([{ port: info.services.kpasswd.port, target: 'dc1.fabrikam.local.' }]);
    const conf = join(tmp, 'krb5-kpasswd.conf');
    await run(process.execPath, ['bin/ctlab.mjs', 'krb5conf', '--lab', readyFile, '-o', conf]);
    expect(readFileSync(conf, 'utf8')).toContain(`kpasswd_server = 127.0.0.1:${info.services.kpasswd.port}`);
    const r = await runMitTool('kpasswd', ['alice@FABRIKAM.LOCAL'], { krb5Config: conf, ccache: join(tmp, 'cc-kpasswd'), input: 'Alice-Passw0rd!\nN3w-Passw0rd!x\nN3w-Passw0rd!x\n' });
    expect(r.code).not.toBe(0);
    // MIT names result code 2 (KRB5_KPASSWD_HARDERROR) "Server error" and prints the server's string after it.
    expect(r.stdout + r.stderr).toMatch(/Server error: cloudtrust-lab does not change passwords/);
    await waitFor(() => / kpasswd alice@FABRIKAM\.LOCAL -> kadmin\/changepw@FABRIKAM\.LOCAL  KRB5_KPASSWD_HARDERROR \(2\)/.test(output), 5_000);
  });

  it('serves the rootDSE on the global catalog port (ldapsearch)', async () => {
    const { stdout } = await run('ldapsearch', ['-x', '-LLL', '-o', 'ldif-wrap=no', '-H', `ldap://127.0.0.1:${info.services.gc.port}`, '-s', 'base', '-b', '', 'isGlobalCatalogReady', 'defaultNamingContext']);
    expect(stdout).toMatch(/^isGlobalCatalogReady: TRUE$/m);
    expect(stdout).toMatch(/^defaultNamingContext: DC=fabrikam,DC=local$/m);
  });

  it('stops cleanly on SIGTERM and removes its ready file', async () => {
    const exit = new Promise<number | null>((r) => lab.on('exit', r));
    lab.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(existsSync(readyFile)).toBe(false);
    expect(output).toMatch(/^stopped$/m);
  });

  it('--quiet prints no exchange lines; --trace - prints the JSON events instead', async () => {
    for (const [flag, expectJson] of [['--quiet', false], ['--trace=-', true]] as const) {
      const ready = join(tmp, `flag${flag.length}.json`);
      const child = spawn(process.execPath, ['bin/ctlab.mjs', 'up', ...ZERO_PORTS, '--ready-file', ready, flag], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      try {
        const until = Date.now() + 30_000;
        while (!existsSync(ready) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
        const port = (JSON.parse(readFileSync(ready, 'utf8')) as LabJson).services.dns.port;
        await run('dig', ['@127.0.0.1', '-p', String(port), '_kerberos._tcp.fabrikam.local', 'SRV', '+short']);
        await new Promise((r) => setTimeout(r, 200));
        const after = out.slice(out.indexOf('ready\n') + 6).trim();
        if (expectJson) {
          const event = JSON.parse(after.split('\n')[0]) as { service: string; type: string; rcode: string; answers: number };
          expect([event.service, event.type, event.rcode, event.answers]).toEqual(['dns', 'SRV', 'NOERROR', 1]);
        } else {
          expect(after).toBe('');
        }
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
  });

  it('refuses a bad scenario with exit code 2 before anything listens', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, readFileSync('scenarios/multi-upn-suffix.yaml', 'utf8').replace('upn: bob@east.contoso.com', 'upn: bob@west.contoso.com'));
    const badReady = join(tmp, 'bad.json');
    const res = await run(process.execPath, ['bin/ctlab.mjs', 'up', bad, ...ZERO_PORTS, '--ready-file', badReady]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(res.code).toBe(2);
    // The error names the file and the path inside it.
    expect(res.stderr).toContain(bad);
    expect(res.stderr).toMatch(/users\[1\]\.upn/);
    expect(existsSync(badReady)).toBe(false);
  });
});
