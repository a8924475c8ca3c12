/**
 * Support for test/interop/mit-capture.test.ts and test/vectors/captures/generate-mit.ts:
 * a throwaway MIT realm (kdb5_util, kadmin.local, krb5kdc) in a temp dir on a free port, a
 * Node TCP proxy between a client and that KDC that records every Kerberos frame (RFC 4120
 * 7.2.2: 4-byte big-endian length, then the message), and `kinit` driven with the password
 * on stdin. Missing tools fail loudly: a spawn error is thrown, never skipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REALM = 'CAPTURE.TEST';
export const USER = 'alice';
/** Lab-only password (the AS-REP in a capture is encrypted under its key; salt REALM + user). */
export const USER_PASSWORD = 'Capture!Passw0rd';

export interface MitRealm {
  dir: string;
  kdcPort: number;
  kdc: ChildProcess;
  env: { KRB5_CONFIG: string; KRB5_KDC_PROFILE: string };
  stop(): Promise<void>;
}

export interface Frame {
  connection: number;
  direction: 'request' | 'reply';
  bytes: Uint8Array;
}

/** A port that was free a moment ago (listen on 0, close). krb5kdc cannot be told to pick one. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((res, rej) => srv.once('error', rej).listen(0, '127.0.0.1', res));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((res) => srv.close(() => res()));
  return port;
}

function run(cmd: string, args: string[], env: Record<string, string>, input?: string): string {
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env, LC_ALL: 'C' }, input, encoding: 'utf8', timeout: 20_000 });
  if (r.error) throw new Error(`${cmd} could not run (Debian krb5-kdc / krb5-user installed?): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function writeClientConf(path: string, kdcPort: number): void {
  writeFileSync(
    path,
    `[libdefaults]
    default_realm = ${REALM}
    dns_lookup_kdc = false
    dns_lookup_realm = false
    dns_canonicalize_hostname = false
    rdns = false
    udp_preference_limit = 1
    default_tkt_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96
    default_tgs_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96
    permitted_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96

[realms]
    ${REALM} = {
        kdc = 127.0.0.1:${kdcPort}
    }
`,
  );
}

/** Creates the realm database with `alice` (requires pre-auth) and starts krb5kdc in the foreground. */
export async function startMitRealm(): Promise<MitRealm> {
  const dir = mkdtempSync(join(tmpdir(), 'ctlab-mit-capture-'));
  const kdcPort = await freePort();
  const kdcConf = join(dir, 'kdc.conf');
  writeFileSync(
    kdcConf,
    `[kdcdefaults]
    kdc_listen = 127.0.0.1:${kdcPort}
    kdc_tcp_listen = 127.0.0.1:${kdcPort}

[realms]
    ${REALM} = {
        database_name = ${dir}/principal
        key_stash_file = ${dir}/stash
        acl_file = ${dir}/kadm5.acl
        max_life = 10h 0m 0s
        max_renewable_life = 7d 0h 0m 0s
        master_key_type = aes256-cts-hmac-sha1-96
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
        default_principal_flags = +preauth
    }

[logging]
    kdc = FILE:${dir}/kdc.log
`,
  );
  writeFileSync(join(dir, 'kadm5.acl'), '');
  const krb5Conf = join(dir, 'krb5.conf');
  writeClientConf(krb5Conf, kdcPort);
  const env = { KRB5_CONFIG: krb5Conf, KRB5_KDC_PROFILE: kdcConf };
  run('kdb5_util', ['create', '-s', '-r', REALM, '-P', `master-${process.pid}`], env);
  run('kadmin.local', ['-r', REALM, '-q', `addprinc -pw ${USER_PASSWORD} ${USER}@${REALM}`], env);
  const kdc = spawn('krb5kdc', ['-n', '-r', REALM], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const spawnError = new Promise<never>((_, rej) => kdc.once('error', (e) => rej(new Error(`krb5kdc: ${e.message}`))));
  let stderr = '';
  kdc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = async () => {
    if (kdc.exitCode === null && kdc.pid !== undefined) {
      const exited = new Promise<void>((res) => kdc.once('exit', () => res()));
      process.kill(kdc.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((res) => setTimeout(res, 3000))]);
      if (kdc.exitCode === null && kdc.signalCode === null) process.kill(kdc.pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([waitForListen(kdcPort, 10_000), spawnError]);
  } catch (e) {
    const log = (() => {
      try {
        return readFileSync(join(dir, 'kdc.log'), 'utf8');
      } catch {
        return '';
      }
    })();
    await stop();
    throw new Error(`krb5kdc did not listen on ${kdcPort}: ${(e as Error).message}\n${stderr}\n${log}`);
  }
  return { dir, kdcPort, kdc, env, stop };
}

async function waitForListen(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((res) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        res(true);
      });
      s.once('error', () => res(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Splits a TCP byte stream into Kerberos record-marked frames; leftover bytes stay buffered. */
class FrameSplitter {
  private buf = Buffer.alloc(0);
  constructor(private readonly emit: (frame: Uint8Array) => void) {}
  push(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0) & 0x7fffffff;
      if (this.buf.length < 4 + len) return;
      this.emit(new Uint8Array(this.buf.subarray(4, 4 + len)));
      this.buf = this.buf.subarray(4 + len);
    }
  }
}

export interface RecordingProxy {
  port: number;
  frames: Frame[];
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 (free port) to `targetPort` that records every frame both ways. */
export async function startRecordingProxy(targetPort: number): Promise<RecordingProxy> {
  const frames: Frame[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((client) => {
    const id = connections++;
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const req = new FrameSplitter((bytes) => frames.push({ connection: id, direction: 'request', bytes }));
    const rep = new FrameSplitter((bytes) => frames.push({ connection: id, direction: 'reply', bytes }));
    client.on('data', (d: Buffer) => {
      req.push(d);
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      rep.push(d);
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((res, rej) => server.once('error', rej).listen(0, '127.0.0.1', res));
  return {
    port: (server.address() as AddressInfo).port,
    frames,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}

/** Runs `kinit alice@REALM` through `kdcPort` with the password on stdin; returns kinit's stderr. */
export async function runKinit(realm: MitRealm, kdcPort: number): Promise<string> {
  const conf = join(realm.dir, `krb5-client-${kdcPort}.conf`);
  writeClientConf(conf, kdcPort);
  const env = { ...process.env, KRB5_CONFIG: conf, KRB5CCNAME: `FILE:${join(realm.dir, 'ccache')}`, LC_ALL: 'C' };
  const child = spawn('kinit', [`${USER}@${REALM}`], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(`${USER_PASSWORD}\n`);
  const code = await new Promise<number | null>((res, rej) => {
    child.once('error', (e) => rej(new Error(`kinit could not run (Debian krb5-user installed?): ${e.message}`)));
    child.once('exit', (c) => res(c));
  });
  if (code !== 0) throw new Error(`kinit exited ${code}: ${out}`);
  return out;
}
