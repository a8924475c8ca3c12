/**
 * The equality indexes (emulator/ldap/attr-index.ts) and the streaming match cursor give the
 * answer a scan gives: for many filters built from the directory's own values (sAMAccountName,
 * UPN, SPN, objectSid as bytes and as S-1-..., objectGUID, member and memberOf as DNs and as
 * <SID=...>, objectClass by name and OID, objectCategory shorthands, misses, case variants), alone
 * and inside AND, OR and NOT with unindexed parts, over several bases and scopes on the LDAP and
 * GC ports, unpaged and paged, the entries equal those of evaluating the filter on every entry of
 * the scope (the search as it was before the indexes, written out here). Then the same on a
 * directory of 20,000 users built from scenario data (no YAML, no key derivation).
 */
import { describe, expect, it } from 'vitest';
import { sidFromBytes } from '../../../emulator/directory/ids.ts';
import type { AttributeValue, Directory } from '../../../emulator/directory/model.ts';
import { escapeValue, OID, LDAP_RESULT, decodePagedResults, pagedResultsControl, parseFilter, type SearchRequest } from '../../../emulator/ldap/codec/index.ts';
import { candidatesFor, PREBUILT } from '../../../emulator/ldap/attr-index.ts';
import { evaluate } from '../../../emulator/ldap/filter-eval.ts';
import { search, type SearchContext } from '../../../emulator/ldap/search.ts';
import { DirectoryTree, type TreeEntry } from '../../../emulator/ldap/tree.ts';
import { bigDirectory } from '../../support/big-directory.ts';
import { multi, searchContext, treeOf } from './helpers.ts';

/** A small deterministic PRNG (mulberry32): the same filters on every run. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const enc = new TextEncoder();
const text = (v: AttributeValue) => (typeof v === 'string' ? v : new TextDecoder().decode(v));
const esc = (s: string) => escapeValue(enc.encode(s));
const flipCase = (s: string, r: (n: number) => number) => [...s].map((c) => (r(2) ? c.toUpperCase() : c.toLowerCase())).join('');

/** Filter atoms built from what the directory holds: indexed equalities (hits, misses, variants) and unindexed tests. */
function atoms(tree: DirectoryTree, r: (n: number) => number): string[] {
  const out: string[] = [];
  const pick = <T,>(xs: readonly T[]) => xs[r(xs.length)];
  const withAttr = (a: string) => tree.all.filter((t) => t.entry.attributes.has(a));
  const values = (a: string) => withAttr(a).flatMap((t) => [...(t.entry.attributes.get(a)?.values ?? [])]);
  const sample = <T,>(xs: readonly T[], n: number) => (xs.length <= n ? [...xs] : Array.from({ length: n }, () => pick(xs)));
  for (const a of ['sAMAccountName', 'userPrincipalName', 'servicePrincipalName', 'dNSHostName', 'cn', 'name']) {
    for (const v of sample(values(a.toLowerCase()), 12)) out.push(`(${a}=${esc(flipCase(text(v), r))})`, `(${a}~=${esc(text(v))})`);
    out.push(`(${a}=nosuch-${r(1000)})`);
  }
  for (const v of sample(values('objectsid'), 12)) {
    const b = v as Uint8Array;
    out.push(`(objectSid=${escapeValue(b)})`, `(objectSid=${sidFromBytes(b)})`);
  }
  out.push('(objectSid=S-1-5-21-1-2-3-999999)', '(objectSid=not-a-sid)');
  for (const v of sample(values('objectguid'), 8)) out.push(`(objectGUID=${escapeValue(v as Uint8Array)})`);
  for (const a of ['member', 'memberOf']) {
    for (const v of sample(values(a.toLowerCase()), 10)) {
      out.push(`(${a}=${esc(flipCase(text(v), r))})`);
      const target = tree.byDn(text(v));
      const sid = target?.entry.attributes.get('objectsid')?.values[0];
      if (sid instanceof Uint8Array) out.push(`(${a}=<SID=${sidFromBytes(sid)}>)`);
    }
    out.push(`(${a}=CN=Nobody,${tree.directory.domain.dn})`);
  }
  out.push('(objectClass=user)', '(objectClass=computer)', '(objectClass=GROUP)', '(objectClass=1.2.840.113556.1.5.9)', '(objectClass=organizationalUnit)', '(objectClass=top)');
  out.push('(objectCategory=person)', '(objectCategory=computer)', '(objectCategory=group)', '(objectCategory=nosuchclass)');
  out.push(`(objectCategory=CN=Person,${tree.directory.domain.schemaDn})`);
  // Unindexed parts the planner must leave to evaluation.
  out.push('(description=*)', '(userAccountControl:1.2.840.113556.1.4.803:=2)', '(displayName=A*)', '(sAMAccountName=a*)', '(objectClass=*)', '(whenCreated>=20000101000000.0Z)', '(member;range=0-*=x)');
  return out;
}

function filterOf(atomList: string[], r: (n: number) => number, depth = 0): string {
  const k = depth > 1 ? 0 : r(6);
  if (k <= 2) return atomList[r(atomList.length)];
  const n = 1 + r(3);
  const parts = Array.from({ length: n }, () => filterOf(atomList, r, depth + 1)).join('');
  if (k === 3) return `(&${parts})`;
  if (k === 4) return `(|${parts})`;
  return `(!${filterOf(atomList, r, depth + 1)})`;
}

/** The scan: every entry of the scope in directory order, the filter evaluated on each. */
function scan(ctx: SearchContext, base: string, scope: 0 | 1 | 2, filter: string): string[] {
  const tree = ctx.tree;
  const f = parseFilter(filter);
  let set: readonly TreeEntry[];
  if (base === '') set = tree.all;
  else {
    const b = tree.byDn(base)!;
    const gc = ctx.globalCatalog;
    if (scope === 0) set = [b];
    else if (scope === 1) set = tree.all.filter((e) => e.parent === b.norm && (gc || e.nc === b.nc));
    else set = tree.all.filter((e) => (e === b || e.norm.endsWith(`,${b.norm}`)) && (gc || e.nc === b.nc));
  }
  return set.filter((t) => evaluate({ tree }, t, f)).map((t) => t.entry.dn);
}

function request(base: string, scope: 0 | 1 | 2, filter: string): SearchRequest {
  return { op: 'searchRequest', baseObject: base, scope, derefAliases: 0, sizeLimit: 0, timeLimit: 0, typesOnly: false, filter: parseFilter(filter), attributes: ['1.1'] };
}

/** The entries of a paged search, page by page (page size `size`). */
function paged(ctx: SearchContext, req: SearchRequest, size: number): string[] {
  const dns: string[] = [];
  let cookie: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < 100_000; i++) {
    const out = search(ctx, req, [pagedResultsControl({ size, cookie })]);
    expect(out.result.resultCode).toBe(LDAP_RESULT.success);
    expect(out.entries.length).toBeLessThanOrEqual(size);
    dns.push(...out.entries.map((e) => e.objectName));
    const c = out.controls?.find((x) => x.type === OID.pagedResults);
    cookie = decodePagedResults(c!.value).cookie;
    if (cookie.length === 0) return dns;
  }
  throw new Error('paged search did not end');
}

function bases(d: Directory, tree: DirectoryTree): string[] {
  const ous = tree.all.filter((t) => t.entry.attributes.get('objectclass')?.values.some((v) => text(v).toLowerCase() === 'organizationalunit')).map((t) => t.entry.dn);
  return [d.domain.dn, `CN=Users,${d.domain.dn}`, ...ous.slice(0, 3), d.domain.configurationDn];
}

function check(ctx: SearchContext, base: string, scope: 0 | 1 | 2, filter: string): number {
  const want = scan(ctx, base, scope, filter);
  const out = search(ctx, request(base, scope, filter));
  const context = `${ctx.globalCatalog ? 'gc' : 'ldap'} base=${base} scope=${scope} ${filter}`;
  expect(out.result.resultCode, context).toBe(want.length > ctx.maxPageSize ? LDAP_RESULT.sizeLimitExceeded : LDAP_RESULT.success);
  expect(out.entries.map((e) => e.objectName), context).toEqual(want.slice(0, ctx.maxPageSize));
  return want.length;
}

describe('indexed search equals the scan', () => {
  const d = multi();
  const tree = treeOf(d);

  it('over 600 generated filters, bases, scopes and both ports', () => {
    const r = prng(10);
    const list = atoms(tree, r);
    const bs = bases(d, tree);
    let nonEmpty = 0;
    let indexed = 0;
    for (let i = 0; i < 600; i++) {
      const filter = filterOf(list, r);
      const gc = r(4) === 0;
      const ctx = searchContext(d, { globalCatalog: gc });
      const base = gc && r(2) ? '' : bs[r(bs.length)];
      const scope = base === '' ? 2 : ([0, 1, 2, 2] as const)[r(4)];
      if (candidatesFor(tree.indexes, { tree }, parseFilter(filter)) !== undefined) indexed++;
      if (check(ctx, base, scope, filter) > 0) nonEmpty++;
    }
    // The generator really exercised both paths and found entries.
    expect(indexed).toBeGreaterThan(300);
    expect(nonEmpty).toBeGreaterThan(150);
  });

  it('every atom alone, subtree from the domain on the LDAP port and from the root on the GC', () => {
    const list = atoms(tree, prng(11));
    for (const a of list) {
      check(searchContext(d), d.domain.dn, 2, a);
      check(searchContext(d, { globalCatalog: true }), '', 2, a);
    }
  });

  it('paged searches (the cursor kept between pages) return the scan in order', () => {
    const r = prng(12);
    const list = atoms(tree, r);
    for (let i = 0; i < 80; i++) {
      const filter = i % 4 === 0 ? '(objectClass=*)' : filterOf(list, r);
      const ctx = searchContext(d);
      const want = scan(ctx, d.domain.dn, 2, filter);
      expect(paged(ctx, request(d.domain.dn, 2, filter), 1 + r(5)), filter).toEqual(want);
    }
  });

  it('the indexes answer through the planner: an indexed equality narrows to its entries', () => {
    const alice = candidatesFor(tree.indexes, { tree }, parseFilter('(sAMAccountName=ALICE)'))!;
    expect(alice.map((t) => t.entry.dn)).toEqual([d.accountBySam('alice')!.dn]);
    expect(candidatesFor(tree.indexes, { tree }, parseFilter('(description=x)'))).toBeUndefined();
    expect(candidatesFor(tree.indexes, { tree }, parseFilter('(|(sAMAccountName=alice)(description=x))'))).toBeUndefined();
    expect(candidatesFor(tree.indexes, { tree }, parseFilter('(&(description=x)(sAMAccountName=alice))'))!.length).toBe(1);
    expect(tree.indexes.builtAttributes).toContain('samaccountname');
  });

  it('a new tree has the PREBUILT indexes before any search, and the others only once asked for', () => {
    const fresh = new DirectoryTree(d);
    expect(fresh.indexes.builtAttributes.sort()).toEqual([...PREBUILT].sort());
    expect(candidatesFor(fresh.indexes, { tree: fresh }, parseFilter('(cn=alice)'))!.map((t) => t.entry.dn)).toEqual([d.accountBySam('alice')!.dn]);
    expect(fresh.indexes.builtAttributes).toContain('cn');
    expect(fresh.indexes.builtAttributes).not.toContain('member');
  });
});

describe('a directory of 20,000 users', () => {
  it('answers indexed lookups as the scan does', () => {
    const d = bigDirectory(20_000);
    const tree = treeOf(d);
    expect(tree.all.filter((t) => t.entry.attributes.get('objectclass')?.values.some((v) => text(v) === 'user')).length).toBeGreaterThanOrEqual(20_000);
    const r = prng(20);
    const ctx = searchContext(d, { bound: d.accountBySam('user1'), maxPageSize: 1000 });
    const lookups: string[] = [];
    for (let i = 0; i < 12; i++) {
      const u = d.accountBySam(`user${r(20_000)}`)!;
      const sid = d.accountBySam(u.samAccountName)!.sid;
      lookups.push(`(sAMAccountName=${u.samAccountName})`, `(userPrincipalName=${u.samAccountName.toUpperCase()}@fabrikam.local)`, `(objectSid=${sid})`, `(&(objectCategory=person)(sAMAccountName=${u.samAccountName}))`);
    }
    for (let g = 0; g < 5; g++) lookups.push(`(memberOf=CN=group${g * 17},CN=Users,${d.domain.dn})`, `(&(objectClass=group)(member=<SID=${d.accountBySam(`user${g * 170 + 3}`)!.sid}>))`);
    lookups.push('(servicePrincipalName=http/ws7.fabrikam.local)', '(|(sAMAccountName=user5)(sAMAccountName=user19999)(sAMAccountName=nosuch))');
    for (const f of lookups) {
      const n = check(ctx, d.domain.dn, 2, f);
      if (!f.includes('nosuch') && !f.startsWith('(memberOf') && !f.includes('member=')) expect(n, f).toBe(1);
    }
    // A paged enumeration of every user streams through all of them in directory order.
    const want = scan(ctx, d.domain.dn, 2, '(objectCategory=person)');
    expect(want.length).toBeGreaterThanOrEqual(20_000);
    expect(paged(ctx, request(d.domain.dn, 2, '(objectCategory=person)'), 1000)).toEqual(want);
  }, 120_000);
});
