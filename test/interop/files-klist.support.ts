/**
 * Support for test/interop/files-klist.test.ts: run MIT tools with our own krb5.conf, start a
 * throwaway MIT KDC (kdb5_util, kadmin.local, krb5kdc) in a temp dir on a free port, and parse
 * klist output into fields. Missing tools fail loudly (spawnSync ENOENT is thrown, not skipped).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Enctype names as MIT klist prints them (after any "DEPRECATED:" prefix). */
export const ENCTYPE_BY_NAME: Record<string, number> = {
  'aes128-cts-hmac-sha1-96': 17,
  'aes256-cts-hmac-sha1-96': 18,
  'arcfour-hmac': 23,
};

export function enctypeOf(name: string): number {
  const n = ENCTYPE_BY_NAME[name.replace(/^DEPRECATED:/, '')];
  if (n === undefined) throw new Error(`unknown enctype name from klist: ${name}`);
  return n;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeKrb5Conf(dir: string, realm: string, kdcPort?: number): string {
  const path = join(dir, 'krb5.conf');
  const realms = kdcPort ? `[realms]\n    ${realm} = {\n        kdc = 127.0.0.1:${kdcPort}\n    }\n` : '';
  writeFileSync(
    path,
    `[libdefaults]\n    default_realm = ${realm}\n    dns_lookup_kdc = false\n    dns_lookup_realm = false\n` +
      `    dns_canonicalize_hostname = false\n    rdns = false\n    udp_preference_limit = 1\n    allow_rc4 = true\n` +
      realms,
  );
  return path;
}

export interface MitEnv {
  KRB5_CONFIG: string;
  KRB5_KDC_PROFILE?: string;
}

/** Runs an MIT tool synchronously; throws with its stderr on a non-zero exit or a missing binary. */
export function runMit(cmd: string, args: string[], env: MitEnv, input?: string): string {
  const r = spawnSync(cmd, args, {
    env: { ...process.env, ...env, TZ: 'UTC', LC_ALL: 'C', KRB5CCNAME: 'MEMORY:unused' },
    input,
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.error) throw new Error(`${cmd} could not run (is Debian krb5-user/krb5-kdc installed?): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** "MM/DD/YY HH:MM:SS" as klist prints it with LC_ALL=C and TZ=UTC, to epoch seconds. */
export function klistTime(s: string): number {
  const m = /^(\d\d)\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(s);
  if (!m) throw new Error(`not a klist time: ${s}`);
  const [mo, d, y, h, mi, se] = m.slice(1).map(Number);
  return Date.UTC(2000 + y, mo - 1, d, h, mi, se) / 1000;
}

export interface KlistKeytabLine {
  kvno: number;
  timestamp: number;
  principal: string;
  enctype: number;
  keyHex: string;
}

/** Parses `klist -k -e -K -t` output; every line after the header must match. */
export function parseKlistKeytab(out: string): KlistKeytabLine[] {
  const lines = out.split('\n').filter((l) => l.trim() !== '');
  const start = lines.findIndex((l) => l.startsWith('----'));
  if (start < 0) throw new Error(`no klist header in:\n${out}`);
  return lines.slice(start + 1).map((l) => {
    const m = /^\s*(\d+) (\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d) (\S+) \(([^)]+)\)\s+\(0x([0-9a-f]+)\)$/.exec(l);
    if (!m) throw new Error(`unparsed klist line: ${l}`);
    return { kvno: Number(m[1]), timestamp: klistTime(m[2]), principal: m[3], enctype: enctypeOf(m[4]), keyHex: m[5] };
  });
}

export interface KlistCred {
  start: number;
  expires: number;
  server: string;
  renewUntil?: number;
  flags: string;
  skeyEtype?: number;
  tktEtype?: number;
}

export interface KlistCache {
  defaultPrincipal: string;
  creds: KlistCred[];
}

/** Parses `klist -c FILE -e -f` output (config entries are not shown without -C). */
export function parseKlistCache(out: string): KlistCache {
  const def = /^Default principal: (\S+)$/m.exec(out);
  if (!def) throw new Error(`no default principal in:\n${out}`);
  const creds: KlistCred[] = [];
  for (const l of out.split('\n')) {
    const m = /^(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d)  (\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d)  (\S+)$/.exec(l);
    if (m) {
      creds.push({ start: klistTime(m[1]), expires: klistTime(m[2]), server: m[3], flags: '' });
      continue;
    }
    if (!l.startsWith('\t')) continue;
    const cur = creds[creds.length - 1];
    if (!cur) throw new Error(`klist detail line before any credential: ${JSON.stringify(l)}`);
    // A detail line holds "renew until T", "Flags: X" and "Etype (skey, tkt): A, B", comma-separated,
    // wrapped onto a new line when long. Take each known piece out; anything left is unparsed.
    let rest = l;
    rest = rest.replace(/renew until (\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d)/, (_, t: string) => ((cur.renewUntil = klistTime(t)), ''));
    rest = rest.replace(/Etype \(skey, tkt\): (\S+), (\S+)/, (_, a: string, b: string) => {
      cur.skeyEtype = enctypeOf(a);
      cur.tktEtype = enctypeOf(b);
      return '';
    });
    rest = rest.replace(/Flags: ([A-Za-z]*)/, (_, f: string) => ((cur.flags = f), ''));
    if (rest.replace(/[\s,]/g, '') !== '') throw new Error(`unparsed klist line: ${JSON.stringify(l)}`);
  }
  return { defaultPrincipal: def[1], creds };
}

/** A port free for both TCP and UDP on 127.0.0.1 (krb5kdc listens on both). */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, '127.0.0.1', () => u.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port for krb5kdc');
}

async function waitForTcp(port: number, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`krb5kdc exited early with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => (c.destroy(), resolve(true)));
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`krb5kdc did not listen on ${port} within ${ms} ms`);
}

export interface ThrowawayKdc {
  realm: string;
  dir: string;
  port: number;
  env: MitEnv;
  stop(): Promise<void>;
}

/** Creates a fresh MIT KDB with the given password principals and starts krb5kdc on a free port. */
export async function startMitKdc(realm: string, principals: Record<string, string>): Promise<ThrowawayKdc> {
  const dir = tempDir('ctlab-mitkdc-');
  const port = await freePort();
  const profile = join(dir, 'kdc.conf');
  writeFileSync(
    profile,
    `[kdcdefaults]\n    kdc_listen = 127.0.0.1:${port}\n    kdc_tcp_listen = 127.0.0.1:${port}\n` +
      `[realms]\n    ${realm} = {\n        database_name = ${dir}/principal\n        key_stash_file = ${dir}/stash\n` +
      `        acl_file = ${dir}/kadm5.acl\n        max_life = 10h 0m 0s\n        max_renewable_life = 7d 0h 0m 0s\n` +
      `        master_key_type = aes256-cts-hmac-sha1-96\n` +
      `        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal\n` +
      `        default_principal_flags = +preauth\n    }\n[logging]\n    kdc = FILE:${dir}/kdc.log\n`,
  );
  writeFileSync(join(dir, 'kadm5.acl'), '');
  const env: MitEnv = { KRB5_CONFIG: writeKrb5Conf(dir, realm, port), KRB5_KDC_PROFILE: profile };
  runMit('kdb5_util', ['create', '-s', '-r', realm, '-P', `master-${process.pid}-${port}`], env);
  for (const [name, pw] of Object.entries(principals)) {
    runMit('kadmin.local', ['-r', realm, '-q', `addprinc -pw ${pw} ${name}`], env);
  }
  const child = spawn('krb5kdc', ['-n', '-r', realm, '-P', join(dir, 'krb5kdc.pid')], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (e) => reject(new Error(`krb5kdc could not start (is Debian krb5-kdc installed?): ${e.message}`)));
  });
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM'); // by PID: the child we spawned
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await spawned;
    await waitForTcp(port, child, 10_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { realm, dir, port, env, stop };
}
