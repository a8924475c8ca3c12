/**
 * Runs Samba's krb5 suite (driver.py, with /usr/bin/python3 and Debian's python3-samba) against
 * a lab started on free ports from scenario.yaml, and returns the driver's verdict and counts.
 * Used by test/interop/samba-krb5.test.ts (make test); also runnable by hand:
 *   node test/conformance/samba-krb5/run.ts [--only REGEX] [--prune] [MODULE...]
 * (--prune drops the known-failure entries whose tests now pass, after a fix).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab } from '../../../emulator/lab.ts';
import { loadWorld } from '../../../emulator/world.ts';
import { PATH, runProcess } from '../../support/process.ts';
import { SUITE_MODULES, suiteEnv } from './suite-env.ts';

export const HERE = new URL('.', import.meta.url).pathname;
export const SCENARIO = join(HERE, 'scenario.yaml');
export const KNOWNFAIL = join(HERE, 'knownfail');
const DRIVER = join(HERE, 'driver.py');

export interface SuiteOutcome {
  readonly outcome: 'pass' | 'fail' | 'needs-account' | 'skip';
  readonly detail: string;
  readonly knownfail: string | null;
}

export interface SuiteRun {
  /** The driver's exit code: 0 when the run matches the known-failure list exactly. */
  readonly code: number | null;
  readonly counts: Record<'passed' | 'failed' | 'known failures' | 'needs-account' | 'skipped', number>;
  readonly tests: Record<string, SuiteOutcome>;
  /** What the driver printed (the new failures, the listed tests that pass, the counts line). */
  readonly stdout: string;
  readonly stderr: string;
}

export interface SuiteRunOptions {
  readonly modules?: readonly string[];
  readonly only?: string;
  /** Rewrite the known-failure list without the entries that now pass (by hand, after a fix). */
  readonly prune?: boolean;
  readonly scenario?: string;
  readonly knownfail?: string;
  readonly timeoutMs?: number;
}

/** Starts the lab, runs the suite against it, stops the lab. */
export async function runSambaSuite(opts: SuiteRunOptions = {}): Promise<SuiteRun> {
  const world = loadWorld(opts.scenario ?? SCENARIO);
  const lab = await startLab(world, { freePorts: true });
  const tmp = mkdtempSync(join(tmpdir(), 'ctlab-samba-krb5-'));
  try {
    const kdcPort = lab.port('kdc');
    if (kdcPort === undefined) throw new Error('the lab started without a KDC');
    const env = {
      PATH,
      LANG: 'C.UTF-8',
      HOME: tmp,
      TMPDIR: tmp,
      PYTHONDONTWRITEBYTECODE: '1',
      ...suiteEnv(world, { host: lab.listen.bind, kdcPort, kpasswdPort: lab.port('kpasswd'), fast: world.scenario.kerberos.kdcArmoring !== 'notSupported' }),
    };
    const out = join(tmp, 'result.json');
    const args = [DRIVER, '--knownfail', opts.knownfail ?? KNOWNFAIL, '--json', out, ...(opts.only ? ['--only', opts.only] : []), ...(opts.prune ? ['--prune'] : []), ...(opts.modules ?? SUITE_MODULES)];
    const r = await runProcess('/usr/bin/python3', args, { cwd: tmp, env, timeoutMs: opts.timeoutMs ?? 900_000 });
    let parsed: Pick<SuiteRun, 'counts' | 'tests'>;
    try {
      parsed = JSON.parse(readFileSync(out, 'utf8')) as Pick<SuiteRun, 'counts' | 'tests'>;
    } catch {
      throw new Error(`driver.py wrote no result (exit ${r.code}):\n${r.stderr.slice(-4000)}`);
    }
    return { code: r.code, counts: parsed.counts, tests: parsed.tests, stdout: r.stdout, stderr: r.stderr };
  } finally {
    await lab.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--only');
  const only = i >= 0 ? argv.splice(i, 2)[1] : undefined;
  const p = argv.indexOf('--prune');
  if (p >= 0) argv.splice(p, 1);
  const run = await runSambaSuite({ ...(argv.length ? { modules: argv } : {}), ...(only ? { only } : {}), prune: p >= 0 });
  process.stdout.write(run.stdout);
  if (process.env.CTLAB_SAMBA_DUMP) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(process.env.CTLAB_SAMBA_DUMP, JSON.stringify(run.tests, null, 1));
  }
  process.exitCode = run.code ?? 1;
}
