/**
 * The search operation (RFC 4511 4.5) with AD's behaviour: rootDSE anonymously (and the Netlogon
 * LDAP ping over TCP), a bind required below it, extended-DN bases, scopes bounded by naming
 * context on the LDAP port (continuation references to the subordinate NCs) and forest-wide on
 * the global catalog port, size limits (sizeLimitExceeded with the entries up to the limit), the
 * paged results control, server-side sorting (sort.ts, RFC 2891) and the domain scope control (no
 * referrals). Controls AD advertises that the lab does not implement are refused when critical
 * (unavailableCriticalExtension) instead of being silently ignored; non-critical ones are ignored,
 * as RFC 4511 4.1.11 allows.
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
  SORT_OID,
  decodeSortKeyList,
  sortResultControl,
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
import { planSort, sortEntries, type SortPlan } from './sort.ts';
import { candidatesFor } from './attr-index.ts';
import { MatchCursor } from './matches.ts';
import { inScope, type DirectoryTree, type TreeEntry } from './tree.ts';

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

/**
 * The matches of a search in directory order, as a cursor (matches.ts): the candidates of an
 * equality index when the filter has one (attr-index.ts), else the scope's entries, each tested
 * for scope and filter as the cursor reaches it. `base` undefined is the whole forest (GC root).
 */
function matchCursor(ctx: SearchContext, base: TreeEntry | undefined, scope: 0 | 1 | 2, filter: Filter): MatchCursor {
  const ev = { tree: ctx.tree };
  const crossNc = ctx.globalCatalog;
  const matches = (t: TreeEntry) => evaluate(ev, t, filter);
  if (base === undefined) {
    const indexed = candidatesFor(ctx.tree.indexes, ev, filter);
    return new MatchCursor(indexed ?? ctx.tree.everything(), matches);
  }
  if (scope === 0) return new MatchCursor([base], matches);
  const indexed = candidatesFor(ctx.tree.indexes, ev, filter);
  if (indexed !== undefined) return new MatchCursor(indexed, (t) => inScope(t, base, scope, crossNc) && matches(t));
  if (scope === 1) return new MatchCursor(ctx.tree.children(base), (t) => (crossNc || t.nc === base.nc) && matches(t));
  return new MatchCursor(ctx.tree.everything(), (t) => inScope(t, base, 2, crossNc) && matches(t));
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

/** LDAP_SERVER_DOMAIN_SCOPE_OID (MS-ADTS 3.1.1.3.4.1.15): the search generates no referrals. */
const DOMAIN_SCOPE_OID = '1.2.840.113556.1.4.1339';

/**
 * Search controls in AD's supportedControl list that the lab does not implement: honouring them
 * takes state or results the lab does not have (change notification, DirSync cookies, VLV
 * windows, attribute-scoped queries, statistics, ranged values, phantom-root search options,
 * expected entry counts). Critical, they are refused; ignoring them would answer another question.
 */
const NOT_IMPLEMENTED: ReadonlySet<string> = new Set([
  '1.2.840.113556.1.4.528', // LDAP_SERVER_NOTIFICATION_OID
  '1.2.840.113556.1.4.841', // LDAP_SERVER_DIRSYNC_OID
  '1.2.840.113556.1.4.2090', // LDAP_SERVER_DIRSYNC_EX_OID
  '2.16.840.1.113730.3.4.9', // LDAP_CONTROL_VLVREQUEST
  '1.2.840.113556.1.4.1504', // LDAP_SERVER_ASQ_OID
  '1.2.840.113556.1.4.970', // LDAP_SERVER_GET_STATS_OID
  '1.2.840.113556.1.4.2205', // LDAP_SERVER_UPDATE_STATS_OID
  '1.2.840.113556.1.4.802', // LDAP_SERVER_RANGE_OPTION_OID
  '1.2.840.113556.1.4.1340', // LDAP_SERVER_SEARCH_OPTIONS_OID
  '1.2.840.113556.1.4.2211', // LDAP_SERVER_EXPECTED_ENTRY_COUNT_OID
]);

function checkControls(controls: readonly Control[] | undefined): void {
  for (const c of controls ?? []) {
    if (!c.criticality) continue;
    if (!SUPPORTED_CONTROLS.includes(c.type)) throw errors.criticalControl(c.type);
    if (NOT_IMPLEMENTED.has(c.type)) throw errors.controlNotImplemented(c.type);
  }
}

function signature(req: SearchRequest): string {
  return JSON.stringify([req.baseObject.toLowerCase(), req.scope, filterToString(req.filter), req.attributes.map((a) => a.toLowerCase()), req.typesOnly]);
}

export function search(ctx: SearchContext, req: SearchRequest, controls?: readonly Control[]): SearchOutcome {
  checkControls(controls);
  const sortControl = findControl(controls, SORT_OID);
  const plan: SortPlan | undefined = sortControl ? planSort(controlValue(() => decodeSortKeyList(sortControl.value))) : undefined;
  if (plan && !plan.ok && sortControl!.criticality) {
    // RFC 2891 section 2: a critical sort that cannot be done fails the search; the SortResult says why.
    const diagnosticMessage = DIAG.sortRefused(plan.sortResult, plan.attributeType);
    return { entries: [], refs: [], result: { resultCode: LDAP_RESULT.unavailableCriticalExtension, matchedDN: '', diagnosticMessage }, controls: [sortResultControl(plan)] };
  }
  const out = searchEntries(ctx, req, controls, plan?.ok ? plan : undefined);
  const refs = findControl(controls, DOMAIN_SCOPE_OID) ? [] : out.refs;
  const done = plan ? [...(out.controls ?? []), sortResultControl(plan.ok ? { sortResult: LDAP_RESULT.success } : plan)] : out.controls;
  return { ...out, refs, ...(done ? { controls: done } : {}) };
}

function searchEntries(ctx: SearchContext, req: SearchRequest, controls: readonly Control[] | undefined, order: Extract<SortPlan, { ok: true }> | undefined): SearchOutcome {
  if (req.baseObject === '' && req.scope === 0) return rootDse(ctx, req);
  if (!ctx.bound) throw errors.bindRequired();

  const paged = findControl(controls, OID.pagedResults);
  const page = paged ? controlValue(() => decodePagedResults(paged.value)) : undefined;
  const sig = signature(req);
  const sel: Selection = parseSelection(req.attributes);
  const extDnControl = findControl(controls, EXTENDED_DN_OID);
  const extDn = extDnControl ? controlValue(() => decodeExtendedDnFlag(extDnControl.value)) : undefined;

  let matches: MatchCursor;
  let sent = 0;
  let refs: string[] = [];
  if (page && page.cookie.length > 0) {
    const state = ctx.paging.take(page.cookie, sig);
    if (!state) throw errors.badCookie();
    // A page size of 0 with a cookie abandons the paged search (RFC 2696 section 3).
    if (page.size === 0) return { entries: [], refs: [], result: ok(), controls: [pagedResultsControl({ size: 0, cookie: new Uint8Array(0) })] };
    matches = state.matches;
    sent = state.sent;
    refs = [...state.refs];
  } else if (req.baseObject === '' && !ctx.globalCatalog) {
    // Below the rootDSE on the LDAP port there is nothing but the naming contexts: refer to the domain.
    return { entries: [], refs: [`ldap://${ctx.directory.domain.dnsName}/${ctx.directory.domain.dn}`], result: ok() };
  } else {
    const base = req.baseObject === '' ? undefined : resolveBase(ctx.tree, req.baseObject);
    matches = matchCursor(ctx, base, req.scope, req.filter);
    // Sorting needs every match before the first page.
    if (order) matches = MatchCursor.of(sortEntries(matches.rest(), order));
    if (base) refs = references(ctx, base, req.scope);
  }

  const sizeLimit = req.sizeLimit > 0 ? req.sizeLimit : Infinity;
  const pageSize = page ? Math.min(page.size || ctx.maxPageSize, ctx.maxPageSize) : ctx.maxPageSize;
  const allowed = Math.max(0, sizeLimit - sent);
  const taken = matches.take(Math.min(pageSize, allowed));
  const more = matches.hasMore();
  const scope = req.scope;
  const entries: SearchResultEntry[] = taken.map((t) => ({
    op: 'searchResEntry',
    objectName: extDn !== undefined ? extendedDn(t, extDn) : t.entry.dn,
    attributes: selectAttributes({ tree: ctx.tree, directory: ctx.directory, scope, nowMs: ctx.nowMs }, t, sel, req.typesOnly),
  }));
  if (more && taken.length === allowed) {
    // The client's size limit is reached (AD counts it across pages).
    return { entries, refs: [], result: ok(LDAP_RESULT.sizeLimitExceeded), ...(page ? { controls: [pagedResultsControl({ size: 0, cookie: new Uint8Array(0) })] } : {}) };
  }
  if (page) {
    if (!more) return { entries, refs, result: ok(), controls: [pagedResultsControl({ size: 0, cookie: new Uint8Array(0) })] };
    const cookie = ctx.paging.save({ signature: sig, matches, sent: sent + taken.length, refs });
    // References travel with the last page.
    return { entries, refs: [], result: ok(), controls: [pagedResultsControl({ size: 0, cookie })] };
  }
  if (more) return { entries, refs: [], result: ok(LDAP_RESULT.sizeLimitExceeded) };
  return { entries, refs, result: ok() };
}
