/**
 * The two KDCs the benchmark compares, each in its own process, and what /proc says about them:
 *   - the lab KDC (bench/lab-kdc-child.ts) on a free loopback port;
 *   - a throwaway MIT krb5kdc realm (Debian krb5-kdc), built the way the reference script
 *     /work/shared/reference/mit-kdc.sh builds it: same realm, +preauth, aes256/aes128/rc4 keys,
 *     a user and a cifs/ service with known passwords, on a free loopback port; removed after.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForTcp(port: number, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not listen on ${port}`);
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
    [...prof, '--import', 'tsx', join(import.meta.dirname, 'lab-kdc-child.ts'), scenario],
    'lab KDC',
  );
  return {
    name,
    pid: child.pid!,
    host: '127.0.0.1',
    port: hello.port,
    info: { 'key table': `${hello.keys} keys of ${hello.accounts} accounts derived once in ${hello.deriveMs.toFixed(0)} ms` },
    stop: () => stopChild(child),
  };
}

/** Starts bench/floor-child.ts (the lab's TCP transport answering canned `replyBytes`-byte replies). */
export async function startFloorServer(scenario: string, replyBytes: number): Promise<BenchServer> {
  const { child, hello } = await spawnNodeChild<{ port: number }>(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'floor-child.ts'), scenario, String(replyBytes)],
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

/** Creates a throwaway MIT realm on a free loopback port and starts krb5kdc (single process). */
export async function startMitKdc(r: MitRealm): Promise<BenchServer> {
  for (const tool of ['krb5kdc', 'kdb5_util', 'kadmin.local']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is not installed (Debian krb5-kdc / krb5-admin-server): run scripts/install-apt.sh`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-mit-kdc-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'kdc.conf'),
    `[kdcdefaults]
    kdc_listen = 127.0.0.1:${port}
    kdc_tcp_listen = 127.0.0.1:${port}
[realms]
    ${r.realm} = {
        database_name = ${dir}/principal
        key_stash_file = ${dir}/stash
        acl_file = ${dir}/kadm5.acl
        max_life = 10h 0m 0s
        max_renewable_life = 7d 0h 0m 0s
        master_key_type = aes256-cts-hmac-sha1-96
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal arcfour-hmac:normal
        default_principal_flags = +preauth
    }
[logging]
    kdc = FILE:${dir}/kdc.log
`,
  );
  writeFileSync(join(dir, 'kadm5.acl'), '');
  writeFileSync(join(dir, 'krb5.conf'), `[libdefaults]\n    default_realm = ${r.realm}\n    allow_rc4 = true\n[realms]\n    ${r.realm} = {\n        kdc = 127.0.0.1:${port}\n    }\n`);
  const env = { ...process.env, KRB5_CONFIG: join(dir, 'krb5.conf'), KRB5_KDC_PROFILE: join(dir, 'kdc.conf') };
  execFileSync('kdb5_util', ['create', '-s', '-r', r.realm, '-P', `bench-master-${process.pid}`], { env, stdio: 'ignore' });
  for (const [name, pw] of [
    [r.user, r.userPassword],
    [r.service, r.servicePassword],
  ]) {
    execFileSync('kadmin.local', ['-r', r.realm, '-q', `addprinc -pw ${pw} ${name}@${r.realm}`], { env, stdio: 'ignore' });
  }
  const child = spawn('krb5kdc', ['-n', '-r', r.realm], { env, stdio: 'ignore' });
  await waitForTcp(port, child, 'krb5kdc');
  return {
    name: 'mit',
    pid: child.pid!,
    host: '127.0.0.1',
    port,
    info: { version: execFileSync('sh', ['-c', 'dpkg-query -W -f=\'${Version}\' krb5-kdc 2>/dev/null || echo ?'], { encoding: 'utf8' }) },
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
