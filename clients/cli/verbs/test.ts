/**
 * `ctlab test [--json] [FILES|DIR...]`: runs every scenario's `expect:` list against a lab started
 * in-process on free ports (clients/scenario-test/), prints the table, each mismatch with its
 * diagnosis, and a summary with the timing. Default: scenarios/. Exit 0 when every expectation
 * holds, 1 on any mismatch or a scenario that did not run, 2 on bad usage.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../emulator/core/errors.ts';
import { parseVerbArgs } from '../args.ts';
import { formatReport, summarize } from '../../scenario-test/report.ts';
import { runScenario, type ScenarioReport, type SignInFn } from '../../scenario-test/runner.ts';

const USAGE = 'usage: ctlab test [--json] [FILE.yaml|DIR ...]   (default: scenarios/)';

/** Scenario files named or found (*.yaml, *.yml) in the directories named, in name order. */
export function scenarioFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new UsageError(`${p}: no such file or directory\n${USAGE}`);
    if (statSync(p).isDirectory()) {
      const found = readdirSync(p).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(p, f));
      if (!found.length) throw new UsageError(`${p}: no .yaml scenario files in this directory\n${USAGE}`);
      out.push(...found);
    } else out.push(p);
  }
  return out;
}

/** The device sign-in (clients/device/), when it is on this branch. */
async function loadSignIn(): Promise<SignInFn | undefined> {
  for (const f of ['index.ts', 'sign-in.ts', 'signin.ts']) {
    const url = new URL(`../../device/${f}`, import.meta.url);
    if (!existsSync(url)) continue;
    const mod = (await import(url.href)) as { signIn?: unknown };
    if (typeof mod.signIn === 'function') return mod.signIn as SignInFn;
  }
  return undefined;
}

export async function testVerb(args: string[]): Promise<number> {
  const parsed = parseVerbArgs(args, { json: { type: 'boolean' } }, USAGE, true);
  if (!parsed) return 0;
  const files = scenarioFiles(parsed.positionals.length ? parsed.positionals : ['scenarios']);
  const signIn = await loadSignIn();
  const t0 = performance.now();
  const reports: ScenarioReport[] = [];
  for (const f of files) reports.push(await runScenario(f, { ...(signIn ? { signIn } : { signInMissing: 'the device sign-in (clients/device signIn) is not on this branch' }) }));
  const elapsed = performance.now() - t0;
  if (parsed.values.json) process.stdout.write(`${JSON.stringify({ elapsedMs: Math.round(elapsed), summary: summarize(reports), reports }, null, 2)}\n`);
  else process.stdout.write(`${formatReport(reports, elapsed).join('\n')}\n`);
  const s = summarize(reports);
  return s.failed || s.broken ? 1 : 0;
}
