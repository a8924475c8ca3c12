/**
 * Equality indexes over the server's view of the directory, so that a search for
 * `(sAMAccountName=alice)` looks up its candidates instead of evaluating the filter on every entry
 * of its scope (AD indexes these attributes too: searchFlags fATTINDEX, MS-ADTS 2.2.9). An index
 * maps the comparable key of each value (values.ts `keyOf`, the same key the filter evaluation
 * compares) to the entries holding it, in directory order. The PREBUILT ones are built with the
 * tree, from the immutable entries; every other attribute's the first time a filter asks for it.
 *
 * The planner (`candidatesFor`) only ever narrows: it returns a superset of the entries the
 * filter can match, or undefined when no index helps; the search still evaluates the whole filter
 * and the scope on every candidate, so an indexed answer is the scan's answer by construction
 * (test/unit/ldap/index.test.ts checks it over many filters).
 */
import { hex } from '../core/bytes.ts';
import { LazyAttributes } from '../directory/entry-builder.ts';
import type { Filter } from './codec/index.ts';
import { assertionKey, matchKindOf, type EvalContext } from './filter-eval.ts';
import type { TreeEntry } from './tree.ts';
import { keyOf, type Key } from './values.ts';

/** The attributes with an equality index (lower case). */
export const INDEXED_ATTRIBUTES: ReadonlySet<string> = new Set([
  'samaccountname',
  'userprincipalname',
  'serviceprincipalname',
  'objectsid',
  'objectguid',
  'member',
  'memberof',
  'objectclass',
  'objectcategory',
  'dnshostname',
  'cn',
  'name',
]);

/**
 * The indexes built with the tree, before the server answers (so that no client's first search
 * pays for one): the attributes accounts are looked up and enumerated by, all of which an
 * account entry answers without being assembled (entry-builder.ts LIGHT_ATTRIBUTES). The others
 * are built when a filter first asks for them.
 */
export const PREBUILT: readonly string[] = ['samaccountname', 'userprincipalname', 'serviceprincipalname', 'objectclass', 'objectcategory'];
const REPEATED: ReadonlySet<string> = new Set(['objectclass', 'objectcategory']);

/** A Key as a Map key: the type tag keeps `keysEqual`'s rule that keys of different types never match. */
function keyString(k: Key): string {
  if (typeof k === 'string') return `s${k}`;
  if (typeof k === 'bigint') return `i${k}`;
  return `b${hex(k)}`;
}

const NONE: readonly TreeEntry[] = Object.freeze([]);

export class AttributeIndexes {
  private readonly built = new Map<string, Map<string, TreeEntry[]>>();
  private readonly all: readonly TreeEntry[];

  constructor(all: readonly TreeEntry[], prebuilt: readonly string[] = PREBUILT) {
    this.all = all;
    for (const a of prebuilt) this.index(a);
  }

  /** The entries with a value whose key equals `want`, in directory order (`attribute` lower case, indexed). */
  lookup(attribute: string, want: Key): readonly TreeEntry[] {
    return this.index(attribute).get(keyString(want)) ?? NONE;
  }

  /** Attributes whose index exists (built by a search so far). */
  get builtAttributes(): string[] {
    return [...this.built.keys()];
  }

  private index(attribute: string): Map<string, TreeEntry[]> {
    let ix = this.built.get(attribute);
    if (ix) return ix;
    ix = new Map();
    const kind = matchKindOf(attribute);
    // objectClass and objectCategory values repeat on every entry: their keys are worked out once.
    const memo = REPEATED.has(attribute) ? new Map<string, string | undefined>() : undefined;
    for (const t of this.all) {
      const attrs = t.entry.attributes;
      const values = attrs instanceof LazyAttributes ? attrs.valuesOf(attribute) : attrs.get(attribute)?.values;
      if (!values) continue;
      for (const v of values) {
        let s: string | undefined;
        if (memo !== undefined && typeof v === 'string' && memo.has(v)) s = memo.get(v);
        else {
          const k = keyOf(kind, v);
          s = k === undefined ? undefined : keyString(k);
          if (memo !== undefined && typeof v === 'string') memo.set(v, s);
        }
        if (s === undefined) continue;
        const list = ix.get(s);
        if (!list) ix.set(s, [t]);
        else if (list[list.length - 1] !== t) list.push(t);
      }
    }
    this.built.set(attribute, ix);
    return ix;
  }
}

/** Merges lists in directory order into one, without duplicates. */
function union(lists: readonly (readonly TreeEntry[])[]): TreeEntry[] {
  const seen = new Set<TreeEntry>();
  const out: TreeEntry[] = [];
  for (const l of lists) for (const t of l) if (!seen.has(t)) (seen.add(t), out.push(t));
  return out.sort((a, b) => a.order - b.order);
}

/**
 * The entries `f` can match, as an index lookup: a superset of the matches in directory order, or
 * undefined when the filter has no indexed equality to narrow by (the caller scans).
 *   - equality (and approx, which AD evaluates as equality) on an indexed attribute without options;
 *   - AND: the smallest candidate list of its indexed parts;
 *   - OR: the union, when every part is indexed.
 */
export function candidatesFor(ix: AttributeIndexes, ctx: EvalContext, f: Filter): readonly TreeEntry[] | undefined {
  switch (f.type) {
    case 'equalityMatch':
    case 'approxMatch': {
      if (f.attribute.includes(';')) return undefined;
      const name = f.attribute.toLowerCase();
      if (!INDEXED_ATTRIBUTES.has(name)) return undefined;
      const want = assertionKey(ctx, f.attribute, f.value);
      return want === undefined ? NONE : ix.lookup(name, want);
    }
    case 'and': {
      let best: readonly TreeEntry[] | undefined;
      for (const part of f.filters) {
        const c = candidatesFor(ix, ctx, part);
        if (c !== undefined && (best === undefined || c.length < best.length)) best = c;
        if (best !== undefined && best.length === 0) break;
      }
      return best;
    }
    case 'or': {
      if (f.filters.length === 0) return undefined;
      const parts: (readonly TreeEntry[])[] = [];
      for (const part of f.filters) {
        const c = candidatesFor(ix, ctx, part);
        if (c === undefined) return undefined;
        parts.push(c);
      }
      return parts.length === 1 ? parts[0] : union(parts);
    }
    default:
      return undefined;
  }
}
