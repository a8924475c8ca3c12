import type { Node } from './der.ts';
import { parseKerberosTimeAt } from './time.ts';

/**
 * The DER fast path of the decoder: frames the TLVs of a well-formed Kerberos message without
 * building asn1js objects (which cost about 80% of a KDC exchange's decode time). It accepts
 * only what asn1js accepts with the same tree, and declines (returns undefined) everything
 * else, so the caller hands that input to asn1js and gets exactly the old behaviour, errors
 * included. It takes:
 *   - identifier octets with tag numbers below 31 (X.690 8.1.2.2);
 *   - definite lengths in the minimal form DER requires (X.690 10.1), within the enclosing TLV;
 *   - in the universal class only: BOOLEAN, INTEGER, GeneralString (primitive), BIT STRING
 *     (primitive, unused-bits octet 0..7), OCTET STRING (primitive, or constructed of OCTET
 *     STRINGs), SEQUENCE (constructed), GeneralizedTime in the KerberosTime form;
 *   - at most `maxDepth` levels and `maxNodes` TLVs (asn1js's limits, declined at the bound).
 */
export function scanDer(root: Uint8Array, maxDepth: number, maxNodes: number): Node | undefined {
  const st = { nodes: 0, maxDepth, maxNodes };
  const node = scan(root, 0, root.length, 0, st);
  return node !== undefined && node.end === root.length ? node : undefined;
}

interface ScanState {
  nodes: number;
  readonly maxDepth: number;
  readonly maxNodes: number;
}

function scan(b: Uint8Array, pos: number, limit: number, depth: number, st: ScanState): Node | undefined {
  if (depth >= st.maxDepth || ++st.nodes >= st.maxNodes || limit - pos < 2) return undefined;
  const id = b[pos];
  const num = id & 0x1f;
  if (num === 0x1f) return undefined;
  const cls = (id >> 6) + 1;
  const constructed = (id & 0x20) !== 0;
  let p = pos + 1;
  let len = b[p++];
  if (len >= 0x80) {
    const n = len & 0x7f;
    // Indefinite (n = 0) and lengths of 16 MiB or more are asn1js's to judge.
    if (n === 0 || n > 3 || limit - p < n || b[p] === 0) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++];
    if (len < 0x80) return undefined;
  }
  if (len > limit - p) return undefined;
  const end = p + len;
  if (cls === 1 && !universalOk(b, num, constructed, p, end)) return undefined;
  if (!constructed) return { cls, num, constructed, start: pos, content: p, end, children: undefined };
  // The children gather on a shared stack (nested scans work above this one's base) and are
  // copied out at their exact count: an array grown by push would reserve 17 slots, and most
  // constructed Kerberos nodes are explicit tags with one child.
  const base = stack.length;
  for (let q = p; q < end; ) {
    const c = scan(b, q, end, depth + 1, st);
    // asn1js insists that a constructed OCTET STRING holds OCTET STRINGs only.
    if (c === undefined || (cls === 1 && num === 4 && (c.cls !== 1 || c.num !== 4))) {
      stack.length = base;
      return undefined;
    }
    stack.push(c);
    q = c.end;
  }
  const children = stack.slice(base);
  stack.length = base;
  return { cls, num, constructed, start: pos, content: p, end, children };
}

const stack: Node[] = [];

/** The universal types the fast path takes, in the forms asn1js parses without complaint. */
function universalOk(b: Uint8Array, num: number, constructed: boolean, p: number, end: number): boolean {
  switch (num) {
    case 1: // BOOLEAN
    case 2: // INTEGER
    case 27: // GeneralString (asn1js keeps a constructed one opaque)
      return !constructed;
    case 3: // BIT STRING
      return !constructed && (end === p || b[p] <= 7);
    case 4: // OCTET STRING
      return true;
    case 16: // SEQUENCE
      return constructed;
    case 24: // GeneralizedTime: asn1js throws on some malformed strings
      return !constructed && parseKerberosTimeAt(b, p, end) !== undefined;
    default:
      return false;
  }
}
