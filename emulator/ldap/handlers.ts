/**
 * One handler per protocolOp (a registry keyed by the op, STYLE.md): bind, unbind, search,
 * compare, abandon, extended; writes refused with unwillingToPerform (53). Each handler returns
 * the messages to send and whether to close; LdapErrors become the op's response in one place
 * (`failure`), anything unexpected becomes `other` (80).
 */
import { DecodeError, LdapError } from '../core/errors.ts';
import type { Account } from '../directory/model.ts';
import {
  LDAP_RESULT,
  OID,
  RESPONSE_FOR,
  filterToString,
  ldapError,
  type Control,
  type LdapMessage,
  type LdapResult,
  type OpName,
  type ProtocolOp,
} from './codec/index.ts';
import { resolveBase } from './base.ts';
import { simpleBind } from './bind.ts';
import { DIAG, errors } from './diagnostics.ts';
import { evaluate, valuesOf } from './filter-eval.ts';
import type { PagedSearches } from './paging.ts';
import { search, type SearchContext } from './search.ts';

/** LDAP_SERVER_WHO_AM_I_OID (RFC 4532). */
const WHO_AM_I = '1.3.6.1.4.1.4203.1.11.3';

export interface ConnectionState {
  readonly id: number;
  readonly remoteAddress?: string;
  readonly localAddress?: string;
  bound: Account | undefined;
  readonly paging: PagedSearches;
}

/** One trace record per operation (no passwords, ever). */
export interface LdapEvent {
  readonly listener: 'ldap' | 'gc';
  readonly connection: number;
  readonly messageId: number;
  readonly op: OpName | 'malformed';
  /** Bind name, search base or entry DN. */
  readonly dn: string;
  /** RFC 4515 form of the search filter. */
  readonly filter?: string;
  readonly scope?: number;
  readonly resultCode: number;
  readonly entries: number;
  /** The `data` code of a failed bind (52e, 525, 533, ...). */
  readonly bindData?: string;
}

export type HandlerContext = Omit<SearchContext, 'bound' | 'paging'> & { readonly listener: 'ldap' | 'gc' };

export interface Reply {
  readonly messages: LdapMessage[];
  readonly close: boolean;
  readonly event: Omit<LdapEvent, 'listener' | 'connection' | 'messageId' | 'op'>;
}

const result = (code: number, diagnosticMessage = '', matchedDN = ''): LdapResult => ({ resultCode: code, matchedDN, diagnosticMessage });

function respond(id: number, op: OpName, r: LdapResult, extra: Partial<ProtocolOp> = {}, controls?: Control[]): LdapMessage {
  return { messageId: id, protocolOp: { op, ...r, ...extra } as ProtocolOp, ...(controls && controls.length ? { controls } : {}) };
}

/** The response to a request that failed with `err`. */
export function failure(msg: LdapMessage, err: unknown, dn = ''): Reply {
  const resp = RESPONSE_FOR[msg.protocolOp.op];
  const e = err instanceof LdapError ? err : err instanceof DecodeError ? ldapError('protocolError', DIAG.malformed) : ldapError('other', 'internal error');
  const data = /data ([0-9a-f]{3}),/.exec(e.diagnostic)?.[1];
  if (!resp) return { messages: [], close: false, event: { dn, resultCode: e.resultCode, entries: 0 } };
  return {
    messages: [respond(msg.messageId, resp, result(e.resultCode, e.diagnostic, e.matchedDN))],
    close: false,
    event: { dn, resultCode: e.resultCode, entries: 0, ...(data && msg.protocolOp.op === 'bindRequest' ? { bindData: data } : {}) },
  };
}

type Handler = (ctx: HandlerContext, conn: ConnectionState, msg: LdapMessage) => Reply;

const requireBind = (conn: ConnectionState) => {
  if (!conn.bound) throw errors.bindRequired();
};

const refuseWrite =
  (dnOf: (op: ProtocolOp) => string): Handler =>
  (_ctx, conn, msg) => {
    try {
      requireBind(conn);
      throw errors.readOnly();
    } catch (e) {
      return failure(msg, e, dnOf(msg.protocolOp));
    }
  };

export const HANDLERS: Partial<Record<OpName, Handler>> = {
  bindRequest(ctx, conn, msg) {
    const op = msg.protocolOp as Extract<ProtocolOp, { op: 'bindRequest' }>;
    // A bind resets the connection's identity and its paged searches (RFC 4513 4).
    conn.bound = undefined;
    conn.paging.clear();
    try {
      if (op.version !== 3 && op.version !== 2) throw ldapError('protocolError', DIAG.badVersion);
      if (op.authentication.kind === 'sasl') throw ldapError('authMethodNotSupported', DIAG.saslUnsupported);
      const r = simpleBind(ctx.directory, op.name, op.authentication.password, ctx.nowMs);
      conn.bound = r.anonymous ? undefined : r.account;
      return { messages: [respond(msg.messageId, 'bindResponse', result(0))], close: false, event: { dn: op.name, resultCode: 0, entries: 0 } };
    } catch (e) {
      return failure(msg, e, op.name);
    }
  },
  unbindRequest: () => ({ messages: [], close: true, event: { dn: '', resultCode: 0, entries: 0 } }),
  searchRequest(ctx, conn, msg) {
    const op = msg.protocolOp as Extract<ProtocolOp, { op: 'searchRequest' }>;
    const ev = { dn: op.baseObject, filter: filterToString(op.filter), scope: op.scope };
    try {
      const out = search({ ...ctx, bound: conn.bound, paging: conn.paging }, op, msg.controls);
      const messages: LdapMessage[] = [
        ...out.entries.map((e) => ({ messageId: msg.messageId, protocolOp: e })),
        ...out.refs.map((uri) => ({ messageId: msg.messageId, protocolOp: { op: 'searchResRef' as const, uris: [uri] } })),
        respond(msg.messageId, 'searchResDone', out.result, {}, out.controls),
      ];
      return { messages, close: false, event: { ...ev, resultCode: out.result.resultCode, entries: out.entries.length } };
    } catch (e) {
      const r = failure(msg, e, op.baseObject);
      return { ...r, event: { ...r.event, ...ev } };
    }
  },
  compareRequest(ctx, conn, msg) {
    const op = msg.protocolOp as Extract<ProtocolOp, { op: 'compareRequest' }>;
    try {
      requireBind(conn);
      const t = resolveBase(ctx.tree, op.entry);
      if (valuesOf(t, op.ava.attribute).length === 0) throw ldapError('noSuchAttribute');
      const hit = evaluate({ tree: ctx.tree }, t, { type: 'equalityMatch', attribute: op.ava.attribute, value: op.ava.value });
      const code = hit ? LDAP_RESULT.compareTrue : LDAP_RESULT.compareFalse;
      return { messages: [respond(msg.messageId, 'compareResponse', result(code))], close: false, event: { dn: op.entry, resultCode: code, entries: 0 } };
    } catch (e) {
      return failure(msg, e, op.entry);
    }
  },
  // Operations run to completion before the next is read, so there is nothing left to abandon.
  abandonRequest: () => ({ messages: [], close: false, event: { dn: '', resultCode: 0, entries: 0 } }),
  extendedReq(ctx, conn, msg) {
    const op = msg.protocolOp as Extract<ProtocolOp, { op: 'extendedReq' }>;
    const ev = { dn: op.requestName, entries: 0 };
    if (op.requestName === OID.startTls) {
      // RFC 4511 4.14.2: responseName is the StartTLS OID; a DC without a certificate answers unavailable.
      const r = result(LDAP_RESULT.unavailable, DIAG.noTls);
      return { messages: [respond(msg.messageId, 'extendedResp', r, { responseName: OID.startTls })], close: false, event: { ...ev, resultCode: r.resultCode } };
    }
    if (op.requestName === WHO_AM_I) {
      const id = conn.bound ? `u:${ctx.directory.domain.netbiosName}\\${conn.bound.samAccountName}` : '';
      const value = new TextEncoder().encode(id);
      return { messages: [respond(msg.messageId, 'extendedResp', result(0), { responseValue: value })], close: false, event: { ...ev, resultCode: 0 } };
    }
    const r = result(LDAP_RESULT.protocolError, DIAG.unknownExtended(op.requestName));
    return { messages: [respond(msg.messageId, 'extendedResp', r)], close: false, event: { ...ev, resultCode: r.resultCode } };
  },
  modifyRequest: refuseWrite((o) => (o as Extract<ProtocolOp, { op: 'modifyRequest' }>).object),
  addRequest: refuseWrite((o) => (o as Extract<ProtocolOp, { op: 'addRequest' }>).entry),
  delRequest: refuseWrite((o) => (o as Extract<ProtocolOp, { op: 'delRequest' }>).entry),
  modDNRequest: refuseWrite((o) => (o as Extract<ProtocolOp, { op: 'modDNRequest' }>).entry),
};

/** Dispatches one decoded message. Responses sent by a client are a protocol error: disconnect. */
export function handle(ctx: HandlerContext, conn: ConnectionState, msg: LdapMessage): Reply | undefined {
  const h = HANDLERS[msg.protocolOp.op];
  if (!h) return undefined;
  try {
    return h(ctx, conn, msg);
  } catch (e) {
    return failure(msg, e);
  }
}
