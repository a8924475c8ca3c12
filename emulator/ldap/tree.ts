/**
 * The server's view of the directory: every entry of the model plus the published schema
 * objects, indexed by normalised DN, parent, naming context, objectGUID and objectSid. Searches
 * walk this view; it is built once per server from the immutable directory.
 */
import { isUnder, normalizeDn, splitDn } from '../directory/dn.ts';
import { LazyAttributes } from '../directory/entry-builder.ts';
import { guidFromBytes } from '../directory/ids.ts';
import type { Directory, DirectoryEntry } from '../directory/model.ts';
import { hex } from '../core/bytes.ts';
import { AttributeIndexes } from './attr-index.ts';
import { PublishedSchema } from './schema.ts';

export interface TreeEntry {
  readonly entry: DirectoryEntry;
  readonly norm: string;
  readonly parent: string;
  /** Normalised DN of the naming context holding the entry. */
  readonly nc: string;
  /** Position in directory order (parents before children). */
  readonly order: number;
}

/** How many DN strings byDn remembers the normalised form of. */
const NORM_CACHE_MAX = 4096;

export class DirectoryTree {
  readonly schema: PublishedSchema;
  /** Naming contexts, most specific first (schema before configuration before domain). */
  readonly namingContexts: readonly string[];
  private readonly byNorm = new Map<string, TreeEntry>();
  private readonly kids = new Map<string, TreeEntry[]>();
  #byGuid: Map<string, TreeEntry> | undefined;
  #bySid: Map<string, TreeEntry> | undefined;
  readonly all: readonly TreeEntry[];
  private readonly norms = new Map<string, string | undefined>();
  private readonly subNcs = new Map<TreeEntry, string[]>();
  /** Equality indexes (attr-index.ts), each built on first use. */
  readonly indexes: AttributeIndexes;

  readonly directory: Directory;
  constructor(directory: Directory) {
    this.directory = directory;
    const d = directory.domain;
    this.schema = new PublishedSchema(d);
    this.namingContexts = [d.dn, d.configurationDn, d.schemaDn, d.domainDnsZonesDn, d.forestDnsZonesDn];
    const ncNorms = this.namingContexts.map((n) => normalizeDn(n)!).sort((a, b) => b.length - a.length);
    const ncSuffixes = ncNorms.map((n) => `,${n}`);
    const all: TreeEntry[] = [];
    let lastParent = '';
    let lastKids: TreeEntry[] | undefined;
    const add = (entry: DirectoryEntry) => {
      const norm = normalizeDn(entry.dn);
      if (norm === undefined || this.byNorm.has(norm)) return;
      const parent = parentNorm(norm, entry.dn);
      let nc = '';
      for (let i = 0; i < ncNorms.length; i++) {
        if (norm === ncNorms[i] || norm.endsWith(ncSuffixes[i])) {
          nc = ncNorms[i];
          break;
        }
      }
      const t: TreeEntry = { entry, norm, parent, nc, order: all.length };
      all.push(t);
      this.byNorm.set(norm, t);
      // Siblings come in runs (a container's accounts one after the other): one Map probe per run.
      let list = parent === lastParent ? lastKids : this.kids.get(parent);
      if (list === undefined) this.kids.set(parent, (list = []));
      list.push(t);
      lastParent = parent;
      lastKids = list;
    };
    for (const e of directory.entries) add(e);
    for (const e of this.schema.schemaEntries()) add(e);
    this.all = all;
    this.indexes = new AttributeIndexes(all);
  }

  /** objectGUID (text) -> entry, built on first use (only `<GUID=...>` bases ask). */
  private get byGuid(): Map<string, TreeEntry> {
    if (this.#byGuid) return this.#byGuid;
    const m = new Map<string, TreeEntry>();
    for (const t of this.all) {
      const attrs = t.entry.attributes;
      if (attrs instanceof LazyAttributes) m.set(attrs.guid.toLowerCase(), t);
      else {
        const g = attrs.get('objectguid')?.values[0];
        if (g instanceof Uint8Array && g.length === 16) m.set(guidFromBytes(g), t);
      }
    }
    return (this.#byGuid = m);
  }

  /** objectSid (hex of the binary SID) -> entry, built on first use (only `<SID=...>` bases ask). */
  private get bySid(): Map<string, TreeEntry> {
    if (this.#bySid) return this.#bySid;
    const m = new Map<string, TreeEntry>();
    for (const t of this.all) {
      const s = t.entry.attributes.get('objectsid')?.values[0];
      if (s instanceof Uint8Array) m.set(hex(s), t);
    }
    return (this.#bySid = m);
  }

  /**
   * The entry of a DN in any form (case, spacing, escapes). The normalised form of each DN string
   * asked for is remembered (a client asks for the same base again and again), up to a bound.
   */
  byDn(dn: string): TreeEntry | undefined {
    let n = this.norms.get(dn);
    if (n === undefined && !this.norms.has(dn)) {
      n = normalizeDn(dn);
      if (this.norms.size >= NORM_CACHE_MAX) this.norms.clear();
      this.norms.set(dn, n);
    }
    return n === undefined ? undefined : this.byNorm.get(n);
  }

  byObjectGuid(guid: string): TreeEntry | undefined {
    return this.byGuid.get(guid.toLowerCase());
  }

  /** By the binary objectSid, as hex. */
  bySidHex(sidHex: string): TreeEntry | undefined {
    return this.bySid.get(sidHex.toLowerCase());
  }

  children(t: TreeEntry): readonly TreeEntry[] {
    return this.kids.get(t.norm) ?? [];
  }

  /** The entry and everything below it, in directory order; `sameNc` stops at naming-context boundaries. */
  subtree(t: TreeEntry, sameNc: boolean): TreeEntry[] {
    return this.all.filter((e) => inScope(e, t, 2, !sameNc));
  }

  /** Every entry (GC searches from the root). */
  everything(): readonly TreeEntry[] {
    return this.all;
  }

  /** The deepest existing ancestor of a DN that does not exist (the matchedDN of noSuchObject). */
  matchedDn(dn: string): string {
    let rdns: string[];
    try {
      rdns = splitDn(dn);
    } catch {
      return '';
    }
    for (let i = 1; i < rdns.length; i++) {
      const t = this.byDn(rdns.slice(i).join(','));
      if (t) return t.entry.dn;
    }
    return '';
  }

  /** Naming contexts directly below `t` in another NC (continuation references, RFC 4511 4.5.3); computed once per entry. */
  subordinateNcs(t: TreeEntry): string[] {
    let ncs = this.subNcs.get(t);
    if (!ncs) {
      ncs = this.computeSubordinateNcs(t);
      this.subNcs.set(t, ncs);
    }
    return [...ncs];
  }

  private computeSubordinateNcs(t: TreeEntry): string[] {
    return this.namingContexts.filter((nc) => {
      const n = normalizeDn(nc)!;
      return n !== t.nc && isUnder(nc, t.entry.dn) && n.endsWith(`,${t.nc}`) && !this.namingContexts.some((o) => {
        const on = normalizeDn(o)!;
        return on !== n && on !== t.nc && n.endsWith(`,${on}`) && on.endsWith(`,${t.nc}`);
      });
    });
  }
}

/**
 * Whether `e` is in the scope of a search from `base` (0 base, 1 one level, 2 subtree). Below the
 * global catalog (`crossNc`) a scope crosses naming contexts; on the LDAP port it stops at them.
 */
export function inScope(e: TreeEntry, base: TreeEntry, scope: 0 | 1 | 2, crossNc: boolean): boolean {
  if (scope === 0) return e === base;
  if (!crossNc && e.nc !== base.nc) return false;
  if (scope === 1) return e.parent === base.norm;
  return e === base || e.norm.endsWith(`,${base.norm}`);
}

/**
 * The normalised DN of the parent of `norm` (the normalised form of `dn`): for a DN without
 * escapes or quotes (every DN the directory builds) what follows its first comma, else by parsing.
 */
function parentNorm(norm: string, dn: string): string {
  if (!norm.includes('\\') && !norm.includes('"')) {
    const comma = norm.indexOf(',');
    return comma < 0 ? '' : norm.slice(comma + 1);
  }
  return normalizeDn(splitDn(dn).slice(1).join(',')) ?? '';
}
