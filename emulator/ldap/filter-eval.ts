/**
 * Search filter evaluation with AD semantics (RFC 4511 4.5.1.7, MS-ADTS 3.1.1.3.1.3): attribute
 * names case-insensitive, values compared by syntax (values.ts), `objectCategory=person`
 * shorthands, objectClass by name or OID, DN assertions also in extended form (`<SID=...>`), and
 * the extensible rules of match-rules.ts. An attribute the entry lacks is FALSE, so `!` of it is
 * TRUE, as AD answers for schema attributes an object does not carry.
 */
import type { AttributeValue } from '../directory/model.ts';
import type { Filter } from './codec/index.ts';
import { attributeType, objectClass, type MatchKind } from './schema.ts';
import type { DirectoryTree, TreeEntry } from './tree.ts';
import { asText, compareKeys, keyOf, keysEqual, substringMatch, type Key } from './values.ts';
import { extensibleMatch } from './match-rules.ts';
import { resolveBase } from './base.ts';

export interface EvalContext {
  readonly tree: DirectoryTree;
}

const dec = new TextDecoder('utf-8', { fatal: false });

export function matchKindOf(attribute: string): MatchKind {
  return attributeType(attribute)?.match ?? 'caseIgnore';
}

export function valuesOf(t: TreeEntry, attribute: string): readonly AttributeValue[] {
  return t.entry.attributes.get(attribute.split(';')[0].toLowerCase())?.values ?? [];
}

/** The comparable key of an assertion value, with AD's conveniences for some attributes. */
export function assertionKey(ctx: EvalContext, attribute: string, raw: Uint8Array): Key | undefined {
  const name = attribute.toLowerCase();
  const kind = matchKindOf(attribute);
  const text = dec.decode(raw);
  if (name === 'objectcategory') {
    const dn = ctx.tree.schema.categoryDn(text);
    return dn === undefined ? undefined : keyOf('dn', dn);
  }
  if (name === 'objectclass' && /^\d+(\.\d+)+$/.test(text)) {
    const c = objectClass(text);
    return c ? c.name.toLowerCase() : text;
  }
  if (kind === 'dn' && text.startsWith('<')) {
    try {
      return keyOf('dn', resolveBase(ctx.tree, text).entry.dn);
    } catch {
      return undefined;
    }
  }
  return keyOf(kind, raw);
}

/**
 * The assertion key of a filter's value, computed once per filter rather than once per entry
 * evaluated (a scan evaluates the same assertion on every entry of its scope). Keyed on the value's
 * bytes object, which belongs to one decoded filter; the tree and attribute are checked too.
 */
const assertionKeys = new WeakMap<Uint8Array, { readonly tree: DirectoryTree; readonly attribute: string; readonly key: Key | undefined }>();

function cachedAssertionKey(ctx: EvalContext, attribute: string, value: Uint8Array): Key | undefined {
  const c = assertionKeys.get(value);
  if (c !== undefined && c.tree === ctx.tree && c.attribute === attribute) return c.key;
  const key = assertionKey(ctx, attribute, value);
  assertionKeys.set(value, { tree: ctx.tree, attribute, key });
  return key;
}

function equality(ctx: EvalContext, t: TreeEntry, attribute: string, value: Uint8Array): boolean {
  const want = cachedAssertionKey(ctx, attribute, value);
  if (want === undefined) return false;
  const kind = matchKindOf(attribute);
  return valuesOf(t, attribute).some((v) => {
    const k = keyOf(kind, v);
    return k !== undefined && keysEqual(k, want);
  });
}

function ordering(ctx: EvalContext, t: TreeEntry, attribute: string, value: Uint8Array, ge: boolean): boolean {
  const want = cachedAssertionKey(ctx, attribute, value);
  if (want === undefined) return false;
  const kind = matchKindOf(attribute);
  return valuesOf(t, attribute).some((v) => {
    const k = keyOf(kind, v);
    if (k === undefined) return false;
    const c = compareKeys(k, want);
    return ge ? c >= 0 : c <= 0;
  });
}

/** Substrings compare text case-insensitively (or exactly for case-exact syntaxes), bytes for binary ones. */
function substrKey(kind: MatchKind, v: AttributeValue | Uint8Array): Key {
  if (kind === 'octet' || kind === 'sid') return typeof v === 'string' ? new TextEncoder().encode(v) : v;
  return kind === 'caseExact' ? asText(v) : asText(v).toLowerCase();
}

export function evaluate(ctx: EvalContext, t: TreeEntry, f: Filter): boolean {
  switch (f.type) {
    case 'and':
      return f.filters.every((x) => evaluate(ctx, t, x));
    case 'or':
      return f.filters.some((x) => evaluate(ctx, t, x));
    case 'not':
      return !evaluate(ctx, t, f.filter);
    case 'equalityMatch':
    case 'approxMatch':
      return equality(ctx, t, f.attribute, f.value);
    case 'greaterOrEqual':
      return ordering(ctx, t, f.attribute, f.value, true);
    case 'lessOrEqual':
      return ordering(ctx, t, f.attribute, f.value, false);
    case 'present':
      return f.attribute.toLowerCase() === 'objectclass' || valuesOf(t, f.attribute).length > 0;
    case 'substrings': {
      const kind = matchKindOf(f.attribute);
      const initial = f.initial ? substrKey(kind, f.initial) : undefined;
      const final = f.final ? substrKey(kind, f.final) : undefined;
      const any = f.any.map((a) => substrKey(kind, a));
      return valuesOf(t, f.attribute).some((v) => substringMatch(substrKey(kind, v), initial, any, final));
    }
    case 'extensibleMatch':
      return extensibleMatch(ctx, t, f);
  }
}
