/**
 * Extensible matching rules (RFC 4511 4.5.1.7.7) that AD clients use, MS-ADTS 3.1.1.3.4.4:
 *   LDAP_MATCHING_RULE_BIT_AND       1.2.840.113556.1.4.803   (value & assertion) == assertion
 *   LDAP_MATCHING_RULE_BIT_OR        1.2.840.113556.1.4.804   (value & assertion) != 0
 *   LDAP_MATCHING_RULE_IN_CHAIN      1.2.840.113556.1.4.1941  the assertion DN is reachable by
 *                                    following the DN-valued attribute transitively
 * plus the X.520 equality rules (caseIgnoreMatch, distinguishedNameMatch, ...) as plain equality,
 * and the dnAttributes flag (the entry's RDN values also count). Unknown rules match nothing.
 */
import type { Filter } from './codec/index.ts';
import { evaluate, valuesOf, type EvalContext } from './filter-eval.ts';
import { asText, keyOf } from './values.ts';
import type { TreeEntry } from './tree.ts';
import { splitDn, normalizeDn } from '../directory/dn.ts';
import { resolveBase } from './base.ts';

export const MATCHING_RULE = {
  LDAP_MATCHING_RULE_BIT_AND: '1.2.840.113556.1.4.803',
  LDAP_MATCHING_RULE_BIT_OR: '1.2.840.113556.1.4.804',
  LDAP_MATCHING_RULE_IN_CHAIN: '1.2.840.113556.1.4.1941',
} as const;

/** X.520 / RFC 4517 equality rules treated as equality under the attribute's syntax. */
const EQUALITY_RULES = new Set([
  '2.5.13.0', // objectIdentifierMatch
  '2.5.13.1', // distinguishedNameMatch
  '2.5.13.2', // caseIgnoreMatch
  '2.5.13.5', // caseExactMatch
  '2.5.13.14', // integerMatch
  '2.5.13.17', // octetStringMatch
  'caseIgnoreMatch',
  'caseExactMatch',
  'distinguishedNameMatch',
  'integerMatch',
  'octetStringMatch',
  'objectIdentifierMatch',
]);

/** AD's interval of values walked by IN_CHAIN before giving up (cycles are cut anyway). */
const MAX_CHAIN_VISITS = 10_000;

const dec = new TextDecoder('utf-8', { fatal: false });

/** Integers as 64-bit two's complement so signed 32-bit AD values (groupType) mask as AD does. */
function u64(s: string): bigint | undefined {
  const t = s.trim();
  if (!/^[+-]?\d{1,20}$/.test(t)) return undefined;
  return BigInt.asUintN(64, BigInt(t));
}

function bitRule(t: TreeEntry, attribute: string, raw: Uint8Array, and: boolean): boolean {
  const mask = u64(dec.decode(raw));
  if (mask === undefined) return false;
  return valuesOf(t, attribute).some((v) => {
    const x = u64(asText(v));
    if (x === undefined) return false;
    return and ? (x & mask) === mask : (x & mask) !== 0n;
  });
}

function inChain(ctx: EvalContext, t: TreeEntry, attribute: string, raw: Uint8Array): boolean {
  const target = keyOf('dn', resolveAssertionDn(ctx, dec.decode(raw)));
  const seen = new Set<string>();
  const queue: string[] = valuesOf(t, attribute).map(asText);
  let visits = 0;
  while (queue.length && visits++ < MAX_CHAIN_VISITS) {
    const dn = queue.shift()!;
    const norm = normalizeDn(dn);
    if (norm === undefined || seen.has(norm)) continue;
    if (norm === target) return true;
    seen.add(norm);
    const next = ctx.tree.byDn(dn);
    if (next) queue.push(...valuesOf(next, attribute).map(asText));
  }
  return false;
}

/** The assertion DN, resolving AD's extended forms (`<SID=...>`, `<GUID=...>`). */
function resolveAssertionDn(ctx: EvalContext, text: string): string {
  if (!text.startsWith('<')) return text;
  try {
    return resolveBase(ctx.tree, text).entry.dn;
  } catch {
    return text;
  }
}

function ruleMatch(ctx: EvalContext, t: TreeEntry, rule: string | undefined, attribute: string, value: Uint8Array): boolean {
  switch (rule) {
    case MATCHING_RULE.LDAP_MATCHING_RULE_BIT_AND:
      return bitRule(t, attribute, value, true);
    case MATCHING_RULE.LDAP_MATCHING_RULE_BIT_OR:
      return bitRule(t, attribute, value, false);
    case MATCHING_RULE.LDAP_MATCHING_RULE_IN_CHAIN:
      return inChain(ctx, t, attribute, value);
    case undefined:
      return evaluate(ctx, t, { type: 'equalityMatch', attribute, value });
    default:
      return EQUALITY_RULES.has(rule) ? evaluate(ctx, t, { type: 'equalityMatch', attribute, value }) : false;
  }
}

/** The entry's DN as (type, value) pairs, for dnAttributes. */
function rdnPairs(t: TreeEntry): [string, string][] {
  return splitDn(t.entry.dn).map((r) => {
    const eq = r.indexOf('=');
    return [r.slice(0, eq).trim(), r.slice(eq + 1).trim()];
  });
}

export function extensibleMatch(ctx: EvalContext, t: TreeEntry, f: Extract<Filter, { type: 'extensibleMatch' }>): boolean {
  const attrs = f.attribute !== undefined ? [f.attribute] : [...t.entry.attributes.values()].map((a) => a.name);
  if (attrs.some((a) => ruleMatch(ctx, t, f.matchingRule, a, f.value))) return true;
  if (!f.dnAttributes) return false;
  const want = dec.decode(f.value).toLowerCase();
  return rdnPairs(t).some(([type, v]) => (f.attribute === undefined || type.toLowerCase() === f.attribute.toLowerCase()) && v.toLowerCase() === want);
}
