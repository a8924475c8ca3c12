import { CLASS_UNIVERSAL, UNIVERSAL, contentOf, expectTag, fail, primitive, type Block, type DecodeCtx, type Node } from './der.ts';
import { alias, type Codec } from './schema.ts';
import { kerberosTimeBytes, parseKerberosTimeAt } from './time.ts';

export { formatKerberosTime, parseKerberosTime, truncateToSecond } from './time.ts';

/**
 * RFC 4120 section 5.2 basic types. Value representations:
 * - INTEGER types are JS numbers (all Kerberos integers fit in 32 bits);
 * - KerberosTime is a number of epoch milliseconds that is always a whole second
 *   (see `KerberosTime` below);
 * - KerberosFlags is an unsigned 32-bit number whose most significant bit is RFC bit 0
 *   (so KDCOptions forwardable|renewable|canonicalize reads 0x40810000 as Wireshark shows it);
 * - KerberosString is a JS string (UTF-8 on the wire, as Windows and MIT send it);
 * - OCTET STRING is a Uint8Array (always a fresh copy on decode).
 */

function integer(asnName: string, min: number, max: number, maxLen: number): Codec<number> {
  return {
    asnName,
    toAsn(value: number, path: string) {
      if (!Number.isSafeInteger(value) || value < min || value > max) {
        throw new RangeError(`${path}: ${String(value)} is not a ${asnName} (${min}..${max})`);
      }
      return integerBlock(value);
    },
    fromAsn(ctx: DecodeCtx, node: Node, path: string) {
      const v = readInteger(ctx, node, path, maxLen);
      if (v < min || v > max) fail(ctx, node, path, `${v} out of range for ${asnName}`);
      return v;
    },
  };
}

/**
 * The INTEGER block of a value; the blocks of 0..255 (etypes, name types, message types, tag
 * numbers, most kvnos) are made once and shared: a Block is never written to after it is made.
 */
const SMALL_INTEGERS: Block[] = [];
function integerBlock(value: number): Block {
  if (value >= 0 && value < 256 && Number.isInteger(value)) {
    return (SMALL_INTEGERS[value] ??= primitive(CLASS_UNIVERSAL, UNIVERSAL.INTEGER, integerContent(value)));
  }
  return primitive(CLASS_UNIVERSAL, UNIVERSAL.INTEGER, integerContent(value));
}

/** Minimal two's-complement content octets of a safe integer (X.690 8.3.2). */
export function integerContent(value: number): Uint8Array {
  // Count the octets: stop once the rest is all sign bits and the top bit of the last octet agrees.
  let n = 1;
  for (let v = value; !(v >= -0x80 && v < 0x80); v = Math.floor(v / 256)) n++;
  const out = new Uint8Array(n);
  let v = value;
  for (let i = n - 1; i >= 0; i--) {
    const b = ((v % 256) + 256) % 256;
    out[i] = b;
    v = (v - b) / 256;
  }
  return out;
}

/** Reads an INTEGER of at most `maxLen` content octets; rejects non-minimal encodings (X.690 8.3.2). */
function readInteger(ctx: DecodeCtx, node: Node, path: string, maxLen: number): number {
  expectTag(ctx, node, CLASS_UNIVERSAL, UNIVERSAL.INTEGER, false, path);
  // Primitive (checked above): the content octets read in place, c[from..to).
  const c = ctx.root;
  const from = node.content;
  const len = node.end - from;
  if (len === 0) fail(ctx, node, path, 'INTEGER with no content octets');
  if (len > maxLen) fail(ctx, node, path, `INTEGER of ${len} octets is too large`);
  if (len > 1 && ((c[from] === 0x00 && (c[from + 1] & 0x80) === 0) || (c[from] === 0xff && (c[from + 1] & 0x80) !== 0))) {
    fail(ctx, node, path, 'INTEGER not minimally encoded');
  }
  let v = c[from] & 0x80 ? -1 : 0;
  for (let i = from; i < node.end; i++) v = v * 256 + c[i];
  return v;
}

/** Int32 ::= INTEGER (-2147483648..2147483647) (RFC 4120 5.2.4). Etypes such as -138 are Int32. */
export const Int32 = integer('Int32', -0x80000000, 0x7fffffff, 4);

/** Microseconds ::= INTEGER (0..999999) (RFC 4120 5.2.4). */
export const Microseconds = integer('Microseconds', 0, 999999, 4);

/** A plain INTEGER small enough for a JS number, used for the fixed pvno/msg-type fields. */
export const SmallInteger = integer('INTEGER', -0x80000000, 0x7fffffff, 4);

/**
 * UInt32 ::= INTEGER (0..4294967295) (RFC 4120 5.2.4): nonce, kvno, seq-number.
 * Decodes the correct positive form (5 octets when the top bit is set, as Windows sends) and
 * also the signed 32-bit form older encoders emit (a negative number n is read as n + 2^32).
 * Encodes the positive form only. The signed form is not a valid UInt32 encoding, so it is
 * the one input that does not re-encode byte-identically.
 */
export const UInt32: Codec<number> = {
  asnName: 'UInt32',
  toAsn(value: number, path: string) {
    if (!Number.isSafeInteger(value) || value < 0 || value > 0xffffffff) {
      throw new RangeError(`${path}: ${String(value)} is not a UInt32`);
    }
    return integerBlock(value);
  },
  fromAsn(ctx, node, path) {
    const v = readInteger(ctx, node, path, 5);
    if (v >= 0 && v <= 0xffffffff) return v;
    if (v < 0 && v >= -0x80000000) return v + 0x100000000;
    return fail(ctx, node, path, `${v} out of range for UInt32`);
  },
};

/** BOOLEAN (X.690 8.2): DER true is 0xFF; BER accepts any non-zero octet. */
export const Bool: Codec<boolean> = {
  asnName: 'BOOLEAN',
  toAsn(value: boolean, path: string) {
    if (typeof value !== 'boolean') throw new TypeError(`${path}: expected a boolean`);
    return primitive(CLASS_UNIVERSAL, UNIVERSAL.BOOLEAN, new Uint8Array([value ? 0xff : 0x00]));
  },
  fromAsn(ctx, node, path) {
    expectTag(ctx, node, CLASS_UNIVERSAL, UNIVERSAL.BOOLEAN, false, path);
    const c = contentOf(ctx, node, path);
    if (c.length !== 1) fail(ctx, node, path, 'BOOLEAN must have one content octet');
    return c[0] !== 0;
  },
};

/** OCTET STRING. */
export const OctetString: Codec<Uint8Array> = {
  asnName: 'OCTET STRING',
  toAsn(value: Uint8Array, path: string) {
    if (!(value instanceof Uint8Array)) throw new TypeError(`${path}: expected a Uint8Array`);
    // No copy: the block only lives inside one synchronous encode(), whose output is a new buffer.
    return primitive(CLASS_UNIVERSAL, UNIVERSAL.OCTET_STRING, value);
  },
  fromAsn(ctx, node, path) {
    expectTag(ctx, node, CLASS_UNIVERSAL, UNIVERSAL.OCTET_STRING, node.constructed, path);
    return contentOf(ctx, node, path, true).slice();
  },
};

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The blocks of short ASCII strings encoded lately (realms, service and user names: the same few
 * in every ticket), shared like the small INTEGER blocks; at most STRING_BLOCKS_MAX, then emptied.
 */
const STRING_BLOCKS = new Map<string, Block>();
const STRING_BLOCKS_MAX = 1024;

/** KerberosString ::= GeneralString (IA5String) (RFC 4120 5.2.1); UTF-8 as Windows and MIT use. */
export const KerberosString: Codec<string> = {
  asnName: 'KerberosString',
  toAsn(value: string, path: string) {
    if (typeof value !== 'string') throw new TypeError(`${path}: expected a string`);
    const known = STRING_BLOCKS.get(value);
    if (known !== undefined) return known;
    const ascii = asciiBytes(value);
    if (ascii !== undefined) {
      const block = primitive(CLASS_UNIVERSAL, UNIVERSAL.GeneralString, ascii);
      if (STRING_BLOCKS.size >= STRING_BLOCKS_MAX) STRING_BLOCKS.clear();
      STRING_BLOCKS.set(value, block);
      return block;
    }
    if (LONE_SURROGATE.test(value)) throw new RangeError(`${path}: string has a lone surrogate`);
    return primitive(CLASS_UNIVERSAL, UNIVERSAL.GeneralString, utf8Encoder.encode(value));
  },
  fromAsn(ctx, node, path) {
    expectTag(ctx, node, CLASS_UNIVERSAL, UNIVERSAL.GeneralString, node.constructed, path);
    const c = contentOf(ctx, node, path, true);
    const ascii = asciiString(c);
    if (ascii !== undefined) return ascii;
    try {
      return utf8Decoder.decode(c);
    } catch {
      return fail(ctx, node, path, 'KerberosString is not valid UTF-8');
    }
  },
};

/**
 * Names and realms are nearly always short ASCII, for which UTF-8 is the identity: these skip
 * TextEncoder/TextDecoder (and the surrogate check) for them. Undefined when not short ASCII.
 */
function asciiBytes(s: string): Uint8Array | undefined {
  if (s.length > 64) return undefined;
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return undefined;
    out[i] = c;
  }
  return out;
}

function asciiString(b: Uint8Array): string | undefined {
  if (b.length > 64) return undefined;
  let s = '';
  for (let i = 0; i < b.length; i++) {
    if (b[i] >= 0x80) return undefined;
    s += String.fromCharCode(b[i]);
  }
  return s;
}

/** Realm ::= KerberosString (RFC 4120 5.2.2). */
export const Realm = alias('Realm', KerberosString);

// ---- KerberosTime -------------------------------------------------------------------------

/**
 * The blocks of the times encoded lately (a reply carries the same authtime, start, end and
 * renew-till in its ticket and its enc-part, and requests within a second share them), shared like
 * the small INTEGER blocks; at most TIME_BLOCKS_MAX, then emptied.
 */
const TIME_BLOCKS = new Map<number, Block>();
const TIME_BLOCKS_MAX = 64;

/**
 * KerberosTime ::= GeneralizedTime -- with no fractional seconds (RFC 4120 5.2.3).
 * Represented as epoch milliseconds. The encoder truncates toward the past to a whole second
 * and always writes "YYYYMMDDHHMMSSZ" (asn1js would write fractions from a Date with
 * milliseconds, which Kerberos forbids); the decoder accepts exactly that form, so a decoded
 * value is always a multiple of 1000.
 */
export const KerberosTime: Codec<number> = {
  asnName: 'KerberosTime',
  toAsn(value: number, path: string) {
    const known = TIME_BLOCKS.get(value);
    if (known !== undefined) return known;
    const block = primitive(CLASS_UNIVERSAL, UNIVERSAL.GeneralizedTime, kerberosTimeBytes(value, path));
    if (TIME_BLOCKS.size >= TIME_BLOCKS_MAX) TIME_BLOCKS.clear();
    TIME_BLOCKS.set(value, block);
    return block;
  },
  fromAsn(ctx, node, path) {
    expectTag(ctx, node, CLASS_UNIVERSAL, UNIVERSAL.GeneralizedTime, false, path);
    // Primitive (checked above): the content read in place.
    const ms = parseKerberosTimeAt(ctx.root, node.content, node.end);
    if (ms === undefined) fail(ctx, node, path, 'KerberosTime must be YYYYMMDDHHMMSSZ');
    return ms;
  },
};

// ---- KerberosFlags ------------------------------------------------------------------------

/**
 * KerberosFlags ::= BIT STRING (SIZE (32..MAX)) (RFC 4120 5.2.8), as an unsigned 32-bit
 * number with RFC bit 0 as the most significant bit. Encodes the 32-bit form every
 * implementation sends (03 05 00 xx xx xx xx). Decodes 1..64 bits: shorter strings are padded
 * with zero bits, bits past 31 must be zero (they name no flag); only the 32-bit form
 * re-encodes byte-identically.
 */
export const KerberosFlags: Codec<number> = {
  asnName: 'KerberosFlags',
  toAsn(value: number, path: string) {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new RangeError(`${path}: ${String(value)} is not a 32-bit flag set`);
    }
    const c = new Uint8Array(5);
    new DataView(c.buffer).setUint32(1, value);
    return primitive(CLASS_UNIVERSAL, UNIVERSAL.BIT_STRING, c);
  },
  fromAsn(ctx, node, path) {
    expectTag(ctx, node, CLASS_UNIVERSAL, UNIVERSAL.BIT_STRING, false, path);
    const c = contentOf(ctx, node, path);
    if (c.length === 0) fail(ctx, node, path, 'BIT STRING with no content octets');
    const unused = c[0];
    if (unused > 7 || (c.length === 1 && unused !== 0)) fail(ctx, node, path, 'bad unused-bits count');
    if (c.length > 9) fail(ctx, node, path, 'KerberosFlags longer than 64 bits');
    const data = c.slice(1);
    if (data.length > 0) data[data.length - 1] &= (0xff << unused) & 0xff;
    for (let i = 4; i < data.length; i++) if (data[i] !== 0) fail(ctx, node, path, 'flag bits past 31 are set');
    let v = 0;
    for (let i = 0; i < 4; i++) v = v * 256 + (data[i] ?? 0);
    return v;
  },
};
