/**
 * What one exchange has learned so far: who the client and server are, which enctypes were asked
 * for and chosen, the directory fact that decided. The handlers fill it in as they go; dispatch
 * reads it to build the KRB-ERROR (cname, sname, realm) when a step throws and to emit the one
 * trace event of the exchange.
 */
import type { PrincipalName } from '../asn1/index.ts';
import type { KdcTraceEvent } from './context.ts';

export type ExchangeKind = 'AS' | 'TGS';

/** How a request arrived: the transport, the peer address and (UDP) the largest reply allowed. */
export interface RequestMeta {
  readonly transport: 'tcp' | 'udp' | 'direct';
  readonly peer?: string;
  /** Replies longer than this become KRB_ERR_RESPONSE_TOO_BIG (UDP). */
  readonly maxReply?: number;
}

/** The state of one AS or TGS exchange, filled in by its steps (see the file comment). */
export class ExchangeRecord {
  /** The client name and realm as the request gave them (KRB-ERROR cname/crealm). */
  cname?: PrincipalName;
  crealm?: string;
  /** The server name and realm as the request gave them (KRB-ERROR sname/realm). */
  sname?: PrincipalName;
  srealm?: string;
  /** The client's ctime/cusec when an authenticator or timestamp was read (KRB-ERROR ctime/cusec). */
  ctime?: number;
  cusec?: number;
  etypes?: readonly number[];
  replyEtype?: number;
  sessionEtype?: number;
  ticketEtype?: number;
  /** The directory fact that decided the verdict (set by the step that decided). */
  fact?: string;
  readonly detail: Record<string, string | number | boolean> = {};

  readonly kind: ExchangeKind;
  readonly meta: RequestMeta;
  constructor(
    kind: ExchangeKind,
    meta: RequestMeta,
  ) {
    this.kind = kind;
    this.meta = meta;
  }

  /** A copy of what this exchange learned, for the same request received again over `meta`. */
  copyFor(meta: RequestMeta): ExchangeRecord {
    const c = new ExchangeRecord(this.kind, meta);
    if (this.cname) c.cname = this.cname;
    if (this.crealm !== undefined) c.crealm = this.crealm;
    if (this.sname) c.sname = this.sname;
    if (this.srealm !== undefined) c.srealm = this.srealm;
    if (this.ctime !== undefined) c.ctime = this.ctime;
    if (this.cusec !== undefined) c.cusec = this.cusec;
    if (this.etypes) c.etypes = this.etypes;
    if (this.replyEtype !== undefined) c.replyEtype = this.replyEtype;
    if (this.sessionEtype !== undefined) c.sessionEtype = this.sessionEtype;
    if (this.ticketEtype !== undefined) c.ticketEtype = this.ticketEtype;
    if (this.fact !== undefined) c.fact = this.fact;
    Object.assign(c.detail, this.detail);
    return c;
  }

  /** The trace event of this exchange with the given verdict fields. */
  event(verdict: Pick<KdcTraceEvent, 'verdict' | 'code' | 'wire' | 'status'>): KdcTraceEvent {
    // Built field by field (no object spreads): this runs once per request.
    const e: { -readonly [K in keyof KdcTraceEvent]: KdcTraceEvent[K] } = { service: 'kdc', step: this.kind, exchange: this.kind, verdict: verdict.verdict };
    if ('code' in verdict) e.code = verdict.code;
    if ('wire' in verdict) e.wire = verdict.wire;
    if ('status' in verdict) e.status = verdict.status;
    if (this.cname) e.client = principalText(this.cname, this.crealm);
    if (this.sname) e.server = principalText(this.sname, this.srealm);
    if (this.etypes) e.etypes = [...this.etypes];
    if (this.replyEtype !== undefined) e.replyEtype = this.replyEtype;
    if (this.sessionEtype !== undefined) e.sessionEtype = this.sessionEtype;
    if (this.ticketEtype !== undefined) e.ticketEtype = this.ticketEtype;
    if (this.fact) e.fact = this.fact;
    e.transport = this.meta.transport;
    if (this.meta.peer) e.peer = this.meta.peer;
    for (const _ in this.detail) {
      e.detail = { ...this.detail };
      break;
    }
    return e;
  }
}

/** `a/b@REALM` as MIT prints a principal (no escaping: for traces and logs only). */
export function principalText(name: PrincipalName, realm?: string): string {
  const n = name.nameString.join('/');
  return realm ? `${n}@${realm}` : n;
}
