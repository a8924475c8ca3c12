/**
 * The search operation (RFC 4511 4.5) with AD's behaviour: rootDSE anonymously (and the Netlogon
 * LDAP ping over TCP), a bind required below it, extended-DN bases, scopes bounded by naming
 * context on the LDAP port (continuation references to the subordinate NCs) and forest-wide on
 * the global catalog port, size limits (sizeLimitExceeded with the entries up to the limit) and
 * the paged results control.
 */
import type { Account, Directory, DomainController } from '../directory/model.ts';
import { guidFromBytes, sidFromBytes } from '../directory/ids.ts';
import { hex } from '../core/bytes.ts';
import {
  EXTENDED_DN_OID,
  LDAP_RESULT,
  LdapDecodeError,
  OID,
  ldapError,
  decodeExtendedDnFlag,
  decodePagedResults,
  filterToString,
  findControl,
  pagedResultsControl,
  type Control,
  type Filter,
  type LdapResult,
  type SearchRequest,
  type SearchResultEntry,
} from './codec/index.ts';
import { resolveBase } from './base.ts';
import { DIAG, errors } from './diagnostics.ts';
import { evaluate } from './filter-eval.ts';
import type { PagedSearches } from './paging.ts';
import { rootDseAttributes, SUPPORTED_CONTROLS } from './rootdse.ts';
import { parseSelection, selectAttributes, type Selection } from './select.ts';
import { valueBytes } from './schema.ts';
import type { DirectoryTree, TreeEntry } from './tree.ts';

/** The Netlogon ping hook (emulator/ldap/netlogon): the attribute value, or null for no answer. */
export type NetlogonAnswer = (filter: Filter) => Uint8Array | null;

export interface SearchContext {
  readonly tree: DirectoryTree;
  readonly directory: Directory;
  readonly dc: DomainController;
  readonly globalCatalog: boolean;
  readonly bound: Account | undefined;
  readonly nowMs: number;
  readonly paging: PagedSearches;
  /** AD's MaxPageSize: the most entries one page (or an unpaged search) returns. */
  readonly maxPageSize: number;
  readonly netlogon?: NetlogonAnswer;
}

export interface SearchOutcome {
  readonly entries: SearchResultEntry[];
  readonly refs: string[];
  readonly result: LdapResult;
  readonly controls?: Control[];
}

const ok = (code: number = LDAP_RESULT.success): LdapResult => ({ resultCode: code, matchedDN: '', diagnosticMessage: '' });

function rootDse(ctx: SearchContext, req: SearchRequest): SearchOutcome {
  const lowered = req.attributes.map((a) => a.toLowerCase());
  if (lowered.includes('netlogon') && ctx.netlogon) {
    // A ping the DC does not answer gets SearchResultDone alone, as Samba answers it over TCP too
    // (test/vectors/samba-netlogon/samba-clients.json, tcp-wrong-domain).
    const blob = ctx.netlogon(req.filter);
    if (!blob) return { entries: [], refs: [], result: ok() };
    const attributes = [{ type: 'Netlogon', values: req.typesOnly ? [] : [blob] }];
    return { entries: [{ op: 'searchResEntry', objectName: '', attributes }], refs: [], result: ok() };
  }
  const sel = parseSelection(req.attributes);
  const attrs = rootDseAttributes({ directory: ctx.directory, dc: ctx.dc, nowMs: ctx.nowMs }).filter(
    (a) => !sel.none && ((a.byDefault && (sel.all || sel.plus)) || sel.named.has(a.name.toLowerCase())),
  );
  const attributes = attrs.map((a) => ({ type: a.name, values: req.typesOnly ? [] : a.values.map(valueBytes) }));
  return { entries: [{ op: 'searchResEntry', objectName: '', attributes }], refs: [], result: ok() };
}

/** DNs in `<GUID=...>;<SID=...>;dn` form for the extended-DN control (flag 0 hex, 1 string). */
function extendedDn(t: TreeEntry, flag: number): string {
  const g = t.entry.attributes.get('objectguid')?.values[0];
  const s = t.entry.attributes.get('objectsid')?.values[0];
  const parts: string[] = [];
  if (g instanceof Uint8Array) parts.push(`<GUID=${flag === 1 ? guidFromBytes(g) : hex(g)}>`);
  if (s instanceof Uint8Array) parts.push(`<SID=${flag === 1 ? sidFromBytes(s) : hex(s)}>`);
  return [...parts, t.entry.dn].join(';');
}

function candidates(ctx: SearchContext, base: TreeEntry, scope: 0 | 1 | 2): TreeEntry[] {
  if (scope === 0) return [base];
  if (scope === 1) return ctx.tree.children(base).filter((c) => ctx.globalCatalog || c.nc === base.nc);
  return ctx.tree.subtree(base, !ctx.globalCatalog);
}

/** Continuation references for the NCs below a subtree search's base (LDAP port only). */
function references(ctx: SearchContext, base: TreeEntry, scope: 0 | 1 | 2): string[] {
  if (ctx.globalCatalog || scope !== 2) return [];
  const d = ctx.directory.domain;
  return ctx.tree.subordinateNcs(base).map((nc) => {
    const host = nc === d.domainDnsZonesDn ? `DomainDnsZones.${d.dnsName}` : nc === d.forestDnsZonesDn ? `ForestDnsZones.${d.forestName}` : d.forestName;
    return `ldap://${host}/${nc}`;
  });
}

/** A control value that does not decode is a protocolError (RFC 4511 4.1.11). */
function controlValue<T>(decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (e instanceof LdapDecodeError) throw ldapError('protocolError', DIAG.malformed);
    throw e;
  }
}

function checkControls(controls: readonly Control[] | undefined): void {
  for (const c of controls ?? []) if (c.criticality && !SUPPORTED_CONTROLS.includes(c.type)) throw errors.criticalControl(c.type);
}

function signature(req: SearchRequest): string {
  return JSON.stringify([req.baseObject.toLowerCase(), req.scope, filterToString(req.filter), req.attributes.map((a) => a.toLowerCase()), req.typesOnly]);
}

export function search(ctx: SearchContext, req: SearchRequest, controls?: readonly Control[]): SearchOutcome {
  checkControls(controls);
  if (req.baseObject === '' && req.scope === 0) return rootDse(ctx, req);
  if (!ctx.bound) throw errors.bindRequired();

  const paged = findControl(controls, OID.pagedResults);
  const page = paged ? controlValue(() => decodePagedResults(paged.value)) : undefined;
  const sig = signature(req);
  const sel: Selection = parseSelection(req.attributes);
  const extDnControl = findControl(controls, EXTENDED_DN_OID);
  const extDn = extDnControl ? controlValue(() => decodeExtendedDnFlag(extDnControl.value)) : undefined;

  let matches: readonly TreeEntry[];
  let sent = 0;
  let refs: string[] = [];
  if (page && page.cookie.length > 0) {
    const state = ctx.paging.take(page.cookie, sig);
    if (!state) throw errors.badCookie();
    // A page size of 0 with a cookie abandons the paged search (RFC 2696 section 3).
    if (page.size === 0) return { entries: [], refs: [], result: ok(), controls: [pagedResultsControl({ size: 0, cookie: new Uint8Array(0) })] };
    matches = state.remaining;
    sent = state.sent;
    refs = [...state.refs];
  } else if (req.baseObject === '' && !ctx.globalCatalog) {
    // Below the rootDSE on the LDAP port there is nothing but the naming contexts: refer to the domain.
    return { entries: [], refs: [`ldap://${ctx.directory.domain.dnsName}/${ctx.directory.domain.dn}`], result: ok() };
  } else {
    const scopeSet = req.baseObject === '' ? ctx.tree.everything() : candidates(ctx, resolveBase(ctx.tree, req.baseObject), req.scope);
    matches = scopeSet.filter((t) => evaluate({ tree: ctx.tree }, t, req.filter));
    if (req.baseObject !== '') refs = references(ctx, resolveBase(ctx.tree, req.baseObject), req.scope);
  }

  const sizeLimit = req.sizeLimit > 0 ? req.sizeLimit : Infinity;
  const pageSize = page ? Math.min(page.size || ctx.maxPageSize, ctx.maxPageSize) : ctx.maxPageSize;
  const allowed = Math.max(0, sizeLimit - sent);
  const take = Math.min(pageSize, allowed, matches.length);
  const scope = req.scope;
  const entries: SearchResultEntry[] = matches.slice(0, take).map((t) => ({
    op: 'searchResEntry',
    objectName: extDn !== undefined ? extendedDn(t, extDn) : t.entry.dn,
    attributes: selectAttributes({ tree: ctx.tree, directory: ctx.directory, scope, nowMs: ctx.nowMs }, t, sel, req.typesOnly),
  }));
  const rest = matches.slice(take);

  if (take < matches.length && take === allowed) {
    // The client's size limit is reached (AD counts it across pages).
    return { entries, refs: [], result: ok(LDAP_RESULT.sizeLimitExceeded), ...(page ? { controls: [pagedResultsControl({ size: 0, cookie: new Uint8Array(0) })] } : {}) };
  }
  if (page) {
    if (rest.length === 0) return { entries, refs, result: ok(), controls: [pagedResultsControl({ size: 0, cookie: new Uint8Array(0) })] };
    const cookie = ctx.paging.save({ signature: sig, remaining: rest, sent: sent + take, refs });
    // References travel with the last page.
    return { entries, refs: [], result: ok(), controls: [pagedResultsControl({ size: 0, cookie })] };
  }
  if (rest.length > 0) return { entries, refs: [], result: ok(LDAP_RESULT.sizeLimitExceeded) };
  return { entries, refs, result: ok() };
}
