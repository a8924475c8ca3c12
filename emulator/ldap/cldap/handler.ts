/**
 * One CLDAP datagram in, at most one datagram out (RFC 1798 as Active Directory uses it: MS-ADTS
 * 6.3.3, the LDAP ping). Pure. Behaviour follows what Samba 4.17's DC does (captures in
 * test/vectors/samba-netlogon/):
 *
 *   - The datagram's first LDAPMessage is served; bytes after it are ignored.
 *   - Undecodable (truncated, bad BER, unknown operation): dropped, no reply.
 *   - Not a searchRequest: SearchResultDone operationsError "Invalid CLDAP request".
 *   - A non-empty base DN / a scope other than base: operationsError "Invalid CLDAP basedn" /
 *     "Invalid CLDAP scope".
 *   - `Netlogon` asked for: the ping is evaluated (netlogon/answer.ts); answered -> a
 *     SearchResultEntry with an empty DN and the Netlogon value, then SearchResultDone success;
 *     not answered -> SearchResultDone success alone.
 *   - Other rootDSE attributes: from `rootDse` when the composition root provides one (the LDAP
 *     server's rootDSE), otherwise none.
 * The entry and the done travel as two LDAPMessages concatenated in the one reply datagram.
 */
import { LDAP_RESULT, decodeMessage, encodeMessage, type LdapMessage, type PartialAttribute, type SearchRequest } from '../codec/index.ts';
import { NETLOGON_ATTRIBUTE, evaluateNetlogonSearch, type NetlogonContext, type NoAnswerReason } from '../netlogon/index.ts';

/** Provides rootDSE attributes (names as asked) for a CLDAP search; [] when it has none of them. */
export type RootDseProvider = (attributes: readonly string[]) => readonly PartialAttribute[];

export interface CldapContext extends NetlogonContext {
  readonly rootDse?: RootDseProvider;
}

export interface CldapEvent {
  readonly service: 'cldap';
  readonly transport: 'udp';
  readonly peer?: string;
  /** ping: a Netlogon search; search: another rootDSE search; refused: an error result; malformed: dropped. */
  readonly kind: 'ping' | 'search' | 'refused' | 'malformed';
  readonly messageId?: number;
  readonly resultCode?: number;
  /** For pings: answered or why not, the response form, opcode and DS_FLAG word. */
  readonly answered?: boolean;
  readonly reason?: NoAnswerReason;
  readonly form?: 'ex' | 'v5' | 'nt40';
  readonly opcode?: number;
  readonly flags?: number;
  readonly dnsDomain?: string;
  readonly user?: string;
  readonly ntVer?: number;
}

export interface CldapResult {
  readonly reply: Uint8Array | null;
  readonly event: CldapEvent;
}

const LOWER = NETLOGON_ATTRIBUTE.toLowerCase();

/** Length of the first BER element (definite length, at most 4 length octets), if it fits. */
export function firstElementLength(b: Uint8Array): number | undefined {
  if (b.length < 2 || b[0] !== 0x30) return undefined;
  const first = b[1];
  if (first < 0x80) return 2 + first <= b.length ? 2 + first : undefined;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || 2 + n > b.length) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i];
  return 2 + n + len <= b.length ? 2 + n + len : undefined;
}

function done(messageId: number, resultCode: number, diagnosticMessage = ''): Uint8Array {
  return encodeMessage({ messageId, protocolOp: { op: 'searchResDone', resultCode, matchedDN: '', diagnosticMessage } });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function reply(messageId: number, attributes: readonly PartialAttribute[]): Uint8Array {
  const tail = done(messageId, LDAP_RESULT.success);
  if (attributes.length === 0) return tail;
  const entry = encodeMessage({ messageId, protocolOp: { op: 'searchResEntry', objectName: '', attributes } });
  return concat(entry, tail);
}

function refuse(messageId: number, diagnostic: string, peer?: string): CldapResult {
  const resultCode = LDAP_RESULT.operationsError;
  return { reply: done(messageId, resultCode, diagnostic), event: { service: 'cldap', transport: 'udp', peer, kind: 'refused', messageId, resultCode } };
}

function search(ctx: CldapContext, messageId: number, req: SearchRequest, peer?: string): CldapResult {
  const others = req.attributes.filter((a) => a.toLowerCase() !== LOWER);
  const wantsNetlogon = others.length !== req.attributes.length;
  // No attribute list means "all user attributes" (RFC 4511 4.5.1.8): the rootDSE, never Netlogon.
  const rootAttrs = ctx.rootDse && (others.length > 0 || req.attributes.length === 0) ? ctx.rootDse(others) : [];
  const base = { service: 'cldap' as const, transport: 'udp' as const, peer, messageId, resultCode: LDAP_RESULT.success };
  if (!wantsNetlogon) return { reply: reply(messageId, rootAttrs), event: { ...base, kind: 'search' } };

  const o = evaluateNetlogonSearch(ctx, req.filter);
  const terms = o.terms ?? {};
  const pingInfo = { dnsDomain: terms.dnsDomain, user: terms.user, ntVer: terms.ntVer };
  if (!o.answered) {
    return { reply: reply(messageId, []), event: { ...base, kind: 'ping', answered: false, reason: o.reason, ...pingInfo } };
  }
  const netlogon: PartialAttribute = { type: NETLOGON_ATTRIBUTE, values: [o.bytes] };
  const r = o.response;
  return {
    reply: reply(messageId, [...rootAttrs, netlogon]),
    event: { ...base, kind: 'ping', answered: true, form: r.form, opcode: r.opcode, ...('flags' in r ? { flags: r.flags } : {}), ...pingInfo },
  };
}

/** Handles one datagram; never throws for anything the peer sends. */
export function handleDatagram(ctx: CldapContext, datagram: Uint8Array, peer?: string): CldapResult {
  const malformed: CldapResult = { reply: null, event: { service: 'cldap', transport: 'udp', peer, kind: 'malformed' } };
  const len = firstElementLength(datagram);
  if (len === undefined) return malformed;
  let msg: LdapMessage;
  try {
    msg = decodeMessage(datagram.subarray(0, len));
  } catch {
    return malformed;
  }
  const op = msg.protocolOp;
  if (op.op !== 'searchRequest') return refuse(msg.messageId, 'Invalid CLDAP request', peer);
  if (op.baseObject !== '') return refuse(msg.messageId, 'Invalid CLDAP basedn', peer);
  if (op.scope !== 0) return refuse(msg.messageId, 'Invalid CLDAP scope', peer);
  return search(ctx, msg.messageId, op, peer);
}
