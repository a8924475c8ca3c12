/**
 * Byte writer and reader for the netlogon response structures (MS-ADTS 6.3.1.7 to 6.3.1.9):
 * little-endian integers, null-terminated UTF-16LE strings, and DNS names compressed as RFC 1035
 * section 4.1.4 describes (MS-ADTS 6.3.7): labels with pointers, one compression table shared by
 * every name field of one response, as Windows and Samba write them. Pure.
 */
import { NetlogonDecodeError, NetlogonEncodeError } from './errors.ts';

const enc = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** RFC 1035 2.3.4: labels are 63 octets or less, names 255 octets or less. */
export const MAX_LABEL = 63;
export const MAX_NAME = 255;
/** A pointer carries a 14-bit offset (RFC 1035 4.1.4). */
const MAX_POINTER_TARGET = 0x3fff;
/** Pointer hops a decoder follows before it calls the name a loop. */
const MAX_HOPS = 32;

export class NetlogonWriter {
  private readonly parts: number[] = [];
  /** Name suffix (exact text, labels joined by '.') -> offset where it was written. */
  private readonly suffixes = new Map<string, number>();

  get length(): number {
    return this.parts.length;
  }
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  bytes(b: Uint8Array): this {
    for (const x of b) this.parts.push(x);
    return this;
  }
  /** Null-terminated UTF-16LE ("Unicode") string, no alignment padding (6.3.1.7, 6.3.1.8). */
  utf16z(s: string): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
    return this.u16(0);
  }
  /**
   * A DNS-style name, compressed against every name written before in this response: the longest
   * suffix already present becomes a pointer (0xC000 | offset). '' is the single root octet 0.
   */
  name(field: string, value: string): this {
    const text = value.endsWith('.') ? value.slice(0, -1) : value;
    if (text === '') return this.u8(0);
    const labels = text.split('.');
    const encoded = labels.map((l) => enc.encode(l));
    const total = encoded.reduce((n, l) => n + l.length + 1, 1);
    if (total > MAX_NAME) throw new NetlogonEncodeError(field, `name of ${total} octets exceeds ${MAX_NAME}`);
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      const at = this.suffixes.get(suffix);
      if (at !== undefined) return this.u16be(0xc000 | at);
      const label = encoded[i];
      if (label.length === 0) throw new NetlogonEncodeError(field, 'empty label');
      if (label.length > MAX_LABEL) throw new NetlogonEncodeError(field, `label of ${label.length} octets exceeds ${MAX_LABEL}`);
      if (this.length <= MAX_POINTER_TARGET) this.suffixes.set(suffix, this.length);
      this.u8(label.length).bytes(label);
    }
    return this.u8(0);
  }
  private u16be(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export class NetlogonReader {
  private at = 0;
  private readonly b: Uint8Array;
  private readonly what: string;
  constructor(
    b: Uint8Array,
    what: string,
  ) {
    this.b = b;
    this.what = what;
  }

  get offset(): number {
    return this.at;
  }
  get remaining(): number {
    return this.b.length - this.at;
  }
  private need(n: number): void {
    if (this.at + n > this.b.length) throw new NetlogonDecodeError(this.what, `truncated: need ${n} bytes`, this.at);
  }
  u8(): number {
    this.need(1);
    return this.b[this.at++];
  }
  u16(): number {
    this.need(2);
    const v = this.b[this.at] | (this.b[this.at + 1] << 8);
    this.at += 2;
    return v;
  }
  u32(): number {
    const lo = this.u16();
    return (lo + this.u16() * 0x10000) >>> 0;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.b.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }
  utf16z(): string {
    const units: number[] = [];
    for (;;) {
      const u = this.u16();
      if (u === 0) return String.fromCharCode(...units);
      if (units.length >= 1024) throw new NetlogonDecodeError(this.what, 'Unicode string without terminator', this.at);
      units.push(u);
    }
  }
  /** A compressed name; returns the text and records how it was written (for tests of the form). */
  name(): { value: string; form: NameForm } {
    const r = readName(this.b, this.at, this.what);
    this.at = r.next;
    return { value: r.value, form: r.form };
  }
}

/** How one name field was written: its own labels, then an optional pointer. */
export interface NameForm {
  readonly labels: readonly string[];
  readonly pointer?: number;
}

/** Decompresses the name at `start` (RFC 1035 4.1.4); pointers must point strictly backwards. */
export function readName(b: Uint8Array, start: number, what: string): { value: string; next: number; form: NameForm } {
  const all: string[] = [];
  const own: string[] = [];
  let pointer: number | undefined;
  let at = start;
  let next: number | undefined;
  let octets = 1;
  let hops = 0;
  for (;;) {
    if (at >= b.length) throw new NetlogonDecodeError(what, 'name runs past the end', at);
    const len = b[at];
    if (len === 0) {
      next ??= at + 1;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      if (at + 1 >= b.length) throw new NetlogonDecodeError(what, 'truncated pointer', at);
      const target = ((len & 0x3f) << 8) | b[at + 1];
      if (target >= at) throw new NetlogonDecodeError(what, `pointer to ${target} does not point backwards`, at);
      if (++hops > MAX_HOPS) throw new NetlogonDecodeError(what, 'too many pointers', at);
      if (next === undefined) {
        next = at + 2;
        pointer = target;
      }
      at = target;
      continue;
    }
    if (kind !== 0) throw new NetlogonDecodeError(what, `reserved label type 0x${kind.toString(16)}`, at);
    if (at + 1 + len > b.length) throw new NetlogonDecodeError(what, 'label runs past the end', at);
    octets += len + 1;
    if (octets > MAX_NAME) throw new NetlogonDecodeError(what, `name longer than ${MAX_NAME} octets`, at);
    let label: string;
    try {
      label = utf8.decode(b.subarray(at + 1, at + 1 + len));
    } catch {
      throw new NetlogonDecodeError(what, 'label is not UTF-8', at);
    }
    all.push(label);
    if (next === undefined) own.push(label);
    at += 1 + len;
  }
  return { value: all.join('.'), next, form: { labels: own, ...(pointer !== undefined ? { pointer } : {}) } };
}
