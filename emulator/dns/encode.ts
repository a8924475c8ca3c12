/**
 * Response encoder (RFC 1035 4.1, RFC 6891 6.1 for OPT). Owner names and the names inside NS,
 * CNAME and SOA rdata are compressed (RFC 1035 4.1.4); SRV targets are always written in full, as
 * RFC 2782 requires ("name compression is not to be used for this field") and as Node 22's
 * resolver enforces (it rejects a compressed SRV target with EBADRESP). dns2 3.0.0 compresses every
 * name it writes, SRV targets included, with no per-record switch, hence this encoder.
 *
 * Size limits: when the message exceeds the limit, the additional section is dropped first; if it
 * still does not fit, the answer and authority sections go too and TC is set (RFC 2181 9), so the
 * client retries over TCP.
 */
import { isIPv4 } from 'node:net';
import { withRoom } from '../core/bytes.ts';
import { DnsError } from '../core/errors.ts';
import type { RData, ResourceRecord } from './rr.ts';
import { CLASS, HEADER_BYTES, MAX_LABEL_OCTETS, MAX_NAME_OCTETS, RCODE, TYPE } from './wire.ts';

/** The UDP payload size this server advertises in its OPT RR (DNS flag day 2020 value). */
export const SERVER_UDP_PAYLOAD = 1232;

export interface ResponseSpec {
  readonly id: number;
  readonly opcode: number;
  readonly aa: boolean;
  readonly rd: boolean;
  readonly cd?: boolean;
  /** Full RCODE; values above 15 need `edns` (the high bits travel in the OPT TTL). */
  readonly rcode: number;
  /** The question's wire bytes as the client sent them (echoed unchanged), or none. */
  readonly question?: Uint8Array;
  readonly answers?: readonly ResourceRecord[];
  readonly authorities?: readonly ResourceRecord[];
  readonly additionals?: readonly ResourceRecord[];
  /** Present when the query carried OPT: the response carries one too (RFC 6891 7). */
  readonly edns?: { readonly udpPayloadSize: number };
}

export interface EncodedResponse {
  readonly bytes: Uint8Array;
  readonly truncated: boolean;
  readonly droppedAdditionals: boolean;
}

class Writer {
  private buf = new Uint8Array(512);
  len = 0;
  /** Lower-cased name suffix -> offset of its first occurrence (pointers reach 0x3fff). */
  private readonly names = new Map<string, number>();

  private ensure(n: number): void {
    this.buf = withRoom(this.buf, this.len, n);
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v & 0xff;
  }
  u16(v: number): void {
    this.ensure(2);
    this.buf[this.len++] = (v >> 8) & 0xff;
    this.buf[this.len++] = v & 0xff;
  }
  u32(v: number): void {
    this.u16((v >>> 16) & 0xffff);
    this.u16(v & 0xffff);
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  patch16(at: number, v: number): void {
    this.buf[at] = (v >> 8) & 0xff;
    this.buf[at + 1] = v & 0xff;
  }
  /** Registers the suffixes of a name already written at `at` (raw wire labels, no pointers). */
  registerRaw(wire: Uint8Array, at: number): void {
    const labels: string[] = [];
    const offsets: number[] = [];
    for (let p = 0; p < wire.length && wire[p] !== 0 && wire[p] < 0x40; p += wire[p] + 1) {
      labels.push(String.fromCharCode(...wire.subarray(p + 1, p + 1 + wire[p])));
      offsets.push(at + p);
    }
    // Only suffixes made of plain labels: a label holding "." or "\\" must never alias another name.
    for (let i = labels.length - 1; i >= 0; i--) {
      if (/[.\\]/.test(labels[i])) break;
      const key = asciiLower(labels.slice(i).join('.'));
      if (!this.names.has(key) && offsets[i] < 0x4000) this.names.set(key, offsets[i]);
    }
  }
  /** Writes a presentation name; `compress` false writes every label (RFC 2782 SRV targets). */
  name(name: string, compress: boolean): void {
    const labels = splitName(name);
    for (let i = 0; i < labels.length; i++) {
      const key = asciiLower(labels.slice(i).join('.'));
      const ptr = compress ? this.names.get(key) : undefined;
      if (ptr !== undefined) {
        this.u16(0xc000 | ptr);
        return;
      }
      if (compress && this.len < 0x4000 && !this.names.has(key)) this.names.set(key, this.len);
      this.u8(labels[i].length);
      for (let j = 0; j < labels[i].length; j++) this.u8(labels[i].charCodeAt(j));
    }
    this.u8(0);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** DNS case-insensitivity is ASCII only (RFC 4343). */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Splits a presentation name of plain ASCII labels (the lab's own names; no escapes). */
function splitName(name: string): string[] {
  const labels = name.replace(/\.$/, '').split('.').filter((l) => l.length > 0);
  let octets = 1;
  for (const l of labels) {
    if (l.length > MAX_LABEL_OCTETS || /[^\x21-\x7e]/.test(l)) throw new DnsError(RCODE.SERVFAIL, 'SERVFAIL', `unencodable label in ${name}`);
    octets += l.length + 1;
  }
  if (octets > MAX_NAME_OCTETS) throw new DnsError(RCODE.SERVFAIL, 'SERVFAIL', `name longer than 255 octets: ${name}`);
  return labels;
}

function ipv4Bytes(address: string): number[] {
  if (!isIPv4(address)) throw new DnsError(RCODE.SERVFAIL, 'SERVFAIL', `not an IPv4 address: ${address}`);
  return address.split('.').map(Number);
}

/** RFC 4291 2.2 text forms, including `::` and a trailing dotted IPv4. */
export function ipv6Bytes(address: string): Uint8Array {
  const fail = (): never => {
    throw new DnsError(RCODE.SERVFAIL, 'SERVFAIL', `not an IPv6 address: ${address}`);
  };
  let text = address;
  const tail: number[] = [];
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    if (!isIPv4(v4[2])) fail();
    const b = v4[2].split('.').map(Number);
    tail.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]);
    text = v4[1].endsWith('::') ? v4[1] : v4[1].slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) fail();
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : fail())));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const groups = halves.length === 2 ? [...head, ...new Array(8 - head.length - rest.length - tail.length).fill(0), ...rest, ...tail] : [...head, ...tail];
  if (groups.length !== 8 || (halves.length === 2 && head.length + rest.length + tail.length > 7)) fail();
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

function writeRData(w: Writer, d: RData): void {
  switch (d.type) {
    case 'A':
      for (const b of ipv4Bytes(d.address)) w.u8(b);
      return;
    case 'AAAA':
      w.bytes(ipv6Bytes(d.address));
      return;
    case 'NS':
      w.name(d.host, true);
      return;
    case 'CNAME':
      w.name(d.target, true);
      return;
    case 'SOA':
      w.name(d.mname, true);
      w.name(d.rname, true);
      for (const v of [d.serial, d.refresh, d.retry, d.expire, d.minimum]) w.u32(v);
      return;
    case 'SRV':
      // RFC 2782: priority, weight, port, then the target, never compressed.
      w.u16(d.priority);
      w.u16(d.weight);
      w.u16(d.port);
      w.name(d.target, false);
      return;
  }
}

function writeRecord(w: Writer, rr: ResourceRecord): void {
  w.name(rr.name, true);
  w.u16(TYPE[rr.data.type]);
  w.u16(CLASS.IN);
  w.u32(Math.min(rr.ttl >>> 0, 0x7fffffff));
  const lenAt = w.len;
  w.u16(0);
  writeRData(w, rr.data);
  w.patch16(lenAt, w.len - lenAt - 2);
}

function encodeOnce(spec: ResponseSpec, tc: boolean, answers: readonly ResourceRecord[], authorities: readonly ResourceRecord[], additionals: readonly ResourceRecord[]): Uint8Array {
  const w = new Writer();
  const rcode = spec.rcode & 0xfff;
  // RFC 1035 4.1.1 header: QR=1, RA=0 (no recursion here), Z=0, AD=0.
  const flags =
    0x8000 | ((spec.opcode & 0xf) << 11) | (spec.aa ? 0x0400 : 0) | (tc ? 0x0200 : 0) | (spec.rd ? 0x0100 : 0) | (spec.cd ? 0x0010 : 0) | (rcode & 0xf);
  w.u16(spec.id);
  w.u16(flags);
  w.u16(spec.question ? 1 : 0);
  w.u16(answers.length);
  w.u16(authorities.length);
  w.u16(additionals.length + (spec.edns ? 1 : 0));
  if (spec.question) {
    w.bytes(spec.question);
    w.registerRaw(spec.question, HEADER_BYTES);
  }
  for (const rr of answers) writeRecord(w, rr);
  for (const rr of authorities) writeRecord(w, rr);
  for (const rr of additionals) writeRecord(w, rr);
  if (spec.edns) {
    // RFC 6891 6.1.2/6.1.3: root owner, CLASS = our UDP payload size, TTL = EXTENDED-RCODE|VERSION 0|DO 0.
    w.u8(0);
    w.u16(TYPE.OPT);
    w.u16(SERVER_UDP_PAYLOAD);
    w.u32(((rcode >> 4) & 0xff) << 24);
    w.u16(0);
  }
  return w.result();
}

/**
 * Encodes a response within `maxBytes` (512 / the EDNS size over UDP, 65535 over TCP).
 * Throws DnsError(SERVFAIL) when a record cannot be encoded (a bad address or name in the data).
 */
export function encodeResponse(spec: ResponseSpec, maxBytes: number): EncodedResponse {
  const an = spec.answers ?? [];
  const ns = spec.authorities ?? [];
  const ar = spec.additionals ?? [];
  if (spec.rcode > 0xf && !spec.edns) throw new DnsError(RCODE.SERVFAIL, 'SERVFAIL', 'extended RCODE without OPT');
  const full = encodeOnce(spec, false, an, ns, ar);
  if (full.length <= maxBytes) return { bytes: full, truncated: false, droppedAdditionals: false };
  if (ar.length) {
    const lean = encodeOnce(spec, false, an, ns, []);
    if (lean.length <= maxBytes) return { bytes: lean, truncated: false, droppedAdditionals: true };
  }
  return { bytes: encodeOnce(spec, true, [], [], []), truncated: true, droppedAdditionals: ar.length > 0 };
}
