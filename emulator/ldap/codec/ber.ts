/**
 * LDAP's BER profile (RFC 4511 section 5.1): definite lengths only,
 * OCTET STRING and friends in primitive form only, BOOLEAN of one octet, INTEGER in at most 32 bits.
 * Readers (a small BER reader, children read on demand) throw LdapDecodeError (never TypeError/RangeError); writers build WNode
 * trees that toBytes sizes once and writes into one buffer.
 */
import { LdapDecodeError } from './errors.ts';

/**
 * One BER element read from a buffer: its tag and where its contents lie. The children of a
 * constructed element are read when a decoder asks for them (so nesting is only as deep as the
 * decoders go, and they bound it).
 */
export interface Node {
  readonly cls: number;
  readonly num: number;
  readonly constructed: boolean;
  readonly buf: Uint8Array;
  /** Contents: buf[start, end). */
  readonly start: number;
  readonly end: number;
  kids?: Node[];
}

/** Tag classes (the two high bits of the identifier octet, plus one). */
export const UNIVERSAL = 1;
export const APPLICATION = 2;
export const CONTEXT = 3;

/** Universal tag numbers (X.680). */
export const U = { BOOLEAN: 1, INTEGER: 2, OCTET_STRING: 4, NULL: 5, ENUMERATED: 10, SEQUENCE: 16, SET: 17 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const enc = new TextEncoder();

export function fail(what: string, detail: string): never {
  throw new LdapDecodeError(what, detail);
}

/** Reads the element at `at`, which must end by `limit`. */
function readElement(b: Uint8Array, at: number, limit: number, what: string): Node {
  if (at >= limit) fail(what, 'malformed BER: element past the end');
  const first = b[at++];
  const cls = (first >> 6) + 1;
  const constructed = (first & 0x20) !== 0;
  let num = first & 0x1f;
  if (num === 0x1f) {
    num = 0;
    for (let i = 0; ; i++) {
      if (at >= limit || i >= 4) fail(what, 'malformed BER: tag number');
      const x = b[at++];
      num = num * 128 + (x & 0x7f);
      if (!(x & 0x80)) break;
    }
  }
  if (at >= limit) fail(what, 'malformed BER: no length');
  let len = b[at++];
  if (len === 0x80) fail(what, 'indefinite length is not allowed in LDAP');
  if (len > 0x80) {
    const n = len & 0x7f;
    if (n > 4 || at + n > limit) fail(what, 'malformed BER: length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[at++];
  }
  if (at + len > limit) fail(what, 'malformed BER: contents past the end');
  return { cls, num, constructed, buf: b, start: at, end: at + len };
}

/** Parses exactly one BER element that must fill `bytes`. */
export function parseOne(bytes: Uint8Array, what: string): Node {
  const n = readElement(bytes, 0, bytes.length, what);
  if (n.end !== bytes.length) fail(what, `trailing ${bytes.length - n.end} bytes`);
  return n;
}

function kidsOf(n: Node, what: string): Node[] {
  if (n.kids) return n.kids;
  const out: Node[] = [];
  for (let at = n.start; at < n.end; ) {
    const k = readElement(n.buf, at, n.end, what);
    out.push(k);
    at = k.end;
  }
  n.kids = out;
  return out;
}

export function tagOf(n: Node): { cls: number; num: number; constructed: boolean } {
  return n;
}

export function isTag(n: Node, cls: number, num: number): boolean {
  return n.cls === cls && n.num === num;
}

/** Children of a constructed element with the given tag. */
export function children(n: Node, cls: number, num: number, what: string): Node[] {
  const t = tagOf(n);
  if (t.cls !== cls || t.num !== num) fail(what, `expected tag ${cls}/${num}, got ${t.cls}/${t.num}`);
  if (!t.constructed) fail(what, 'expected a constructed element');
  return kidsOf(n, what);
}

/** Contents octets of a primitive element with the given tag (a copy). */
export function primitive(n: Node, cls: number, num: number, what: string): Uint8Array {
  const t = tagOf(n);
  if (t.cls !== cls || t.num !== num) fail(what, `expected tag ${cls}/${num}, got ${t.cls}/${t.num}`);
  if (t.constructed) fail(what, 'expected a primitive element');
  return n.buf.slice(n.start, n.end);
}

export function octets(n: Node, what: string, cls = UNIVERSAL, num: number = U.OCTET_STRING): Uint8Array {
  return primitive(n, cls, num, what);
}

export function text(n: Node, what: string, cls = UNIVERSAL, num: number = U.OCTET_STRING): string {
  const b = primitive(n, cls, num, what);
  try {
    return utf8.decode(b);
  } catch {
    return fail(what, 'not valid UTF-8');
  }
}

/** INTEGER or ENUMERATED contents (two's complement), range-checked. */
export function integer(n: Node, what: string, min: number, max: number, cls = UNIVERSAL, num: number = U.INTEGER): number {
  const b = primitive(n, cls, num, what);
  if (b.length === 0 || b.length > 5) fail(what, `integer of ${b.length} octets`);
  let v = b[0] & 0x80 ? -1 : 0;
  for (const x of b) v = v * 256 + x;
  if (v < min || v > max) fail(what, `value ${v} outside ${min}..${max}`);
  return v;
}

export function enumerated(n: Node, what: string, allowed: readonly number[]): number {
  const v = integer(n, what, -2147483648, 2147483647, UNIVERSAL, U.ENUMERATED);
  if (!allowed.includes(v)) fail(what, `enumerated value ${v} not allowed`);
  return v;
}

export function boolean(n: Node, what: string, cls = UNIVERSAL, num: number = U.BOOLEAN): boolean {
  const b = primitive(n, cls, num, what);
  if (b.length !== 1) fail(what, `BOOLEAN of ${b.length} octets`);
  return b[0] !== 0;
}

/** Requires `nodes.length` within [min, max]. */
export function count(nodes: Node[], what: string, min: number, max: number): void {
  if (nodes.length < min || nodes.length > max) fail(what, `${nodes.length} elements, expected ${min}..${max}`);
}

// ---------------------------------------------------------------------------------------------
// Writers: a tree of elements sized once and written into one buffer (no asn1js objects: a search
// reply is built and encoded once per entry, and asn1js's block objects cost several times more).

/** An element to write: its identifier octets and either its contents or its child elements. */
export interface WNode {
  readonly id: Uint8Array;
  readonly contents?: Uint8Array;
  readonly children?: readonly WNode[];
  /** Contents length of a constructed element, set when it is measured. */
  len?: number;
}

const CLASS_BITS = [0, 0x00, 0x40, 0x80, 0xc0];
const idCache = new Map<number, Uint8Array>();

/** Identifier octets (X.690 8.1.2), low tag numbers cached. */
function idOf(cls: number, num: number, constructed: boolean): Uint8Array {
  const key = (num * 8 + cls) * 2 + (constructed ? 1 : 0);
  const cached = num < 64 ? idCache.get(key) : undefined;
  if (cached) return cached;
  const first = CLASS_BITS[cls] | (constructed ? 0x20 : 0);
  let id: Uint8Array;
  if (num < 31) id = new Uint8Array([first | num]);
  else {
    const parts: number[] = [];
    for (let x = num; ; x = Math.floor(x / 128)) {
      parts.unshift((x % 128) | (parts.length ? 0x80 : 0));
      if (x < 128) break;
    }
    id = new Uint8Array([first | 0x1f, ...parts]);
  }
  if (num < 64) idCache.set(key, id);
  return id;
}

function lengthOctets(n: number): number {
  return n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x1000000 ? 4 : 5;
}

export function wSeq(value: WNode[], cls = UNIVERSAL, num: number = U.SEQUENCE): WNode {
  return { id: idOf(cls, num, true), children: value };
}

export function wSet(value: WNode[]): WNode {
  return { id: idOf(UNIVERSAL, U.SET, true), children: value };
}

export function wPrim(cls: number, num: number, contents: Uint8Array): WNode {
  return { id: idOf(cls, num, false), contents };
}

export function wOctets(v: Uint8Array | string, cls = UNIVERSAL, num: number = U.OCTET_STRING): WNode {
  return wPrim(cls, num, typeof v === 'string' ? enc.encode(v) : v);
}

/** Minimal two's-complement contents of a 32-bit integer. */
export function intContents(v: number): Uint8Array {
  if (!Number.isInteger(v) || v < -2147483648 || v > 4294967295) throw new RangeError(`integer out of range: ${v}`);
  const out: number[] = [];
  let x = v;
  for (;;) {
    out.unshift(((x % 256) + 256) % 256);
    x = Math.floor(x / 256);
    const top = out[0];
    if ((x === 0 && !(top & 0x80)) || (x === -1 && top & 0x80)) break;
  }
  return new Uint8Array(out);
}

export function wInt(v: number, cls = UNIVERSAL, num: number = U.INTEGER): WNode {
  return wPrim(cls, num, intContents(v));
}

export function wEnum(v: number): WNode {
  return wPrim(UNIVERSAL, U.ENUMERATED, intContents(v));
}

export function wBool(v: boolean, cls = UNIVERSAL, num: number = U.BOOLEAN): WNode {
  return wPrim(cls, num, new Uint8Array([v ? 0xff : 0x00]));
}

/** The encoded size of an element; records the contents length of every constructed one. */
function measure(n: WNode): number {
  let len: number;
  if (n.children) {
    len = 0;
    for (const c of n.children) len += measure(c);
    n.len = len;
  } else len = n.contents?.length ?? 0;
  return n.id.length + lengthOctets(len) + len;
}

function write(n: WNode, out: Uint8Array, at: number): number {
  const id = n.id;
  if (id.length === 1) out[at++] = id[0];
  else {
    out.set(id, at);
    at += id.length;
  }
  const len = n.children ? n.len! : (n.contents?.length ?? 0);
  if (len < 0x80) out[at++] = len;
  else {
    const k = lengthOctets(len) - 1;
    out[at++] = 0x80 | k;
    for (let i = k - 1; i >= 0; i--) out[at++] = Math.floor(len / 2 ** (8 * i)) & 0xff;
  }
  if (n.children) for (const c of n.children) at = write(c, out, at);
  else if (n.contents) {
    out.set(n.contents, at);
    at += n.contents.length;
  }
  return at;
}

/** The BER (definite lengths, minimal length octets) of an element. */
export function toBytes(n: WNode): Uint8Array {
  const out = new Uint8Array(measure(n));
  write(n, out, 0);
  return out;
}
