/**
 * `npm run bench -- --startup [--runs N]`: how long `ctlab` takes to start, as a user runs it
 * (`node bin/ctlab.mjs ...` in a new process): `ctlab up` on the default scenario until it prints
 * `ready` (all services bound, ports 0, no key cache), and the wall time of each other verb. The
 * median of N runs (default 7) after one untimed run (which fills Node's compile cache, as any
 * first use does), on the Node running the bench and on .cache/node-22's when it is there, with
 * each run's CPU time (a verb's from a preload that reports it at exit; up's from /proc at ready).
 * Goals (issue 10): `ctlab up` ready in under 0.5 s, every other verb under 0.3 s.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { procCpuMs } from './servers.ts';

const ROOT = join(import.meta.dirname, '..');
const CTLAB = join(ROOT, 'bin/ctlab.mjs');
const SCENARIO = join(ROOT, 'scenarios/multi-upn-suffix.yaml');
const PORTS = ['--dns-port', '0', '--kdc-port', '0', '--ldap-port', '0', '--gc-port', '0', '--kpasswd-port', '0', '--entra-port', '0', '--entra-http-port', '0'];

/**
 * Preloaded into each verb's process: its CPU time (all threads, user + system, ms) written to fd 3
 * at exit, so the table can show what a run costs apart from what the machine's load adds.
 */
const CPU_AT_EXIT = `data:text/javascript,${encodeURIComponent("import{writeSync}from'node:fs';process.on('exit',()=>{const c=process.cpuUsage();try{writeSync(3,String((c.user+c.system)/1000))}catch{}})")}`;

/** Wall time of one `ctlab ARGS` run to its exit and its CPU time, ms; throws on a non-zero exit. */
function timeVerb(node: string, args: string[]): Promise<{ ms: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(node, [`--import=${CPU_AT_EXIT}`, CTLAB, ...args], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], cwd: ROOT });
    let err = '';
    let cpu = '';
    child.stderr!.on('data', (d) => (err += d));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (d) => (cpu += d));
    child.once('close', (code) => (code === 0 ? resolve({ ms: performance.now() - t0, cpuMs: Number(cpu) }) : reject(new Error(`ctlab ${args.join(' ')}: exit ${code}: ${err.trim()}`))));
  });
}

/** Time from spawning `ctlab up` to its `ready` line, ms; the lab is then stopped (SIGTERM). */
export function timeUpReady(node: string, scenario: string, extra: string[] = []): Promise<{ ms: number; cpuMs: number; pid: number; stop: () => Promise<void>; readyFile: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ctlab-bench-up-'));
  const readyFile = join(dir, 'lab.json');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(node, [CTLAB, 'up', scenario, '--quiet', '--no-key-cache', '--ready-file', readyFile, ...PORTS, ...extra], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
    let out = '';
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => {
          rmSync(dir, { recursive: true, force: true });
          done();
        });
        child.kill('SIGTERM');
      });
    child.stdout!.on('data', (d) => {
      out += d;
      if (/^ready$/m.test(out)) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ ms: performance.now() - t0, cpuMs: procCpuMs(child.pid!), pid: child.pid!, stop, readyFile });
      }
    });
    child.once('exit', (code) => reject(new Error(`ctlab up exited with ${code}: ${err.trim()}`)));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runStartupBench(runs: number): Promise<void> {
  const runtimes: { name: string; node: string }[] = [{ name: `Node ${process.versions.node}`, node: process.execPath }];
  const node22 = join(ROOT, '.cache/node-22/bin/node');
  if (existsSync(node22)) runtimes.push({ name: 'Node 22 (.cache/node-22)', node: node22 });
  const verbs: { label: string; args: string[]; goal: number }[] = [
    { label: 'validate SCENARIO', args: ['validate', SCENARIO], goal: 300 },
    { label: 'schema', args: ['schema'], goal: 300 },
    { label: 'krb5conf --scenario SCENARIO', args: ['krb5conf', '--scenario', SCENARIO], goal: 300 },
    { label: 'version', args: ['version'], goal: 300 },
  ];
  const rows: string[][] = [];
  for (const rt of runtimes) {
    const up: number[] = [];
    const upCpu: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const lab = await timeUpReady(rt.node, SCENARIO);
      await lab.stop();
      if (i > 0) (up.push(lab.ms), upCpu.push(lab.cpuMs));
    }
    rows.push([rt.name, 'up (default scenario) to ready', median(up).toFixed(0), Math.min(...up).toFixed(0), Math.max(...up).toFixed(0), median(upCpu).toFixed(0), '< 500']);
    for (const v of verbs) {
      const ms: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const t = await timeVerb(rt.node, v.args);
        if (i > 0) (ms.push(t.ms), cpu.push(t.cpuMs));
      }
      rows.push([rt.name, v.label, median(ms).toFixed(0), Math.min(...ms).toFixed(0), Math.max(...ms).toFixed(0), median(cpu).toFixed(0), `< ${v.goal}`]);
    }
  }
  const head = ['runtime', 'command', 'median ms', 'min ms', 'max ms', 'median CPU ms', 'goal ms'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  process.stdout.write(`\nctlab start-up: median of ${runs} runs after one untimed run (compile and stripped-source caches warm), new process per run, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; CPU = the process's CPU time (all threads) to ready or exit, which the machine's load does not inflate as much as wall time\n\n`);
  process.stdout.write([line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line)].join('\n') + '\n');
}
