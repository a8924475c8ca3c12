/**
 * A throwaway MIT realm for interop tests and vector generators: a KDB made with kdb5_util and
 * kadmin.local (Debian krb5-kdc / krb5-admin-server) in a temp dir, krb5kdc in the foreground on
 * 127.0.0.1 at a port free for both TCP and UDP, stopped by its PID. MIT tools get their own
 * krb5.conf (no DNS, no reverse lookups, TCP first). A missing tool fails loudly, never skips.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Krb5ConfOptions {
  realm: string;
  /** The realm's KDC at 127.0.0.1:<kdcPort>; without it, no [realms] section (for klist/ktutil). */
  kdcPort?: number;
  /** default_tkt_enctypes, default_tgs_enctypes and permitted_enctypes, by MIT name. */
  enctypes?: string[];
  /** allow_rc4 = true (MIT 1.21 refuses arcfour-hmac without it). */
  allowRc4?: boolean;
}

/** Writes a client krb5.conf for `realm` to `path` and returns the path. */
export function writeKrb5Conf(path: string, o: Krb5ConfOptions): string {
  const lines = [
    '[libdefaults]',
    `    default_realm = ${o.realm}`,
    '    dns_lookup_kdc = false',
    '    dns_lookup_realm = false',
    '    dns_canonicalize_hostname = false',
    '    rdns = false',
    '    udp_preference_limit = 1',
  ];
  if (o.allowRc4) lines.push('    allow_rc4 = true');
  if (o.enctypes) {
    for (const tag of ['default_tkt_enctypes', 'default_tgs_enctypes', 'permitted_enctypes']) lines.push(`    ${tag} = ${o.enctypes.join(' ')}`);
  }
  if (o.kdcPort !== undefined) lines.push('', '[realms]', `    ${o.realm} = {`, `        kdc = 127.0.0.1:${o.kdcPort}`, '    }');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** A fresh directory under the OS temp dir. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A port free for both TCP and UDP on 127.0.0.1 a moment ago (krb5kdc listens on both and cannot pick one). */
export async function freeTcpUdpPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
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

export interface MitKdcEnv {
  KRB5_CONFIG: string;
  KRB5_KDC_PROFILE: string;
}

/** Runs a KDC-side tool (kdb5_util, kadmin.local) synchronously; throws with its stderr on failure. */
function admin(cmd: string, args: string[], env: MitKdcEnv): string {
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env, LC_ALL: 'C' }, encoding: 'utf8', timeout: 20_000 });
  if (r.error) throw new Error(`${cmd} could not run (is Debian krb5-kdc / krb5-admin-server installed?): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The KDB's key types when the caller names none (kdc.conf supported_enctypes). */
const DEFAULT_KDB_ENCTYPES = ['aes256-cts-hmac-sha1-96:normal', 'aes128-cts-hmac-sha1-96:normal'];

function writeKdcConf(path: string, dir: string, realm: string, port: number, enctypes: readonly string[]): void {
  writeFileSync(
    path,
    `[kdcdefaults]
    kdc_listen = 127.0.0.1:${port}
    kdc_tcp_listen = 127.0.0.1:${port}

[realms]
    ${realm} = {
        database_name = ${dir}/principal
        key_stash_file = ${dir}/stash
        acl_file = ${dir}/kadm5.acl
        max_life = 10h 0m 0s
        max_renewable_life = 7d 0h 0m 0s
        master_key_type = aes256-cts-hmac-sha1-96
        supported_enctypes = ${enctypes.join(' ')}
        default_principal_flags = +preauth
    }

[logging]
    kdc = FILE:${dir}/kdc.log
`,
  );
}

async function tcpAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

export interface MitKdcOptions {
  realm: string;
  /** Principals to create, full name -> password; each gets the realm default +preauth. */
  principals: Record<string, string>;
  /** More options of the krb5.conf the KDC, the admin tools and clients of `env` read. */
  krb5?: Omit<Krb5ConfOptions, 'realm' | 'kdcPort'>;
  /** Prefix of the temp dir (default ctlab-mitkdc-). */
  prefix?: string;
  /** The keys each principal gets, as kdc.conf supported_enctypes (default aes256 and aes128). */
  kdbEnctypes?: readonly string[];
}

export interface MitKdc {
  realm: string;
  /** The temp dir holding the KDB, kdc.conf, krb5.conf and kdc.log; removed by stop(). */
  dir: string;
  port: number;
  pid: number;
  /** krb5.conf pointing at this KDC, and its kdc.conf. */
  env: MitKdcEnv;
  /** Kills krb5kdc by its PID (SIGTERM, SIGKILL after 3 s) and removes the temp dir. */
  stop(): Promise<void>;
}

/** Creates a fresh MIT KDB with the given password principals and starts krb5kdc on a free port. */
export async function startMitKdc(o: MitKdcOptions): Promise<MitKdc> {
  const dir = tempDir(o.prefix ?? 'ctlab-mitkdc-');
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  let port: number;
  let env: MitKdcEnv;
  try {
    port = await freeTcpUdpPort();
    env = { KRB5_CONFIG: writeKrb5Conf(join(dir, 'krb5.conf'), { ...o.krb5, realm: o.realm, kdcPort: port }), KRB5_KDC_PROFILE: join(dir, 'kdc.conf') };
    writeKdcConf(env.KRB5_KDC_PROFILE, dir, o.realm, port, o.kdbEnctypes ?? DEFAULT_KDB_ENCTYPES);
    writeFileSync(join(dir, 'kadm5.acl'), '');
    admin('kdb5_util', ['create', '-s', '-r', o.realm, '-P', `master-${process.pid}-${port}`], env);
    for (const [name, pw] of Object.entries(o.principals)) admin('kadmin.local', ['-r', o.realm, '-q', `addprinc -pw ${pw} ${name}`], env);
  } catch (e) {
    removeDir();
    throw e;
  }

  const child = spawn('krb5kdc', ['-n', '-r', o.realm, '-P', join(dir, 'krb5kdc.pid')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (e) => reject(new Error(`krb5kdc could not start (is Debian krb5-kdc installed?): ${e.message}`))),
  );
  spawnError.catch(() => {}); // raced below; unobserved once krb5kdc is up

  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      process.kill(child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
    }
    removeDir();
  };

  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`krb5kdc exited early with ${child.exitCode}`);
      if (await Promise.race([tcpAccepts(port), spawnError])) break;
      if (Date.now() > deadline) throw new Error('timeout after 10 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    let log = '';
    try {
      log = readFileSync(join(dir, 'kdc.log'), 'utf8');
    } catch {
      // no log written
    }
    await stop();
    throw new Error(`krb5kdc did not listen on 127.0.0.1:${port}: ${(e as Error).message}\n${stderr}${log}`);
  }
  return { realm: o.realm, dir, port, pid: child.pid!, env, stop };
}
