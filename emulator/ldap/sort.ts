/**
 * Server-side sorting of search results (RFC 2891) as AD does it:
 *   - one sort key: AD supports a single key, so a list of more is unwillingToPerform (53), as
 *     Samba's AD DC answers it too;
 *   - values compare by the attribute's syntax, as the filter's ordering does (values.ts): text
 *     case-insensitively, integers as numbers, times by their digits, binary by bytes; an ordering
 *     rule may only name the syntax's own (else inappropriateMatching, 18);
 *   - a multi-valued attribute sorts by its least value ascending and its greatest in reverse;
 *     an entry without the attribute counts as larger than every value (RFC 2891 section 2), so
 *     it comes last ascending and first in reverse; ties keep the directory's order;
 *   - an attribute the schema does not know is noSuchAttribute (16); a constructed one, whose
 *     values are computed per entry on the way out, is unwillingToPerform (53).
 * The whole result is sorted before paging, so every page continues the same order. What cannot
 * be sorted fails a critical control (search.ts: unavailableCriticalExtension with the SortResult
 * saying why) and leaves a non-critical one's results unsorted with that SortResult.
 */
import type { SortKey } from './codec/index.ts';
import { LDAP_RESULT } from './codec/index.ts';
import { valuesOf } from './filter-eval.ts';
import { attributeType, type MatchKind } from './schema.ts';
import type { TreeEntry } from './tree.ts';
import { compareKeys, keyOf, type Key } from './values.ts';

export type SortPlan =
  | { readonly ok: true; readonly key: SortKey; readonly kind: MatchKind }
  | { readonly ok: false; readonly sortResult: number; readonly attributeType?: string };

/** The ordering rule of each syntax that has one (RFC 4517 section 4.2). */
const ORDERING_RULES: ReadonlyMap<MatchKind, readonly string[]> = new Map([
  ['caseIgnore', ['2.5.13.3', 'caseIgnoreOrderingMatch']],
  ['caseExact', ['2.5.13.5', 'caseExactOrderingMatch']],
  ['integer', ['2.5.13.15', 'integerOrderingMatch']],
  ['octet', ['2.5.13.18', 'octetStringOrderingMatch']],
  ['time', ['2.5.13.28', 'generalizedTimeOrderingMatch']],
]);

/** Decides whether the keys can be honoured (see the file comment). */
export function planSort(keys: readonly SortKey[]): SortPlan {
  if (keys.length !== 1) return { ok: false, sortResult: LDAP_RESULT.unwillingToPerform };
  const key = keys[0];
  const name = key.attributeType.split(';')[0];
  const type = attributeType(name);
  if (!type) return { ok: false, sortResult: LDAP_RESULT.noSuchAttribute, attributeType: key.attributeType };
  if (type.constructed) return { ok: false, sortResult: LDAP_RESULT.unwillingToPerform, attributeType: key.attributeType };
  if (key.orderingRule !== undefined) {
    const rule = key.orderingRule.toLowerCase();
    if (!(ORDERING_RULES.get(type.match) ?? []).some((r) => r.toLowerCase() === rule)) {
      return { ok: false, sortResult: LDAP_RESULT.inappropriateMatching, attributeType: key.attributeType };
    }
  }
  return { ok: true, key, kind: type.match };
}

/** The entry's sort value: its least (ascending) or greatest (reverse) parsable value, if any. */
function sortValue(t: TreeEntry, name: string, kind: MatchKind, reverse: boolean): Key | undefined {
  let best: Key | undefined;
  for (const v of valuesOf(t, name)) {
    const k = keyOf(kind, v);
    if (k === undefined) continue;
    if (best === undefined || (reverse ? compareKeys(k, best) > 0 : compareKeys(k, best) < 0)) best = k;
  }
  return best;
}

/** The entries in the plan's order (a new array; ties keep their order). */
export function sortEntries(entries: readonly TreeEntry[], plan: Extract<SortPlan, { ok: true }>): TreeEntry[] {
  const { key, kind } = plan;
  const name = key.attributeType.split(';')[0];
  const keyed = entries.map((t) => ({ t, v: sortValue(t, name, kind, key.reverseOrder) }));
  const direction = key.reverseOrder ? -1 : 1;
  keyed.sort((a, b) => {
    if (a.v === undefined || b.v === undefined) return a.v === b.v ? 0 : (a.v === undefined ? 1 : -1) * direction;
    return (compareKeys(a.v, b.v) || 0) * direction;
  });
  return keyed.map((k) => k.t);
}
