import * as asn1js from 'asn1js';
import { DecodeError } from '../../core/errors.ts';
import { CLASS_UNIVERSAL, MAX_DEPTH, MAX_MESSAGE_BYTES, MAX_NODES, type Block, type Node } from './der.ts';

/**
 * The asn1js side of the ASN.1 layer:
 *   - `parseWithAsn1js`: the full BER parser, used for every input the DER fast path
 *     (tlv-scan.ts) does not take: indefinite lengths, long-form tags, non-minimal lengths,
 *     universal types it does not know, and everything malformed. Its tree is turned into the
 *     same `Node`s the fast path builds, so the schema layer sees one shape.
 *   - `toAsn1jsBlock`: the asn1js block for one of our encoder blocks, so tests can check that
 *     our DER writer emits exactly what asn1js would.
 */
export function parseWithAsn1js(root: Uint8Array, what: string): Node {
  let parsed: { offset: number; result: asn1js.AsnType };
  try {
    parsed = asn1js.fromBER(root, {
      maxDepth: MAX_DEPTH,
      maxNodes: MAX_NODES,
      maxContentLength: MAX_MESSAGE_BYTES,
      parseEmbedded: false,
      copyInput: false,
    });
  } catch (e) {
    // asn1js throws on some malformed time strings.
    throw new DecodeError(what, `malformed BER (${e instanceof Error ? e.name : 'error'})`);
  }
  if (parsed.offset === -1 || parsed.result.error) {
    throw new DecodeError(what, `malformed BER: ${parsed.result.error || 'unknown'}`);
  }
  if (parsed.offset !== root.length) {
    throw new DecodeError(what, `${root.length - parsed.offset} trailing bytes`, parsed.offset);
  }
  return fromAsn1js(root, parsed.result);
}

function fromAsn1js(root: Uint8Array, b: asn1js.AsnType): Node {
  const whole = b.valueBeforeDecodeView;
  const start = whole.byteOffset - root.byteOffset;
  const value = (b.valueBlock as { value?: unknown }).value;
  let children: Node[] | undefined;
  if (b.idBlock.isConstructed && Array.isArray(value)) {
    // asn1js keeps an end-of-contents marker as a child in some BER forms: never an element.
    children = (value as asn1js.AsnType[])
      .filter((c) => !(c.idBlock.tagClass === CLASS_UNIVERSAL && c.idBlock.tagNumber === 0))
      .map((c) => fromAsn1js(root, c));
  }
  return {
    cls: b.idBlock.tagClass,
    num: b.idBlock.tagNumber,
    constructed: b.idBlock.isConstructed,
    start,
    content: start + b.idBlock.blockLength + b.lenBlock.blockLength,
    end: start + whole.length,
    children,
  };
}

/** The asn1js equivalent of one of our blocks (tests compare `toBER` with our bytes). */
export function toAsn1jsBlock(b: Block): asn1js.AsnType {
  const tagClass = (b.id >> 6) + 1;
  const tagNumber = b.id & 0x1f;
  if (b.children) {
    return new asn1js.Constructed({ idBlock: { tagClass, tagNumber }, value: b.children.map(toAsn1jsBlock) });
  }
  return new asn1js.Primitive({ idBlock: { tagClass, tagNumber }, valueHex: b.content ?? new Uint8Array(0) });
}
