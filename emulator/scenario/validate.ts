/**
 * Validation of a scenario document: the zod schema first (types, ranges, formats, unknown keys),
 * then the cross-reference checks. Returns every problem as a RawIssue with its path; the loader
 * adds the file and line.
 */
import type { RawIssue } from './errors.ts';
import { formatPath } from './errors.ts';
import { NameTable } from './names.ts';
import { ScenarioSchema, type ParsedScenario } from './schema.ts';
import { validateCloud } from './validate-cloud.ts';
import { validateOnPrem } from './validate-onprem.ts';
import { validateSysvol } from './schema-sysvol.ts';
import { fromZodIssue } from './zod-issues.ts';

export type ValidationResult = { ok: true; scenario: ParsedScenario } | { ok: false; issues: RawIssue[] };

/** Cross-reference checks of an already schema-valid scenario. */
export function crossCheck(s: ParsedScenario): RawIssue[] {
  const names = new NameTable(s);
  return [...validateOnPrem(s, names, formatPath), ...validateCloud(s, names, formatPath), ...validateSysvol(s)];
}

/** Validates a plain JS value (the YAML document's data). Pure. */
export function validateScenarioData(data: unknown): ValidationResult {
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, issues: [{ path: [], reason: data == null ? 'MISSING' : 'WRONG_TYPE', expected: 'a mapping with at least domain: { dnsName: ... }' }] };
  }
  const parsed = ScenarioSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.flatMap((i) => fromZodIssue(i, ScenarioSchema, formatPath)) };
  }
  const issues = crossCheck(parsed.data);
  return issues.length ? { ok: false, issues } : { ok: true, scenario: parsed.data };
}
