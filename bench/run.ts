/**
 * `npm run bench`: AS and TGS exchanges per second against the lab KDC and against MIT krb5kdc on
 * this machine, with the same load generator in the same run: 1 and 8 concurrent clients, the
 * server's CPU time per request (from /proc/<pid>/stat), p50/p99 latency, peak RSS, and the
 * lab/MIT ratios. Bounded: a warm-up and `--seconds` (default 3) per row.
 *
 *   npm run bench -- --entra [--seconds N] [--clients 1,4]   (the token endpoint: bench/entra.ts)
 *   npm run bench -- --startup [--runs N]      ctlab start-up times (bench/startup.ts), nothing else
 *   npm run bench -- --scale [--sizes 100,10000,100000] [--seconds N]   the lab at scale (bench/scale.ts)
 *   npm run bench -- [--seconds N] [--warmup N] [--clients 1,8] [--exchanges AS,TGS] [--no-mit] [--no-floor] [--no-node22] [--scenario FILE] [--profile DIR]
 *
 * Each exchange is first run for --warmup seconds (default 3, two clients) and not measured: V8
 * needs a few thousand requests to finish compiling the KDC's hot paths (with 0.4 s the first
 * 1-client row still paid for the compiler). The warm-up's own CPU per request is printed
 * under the table, so the one-time start-up cost stays visible.
 * The `lab-node22` rows: the same lab KDC on the Node 22 that `make test` installs in .cache/node-22
 * (skipped when it is not there), since users run either.
 * The `floor` rows: the lab's own TCP transport in its own process answering every request with
 * canned bytes of a TGS-REP's size, no Kerberos (bench/floor-child.ts): what this Node version
 * charges per connection, the part of the lab's CPU per request no KDC change can remove.
 * --profile DIR writes a V8 CPU profile of the lab KDC process there (bench/prof-summary.ts reads it).
 * --ldap runs the LDAP benchmark against the Samba AD DC reference instead (bench/ldap.ts);
 * `--ldap --users N` gives the lab the scale benchmark's generated world of N users (Samba keeps its own).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AS_EXCHANGE, percentile, runLoad, runRawLoad, TGS_EXCHANGE, userKey, type Exchange, type LoadResult, type Target } from './load.ts';
import { runLdapBench } from './ldap.ts';
import { procCpuSplitMs, procPeakRssMiB, startFloorServer, startLabKdc, startMitKdc, type BenchServer } from './servers.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    clients: { type: 'string', default: '1,8' },
    exchanges: { type: 'string', default: 'AS,TGS' },
    'no-mit': { type: 'boolean', default: false },
    'no-floor': { type: 'boolean', default: false },
    'no-node22': { type: 'boolean', default: false },
    scenario: { type: 'string', default: join(import.meta.dirname, '../scenarios/multi-upn-suffix.yaml') },
    profile: { type: 'string' },
    ldap: { type: 'boolean', default: false },
    'ldap-scenario': { type: 'string' },
    'ldap-clients': { type: 'string', default: '1,4' },
    'ldap-password': { type: 'string', default: 'Alice-Passw0rd!' },
    'no-samba': { type: 'boolean', default: false },
    entra: { type: 'boolean', default: false },
    startup: { type: 'boolean', default: false },
    runs: { type: 'string', default: '7' },
    scale: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '100,10000,100000' },
    'ldap-timeout': { type: 'string', default: '300' },
    users: { type: 'string' },
  },
});
if (values.ldap) {
  // --users N: the lab serves the scale benchmark's generated world of N users (bench/scale-scenario.ts).
  let scenario = values['ldap-scenario'] ?? values.scenario;
  let generated: string | undefined;
  if (values.users !== undefined) {
    const n = Number(values.users);
    if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
      process.stderr.write(`bench: --users expects a whole number of users from 1 to 1000000, got ${values.users}\n`);
      process.exit(2);
    }
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { scenarioText } = await import('./scale-scenario.ts');
    generated = mkdtempSync(join(tmpdir(), 'ctlab-bench-ldap-'));
    scenario = join(generated, `users-${n}.yaml`);
    writeFileSync(scenario, scenarioText(n));
  }
  await runLdapBench({
    scenario,
    seconds: Math.max(1, Math.min(60, Number(values.seconds))),
    clients: values['ldap-clients'].split(',').map(Number).filter((n) => n > 0 && n <= 32),
    samba: !values['no-samba'],
    labPassword: values['ldap-password'],
  });
  if (generated) (await import('node:fs')).rmSync(generated, { recursive: true, force: true });
  process.exit(0);
}
if (values.entra) {
  // `npm run bench -- --entra`: the token endpoint's rows (bench/entra.ts) instead of the KDC's.
  const { runEntraBench } = await import('./entra.ts');
  await runEntraBench({ seconds: Math.max(1, Math.min(30, Number(values.seconds))), clients: values.clients.split(',').map(Number).filter((n) => n > 0 && n <= 64) });
  process.exit(0);
}
if (values.startup) {
  await (await import('./startup.ts')).runStartupBench(Math.max(1, Math.min(50, Number(values.runs))));
  process.exit(0);
}
if (values.scale) {
  const sizes = values.sizes.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0 && n <= 1_000_000);
  await (await import('./scale.ts')).runScaleBench(sizes, Math.max(1, Math.min(30, Number(values.seconds))), Number(values['ldap-timeout']));
  process.exit(0);
}
const durationMs = Math.max(500, Math.min(30_000, Number(values.seconds) * 1000));
const warmupMs = Math.max(0, Math.min(30_000, Number(values.warmup) * 1000));
const warmups: string[] = [];
const clientCounts = values.clients.split(',').map(Number).filter((n) => n > 0 && n <= 64);
const wanted = new Set(values.exchanges.toUpperCase().split(','));
const EXCHANGES: Exchange[] = [AS_EXCHANGE, TGS_EXCHANGE].filter((e) => wanted.has(e.name));

/** The same world on both KDCs: realm, user and service with their passwords. */
const REALM = 'FABRIKAM.LOCAL';
const USER = 'alice';
const PASSWORD = 'Alice-Passw0rd!';
const SERVICE = 'cifs/fs1.fabrikam.local';
const MIT_SERVICE_PASSWORD = 'Fs1-Service-Passw0rd!';

interface Row {
  kdc: string;
  exchange: string;
  clients: number;
  rps: number;
  cpuMsPerReq: number;
  /** The kernel's part of cpuMsPerReq (stime): socket work, mostly. */
  sysMsPerReq: number;
  p50: number;
  p99: number;
  errors: string;
}

/** One table row from a load run and the server's CPU time around it. */
function row(server: BenchServer, exchange: string, clients: number, r: LoadResult, cpu0: { user: number; sys: number }, cpu1: { user: number; sys: number }): Row {
  const sorted = [...r.latenciesMs].sort((a, b) => a - b);
  return {
    kdc: server.name,
    exchange,
    clients,
    rps: (r.count * 1000) / r.elapsedMs,
    cpuMsPerReq: (cpu1.user + cpu1.sys - cpu0.user - cpu0.sys) / Math.max(1, r.count),
    sysMsPerReq: (cpu1.sys - cpu0.sys) / Math.max(1, r.count),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors: r.errors ? `${r.errors} (${r.firstError})` : '0',
  };
}

/** Sizes of the lab's TGS-REQ and TGS-REP for the default scenario (the floor's request and reply). */
const FLOOR_REQUEST_BYTES = 1505;
const FLOOR_REPLY_BYTES = 1533;

async function measureFloor(server: BenchServer): Promise<Row[]> {
  const target: Target = { host: server.host, port: server.port, realm: REALM, user: USER, password: PASSWORD, service: SERVICE };
  const request = new Uint8Array(FLOOR_REQUEST_BYTES).fill(0x30);
  request[0] = 0x6c;
  await runRawLoad(target, request, 2, warmupMs);
  const rows: Row[] = [];
  for (const clients of clientCounts) {
    const cpu0 = procCpuSplitMs(server.pid);
    const r = await runRawLoad(target, request, clients, durationMs);
    rows.push(row(server, 'none', clients, r, cpu0, procCpuSplitMs(server.pid)));
  }
  return rows;
}

async function measure(server: BenchServer): Promise<Row[]> {
  const target: Target = { host: server.host, port: server.port, realm: REALM, user: USER, password: PASSWORD, service: SERVICE };
  const key = await userKey(target);
  const rows: Row[] = [];
  for (const ex of EXCHANGES) {
    const w0 = procCpuSplitMs(server.pid);
    const w = await runLoad(target, ex, key, 2, warmupMs); // warm-up (JIT, caches), not measured
    const w1 = procCpuSplitMs(server.pid);
    warmups.push(`${server.name} ${ex.name}: ${w.count} requests, ${((w1.user + w1.sys - w0.user - w0.sys) / Math.max(1, w.count)).toFixed(3)} ms CPU/req`);
    for (const clients of clientCounts) {
      const cpu0 = procCpuSplitMs(server.pid);
      const r = await runLoad(target, ex, key, clients, durationMs);
      rows.push(row(server, ex.name, clients, r, cpu0, procCpuSplitMs(server.pid)));
    }
  }
  return rows;
}

function table(rows: Row[], rss: Map<string, number>): string {
  const head = ['KDC', 'exchange', 'clients', 'req/s', 'server CPU ms/req', 'of which kernel', 'p50 ms', 'p99 ms', 'errors', 'peak RSS MiB'];
  const body = rows.map((r) => [r.kdc, r.exchange, String(r.clients), r.rps.toFixed(0), r.cpuMsPerReq.toFixed(3), r.sysMsPerReq.toFixed(3), r.p50.toFixed(2), r.p99.toFixed(2), r.errors, (rss.get(r.kdc) ?? NaN).toFixed(1)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

function ratios(rows: Row[]): string[] {
  const out: string[] = [];
  for (const r of rows.filter((x) => x.kdc.startsWith('lab'))) {
    const m = rows.find((x) => x.kdc === 'mit' && x.exchange === r.exchange && x.clients === r.clients);
    if (!m) continue;
    out.push(
      `${r.kdc} ${r.exchange} x${r.clients}: CPU per request lab/MIT = ${(r.cpuMsPerReq / m.cpuMsPerReq).toFixed(2)} ` +
        `(goal <= 1), throughput lab/MIT = ${(r.rps / m.rps).toFixed(2)} (goal >= 1)`,
    );
  }
  return out;
}

/** What the lab spends on Kerberos per request once the floor is taken off, next to MIT's whole cost. */
function floorLines(rows: Row[]): string[] {
  const out: string[] = [];
  for (const r of rows.filter((x) => x.kdc === 'lab')) {
    const f = rows.find((x) => x.kdc === 'floor' && x.clients === r.clients);
    if (!f) continue;
    const m = rows.find((x) => x.kdc === 'mit' && x.exchange === r.exchange && x.clients === r.clients);
    out.push(
      `${r.exchange} x${r.clients}: lab CPU per request = floor ${f.cpuMsPerReq.toFixed(3)} ms (Node TCP, no Kerberos) + Kerberos ${(r.cpuMsPerReq - f.cpuMsPerReq).toFixed(3)} ms` +
        (m ? `; MIT's whole exchange ${m.cpuMsPerReq.toFixed(3)} ms` : ''),
    );
  }
  return out.length ? ['', ...out] : out;
}

const servers: BenchServer[] = [];
const rows: Row[] = [];
const rss = new Map<string, number>();
try {
  const lab = await startLabKdc(values.scenario, values.profile);
  servers.push(lab);
  rows.push(...(await measure(lab)));
  rss.set('lab', procPeakRssMiB(lab.pid));
  const node22 = join(import.meta.dirname, '../.cache/node-22/bin/node');
  if (!values['no-node22'] && existsSync(node22)) {
    const lab22 = await startLabKdc(values.scenario, undefined, node22, 'lab-node22');
    servers.push(lab22);
    rows.push(...(await measure(lab22)));
    rss.set('lab-node22', procPeakRssMiB(lab22.pid));
  }
  if (!values['no-floor']) {
    const floor = await startFloorServer(values.scenario, FLOOR_REPLY_BYTES);
    servers.push(floor);
    rows.push(...(await measureFloor(floor)));
    rss.set('floor', procPeakRssMiB(floor.pid));
  }
  if (!values['no-mit']) {
    const mit = await startMitKdc({ realm: REALM, user: USER, userPassword: PASSWORD, service: SERVICE, servicePassword: MIT_SERVICE_PASSWORD });
    servers.push(mit);
    rows.push(...(await measure(mit)));
    rss.set('mit', procPeakRssMiB(mit.pid));
  }
  process.stdout.write(`\nKDC benchmark: ${durationMs / 1000} s per row, new TCP connection per request, loopback, ${(await import('node:os')).cpus().length} CPUs, lab on Node ${process.versions.node}${rows.some((r) => r.kdc === 'lab-node22') ? ' (lab-node22: Node 22 from .cache/node-22)' : ''}\n`);
  for (const s of servers) for (const [k, v] of Object.entries(s.info)) process.stdout.write(`${s.name} ${k}: ${v}\n`);
  process.stdout.write(`\n${table(rows, rss)}\n\n`);
  for (const l of ratios(rows)) process.stdout.write(`${l}\n`);
  for (const l of floorLines(rows)) process.stdout.write(`${l}\n`);
  process.stdout.write(`\nwarm-up before the rows above (${warmupMs / 1000} s per exchange, 2 clients, not in the table):\n`);
  for (const l of warmups) process.stdout.write(`  ${l}\n`);
} finally {
  await Promise.allSettled(servers.map((s) => s.stop()));
}
