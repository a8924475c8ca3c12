/**
 * `npm run bench -- --ldap`: LDAP subtree searches per second against the lab's LDAP server and
 * against the Samba 4.17 AD DC reference (/work/shared/reference/samba-ad.sh) in the same run,
 * with the same client: python-ldap3 (Debian python3-ldap3, bench/ldap_client.py), one bound
 * connection per client process, a closed loop of subtree searches from the domain NC for
 * `(sAMAccountName=alice)` asking for cn, sAMAccountName, userPrincipalName and objectSid; 1 and 4
 * clients by default. Per row: searches/s, the server's CPU time per search (/proc/<pid>/stat,
 * Samba's process and its children), p50/p99 latency, and the lab/Samba ratios.
 *
 *   flock /tmp/ctlab-interop.lock npm run bench -- --ldap [--seconds N] [--ldap-clients 1,4] [--ldap-scenario FILE] [--no-samba]
 *
 * Samba binds 127.0.0.1:389, so run it under the interop lock. The script is started (and stopped
 * again) unless it was already running; REF_SAMBA_SCRIPT names another copy. --ldap-scenario loads
 * another scenario into the lab (a 100,000-user world); it must have a user `alice` whose password
 * is --ldap-password (default the default scenario's). Samba keeps its own small directory.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { procCpuSplitMs, procPeakRssMiB } from './servers.ts';

export interface LdapBenchOptions {
  readonly scenario: string;
  readonly seconds: number;
  readonly clients: readonly number[];
  readonly samba: boolean;
  /** alice's password in the lab scenario. */
  readonly labPassword: string;
}

interface Target {
  readonly name: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly base: string;
  /** Processes whose CPU time is the server's. */
  readonly pids: () => number[];
}

interface ClientResult {
  count: number;
  errors: number;
  firstError: string | null;
  elapsed: number;
  p50Ms: number;
  p99Ms: number;
}

interface Row {
  server: string;
  clients: number;
  rate: number;
  cpuMs: number;
  p50: number;
  p99: number;
  errors: string;
}

const ROOT = join(import.meta.dirname, '..');
const CLIENT = join(import.meta.dirname, 'ldap_client.py');
const FILTER = '(sAMAccountName=alice)';
const ATTRS = 'cn,sAMAccountName,userPrincipalName,objectSid';
/** samba-ad.sh's alice (REF_USER_PASS) and state directory (REF_DIR). */
const SAMBA_PASSWORD = process.env.REF_USER_PASS ?? 'Passw0rd!Alice';
const REF_DIR = process.env.REF_DIR ?? '/tmp/lab-ref';

function sambaScript(): string {
  const candidates = [process.env.REF_SAMBA_SCRIPT, join(ROOT, '../shared/reference/samba-ad.sh'), '/work/shared/reference/samba-ad.sh'];
  const found = candidates.find((c): c is string => c !== undefined && existsSync(c));
  if (!found) throw new Error(`bench --ldap: no samba-ad.sh (looked in ${candidates.filter(Boolean).join(', ')}); set REF_SAMBA_SCRIPT or pass --no-samba`);
  return found;
}

/** A process and every process below it (Samba may fork helpers). */
function withDescendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [p, pp] of parent) if (pp === out[i]) out.push(p);
  return out;
}

function cpuMs(pids: number[]): number {
  let total = 0;
  for (const p of pids) {
    try {
      const t = procCpuSplitMs(p);
      total += t.user + t.sys;
    } catch {
      // exited
    }
  }
  return total;
}

function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Starts bench/ldap-child.ts for the scenario; resolves once it listens. */
async function startLab(scenario: string): Promise<{ pid: number; port: number; loadMs: number; entries: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'ldap-child.ts'), scenario], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`ldap-child exited with ${code}`)));
  });
  const hello = JSON.parse(line) as { port: number; loadMs: number; entries: number };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { pid: child.pid!, ...hello, stop };
}

/** One row: the client processes bind, the server's CPU is read, the loop runs, the CPU is read again. */
async function measure(t: Target, clients: number, seconds: number): Promise<Row> {
  const child = spawn('/usr/bin/python3', [CLIENT, '127.0.0.1', String(t.port), t.user, t.password, t.base, FILTER, String(clients), String(seconds), ATTRS], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`ldap_client.py exited with ${code} against ${t.name}`)));
    });
  const ready = await next();
  if (ready !== 'ready') throw new Error(`ldap_client.py: ${ready}`);
  const pids = t.pids();
  const cpu0 = cpuMs(pids);
  child.stdin!.end('go\n');
  const r = JSON.parse(await next()) as ClientResult;
  const cpu1 = cpuMs(pids);
  return {
    server: t.name,
    clients,
    rate: r.count / r.elapsed,
    cpuMs: (cpu1 - cpu0) / Math.max(1, r.count),
    p50: r.p50Ms,
    p99: r.p99Ms,
    errors: r.errors ? `${r.errors} (${r.firstError})` : '0',
  };
}

function table(rows: Row[]): string {
  const head = ['server', 'clients', 'searches/s', 'server CPU ms/search', 'p50 ms', 'p99 ms', 'errors'];
  const body = rows.map((r) => [r.server, String(r.clients), r.rate.toFixed(0), r.cpuMs.toFixed(3), r.p50.toFixed(2), r.p99.toFixed(2), r.errors]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export async function runLdapBench(opts: LdapBenchOptions): Promise<void> {
  const rows: Row[] = [];
  const info: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    const lab = await startLab(opts.scenario);
    stops.push(lab.stop);
    info.push(`lab: ${opts.scenario}, ${lab.entries} directory entries, loaded and listening in ${lab.loadMs.toFixed(0)} ms, Node ${process.versions.node}`);
    const targets: Target[] = [{ name: 'lab', port: lab.port, user: 'FABRIKAM\\alice', password: opts.labPassword, base: 'DC=fabrikam,DC=local', pids: () => [lab.pid] }];
    let sambaPid: number | undefined;
    if (opts.samba) {
      const script = sambaScript();
      const pidFile = join(REF_DIR, 'samba', 'samba.pid.shell');
      const wasRunning = existsSync(pidFile) && (await run('kill', ['-0', readFileSync(pidFile, 'utf8').trim()])).code === 0;
      const started = await run('bash', [script, 'start']);
      if (started.code !== 0) throw new Error(`samba-ad.sh start failed:\n${started.out}`);
      if (!wasRunning) stops.push(async () => void (await run('bash', [script, 'stop'])));
      sambaPid = Number(readFileSync(pidFile, 'utf8').trim());
      const version = (await run('samba', ['--version'])).out.trim();
      info.push(`samba: ${version} (${script}${wasRunning ? ', already running' : ''}), pid ${sambaPid}`);
      const pid = sambaPid;
      targets.push({ name: 'samba', port: 389, user: 'FABRIKAM\\alice', password: SAMBA_PASSWORD, base: 'DC=fabrikam,DC=local', pids: () => withDescendants(pid) });
    }
    for (const t of targets) for (const c of opts.clients) rows.push(await measure(t, c, opts.seconds));
    const labRss = procPeakRssMiB(lab.pid);
    process.stdout.write(`\nLDAP benchmark: python-ldap3 closed loop, one bound connection per client process, subtree search of DC=fabrikam,DC=local for ${FILTER} (attributes ${ATTRS}), ${opts.seconds} s per row, loopback, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})\n`);
    for (const l of info) process.stdout.write(`${l}\n`);
    process.stdout.write(`lab peak RSS: ${labRss.toFixed(1)} MiB\n\n${table(rows)}\n\n`);
    for (const r of rows.filter((x) => x.server === 'lab')) {
      const s = rows.find((x) => x.server === 'samba' && x.clients === r.clients);
      if (!s) continue;
      process.stdout.write(`x${r.clients}: searches/s lab/Samba = ${(r.rate / s.rate).toFixed(2)} (goal >= 1), CPU per search lab/Samba = ${(r.cpuMs / s.cpuMs).toFixed(2)} (goal <= 1)\n`);
    }
  } finally {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  }
}
