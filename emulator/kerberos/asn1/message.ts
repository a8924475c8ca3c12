import { DecodeError } from '../../core/errors.ts';
import { ApRep, ApReq } from './ap.ts';
import { MSG_TYPE, APPLICATION_TAG } from './constants.ts';
import { KrbCred } from './cred.ts';
import {
  CLASS_APPLICATION,
  CLASS_CONTEXT,
  CLASS_UNIVERSAL,
  UNIVERSAL,
  childrenOf,
  fail,
  parseTlv,
  tagOf,
  tlvOf,
  type Node,
} from './der.ts';
import { KrbErrorMessage } from './error.ts';
import { AsRep, AsReq, EncKdcRepPart, TgsRep, TgsReq } from './kdc.ts';
import { decode, type Infer } from './schema.ts';

/**
 * Top-level dispatch on the [APPLICATION n] tag (RFC 4120 5.10: the tag equals msg-type),
 * for the KDC transport: one call turns a received frame into a tagged union.
 */
export type KerberosMessage =
  | { msgType: typeof MSG_TYPE.KRB_AS_REQ; name: 'AS-REQ'; message: Infer<typeof AsReq> }
  | { msgType: typeof MSG_TYPE.KRB_AS_REP; name: 'AS-REP'; message: Infer<typeof AsRep> }
  | { msgType: typeof MSG_TYPE.KRB_TGS_REQ; name: 'TGS-REQ'; message: Infer<typeof TgsReq> }
  | { msgType: typeof MSG_TYPE.KRB_TGS_REP; name: 'TGS-REP'; message: Infer<typeof TgsRep> }
  | { msgType: typeof MSG_TYPE.KRB_AP_REQ; name: 'AP-REQ'; message: Infer<typeof ApReq> }
  | { msgType: typeof MSG_TYPE.KRB_AP_REP; name: 'AP-REP'; message: Infer<typeof ApRep> }
  | { msgType: typeof MSG_TYPE.KRB_CRED; name: 'KRB-CRED'; message: Infer<typeof KrbCred> }
  | { msgType: typeof MSG_TYPE.KRB_ERROR; name: 'KRB-ERROR'; message: Infer<typeof KrbErrorMessage> };

/** The application tag of the first TLV, without parsing the rest; undefined if not [APPLICATION n]. */
export function peekApplicationTag(bytes: Uint8Array): number | undefined {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) return undefined;
  const b = bytes[0];
  if ((b & 0xe0) !== 0x60 || (b & 0x1f) === 0x1f) return undefined;
  return b & 0x1f;
}

/**
 * Decodes any top-level Kerberos message. Throws DecodeError for malformed input and for an
 * application tag that is not a message this layer handles (KRB-SAFE and KRB-PRIV included).
 */
export function decodeKerberosMessage(bytes: Uint8Array): KerberosMessage {
  const tag = peekApplicationTag(bytes);
  switch (tag) {
    case MSG_TYPE.KRB_AS_REQ:
      return { msgType: tag, name: 'AS-REQ', message: decode(AsReq, bytes) };
    case MSG_TYPE.KRB_AS_REP:
      return { msgType: tag, name: 'AS-REP', message: decode(AsRep, bytes) };
    case MSG_TYPE.KRB_TGS_REQ:
      return { msgType: tag, name: 'TGS-REQ', message: decode(TgsReq, bytes) };
    case MSG_TYPE.KRB_TGS_REP:
      return { msgType: tag, name: 'TGS-REP', message: decode(TgsRep, bytes) };
    case MSG_TYPE.KRB_AP_REQ:
      return { msgType: tag, name: 'AP-REQ', message: decode(ApReq, bytes) };
    case MSG_TYPE.KRB_AP_REP:
      return { msgType: tag, name: 'AP-REP', message: decode(ApRep, bytes) };
    case MSG_TYPE.KRB_CRED:
      return { msgType: tag, name: 'KRB-CRED', message: decode(KrbCred, bytes) };
    case MSG_TYPE.KRB_ERROR:
      return { msgType: tag, name: 'KRB-ERROR', message: decode(KrbErrorMessage, bytes) };
    default:
      throw new DecodeError(
        'KerberosMessage',
        tag === undefined ? 'not an [APPLICATION n] message' : `unsupported message [APPLICATION ${tag}]`,
        0,
      );
  }
}

/**
 * The exact bytes of req-body (the KDC-REQ-BODY SEQUENCE, without its [4] wrapper) inside an
 * AS-REQ or TGS-REQ as received: what the PA-TGS-REQ authenticator checksum and FAST armor
 * cover (RFC 4120 7.2.2 / 5.5.1). Works for BER input too, where re-encoding would differ.
 */
export function reqBodyBytes(kdcReq: Uint8Array): Uint8Array {
  const what = 'KDC-REQ.reqBody';
  const { node, ctx } = parseTlv(kdcReq, what);
  const t = tagOf(node);
  if (t.cls !== CLASS_APPLICATION || (t.num !== MSG_TYPE.KRB_AS_REQ && t.num !== MSG_TYPE.KRB_TGS_REQ)) {
    fail(ctx, node, what, 'not an AS-REQ or TGS-REQ');
  }
  const seq = single(ctx, node, what);
  const st = tagOf(seq);
  if (st.cls !== CLASS_UNIVERSAL || st.num !== UNIVERSAL.SEQUENCE) fail(ctx, seq, what, 'KDC-REQ is not a SEQUENCE');
  const wrapper = childrenOf(ctx, seq, what).find((c) => c.cls === CLASS_CONTEXT && c.num === 4);
  if (!wrapper) fail(ctx, seq, what, 'req-body [4] missing');
  const body = single(ctx, wrapper, what);
  return tlvOf(ctx, body).slice();
}

function single(ctx: Parameters<typeof childrenOf>[0], node: Node, what: string): Node {
  const kids = childrenOf(ctx, node, what);
  if (kids.length !== 1) fail(ctx, node, what, `expected one element, found ${kids.length}`);
  return kids[0];
}

/**
 * Decodes a decrypted KDC-REP enc-part and reports its tag: EncASRepPart (25) or
 * EncTGSRepPart (26). MIT sends 26 in AS replies as well.
 */
export function decodeEncKdcRepPart(bytes: Uint8Array): {
  application: typeof APPLICATION_TAG.EncASRepPart | typeof APPLICATION_TAG.EncTGSRepPart;
  part: Infer<typeof EncKdcRepPart>;
} {
  const tag = peekApplicationTag(bytes);
  if (tag === APPLICATION_TAG.EncASRepPart || tag === APPLICATION_TAG.EncTGSRepPart) {
    const { node, ctx } = parseTlv(bytes, 'EncKDCRepPart');
    const inner = single(ctx, node, 'EncKDCRepPart');
    return { application: tag, part: EncKdcRepPart.fromAsn(ctx, inner, 'EncKDCRepPart') };
  }
  throw new DecodeError('EncKDCRepPart', 'expected [APPLICATION 25] or [APPLICATION 26]', 0);
}
