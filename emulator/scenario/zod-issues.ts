/**
 * Turns zod's issues into RawIssues with a reason, an "expected ..." text a person understands and
 * a hint where one helps (closest key for a typo, the valid range of an RODC number, ...).
 */
import type { z } from 'zod';
import type { RawIssue, ScenarioReason } from './errors.ts';

type ZodIssue = z.core.$ZodIssue;

const RANGE_HINTS: [RegExp, string][] = [
  [/(^|\.)rodcNumber$|^azureADKerberos\.id$|^tenant\.kerberosDomain\.id$/, 'an RODC number is 16 bits: 1..65535 (it is the upper half of the ticket kvno)'],
  [/(^|\.)rid$/, 'RIDs below 1000 belong to well-known accounts and groups; AD allocates from 1000'],
  [/(^|\.)keyVersion$/, 'msDS-KeyVersionNumber is a positive 32-bit counter'],
  [/^dcs$/, 'a domain needs at least one DC'],
];

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return `the string ${JSON.stringify(input.length > 40 ? input.slice(0, 40) + '...' : input)}`;
  return `${typeof input} ${String(input)}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'null',
};

/** Edit distance, for "did you mean" hints on unknown keys. */
function distance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** The object keys the schema allows at a path (for "did you mean"). */
function keysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let s: z.core.$ZodType | undefined = schema;
  const unwrap = () => {
    while (s) {
      const def = s._zod.def as unknown as { type: string; innerType?: z.core.$ZodType };
      if (['default', 'prefault', 'optional', 'nullable'].includes(def.type) && def.innerType) s = def.innerType;
      else break;
    }
  };
  unwrap();
  for (const seg of path) {
    if (!s) return [];
    const def = s._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };
    if (def.type === 'object' && typeof seg === 'string') s = def.shape?.[seg];
    else if (def.type === 'array' && typeof seg === 'number') s = def.element;
    else return [];
    unwrap();
  }
  const def = s?._zod.def as unknown as { type: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

function rangeHint(path: string): string | undefined {
  return RANGE_HINTS.find(([re]) => re.test(path))?.[1];
}

function bound(issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin?: string }): string {
  const what = issue.origin === 'array' ? 'a list with' : issue.origin === 'string' ? 'a string of' : 'a number';
  if ('minimum' in issue && issue.minimum !== undefined) {
    const unit = issue.origin === 'array' ? ' item(s)' : issue.origin === 'string' ? ' character(s)' : '';
    return `${what} ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${unit}`;
  }
  const unit = issue.origin === 'array' ? ' item(s)' : issue.origin === 'string' ? ' character(s)' : '';
  return `${what} ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}${unit}`;
}

/** One zod issue to one or more RawIssues (`unrecognized_keys` yields one per key). */
export function fromZodIssue(issue: ZodIssue, schema: z.core.$ZodType, pathText: (p: readonly PropertyKey[]) => string): RawIssue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const at = pathText(path);
  const input = (issue as { input?: unknown }).input;
  const mk = (reason: ScenarioReason, expected: string, hint?: string, p = path): RawIssue => ({ path: p, reason, expected, hint });
  switch (issue.code) {
    case 'invalid_type': {
      const want = TYPE_WORDS[issue.expected] ?? issue.expected;
      if (input === undefined) return [mk('MISSING', `${want} (required)`)];
      return [mk('WRONG_TYPE', `${want}, got ${describeInput(input)}`)];
    }
    case 'unrecognized_keys': {
      const known = keysAt(schema, path);
      return issue.keys.map((k) => {
        const guess = closest(k, known);
        return mk('UNKNOWN_KEY', `no key named ${JSON.stringify(k)} here`, guess ? `did you mean ${guess}?` : known.length ? `known keys: ${known.join(', ')}` : undefined, [...path, k]);
      });
    }
    case 'too_small':
    case 'too_big':
      return [mk('OUT_OF_RANGE', `${bound(issue)}, got ${describeInput(input)}`, rangeHint(at))];
    case 'invalid_format':
      return [mk('BAD_FORMAT', `${issue.message}, got ${describeInput(input)}`)];
    case 'invalid_value':
      return [mk('BAD_VALUE', `one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, got ${describeInput(input)}`)];
    case 'invalid_union': {
      const inner = issue.errors.flat();
      if (inner.length && inner.every((i) => i.code === 'invalid_format')) {
        return [mk('BAD_FORMAT', `${inner.map((i) => i.message).join(' or ')}, got ${describeInput(input)}`)];
      }
      return [mk('WRONG_TYPE', `${issue.message}, got ${describeInput(input)}`)];
    }
    default:
      return [mk('BAD_VALUE', issue.message)];
  }
}
