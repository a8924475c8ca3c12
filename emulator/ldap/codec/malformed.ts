/**
 * The reply to a PDU that failed to decode (RFC 4511 4.1.1): when the messageID and the request's
 * [APPLICATION n] tag were readable and the request has a response, a protocolError (2) result of
 * that response type; otherwise a Notice of Disconnection (4.4.1). Either way the caller closes
 * the connection afterwards. Pure: returns the bytes to send.
 */
import { LdapDecodeError } from './errors.ts';
import { encodeMessage, noticeOfDisconnection } from './message.ts';
import { LDAP_RESULT } from './result-codes.ts';
import { OP_TAG, RESPONSE_FOR, type OpName, type ProtocolOp } from './types.ts';

const NAME_BY_TAG = new Map<number, OpName>(Object.entries(OP_TAG).map(([k, v]) => [v, k as OpName]));

export function malformedReply(err: unknown, diagnostic = 'malformed request'): Uint8Array {
  const result = { resultCode: LDAP_RESULT.protocolError, matchedDN: '', diagnosticMessage: diagnostic };
  if (err instanceof LdapDecodeError && err.messageId !== undefined && err.messageId > 0 && err.opTag !== undefined) {
    const req = NAME_BY_TAG.get(err.opTag);
    const resp = req ? RESPONSE_FOR[req] : undefined;
    if (resp) return encodeMessage({ messageId: err.messageId, protocolOp: { op: resp, ...result } as ProtocolOp });
  }
  return noticeOfDisconnection(result);
}
