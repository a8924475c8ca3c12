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
import { fromZodIssue } from './zod-issues.ts';

export type ValidationResult = { ok: true; scenario: ParsedScenario } | { ok: false; issues: RawIssue[] };

type SecretHolder = { keys?: { rc4?: string }; ntHash?: string };

/** ntHash and keys.rc4 name the same key: both given and different is a contradiction. */
export function secretConflicts(s: ParsedScenario): RawIssue[] {
  const holders: [SecretHolder, (string | number)[]][] = [
    ...s.users.map((u, i): [SecretHolder, (string | number)[]] => [u, ['users', i]]),
    ...s.computers.map((c, i): [SecretHolder, (string | number)[]] => [c, ['computers', i]]),
    ...s.dcs.map((d, i): [SecretHolder, (string | number)[]] => [d, ['dcs', i]]),
    [s.builtin.administrator, ['builtin', 'administrator']],
    [s.builtin.krbtgt, ['builtin', 'krbtgt']],
    [s.azureADKerberos, ['azureADKerberos']],
    [s.tenant.kerberosDomain, ['tenant', 'kerberosDomain']],
  ];
  const out: RawIssue[] = [];
  for (const [h, path] of holders) {
    if (h.ntHash !== undefined && h.keys?.rc4 !== undefined && h.ntHash.toLowerCase() !== h.keys.rc4.toLowerCase()) {
      out.push({ path: [...path, 'ntHash'], reason: 'CONFLICT', expected: 'the same NT hash as keys.rc4 (both are the rc4-hmac key), or only one of them' });
    }
  }
  return out;
}

/** Cross-reference checks of an already schema-valid scenario. */
export function crossCheck(s: ParsedScenario): RawIssue[] {
  const names = new NameTable(s);
  return [...secretConflicts(s), ...validateOnPrem(s, names, formatPath), ...validateCloud(s, names, formatPath)];
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
