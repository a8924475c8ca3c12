/**
 * The Kerberos captures: a KDC exchange (request and reply bytes) and a kpasswd request (its
 * AP-REQ only, never the KRB-PRIV with the new password). Messages are decoded by their
 * [APPLICATION n] tag through a registry; the request is decoded first, since what it carries (the
 * client, the TGT session key, the subkey) opens the reply.
 */
import { decodeApReq, decodeAsRep, decodeAsReq, decodeKrbError, decodeTgsRep, decodeTgsReq, MSG_TYPE, peekApplicationTag } from '../../../kerberos/asn1/index.ts';
import type { Capture } from '../../../trace/capture.ts';
import type { DecodeContext } from '../context.ts';
import { attempt, failed, group, hex, node, type DecodedNode } from '../tree.ts';
import { msgName } from './names.ts';
import { kdcReqNode, type Learned } from './request.ts';
import { kdcRepNode, krbErrorNode } from './reply.ts';
import { ticketNode } from './ticket.ts';

type MessageDecoder = (ctx: DecodeContext, bytes: Uint8Array, learned: Learned) => DecodedNode;

/** Kerberos messages keyed by their application tag (= msg-type). */
const MESSAGES: Record<number, MessageDecoder> = {
  [MSG_TYPE.KRB_AS_REQ]: (ctx, b, learned) => {
    const r = kdcReqNode(ctx, 'AS-REQ', decodeAsReq(b));
    Object.assign(learned, r.learned);
    return r.node;
  },
  [MSG_TYPE.KRB_TGS_REQ]: (ctx, b, learned) => {
    const r = kdcReqNode(ctx, 'TGS-REQ', decodeTgsReq(b));
    Object.assign(learned, r.learned);
    return r.node;
  },
  [MSG_TYPE.KRB_AS_REP]: (ctx, b, learned) => kdcRepNode(ctx, 'AS-REP', decodeAsRep(b), learned, false),
  [MSG_TYPE.KRB_TGS_REP]: (ctx, b, learned) => kdcRepNode(ctx, 'TGS-REP', decodeTgsRep(b), learned, true),
  [MSG_TYPE.KRB_ERROR]: (ctx, b) => krbErrorNode(ctx, decodeKrbError(b)),
  [MSG_TYPE.KRB_AP_REQ]: (ctx, b) => {
    const ap = decodeApReq(b);
    return group('AP-REQ', [ticketNode(ctx, 'ticket', ap.ticket, 'ap.ticket').node, node('authenticator', `${ap.authenticator.cipher.length} bytes`, 'sealed with the ticket session key')]);
  },
};

/** One Kerberos message by its tag; bytes that are no known message say so. */
export function kerberosMessage(ctx: DecodeContext, label: string, bytes: Uint8Array | undefined, learned: Learned): DecodedNode {
  if (!bytes) return failed(label, 'not captured');
  const tag = peekApplicationTag(bytes);
  const dec = tag !== undefined ? MESSAGES[tag] : undefined;
  if (!dec) return group(label, [failed('message', tag === undefined ? `${bytes.length} bytes that are no Kerberos message` : `[APPLICATION ${tag}] (${msgName(tag)}): not decoded here`), node('bytes', hex(bytes.subarray(0, 64)) + (bytes.length > 64 ? '…' : ''))]);
  return group(`${label}: ${msgName(tag!)}`, [attempt(msgName(tag!), () => dec(ctx, bytes, learned)), node('length', `${bytes.length} bytes`)]);
}

const asBytes = (v: unknown): Uint8Array | undefined => (v instanceof Uint8Array ? v : undefined);

export function decodeKerberosCapture(ctx: DecodeContext, c: Capture): DecodedNode[] {
  const learned: Learned = {};
  return [kerberosMessage(ctx, 'Request', asBytes(c.request), learned), kerberosMessage(ctx, 'Reply', asBytes(c.reply), learned)];
}

export function decodeKpasswdCapture(ctx: DecodeContext, c: Capture): DecodedNode[] {
  return [
    kerberosMessage(ctx, 'Request AP-REQ', asBytes(c.apReq), {}),
    node('KRB-PRIV', 'not captured', 'it holds the new password: the lab never decrypts or keeps it'),
    kerberosMessage(ctx, 'Reply', asBytes(c.reply), {}),
  ];
}
