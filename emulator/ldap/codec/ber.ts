/**
 * A thin layer over asn1js for LDAP's BER profile (RFC 4511 section 5.1): definite lengths only,
 * OCTET STRING and friends in primitive form only, BOOLEAN of one octet, INTEGER in at most 32 bits.
 * Readers throw LdapDecodeError (never TypeError/RangeError); writers build asn1js blocks.
 */
import * as asn1js from 'asn1js';
import { LdapDecodeError } from './errors.ts';

export type Node = asn1js.AsnType;

/** asn1js tag classes. */
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

/** Parses exactly one BER element that must fill `bytes`. */
export function parseOne(bytes: Uint8Array, what: string): Node {
  let r: ReturnType<typeof asn1js.fromBER>;
  try {
    r = asn1js.fromBER(bytes);
  } catch (e) {
    return fail(what, `BER parser failed: ${(e as Error).name}`);
  }
  if (r.offset === -1 || r.result.error) fail(what, r.result.error || 'malformed BER');
  if (r.offset !== bytes.length) fail(what, `trailing ${bytes.length - r.offset} bytes`);
  return r.result;
}

interface IdView {
  idBlock: { tagClass: number; tagNumber: number; isConstructed: boolean };
  lenBlock: { isIndefiniteForm: boolean };
}

export function tagOf(n: Node): { cls: number; num: number; constructed: boolean } {
  const id = (n as unknown as IdView).idBlock;
  return { cls: id.tagClass, num: id.tagNumber, constructed: id.isConstructed };
}

export function isTag(n: Node, cls: number, num: number): boolean {
  const t = tagOf(n);
  return t.cls === cls && t.num === num;
}

function checkLength(n: Node, what: string): void {
  if ((n as unknown as IdView).lenBlock.isIndefiniteForm) fail(what, 'indefinite length is not allowed in LDAP');
}

/** Children of a constructed element with the given tag. */
export function children(n: Node, cls: number, num: number, what: string): Node[] {
  const t = tagOf(n);
  if (t.cls !== cls || t.num !== num) fail(what, `expected tag ${cls}/${num}, got ${t.cls}/${t.num}`);
  if (!t.constructed) fail(what, 'expected a constructed element');
  checkLength(n, what);
  const v = (n as unknown as { valueBlock: { value?: Node[] } }).valueBlock.value;
  if (!Array.isArray(v)) fail(what, 'no contents');
  return v;
}

/** Contents octets of a primitive element with the given tag (a copy). */
export function primitive(n: Node, cls: number, num: number, what: string): Uint8Array {
  const t = tagOf(n);
  if (t.cls !== cls || t.num !== num) fail(what, `expected tag ${cls}/${num}, got ${t.cls}/${t.num}`);
  if (t.constructed) fail(what, 'expected a primitive element');
  checkLength(n, what);
  const view = (n as unknown as { valueBlock: { valueHexView?: Uint8Array } }).valueBlock.valueHexView;
  return view ? view.slice() : new Uint8Array(0);
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
// Writers

const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

export function wSeq(value: Node[], cls = UNIVERSAL, num: number = U.SEQUENCE): Node {
  if (cls === UNIVERSAL && num === U.SEQUENCE) return new asn1js.Sequence({ value });
  if (cls === UNIVERSAL && num === U.SET) return new asn1js.Set({ value });
  return new asn1js.Constructed({ idBlock: { tagClass: cls, tagNumber: num }, value });
}

export function wSet(value: Node[]): Node {
  return new asn1js.Set({ value });
}

export function wPrim(cls: number, num: number, contents: Uint8Array): Node {
  return new asn1js.Primitive({ idBlock: { tagClass: cls, tagNumber: num }, valueHex: buf(contents) });
}

export function wOctets(v: Uint8Array | string, cls = UNIVERSAL, num: number = U.OCTET_STRING): Node {
  const b = typeof v === 'string' ? enc.encode(v) : v;
  if (cls === UNIVERSAL && num === U.OCTET_STRING) return new asn1js.OctetString({ valueHex: buf(b) });
  return wPrim(cls, num, b);
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

export function wInt(v: number, cls = UNIVERSAL, num: number = U.INTEGER): Node {
  return wPrim(cls, num, intContents(v));
}

export function wEnum(v: number): Node {
  return wPrim(UNIVERSAL, U.ENUMERATED, intContents(v));
}

export function wBool(v: boolean, cls = UNIVERSAL, num: number = U.BOOLEAN): Node {
  return wPrim(cls, num, new Uint8Array([v ? 0xff : 0x00]));
}

export function toBytes(n: Node): Uint8Array {
  return new Uint8Array(n.toBER(false));
}
