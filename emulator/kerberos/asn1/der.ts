import { concat } from '../../core/bytes.ts';
import { DecodeError } from '../../core/errors.ts';
import { parseWithAsn1js } from './asn1js-bridge.ts';
import { scanDer } from './tlv-scan.ts';

/**
 * The layer between the Kerberos schema and the bytes. Decoding: the DER fast path
 * (tlv-scan.ts) frames definite-length TLVs of the types Kerberos uses; any other input,
 * including every malformed one, goes through asn1js (asn1js-bridge.ts, with its depth,
 * node-count and length limits switched on) exactly as before the fast path existed. Both give
 * the same `Node`s: tag, offsets into the decoder's copy of the input, children. Encoding:
 * blocks that know their DER size, written once into one buffer (definite, minimal lengths,
 * tag numbers below 31), byte-identical to asn1js's toBER (checked in the unit tests).
 * Everything above works on `Node`s and `Block`s and never touches asn1js.
 */

/** Largest message any decoder accepts (a KDC over TCP sees far less; AD's MaxTokenSize is 48 KiB). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Deepest nesting asn1js may build (a KRB-CRED with tickets is about 12 deep). */
export const MAX_DEPTH = 32;
/** Most TLVs one message may contain. */
export const MAX_NODES = 8192;

/** Tag classes, numbered as asn1js numbers them. */
export const CLASS_UNIVERSAL = 1;
export const CLASS_APPLICATION = 2;
export const CLASS_CONTEXT = 3;

/** Universal tag numbers used by RFC 4120 (X.680 8.4). */
export const UNIVERSAL = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  SEQUENCE: 16,
  GeneralizedTime: 24,
  GeneralString: 27,
} as const;

/** A parsed TLV: its tag and where it lies in the decoder's copy of the input (`DecodeCtx.root`). */
export interface Node {
  readonly cls: number;
  readonly num: number;
  readonly constructed: boolean;
  /** Offset of the identifier octet. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly content: number;
  /** Offset just past the TLV (past the end-of-contents octets of an indefinite length). */
  readonly end: number;
  /** The elements of a constructed node (undefined when asn1js kept its content opaque). */
  readonly children: readonly Node[] | undefined;
}

/** A block ready for encoding: identifier octet, content length, and content or children. */
export interface Block {
  readonly id: number;
  /** Content octets (primitive), or undefined (constructed). */
  readonly content: Uint8Array | undefined;
  readonly children: readonly Block[] | undefined;
  /** Length of the content. */
  readonly len: number;
  /** Length of the whole TLV. */
  readonly size: number;
}

/** Bookkeeping for one decode call: the decoder's own copy of the input. */
export interface DecodeCtx {
  readonly root: Uint8Array;
}

/** The tag of a node (the node itself carries it). */
export function tagOf(node: Node): Pick<Node, 'cls' | 'num' | 'constructed'> {
  return node;
}

/** Offset of a node inside the buffer handed to the decoder (for error messages). */
export function offsetOf(_ctx: DecodeCtx, node: Node): number {
  return node.start;
}

export function fail(ctx: DecodeCtx, node: Node | undefined, what: string, detail: string): never {
  throw new DecodeError(what, detail, node ? offsetOf(ctx, node) : undefined);
}

/**
 * Parses exactly one TLV covering the whole buffer. Any failure, including an exception from
 * inside asn1js, becomes a DecodeError.
 */
export function parseTlv(bytes: Uint8Array, what: string): { node: Node; ctx: DecodeCtx } {
  if (!(bytes instanceof Uint8Array)) throw new DecodeError(what, 'input is not a Uint8Array');
  if (bytes.length === 0) throw new DecodeError(what, 'empty input', 0);
  if (bytes.length > MAX_MESSAGE_BYTES) {
    throw new DecodeError(what, `message of ${bytes.length} bytes exceeds ${MAX_MESSAGE_BYTES}`, 0);
  }
  // Our own copy: nodes point into it, and the caller may reuse its buffer.
  const root = bytes.slice();
  const node = scanDer(root, MAX_DEPTH, MAX_NODES) ?? parseWithAsn1js(root, what);
  return { node, ctx: { root } };
}

/** The whole TLV of a node, as a view into the decoder's copy. */
export function tlvOf(ctx: DecodeCtx, node: Node): Uint8Array {
  return ctx.root.subarray(node.start, node.end);
}

/** Checks class, number and form of a node. */
export function expectTag(ctx: DecodeCtx, node: Node, cls: number, num: number, constructed: boolean, what: string): void {
  if (node.cls !== cls || node.num !== num) {
    fail(ctx, node, what, `expected ${tagName(cls, num)}, found ${tagName(node.cls, node.num)}`);
  }
  if (node.constructed !== constructed) {
    fail(ctx, node, what, `expected ${constructed ? 'constructed' : 'primitive'} form`);
  }
}

export function tagName(cls: number, num: number): string {
  const c = cls === CLASS_UNIVERSAL ? 'UNIVERSAL' : cls === CLASS_APPLICATION ? 'APPLICATION' : cls === CLASS_CONTEXT ? '' : 'PRIVATE';
  return c ? `[${c} ${num}]` : `[${num}]`;
}

/** The child TLVs of a constructed node. */
export function childrenOf(ctx: DecodeCtx, node: Node, what: string): readonly Node[] {
  if (!node.constructed) fail(ctx, node, what, 'expected constructed form');
  if (node.children === undefined) fail(ctx, node, what, 'constructed value missing');
  return node.children;
}

/**
 * Content octets of a primitive node. A constructed string (BER segments, X.690 8.7.3) is
 * accepted for the string types and flattened; DER senders never use it.
 */
export function contentOf(ctx: DecodeCtx, node: Node, what: string, allowSegments = false): Uint8Array {
  if (node.constructed) {
    if (!allowSegments) fail(ctx, node, what, 'expected primitive form');
    const parts: Uint8Array[] = [];
    for (const c of childrenOf(ctx, node, what)) {
      if (c.cls !== node.cls || c.num !== node.num) fail(ctx, c, what, 'segment of a constructed string has another tag');
      parts.push(contentOf(ctx, c, what, true));
    }
    return concat(...parts);
  }
  return ctx.root.subarray(node.content, node.end);
}

// ---- encoding ----------------------------------------------------------------------------

function identifier(cls: number, num: number, constructed: boolean): number {
  if (!Number.isInteger(cls) || cls < 1 || cls > 4) throw new RangeError(`tag class ${cls}`);
  if (!Number.isInteger(num) || num < 0 || num > 30) throw new RangeError(`tag number ${num} needs the long form`);
  return ((cls - 1) << 6) | (constructed ? 0x20 : 0) | num;
}

/** Octets of a DER length (X.690 10.1: short form below 128, else minimal long form). */
function lengthSize(len: number): number {
  return len < 0x80 ? 1 : len < 0x100 ? 2 : len < 0x10000 ? 3 : len < 0x1000000 ? 4 : 5;
}

export function primitive(cls: number, num: number, content: Uint8Array): Block {
  const len = content.length;
  return { id: identifier(cls, num, false), content, children: undefined, len, size: 1 + lengthSize(len) + len };
}

export function constructed(cls: number, num: number, children: readonly Block[]): Block {
  let len = 0;
  for (const c of children) len += c.size;
  return { id: identifier(cls, num, true), content: undefined, children, len, size: 1 + lengthSize(len) + len };
}

function write(out: Uint8Array, pos: number, b: Block): number {
  out[pos++] = b.id;
  const len = b.len;
  if (len < 0x80) out[pos++] = len;
  else {
    const n = lengthSize(len) - 1;
    out[pos++] = 0x80 | n;
    for (let i = n - 1; i >= 0; i--) out[pos++] = (len >>> (8 * i)) & 0xff; // len < 2^32 (toBytes checks)
  }
  if (b.content !== undefined) {
    out.set(b.content, pos);
    return pos + len;
  }
  for (const c of b.children!) pos = write(out, pos, c);
  return pos;
}

/** DER bytes of a block (definite, minimal lengths). */
export function toBytes(block: Block): Uint8Array {
  if (block.size > 0xffffffff) throw new RangeError('block too large to encode');
  const out = new Uint8Array(block.size);
  write(out, 0, block);
  return out;
}
