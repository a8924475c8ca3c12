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
import { expandGenerate, type GeneratedRange } from './generate.ts';

export type ValidationResult = { ok: true; scenario: ParsedScenario } | { ok: false; issues: RawIssue[] };

type SecretHolder = { keys?: { rc4?: string }; ntHash?: string };

/** ntHash and keys.rc4 name the same key: both given and different is a contradiction. */
export function secretConflicts(s: ParsedScenario): RawIssue[] {
  const out: RawIssue[] = [];
  // The path is only built for a holder in conflict (a 100,000-user world has 100,000 holders).
  const check = (h: SecretHolder, path: () => (string | number)[]) => {
    if (h.ntHash !== undefined && h.keys?.rc4 !== undefined && h.ntHash.toLowerCase() !== h.keys.rc4.toLowerCase()) {
      out.push({ path: [...path(), 'ntHash'], reason: 'CONFLICT', expected: 'the same NT hash as keys.rc4 (both are the rc4-hmac key), or only one of them' });
    }
  };
  s.users.forEach((u, i) => check(u, () => ['users', i]));
  s.computers.forEach((c, i) => check(c, () => ['computers', i]));
  s.dcs.forEach((d, i) => check(d, () => ['dcs', i]));
  check(s.builtin.administrator, () => ['builtin', 'administrator']);
  check(s.builtin.krbtgt, () => ['builtin', 'krbtgt']);
  check(s.azureADKerberos, () => ['azureADKerberos']);
  check(s.tenant.kerberosDomain, () => ['tenant', 'kerberosDomain']);
  return out;
}

/** Cross-reference checks of an already schema-valid scenario. */
export function crossCheck(s: ParsedScenario, pathText: (p: (string | number)[]) => string = formatPath): RawIssue[] {
  const names = new NameTable(s);
  return [...secretConflicts(s), ...validateOnPrem(s, names, pathText), ...validateCloud(s, names, pathText), ...validateSysvol(s)];
}

const WHAT: Record<GeneratedRange['list'], string> = { ous: 'OU', groups: 'group', users: 'user', computers: 'computer' };

function rangeOf(ranges: readonly GeneratedRange[], path: readonly (string | number)[]): GeneratedRange | undefined {
  const [list, i] = path;
  return typeof i === 'number' ? ranges.find((r) => r.list === list && i >= r.from && i < r.to) : undefined;
}

/** A path as a reader finds it: generated entries by their generate.* block and name. */
function generatedPathText(ranges: readonly GeneratedRange[]): (p: (string | number)[]) => string {
  return (p) => {
    const r = rangeOf(ranges, p);
    return r ? `${formatPath(['generate', r.list])} (generated ${WHAT[r.list]} ${JSON.stringify(r.name(p[1] as number))})${p.length > 2 ? ` ${formatPath(p.slice(2))}` : ''}` : formatPath(p);
  };
}

/**
 * Issues on generated entries point at their generate.* block and name the entry; one issue per
 * block and reason is kept (a bad block would otherwise repeat the same issue for every entry).
 */
function locateGenerated(issues: RawIssue[], ranges: readonly GeneratedRange[]): RawIssue[] {
  if (!ranges.length) return issues;
  const out: RawIssue[] = [];
  const seen = new Map<string, { issue: RawIssue; more: number }>();
  for (const i of issues) {
    const r = rangeOf(ranges, i.path);
    if (!r) {
      out.push(i);
      continue;
    }
    const key = `${r.list}\0${i.reason}`;
    const known = seen.get(key);
    if (known) {
      known.more++;
      continue;
    }
    const issue: RawIssue = { ...i, path: ['generate', r.list], expected: `generated ${WHAT[r.list]} ${JSON.stringify(r.name(i.path[1] as number))}${i.path.length > 2 ? ` (${formatPath(i.path.slice(2))})` : ''}: ${i.expected}` };
    seen.set(key, { issue, more: 0 });
    out.push(issue);
  }
  for (const { issue, more } of seen.values()) if (more) issue.hint = `${issue.hint ? `${issue.hint}; ` : ''}${more} more generated ${WHAT[(issue.path[1] as GeneratedRange['list'])]}s alike`;
  return out;
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
  const expanded = expandGenerate(parsed.data);
  if (expanded.issues.length) return { ok: false, issues: [...expanded.issues] };
  const issues = locateGenerated(crossCheck(expanded.scenario, generatedPathText(expanded.ranges)), expanded.ranges);
  return issues.length ? { ok: false, issues } : { ok: true, scenario: expanded.scenario };
}
