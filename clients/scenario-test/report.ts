/**
 * `ctlab test` output: one table of every expectation (scenario, user, step, expected, got,
 * verdict), then each mismatch with its diagnosis, then one summary line with the timing. Pure.
 */
import { formatDiagnosis } from '../diagnosis/index.ts';
import type { Row, ScenarioReport } from './runner.ts';

const HEAD = ['scenario', 'user', 'step', 'expected', 'got', 'verdict'] as const;

function cells(r: Row): string[] {
  return [r.scenario, r.user, r.service ? `${r.step} ${r.service}` : r.step, r.expected, r.got, r.pass ? 'pass' : 'FAIL'];
}

export function formatTable(rows: readonly Row[]): string[] {
  const all = [[...HEAD], ...rows.map(cells)];
  const width = HEAD.map((_, i) => Math.max(...all.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(width[i]))).join('  ');
  return [line(all[0]), width.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)];
}

export interface Summary {
  readonly scenarios: number;
  readonly expectations: number;
  readonly passed: number;
  readonly failed: number;
  /** Scenarios that did not load or start. */
  readonly broken: number;
}

export function summarize(reports: readonly ScenarioReport[]): Summary {
  const rows = reports.flatMap((r) => r.rows);
  const passed = rows.filter((r) => r.pass).length;
  return { scenarios: reports.length, expectations: rows.length, passed, failed: rows.length - passed, broken: reports.filter((r) => r.error).length };
}

export function formatReport(reports: readonly ScenarioReport[], elapsedMs: number): string[] {
  const rows = reports.flatMap((r) => r.rows);
  const out = formatTable(rows);
  const broken = reports.filter((r) => r.error);
  if (broken.length) out.push('', 'scenarios that did not run:', ...broken.flatMap((r) => (r.error ?? []).map((l) => `  ${l}`)));
  const bad = rows.filter((r) => !r.pass);
  if (bad.length) {
    out.push('', 'mismatches:');
    for (const r of bad) {
      out.push(`  ${r.scenario}: ${r.user} ${r.step}${r.service ? ` ${r.service}` : ''}: expected ${r.expected}, got ${r.got}${r.note ? ` (note: ${r.note})` : ''}`);
      if (r.diagnosis) out.push(...formatDiagnosis(r.diagnosis, '    '));
    }
  }
  const s = summarize(reports);
  out.push('', `ctlab test: ${s.scenarios} scenarios, ${s.expectations} expectations: ${s.passed} passed, ${s.failed} failed${s.broken ? `, ${s.broken} scenarios did not run` : ''} in ${(elapsedMs / 1000).toFixed(1)} s`);
  return out;
}
