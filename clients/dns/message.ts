/**
 * DNS messages for the lab's resolver (RFC 1035 4.1): a query encoder and a response decoder that
 * reads every section and the RDATA of the types the DC locator needs (A, AAAA, SRV, CNAME, NS,
 * PTR, SOA, TXT; others kept as bytes). Pure. Names come back in presentation form, lower case
 * kept as sent, no trailing dot. Malformed input throws DecodeError (from the shared name reader).
 */
import { DecodeError } from '../../emulator/core/errors.ts';
import { decodeHeader, decodeName, HEADER_BYTES, MAX_LABEL_OCTETS, MAX_NAME_OCTETS, TYPE, type DnsHeader } from '../../emulator/dns/wire.ts';
import { ClientError } from '../errors.ts';

export type RecordData =
  | { readonly type: 'A'; readonly address: string }
  | { readonly type: 'AAAA'; readonly address: string }
  | { readonly type: 'SRV'; readonly priority: number; readonly weight: number; readonly port: number; readonly target: string }
  | { readonly type: 'CNAME' | 'NS' | 'PTR'; readonly target: string }
  | { readonly type: 'SOA'; readonly mname: string; readonly rname: string; readonly serial: number; readonly minimum: number }
  | { readonly type: 'TXT'; readonly strings: readonly string[] }
  | { readonly type: 'OTHER'; readonly typeCode: number; readonly bytes: Uint8Array };

export interface DecodedRecord {
  readonly name: string;
  readonly typeCode: number;
  readonly class: number;
  readonly ttl: number;
  readonly data: RecordData;
}

export interface DnsResponse {
  readonly header: DnsHeader;
  readonly question?: { readonly name: string; readonly type: number; readonly class: number };
  readonly answers: readonly DecodedRecord[];
  readonly authority: readonly DecodedRecord[];
  readonly additional: readonly DecodedRecord[];
}

export interface QueryOptions {
  readonly id: number;
  /** Recursion desired (dig sets it by default; the lab is authoritative and ignores it). */
  readonly rd?: boolean;
  /** EDNS(0) UDP payload size to advertise (RFC 6891); none when absent. */
  readonly ednsPayload?: number;
}

/** Encodes a standard query for one name and type (class IN). */
export function encodeQuery(name: string, type: number, opts: QueryOptions): Uint8Array {
  const labels = name.replace(/\.$/, '').split('.').filter((l) => l !== '');
  const bytes: number[] = [];
  for (const l of labels) {
    const b = Buffer.from(l, 'latin1');
    if (b.length > MAX_LABEL_OCTETS) throw new ClientError('dns', 'BAD_REQUEST', `label '${l}' is longer than ${MAX_LABEL_OCTETS} octets`);
    bytes.push(b.length, ...b);
  }
  bytes.push(0);
  if (bytes.length > MAX_NAME_OCTETS) throw new ClientError('dns', 'BAD_REQUEST', `name '${name}' is longer than ${MAX_NAME_OCTETS} octets`);
  const opt = opts.ednsPayload !== undefined ? [0, TYPE.OPT >> 8, TYPE.OPT & 0xff, opts.ednsPayload >> 8, opts.ednsPayload & 0xff, 0, 0, 0, 0, 0, 0] : [];
  const id = opts.id & 0xffff;
  return new Uint8Array([
    id >> 8, id & 0xff, opts.rd === false ? 0 : 1, 0,
    0, 1, 0, 0, 0, 0, 0, opt.length ? 1 : 0,
    ...bytes, type >> 8, type & 0xff, 0, 1,
    ...opt,
  ]);
}

function u16(b: Uint8Array, off: number): number {
  if (off + 2 > b.length) throw new DecodeError('DNS response', 'truncated', off);
  return (b[off] << 8) | b[off + 1];
}

function u32(b: Uint8Array, off: number): number {
  return ((u16(b, off) << 16) | u16(b, off + 2)) >>> 0;
}

function ipv6Text(b: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

function rdata(b: Uint8Array, type: number, at: number, len: number): RecordData {
  const end = at + len;
  const name = (off: number): string => {
    const n = decodeName(b, off, true);
    if (n.end > end) throw new DecodeError('DNS RDATA', 'name runs past RDATA', off);
    return n.name;
  };
  switch (type) {
    case TYPE.A:
      if (len !== 4) throw new DecodeError('DNS A', `RDLENGTH ${len}, expected 4`, at);
      return { type: 'A', address: Array.from(b.subarray(at, end)).join('.') };
    case TYPE.AAAA:
      if (len !== 16) throw new DecodeError('DNS AAAA', `RDLENGTH ${len}, expected 16`, at);
      return { type: 'AAAA', address: ipv6Text(b.subarray(at, end)) };
    case TYPE.SRV:
      if (len < 7) throw new DecodeError('DNS SRV', `RDLENGTH ${len} too short`, at);
      return { type: 'SRV', priority: u16(b, at), weight: u16(b, at + 2), port: u16(b, at + 4), target: name(at + 6) };
    case TYPE.CNAME:
      return { type: 'CNAME', target: name(at) };
    case TYPE.NS:
      return { type: 'NS', target: name(at) };
    case TYPE.PTR:
      return { type: 'PTR', target: name(at) };
    case TYPE.SOA: {
      const m = decodeName(b, at, true);
      const r = decodeName(b, m.end, true);
      if (r.end + 20 > end) throw new DecodeError('DNS SOA', 'truncated timers', r.end);
      return { type: 'SOA', mname: m.name, rname: r.name, serial: u32(b, r.end), minimum: u32(b, r.end + 16) };
    }
    case TYPE.TXT: {
      const strings: string[] = [];
      for (let p = at; p < end; ) {
        const l = b[p];
        if (p + 1 + l > end) throw new DecodeError('DNS TXT', 'string runs past RDATA', p);
        strings.push(Buffer.from(b.subarray(p + 1, p + 1 + l)).toString('latin1'));
        p += 1 + l;
      }
      return { type: 'TXT', strings };
    }
    default:
      return { type: 'OTHER', typeCode: type, bytes: b.slice(at, end) };
  }
}

/** Decodes a response: header, the question (if any) and every RR of the three sections. */
export function decodeResponse(b: Uint8Array): DnsResponse {
  const header = decodeHeader(b);
  let off = HEADER_BYTES;
  let question: DnsResponse['question'];
  for (let i = 0; i < header.qdcount; i++) {
    const n = decodeName(b, off, true);
    const q = { name: n.name, type: u16(b, n.end), class: u16(b, n.end + 2) };
    if (i === 0) question = q;
    off = n.end + 4;
  }
  const sections: DecodedRecord[][] = [[], [], []];
  const counts = [header.ancount, header.nscount, header.arcount];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s]; i++) {
      const n = decodeName(b, off, true);
      const typeCode = u16(b, n.end);
      const klass = u16(b, n.end + 2);
      const ttl = u32(b, n.end + 4);
      const len = u16(b, n.end + 8);
      const at = n.end + 10;
      if (at + len > b.length) throw new DecodeError('DNS RR', 'RDATA runs past the message', at);
      sections[s].push({ name: n.name, typeCode, class: klass, ttl, data: rdata(b, typeCode, at, len) });
      off = at + len;
    }
  }
  return { header, ...(question ? { question } : {}), answers: sections[0], authority: sections[1], additional: sections[2] };
}
