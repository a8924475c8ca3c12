/**
 * One DER encoding of a service ticket's EncTicketPart (RFC 4120 5.3) for both the PAC ticket
 * signature and the sealed ticket. The ticket signature (MS-PAC 2.8.3) covers the EncTicketPart
 * with the PAC's ad-data replaced by one zero byte; the sealed ticket is the same encoding with
 * that byte replaced by the signed PAC. authorization-data [10] is the last field of
 * EncTicketPart and the PAC the last ad-data element, so the zero byte is the encoding's last
 * byte and every TLV that encloses it ends there too: the sealed encoding is the signing input
 * with that byte replaced and those TLVs' lengths rewritten, not a second pass of the encoder.
 */

/** Enclosing TLVs we follow at most (EncTicketPart to the PAC's OCTET STRING is 11 deep). */
const MAX_LEVELS = 24;

interface Tlv {
  /** Offset of the tag byte. */
  readonly at: number;
  /** Offset of the first content byte. */
  readonly content: number;
  /** Offset just after the content. */
  readonly end: number;
}

/** The TLV at `at` of our own encoder's output (low tag numbers, definite DER lengths). */
function tlvAt(der: Uint8Array, at: number): Tlv {
  if (at + 2 > der.length || (der[at] & 0x1f) === 0x1f) throw new RangeError(`no low-tag-number TLV at ${at}`);
  const first = der[at + 1];
  let len = first;
  let content = at + 2;
  if (first >= 0x80) {
    const n = first & 0x7f;
    if (n < 1 || n > 3 || content + n > der.length) throw new RangeError(`unsupported DER length at ${at}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[content + i];
    content += n;
  }
  return { at, content, end: content + len };
}

function lengthSize(len: number): number {
  return len < 0x80 ? 1 : len <= 0xff ? 2 : len <= 0xffff ? 3 : 4;
}

function writeLength(out: Uint8Array, at: number, len: number): number {
  const size = lengthSize(len);
  if (size === 1) {
    out[at] = len;
    return at + 1;
  }
  out[at] = 0x80 | (size - 1);
  for (let i = size - 1; i >= 1; i--) out[at + i] = (len >>> (8 * (size - 1 - i))) & 0xff;
  return at + size;
}

/**
 * `der` (one TLV whose last byte is the content of a one-byte OCTET STRING, the innermost of a
 * chain of last children) with that byte replaced by `value`. RangeError when `der` is not so.
 */
export function replaceTrailingOctet(der: Uint8Array, value: Uint8Array): Uint8Array {
  const end = der.length;
  const chain: Tlv[] = [];
  let tlv = tlvAt(der, 0);
  for (;;) {
    if (tlv.end !== end || chain.length >= MAX_LEVELS) throw new RangeError('the trailing byte is not the last content of every enclosing TLV');
    chain.push(tlv);
    if (tlv.content === end - 1) break;
    let child = tlvAt(der, tlv.content);
    while (child.end < end) child = tlvAt(der, child.end);
    tlv = child;
  }
  if (der[tlv.at] !== 0x04 || der[end - 1] !== 0) throw new RangeError('the trailing TLV is not OCTET STRING 0x00');

  // New content lengths from the inside out: siblings before the chain's child, then the child.
  const lengths = new Array<number>(chain.length);
  lengths[chain.length - 1] = value.length;
  for (let i = chain.length - 2; i >= 0; i--) {
    const inner = lengths[i + 1];
    lengths[i] = chain[i + 1].at - chain[i].content + 1 + lengthSize(inner) + inner;
  }
  const out = new Uint8Array(1 + lengthSize(lengths[0]) + lengths[0]);
  let w = 0;
  for (let i = 0; i < chain.length; i++) {
    const t = chain[i];
    out[w++] = der[t.at];
    w = writeLength(out, w, lengths[i]);
    const siblingsEnd = i + 1 < chain.length ? chain[i + 1].at : t.content;
    out.set(der.subarray(t.content, siblingsEnd), w);
    w += siblingsEnd - t.content;
  }
  out.set(value, w);
  return out;
}
