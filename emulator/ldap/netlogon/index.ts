/**
 * The LDAP ping (DC locator), MS-ADTS 6.3.3, answered from the directory model. Pure.
 *
 *   answerNetlogonSearch(ctx, filter): Uint8Array | null   the Netlogon attribute value, or no answer
 *   evaluateNetlogonSearch(ctx, filter): PingOutcome        the same with the decision and the record
 *   isNetlogonSearch(req): boolean                          a base-scope rootDSE search asking for Netlogon
 *   encode/decodeNetlogonResponse, dcServerFlags, extractPingTerms, clientSiteName
 */
export * from './constants.ts';
export { NetlogonDecodeError, NetlogonEncodeError } from './errors.ts';
export { answerNetlogonSearch, evaluateNetlogonSearch, evaluatePing, userKnown } from './answer.ts';
export type { NetlogonContext, NoAnswerReason, PingOutcome } from './answer.ts';
export {
  decodeNetlogonResponse,
  encodeNetlogonResponse,
  encodeSamLogonResponse,
  encodeSamLogonResponseEx,
  encodeSamLogonResponseNt40,
} from './responses.ts';
export type { NameForms, NetlogonResponse, SamLogonResponse, SamLogonResponseEx, SamLogonResponseNt40 } from './responses.ts';
export { dcServerFlags, flagNames } from './flags.ts';
export { extractPingTerms, type PingTerms } from './terms.ts';
export { clientSiteName, parseAddress } from './site.ts';
export { isNetlogonSearch } from './request.ts';
export type { NameForm } from './wire.ts';
