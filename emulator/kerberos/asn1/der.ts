import * as asn1js from 'asn1js';
import { DecodeError } from '../../core/errors.ts';

/**
 * The thin layer between the Kerberos schema and asn1js: asn1js frames and parses TLVs
 * (with its depth, node-count and length limits switched on), this file reads content bytes
 * and builds blocks. Everything above works on `Node`s and never touches asn1js directly.
 */

/** Largest message any decoder accepts (a KDC over TCP sees far less; AD's MaxTokenSize is 48 KiB). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Deepest nesting asn1js may build (a KRB-CRED with tickets is about 12 deep). */
export const MAX_DEPTH = 32;
/** Most TLVs one message may contain. */
export const MAX_NODES = 8192;

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

/** A parsed TLV. */
export type Node = asn1js.AsnType;
/** A block ready for encoding. */
export type Block = asn1js.AsnType;

interface Tag {
  cls: number;
  num: number;
  constructed: boolean;
}

/** Bookkeeping for one decode call: the root view (for offsets in errors). */
export interface DecodeCtx {
  readonly root: Uint8Array;
}

export function tagOf(node: Node): Tag {
  return { cls: node.idBlock.tagClass, num: node.idBlock.tagNumber, constructed: node.idBlock.isConstructed };
}

/** Offset of a node inside the buffer handed to the decoder (for error messages). */
export function offsetOf(ctx: DecodeCtx, node: Node): number | undefined {
  const v = node.valueBeforeDecodeView;
  if (!(v instanceof Uint8Array) || v.buffer !== ctx.root.buffer) return undefined;
  return v.byteOffset - ctx.root.byteOffset;
}

export function fail(ctx: DecodeCtx, node: Node | undefined, what: string, detail: string): never {
  throw new DecodeError(what, detail, node ? offsetOf(ctx, node) : undefined);
}

/**
 * Parses exactly one TLV covering the whole buffer. Any failure, including an exception from
 * inside asn1js (it throws on some malformed time strings), becomes a DecodeError.
 */
export function parseTlv(bytes: Uint8Array, what: string): { node: Node; ctx: DecodeCtx } {
  if (!(bytes instanceof Uint8Array)) throw new DecodeError(what, 'input is not a Uint8Array');
  if (bytes.length === 0) throw new DecodeError(what, 'empty input', 0);
  if (bytes.length > MAX_MESSAGE_BYTES) {
    throw new DecodeError(what, `message of ${bytes.length} bytes exceeds ${MAX_MESSAGE_BYTES}`, 0);
  }
  // Our own copy: asn1js keeps views into it, and the caller may reuse its buffer.
  const root = bytes.slice();
  let parsed: { offset: number; result: Node };
  try {
    parsed = asn1js.fromBER(root, {
      maxDepth: MAX_DEPTH,
      maxNodes: MAX_NODES,
      maxContentLength: MAX_MESSAGE_BYTES,
      parseEmbedded: false,
      copyInput: false,
    });
  } catch (e) {
    throw new DecodeError(what, `malformed BER (${e instanceof Error ? e.name : 'error'})`);
  }
  if (parsed.offset === -1 || parsed.result.error) {
    throw new DecodeError(what, `malformed BER: ${parsed.result.error || 'unknown'}`);
  }
  if (parsed.offset !== root.length) {
    throw new DecodeError(what, `${root.length - parsed.offset} trailing bytes`, parsed.offset);
  }
  return { node: parsed.result, ctx: { root } };
}

/** Checks class, number and form of a node. */
export function expectTag(ctx: DecodeCtx, node: Node, cls: number, num: number, constructed: boolean, what: string): void {
  const t = tagOf(node);
  if (t.cls !== cls || t.num !== num) {
    fail(ctx, node, what, `expected ${tagName(cls, num)}, found ${tagName(t.cls, t.num)}`);
  }
  if (t.constructed !== constructed) {
    fail(ctx, node, what, `expected ${constructed ? 'constructed' : 'primitive'} form`);
  }
}

export function tagName(cls: number, num: number): string {
  const c = cls === CLASS_UNIVERSAL ? 'UNIVERSAL' : cls === CLASS_APPLICATION ? 'APPLICATION' : cls === CLASS_CONTEXT ? '' : 'PRIVATE';
  return c ? `[${c} ${num}]` : `[${num}]`;
}

/** The child TLVs of a constructed node. */
export function childrenOf(ctx: DecodeCtx, node: Node, what: string): Node[] {
  if (!node.idBlock.isConstructed) fail(ctx, node, what, 'expected constructed form');
  const value = (node.valueBlock as { value?: unknown }).value;
  if (!Array.isArray(value)) fail(ctx, node, what, 'constructed value missing');
  // asn1js keeps the end-of-contents marker of an indefinite length as a last child.
  return (value as Node[]).filter((c) => !(c.idBlock.tagClass === CLASS_UNIVERSAL && c.idBlock.tagNumber === 0));
}

/**
 * Content octets of a primitive node. A constructed string (BER segments, X.690 8.7.3) is
 * accepted for the string types and flattened; DER senders never use it.
 */
export function contentOf(ctx: DecodeCtx, node: Node, what: string, allowSegments = false): Uint8Array {
  if (node.idBlock.isConstructed) {
    if (!allowSegments) fail(ctx, node, what, 'expected primitive form');
    const parts: Uint8Array[] = [];
    let n = 0;
    for (const c of childrenOf(ctx, node, what)) {
      if (c.idBlock.tagClass !== node.idBlock.tagClass || c.idBlock.tagNumber !== node.idBlock.tagNumber) {
        fail(ctx, c, what, 'segment of a constructed string has another tag');
      }
      const p = contentOf(ctx, c, what, true);
      parts.push(p);
      n += p.length;
    }
    const out = new Uint8Array(n);
    let off = 0;
    for (const p of parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
  const whole = node.valueBeforeDecodeView;
  const header = node.idBlock.blockLength + node.lenBlock.blockLength;
  if (!(whole instanceof Uint8Array) || header > whole.length) fail(ctx, node, what, 'no content view');
  return whole.subarray(header);
}

// ---- encoding ----------------------------------------------------------------------------

export function primitive(cls: number, num: number, content: Uint8Array): Block {
  return new asn1js.Primitive({ idBlock: { tagClass: cls, tagNumber: num }, valueHex: content });
}

export function constructed(cls: number, num: number, children: Block[]): Block {
  return new asn1js.Constructed({ idBlock: { tagClass: cls, tagNumber: num }, value: children });
}

/** DER bytes of a block (definite, minimal lengths). */
export function toBytes(block: Block): Uint8Array {
  return new Uint8Array(block.toBER(false));
}
