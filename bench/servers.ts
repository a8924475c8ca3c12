/**
 * The servers the benchmark measures, each in its own process, and what /proc says about them:
 *   - the lab KDC (bench/lab-kdc-child.ts) on a free loopback port, on this Node or another;
 *   - the transport floor (bench/floor-child.ts);
 *   - a throwaway MIT krb5kdc realm (Debian krb5-kdc) made by test/support/mit-kdc.ts: same realm,
 *     +preauth, aes256/aes128/rc4 keys, a user and a cifs/ service with known passwords; removed after.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMitKdc as startSharedMitKdc } from '../test/support/mit-kdc.ts';

export interface BenchServer {
  readonly name: string;
  readonly pid: number;
  readonly host: string;
  readonly port: number;
  /** Facts to print (key derivation time, ...). */
  readonly info: Record<string, string | number>;
  stop(): Promise<void>;
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process in ms (/proc/<pid>/stat fields 14 and 15, all threads). */
export function procCpuMs(pid: number): number {
  const t = procCpuSplitMs(pid);
  return t.user + t.sys;
}

/** utime and stime of a process in ms, apart (user code vs kernel: sockets, syscalls). */
export function procCpuSplitMs(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return { user: (Number(fields[11]) * 1000) / CLK_TCK, sys: (Number(fields[12]) * 1000) / CLK_TCK };
}

/** Peak resident set size of a process in MiB (VmHWM). */
export function procPeakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Spawns a Node child that prints one JSON line when it listens; resolves with it and the child. */
async function spawnNodeChild<T>(node: string, args: string[], what: string): Promise<{ child: ChildProcess; hello: T }> {
  const child = spawn(node, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}`)));
  });
  return { child, hello: JSON.parse(line) as T };
}

/**
 * Starts the lab KDC child for `scenario` and waits for its port; `profileDir` turns on --cpu-prof.
 * `node` is the runtime (default: the one running the bench) and `name` the table's KDC column.
 */
export async function startLabKdc(scenario: string, profileDir?: string, node = process.execPath, name = 'lab'): Promise<BenchServer> {
  const prof = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const { child, hello } = await spawnNodeChild<{ port: number; deriveMs: number; accounts: number; keys: number }>(
    node,
    [...prof, join(import.meta.dirname, 'lab-kdc-child.ts'), scenario],
    'lab KDC',
  );
  return {
    name,
    pid: child.pid!,
    host: '127.0.0.1',
    port: hello.port,
    info: { 'key table': `${hello.accounts} accounts, keys derived on first use (${hello.keys} at start, ${hello.deriveMs.toFixed(0)} ms)` },
    stop: () => stopChild(child),
  };
}

/** Starts bench/entra-child.ts (the token endpoint on plain HTTP) and waits for its port. */
export async function startEntraEndpoint(scenario: string): Promise<BenchServer> {
  const { child, hello } = await spawnNodeChild<{ port: number }>(process.execPath, [join(import.meta.dirname, 'entra-child.ts'), scenario], 'Entra endpoint');
  return { name: 'entra', pid: child.pid!, host: '127.0.0.1', port: hello.port, info: {}, stop: () => stopChild(child) };
}

/** Starts bench/floor-child.ts (the lab's TCP transport answering canned `replyBytes`-byte replies). */
export async function startFloorServer(scenario: string, replyBytes: number): Promise<BenchServer> {
  const { child, hello } = await spawnNodeChild<{ port: number }>(
    process.execPath,
    [join(import.meta.dirname, 'floor-child.ts'), scenario, String(replyBytes)],
    'floor server',
  );
  return { name: 'floor', pid: child.pid!, host: '127.0.0.1', port: hello.port, info: { reply: `${replyBytes} canned bytes per request, no Kerberos` }, stop: () => stopChild(child) };
}

export interface MitRealm {
  realm: string;
  user: string;
  userPassword: string;
  service: string;
  servicePassword: string;
}

/**
 * A throwaway MIT realm (test/support/mit-kdc.ts, the interop tests' own) with the user and the
 * service, each with aes256, aes128 and rc4 keys like the lab's accounts; krb5kdc single process.
 */
export async function startMitKdc(r: MitRealm): Promise<BenchServer> {
  const kdc = await startSharedMitKdc({
    realm: r.realm,
    principals: { [`${r.user}@${r.realm}`]: r.userPassword, [`${r.service}@${r.realm}`]: r.servicePassword },
    krb5: { allowRc4: true },
    kdbEnctypes: ['aes256-cts-hmac-sha1-96:normal', 'aes128-cts-hmac-sha1-96:normal', 'arcfour-hmac:normal'],
    prefix: 'bench-mit-kdc-',
  });
  return {
    name: 'mit',
    pid: kdc.pid,
    host: '127.0.0.1',
    port: kdc.port,
    info: { version: execFileSync('sh', ['-c', 'dpkg-query -W -f=\'${Version}\' krb5-kdc 2>/dev/null || echo ?'], { encoding: 'utf8' }) },
    stop: () => kdc.stop(),
  };
}
