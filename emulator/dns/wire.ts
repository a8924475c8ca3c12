/**
 * DNS wire constants and the query decoder (RFC 1035 4.1, RFC 6891 6.1 for OPT). Pure and strict:
 * every length is bounds-checked, names are limited to 255 octets and labels to 63, compression
 * pointers must point backwards, and anything malformed throws DecodeError, never a RangeError.
 *
 * Why not dns2's Packet.parse: it swallows per-record errors (a truncated question silently becomes
 * a zero-question packet), merges labels into a dotted string (a label holding "." cannot be echoed),
 * and costs about 2 s of blocked event loop for one crafted 512-byte packet (65535-record counts,
 * each failure throwing). A DNS server must answer FORMERR quickly and keep serving.
 */
import { DecodeError } from '../core/errors.ts';

/** RFC 1035 4.1.1 OPCODE values (RFC 1996 NOTIFY, RFC 2136 UPDATE). */
export const OPCODE = { QUERY: 0, IQUERY: 1, STATUS: 2, NOTIFY: 4, UPDATE: 5 } as const;

/** RFC 1035 4.1.1 RCODE values; BADVERS (16) is an extended RCODE carried partly in OPT (RFC 6891 6.1.3). */
export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, BADVERS: 16 } as const;
export type RcodeName = keyof typeof RCODE;

/** RR TYPE / QTYPE values: RFC 1035 3.2.2/3.2.3, AAAA RFC 3596, SRV RFC 2782, OPT RFC 6891. */
export const TYPE = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, IXFR: 251, AXFR: 252, ANY: 255 } as const;
export type TypeName = keyof typeof TYPE;

/** RFC 1035 3.2.4/3.2.5 CLASS values. */
export const CLASS = { IN: 1, CH: 3, HS: 4, ANY: 255 } as const;

/** RFC 1035 2.3.4 size limits; RFC 1035 4.2.1 UDP limit without EDNS. */
export const MAX_NAME_OCTETS = 255;
export const MAX_LABEL_OCTETS = 63;
export const HEADER_BYTES = 12;
export const CLASSIC_UDP_LIMIT = 512;

const TYPE_NAMES = new Map<number, string>(Object.entries(TYPE).map(([k, v]) => [v, k]));
const RCODE_NAMES = new Map<number, string>(Object.entries(RCODE).map(([k, v]) => [v, k]));

/** Mnemonic of a TYPE (RFC 3597 `TYPEnnn` for unknown ones). */
export function typeName(t: number): string {
  return TYPE_NAMES.get(t) ?? `TYPE${t}`;
}

export function rcodeName(r: number): string {
  return RCODE_NAMES.get(r) ?? `RCODE${r}`;
}

/** RFC 1035 4.1.1 header, flags unpacked. */
export interface DnsHeader {
  readonly id: number;
  readonly qr: boolean;
  readonly opcode: number;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  readonly ad: boolean;
  readonly cd: boolean;
  readonly rcode: number;
  readonly qdcount: number;
  readonly ancount: number;
  readonly nscount: number;
  readonly arcount: number;
}

/** RFC 1035 4.1.2 question. */
export interface DnsQuestion {
  /** Presentation form as asked (case kept; "." and non-printables escaped as \DDD), no trailing dot; "" = root. */
  readonly name: string;
  readonly type: number;
  readonly class: number;
  /** The question's exact wire bytes (name, type, class), echoed back unchanged. */
  readonly wire: Uint8Array;
}

/** What the requestor's OPT pseudo-RR says (RFC 6891 6.1.2, 6.1.3). */
export interface EdnsInfo {
  readonly udpPayloadSize: number;
  readonly version: number;
  readonly dnssecOk: boolean;
}

export interface DnsQuery {
  readonly header: DnsHeader;
  readonly question: DnsQuestion;
  readonly edns?: EdnsInfo;
}

/** The 12-byte header; throws DecodeError when the message is shorter. */
export function decodeHeader(b: Uint8Array): DnsHeader {
  if (b.length < HEADER_BYTES) throw new DecodeError('DNS header', `need ${HEADER_BYTES} bytes, got ${b.length}`, 0);
  const flags = (b[2] << 8) | b[3];
  return {
    id: (b[0] << 8) | b[1],
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0xf,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    ad: (flags & 0x0020) !== 0,
    cd: (flags & 0x0010) !== 0,
    rcode: flags & 0xf,
    qdcount: (b[4] << 8) | b[5],
    ancount: (b[6] << 8) | b[7],
    nscount: (b[8] << 8) | b[9],
    arcount: (b[10] << 8) | b[11],
  };
}

function u16(b: Uint8Array, off: number, what: string): number {
  if (off + 2 > b.length) throw new DecodeError(what, 'truncated', off);
  return (b[off] << 8) | b[off + 1];
}

/** One label in presentation form (RFC 1035 5.1 escapes) so distinct wire names never collide. */
function labelText(b: Uint8Array, start: number, len: number): string {
  let s = '';
  for (let i = start; i < start + len; i++) {
    const c = b[i];
    if (c === 0x2e || c === 0x5c) s += `\\${String.fromCharCode(c)}`;
    else if (c > 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += `\\${String(c).padStart(3, '0')}`;
  }
  return s;
}

/**
 * Reads a (possibly compressed) name at `off` (RFC 1035 4.1.4). Pointers must point strictly
 * backwards, so decoding always terminates; the name is capped at 255 octets.
 * Returns the presentation text and the offset after the name in the original position.
 */
export function decodeName(b: Uint8Array, off: number, allowPointers: boolean): { name: string; end: number } {
  const labels: string[] = [];
  let pos = off;
  let end = -1;
  let octets = 1;
  let floor = off;
  for (;;) {
    if (pos >= b.length) throw new DecodeError('DNS name', 'truncated', pos);
    const len = b[pos];
    if (len === 0) {
      if (end < 0) end = pos + 1;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (!allowPointers) throw new DecodeError('DNS name', 'compression pointer not allowed here', pos);
      if (pos + 1 >= b.length) throw new DecodeError('DNS name', 'truncated pointer', pos);
      const target = ((len & 0x3f) << 8) | b[pos + 1];
      if (target >= floor) throw new DecodeError('DNS name', 'compression pointer does not point backwards', pos);
      if (end < 0) end = pos + 2;
      floor = target;
      pos = target;
      continue;
    }
    if (kind !== 0) throw new DecodeError('DNS name', `reserved label type 0x${kind.toString(16)}`, pos);
    octets += len + 1;
    if (octets > MAX_NAME_OCTETS) throw new DecodeError('DNS name', `longer than ${MAX_NAME_OCTETS} octets`, pos);
    if (pos + 1 + len > b.length) throw new DecodeError('DNS name', 'label runs past the message', pos);
    labels.push(labelText(b, pos + 1, len));
    pos += 1 + len;
  }
  return { name: labels.join('.'), end };
}

/**
 * Decodes a query: header, exactly one question (RFC 9619), then skips the answer and authority
 * sections and reads at most one OPT RR from the additional section. Trailing bytes are an error.
 */
export function decodeQuery(b: Uint8Array): DnsQuery {
  const header = decodeHeader(b);
  if (header.qdcount !== 1) throw new DecodeError('DNS query', `QDCOUNT must be 1, got ${header.qdcount}`, 4);
  const qStart = HEADER_BYTES;
  const qname = decodeName(b, qStart, false);
  const type = u16(b, qname.end, 'DNS question');
  const klass = u16(b, qname.end + 2, 'DNS question');
  // RFC 6891 6.1.1: OPT is a pseudo-RR, never a question type.
  if (type === TYPE.OPT) throw new DecodeError('DNS question', 'QTYPE OPT', qname.end);
  const qEnd = qname.end + 4;
  const question: DnsQuestion = { name: qname.name, type, class: klass, wire: b.slice(qStart, qEnd) };
  let off = qEnd;
  let edns: EdnsInfo | undefined;
  const total = header.ancount + header.nscount + header.arcount;
  for (let i = 0; i < total; i++) {
    const additional = i >= header.ancount + header.nscount;
    const rrName = decodeName(b, off, true);
    const rrType = u16(b, rrName.end, 'DNS RR');
    const rrClass = u16(b, rrName.end + 2, 'DNS RR');
    if (rrName.end + 10 > b.length) throw new DecodeError('DNS RR', 'truncated TTL/RDLENGTH', rrName.end);
    const ttl = ((b[rrName.end + 4] << 24) | (b[rrName.end + 5] << 16) | (b[rrName.end + 6] << 8) | b[rrName.end + 7]) >>> 0;
    const rdlength = u16(b, rrName.end + 8, 'DNS RR');
    const rdEnd = rrName.end + 10 + rdlength;
    if (rdEnd > b.length) throw new DecodeError('DNS RR', 'RDATA runs past the message', rrName.end + 8);
    if (rrType === TYPE.OPT) {
      // RFC 6891 6.1.1: only in the additional section, once, owned by the root.
      if (!additional) throw new DecodeError('DNS OPT', 'OPT outside the additional section', off);
      if (edns) throw new DecodeError('DNS OPT', 'more than one OPT RR', off);
      if (rrName.name !== '') throw new DecodeError('DNS OPT', 'OPT owner is not the root', off);
      edns = { udpPayloadSize: rrClass, version: (ttl >>> 16) & 0xff, dnssecOk: (ttl & 0x8000) !== 0 };
    }
    off = rdEnd;
  }
  if (off !== b.length) throw new DecodeError('DNS query', `${b.length - off} trailing bytes`, off);
  return { header, question, ...(edns ? { edns } : {}) };
}

/** Case-insensitive lookup key of a presentation name: ASCII lower case, no trailing dot. */
export function nameKey(name: string): string {
  const n = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
  return n.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
