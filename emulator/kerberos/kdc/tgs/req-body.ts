/**
 * The req-body bytes a PA-TGS-REQ authenticator checksum covers (RFC 4120 7.2.2, 5.4.1:
 * KDC-REQ ::= SEQUENCE { pvno [1], msg-type [2], padata [3] OPTIONAL, req-body [4] KDC-REQ-BODY }),
 * found by walking TLV headers only: [APPLICATION 12] -> SEQUENCE -> [4] -> its one element.
 * The asn1 layer's reqBodyBytes parses the whole message into asn1js objects, which costs about
 * a tenth of a TGS exchange; this walk reads a few header bytes. Anything it does not expect
 * (indefinite lengths, multi-byte tags, inconsistent lengths) falls back to reqBodyBytes, which
 * handles BER and throws the DecodeError for malformed input.
 */
import { reqBodyBytes } from '../../asn1/index.ts';

interface Tlv {
  /** The identifier octet. */
  readonly id: number;
  /** Offset of the contents and their length. */
  readonly start: number;
  readonly length: number;
}

/** The TLV at `at` within `end`, or undefined for a form this walk does not handle. */
function tlv(b: Uint8Array, at: number, end: number): Tlv | undefined {
  if (at + 2 > end) return undefined;
  const id = b[at];
  if ((id & 0x1f) === 0x1f) return undefined; // multi-byte tag number
  let len = b[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || start + n > end) return undefined; // indefinite, or absurdly long
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i];
    start += n;
  }
  if (start + len > end) return undefined;
  return { id, start, length: len };
}

/** The req-body SEQUENCE of a TGS-REQ (or AS-REQ) exactly as received (a view into `raw` when found there). */
export function tgsReqBodyBytes(raw: Uint8Array): Uint8Array {
  const outer = tlv(raw, 0, raw.length);
  if (outer && (outer.id === 0x6c || outer.id === 0x6a)) {
    const seq = tlv(raw, outer.start, outer.start + outer.length);
    if (seq && seq.id === 0x30) {
      const end = seq.start + seq.length;
      for (let at = seq.start; at < end; ) {
        const field = tlv(raw, at, end);
        if (!field) break;
        if (field.id === 0xa4) {
          const body = tlv(raw, field.start, field.start + field.length);
          if (body && body.id === 0x30 && body.start + body.length === field.start + field.length) {
            return raw.subarray(field.start, body.start + body.length);
          }
          break;
        }
        at = field.start + field.length;
      }
    }
  }
  return reqBodyBytes(raw);
}
