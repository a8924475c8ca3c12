/**
 * LDAPMessage envelope, RFC 4511 section 4.1.1:
 *   LDAPMessage ::= SEQUENCE { messageID MessageID, protocolOp CHOICE {...}, controls [0] Controls OPTIONAL }
 *   Control ::= SEQUENCE { controlType LDAPOID, criticality BOOLEAN DEFAULT FALSE, controlValue OCTET STRING OPTIONAL }
 * decodeMessage throws LdapDecodeError carrying the messageID and op tag when they were readable,
 * so the server can answer protocolError in the matching response type (RFC 4511 4.1.1).
 */
import { LdapDecodeError } from './errors.ts';
import {
  APPLICATION,
  CONTEXT,
  UNIVERSAL,
  U,
  boolean,
  children,
  count,
  fail,
  integer,
  octets,
  parseOne,
  tagOf,
  text,
  toBytes,
  wBool,
  wInt,
  wOctets,
  wSeq,
  type Node,
  type WNode,
} from './ber.ts';
import { OP_CODECS } from './ops.ts';
import { MAX_INT, OID, OP_TAG, type Control, type LdapMessage, type LdapResult } from './types.ts';

const W = 'LDAPMessage';

/**
 * Reads messageID and the protocolOp tag straight from the bytes, without trusting the rest:
 * used to answer a PDU whose body is malformed. Returns what it could read.
 */
export function peekHeader(b: Uint8Array): { messageId?: number; opTag?: number } {
  const len = (at: number): [number, number] | undefined => {
    const first = b[at];
    if (first === undefined) return undefined;
    if (first < 0x80) return [first, at + 1];
    const n = first & 0x7f;
    if (n === 0 || n > 4 || at + 1 + n > b.length) return undefined;
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + b[at + 1 + i];
    return [v, at + 1 + n];
  };
  if (b[0] !== 0x30) return {};
  const outer = len(1);
  if (!outer) return {};
  let at = outer[1];
  if (b[at] !== 0x02) return {};
  const il = len(at + 1);
  if (!il || il[0] < 1 || il[0] > 4 || il[1] + il[0] > b.length) return {};
  let id = b[il[1]] & 0x80 ? -1 : 0;
  for (let i = 0; i < il[0]; i++) id = id * 256 + b[il[1] + i];
  if (id < 0 || id > MAX_INT) return {};
  at = il[1] + il[0];
  const op = b[at];
  // [APPLICATION n] with a low tag number: class bits 01, tag in the low five bits (31 = long form).
  if (op === undefined || (op & 0xc0) !== 0x40 || (op & 0x1f) === 0x1f) return { messageId: id };
  return { messageId: id, opTag: op & 0x1f };
}

function decodeControls(n: Node): Control[] {
  return children(n, CONTEXT, 0, 'Controls').map((c) => {
    const f = children(c, UNIVERSAL, U.SEQUENCE, 'Control');
    count(f, 'Control', 1, 3);
    const type = text(f[0], 'Control');
    let criticality = false;
    let value: Uint8Array | undefined;
    for (const e of f.slice(1)) {
      const t = tagOf(e);
      if (t.cls === UNIVERSAL && t.num === U.BOOLEAN && value === undefined) criticality = boolean(e, 'Control');
      else if (t.cls === UNIVERSAL && t.num === U.OCTET_STRING && value === undefined) value = octets(e, 'Control');
      else fail('Control', 'unexpected field');
    }
    return { type, criticality, ...(value ? { value } : {}) };
  });
}

export function decodeMessage(bytes: Uint8Array): LdapMessage {
  const head = peekHeader(bytes);
  try {
    const root = parseOne(bytes, W);
    const c = children(root, UNIVERSAL, U.SEQUENCE, W);
    count(c, W, 2, 3);
    const messageId = integer(c[0], W, 0, MAX_INT);
    const t = tagOf(c[1]);
    if (t.cls !== APPLICATION) fail(W, 'protocolOp is not an APPLICATION tag');
    const codec = OP_CODECS[t.num];
    if (!codec) fail(W, `unknown protocolOp [APPLICATION ${t.num}]`);
    const protocolOp = codec.decode(c[1]);
    const controls = c[2] ? decodeControls(c[2]) : undefined;
    return { messageId, protocolOp, ...(controls ? { controls } : {}) };
  } catch (e) {
    if (e instanceof LdapDecodeError) throw new LdapDecodeError(e.what, e.message.slice(e.what.length + 2), head.messageId, head.opTag);
    throw new LdapDecodeError(W, `unexpected decoder failure: ${(e as Error)?.name}`, head.messageId, head.opTag);
  }
}

export function encodeControl(c: Control): WNode {
  const f: WNode[] = [wOctets(c.type)];
  if (c.criticality) f.push(wBool(true));
  if (c.value) f.push(wOctets(c.value));
  return wSeq(f);
}

export function encodeMessage(m: LdapMessage): Uint8Array {
  const codec = OP_CODECS[OP_TAG[m.protocolOp.op]];
  const parts: WNode[] = [wInt(m.messageId), codec.encode(m.protocolOp)];
  // An empty Controls is kept when given, so decode(encode(m)) equals m.
  if (m.controls) parts.push(wSeq(m.controls.map(encodeControl), CONTEXT, 0));
  return toBytes(wSeq(parts));
}

/**
 * RFC 4511 4.4.1 Notice of Disconnection: an unsolicited ExtendedResponse with messageID 0 and
 * responseName 1.3.6.1.4.1.1466.20036; the server closes the connection after sending it.
 */
export function noticeOfDisconnection(result: Omit<LdapResult, 'referral'>): Uint8Array {
  return encodeMessage({
    messageId: 0,
    protocolOp: { op: 'extendedResp', ...result, responseName: OID.noticeOfDisconnection },
  });
}
