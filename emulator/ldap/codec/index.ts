/**
 * LDAP v3 BER codec (RFC 4511 section 4, Appendix B), its own small BER reader and writer. Pure: no I/O.
 *
 *   decodeMessage(bytes): LdapMessage              throws LdapDecodeError (messageId/opTag when readable)
 *   encodeMessage(msg): Uint8Array
 *   new LdapFramer(maxMessageSize).push(chunk): Uint8Array[]   throws LdapFramingError
 *   malformedReply(err): Uint8Array                protocolError response or Notice of Disconnection
 *   decodeFilter / encodeFilter (BER element trees), parseFilter / filterToString (RFC 4515 strings)
 *   decodePagedResults / encodePagedResults / pagedResultsControl (1.2.840.113556.1.4.319)
 *   decodeSortKeyList / encodeSortResult / sortResultControl (RFC 2891, 1.2.840.113556.1.4.473/474)
 */
export * from './types.ts';
export type { Filter, FilterType } from './filter.ts';
export { FILTER_TAG, MAX_FILTER_DEPTH, decodeFilter, encodeFilter } from './filter.ts';
export { escapeValue, filterToString, parseFilter, unescapeValue } from './filter-string.ts';
export { decodeMessage, encodeMessage, encodeControl, noticeOfDisconnection, peekHeader } from './message.ts';
export {
  EXTENDED_DN_OID,
  decodeExtendedDnFlag,
  decodePagedResults,
  encodePagedResults,
  findControl,
  pagedResultsControl,
  SORT_OID,
  SORT_RESPONSE_OID,
  SORT_RESULT_CODES,
  decodeSortKeyList,
  decodeSortResult,
  encodeSortKeyList,
  encodeSortResult,
  sortResultControl,
  type PagedResultsValue,
  type SortKey,
  type SortResultValue,
} from './controls.ts';
export { DEFAULT_MAX_MESSAGE_SIZE, LdapFramer } from './framer.ts';
export { LdapDecodeError, LdapFramingError } from './errors.ts';
export { LDAP_RESULT, ldapError, resultName, type LdapResultName } from './result-codes.ts';
export { malformedReply } from './malformed.ts';
export { parseOne, toBytes } from './ber.ts';
