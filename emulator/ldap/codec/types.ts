/**
 * LDAPMessage and its protocol operations as TypeScript types, RFC 4511 section 4 / Appendix B.
 * Strings (LDAPDN, LDAPString, LDAPOID, AttributeDescription) are UTF-8 decoded; values
 * (AttributeValue, AssertionValue, credentials) stay bytes so binary attributes survive.
 */
import type { Filter } from './filter.ts';

/** [APPLICATION n] tag numbers of the protocolOp CHOICE (RFC 4511 Appendix B). */
export const OP_TAG = {
  bindRequest: 0,
  bindResponse: 1,
  unbindRequest: 2,
  searchRequest: 3,
  searchResEntry: 4,
  searchResDone: 5,
  modifyRequest: 6,
  modifyResponse: 7,
  addRequest: 8,
  addResponse: 9,
  delRequest: 10,
  delResponse: 11,
  modDNRequest: 12,
  modDNResponse: 13,
  compareRequest: 14,
  compareResponse: 15,
  abandonRequest: 16,
  searchResRef: 19,
  extendedReq: 23,
  extendedResp: 24,
  intermediateResponse: 25,
} as const;
export type OpName = keyof typeof OP_TAG;

/** The response operation a request is answered with (RFC 4511 4.1.1 ... 4.12). */
export const RESPONSE_FOR: Partial<Record<OpName, OpName>> = {
  bindRequest: 'bindResponse',
  searchRequest: 'searchResDone',
  modifyRequest: 'modifyResponse',
  addRequest: 'addResponse',
  delRequest: 'delResponse',
  modDNRequest: 'modDNResponse',
  compareRequest: 'compareResponse',
  extendedReq: 'extendedResp',
};

/** RFC 4511 4.1.11 Control. */
export interface Control {
  readonly type: string;
  readonly criticality: boolean;
  readonly value?: Uint8Array;
}

/** RFC 4511 4.1.9 LDAPResult (referral [3] carried as URIs). */
export interface LdapResult {
  readonly resultCode: number;
  readonly matchedDN: string;
  readonly diagnosticMessage: string;
  readonly referral?: readonly string[];
}

/** RFC 4511 4.1.7 PartialAttribute (values as bytes). */
export interface PartialAttribute {
  readonly type: string;
  readonly values: readonly Uint8Array[];
}

/** RFC 4511 4.1.8 AttributeValueAssertion. */
export interface AttributeValueAssertion {
  readonly attribute: string;
  readonly value: Uint8Array;
}

export type BindAuthentication =
  | { readonly kind: 'simple'; readonly password: Uint8Array }
  | { readonly kind: 'sasl'; readonly mechanism: string; readonly credentials?: Uint8Array };

export const SCOPE = { baseObject: 0, singleLevel: 1, wholeSubtree: 2 } as const;
export type Scope = 0 | 1 | 2;
export const DEREF = { neverDerefAliases: 0, derefInSearching: 1, derefFindingBaseObj: 2, derefAlways: 3 } as const;

export interface BindRequest {
  readonly op: 'bindRequest';
  readonly version: number;
  readonly name: string;
  readonly authentication: BindAuthentication;
}
export interface BindResponse extends LdapResult {
  readonly op: 'bindResponse';
  readonly serverSaslCreds?: Uint8Array;
}
export interface UnbindRequest {
  readonly op: 'unbindRequest';
}
export interface SearchRequest {
  readonly op: 'searchRequest';
  readonly baseObject: string;
  readonly scope: Scope;
  readonly derefAliases: number;
  readonly sizeLimit: number;
  readonly timeLimit: number;
  readonly typesOnly: boolean;
  readonly filter: Filter;
  readonly attributes: readonly string[];
}
export interface SearchResultEntry {
  readonly op: 'searchResEntry';
  readonly objectName: string;
  readonly attributes: readonly PartialAttribute[];
}
export interface SearchResultReference {
  readonly op: 'searchResRef';
  readonly uris: readonly string[];
}
/** Every response that is just an LDAPResult. */
export interface ResultResponse extends LdapResult {
  readonly op: 'searchResDone' | 'modifyResponse' | 'addResponse' | 'delResponse' | 'modDNResponse' | 'compareResponse';
}
/** RFC 4511 4.6; operation: 0 add, 1 delete, 2 replace. */
export interface ModifyRequest {
  readonly op: 'modifyRequest';
  readonly object: string;
  readonly changes: readonly { readonly operation: number; readonly modification: PartialAttribute }[];
}
export interface AddRequest {
  readonly op: 'addRequest';
  readonly entry: string;
  readonly attributes: readonly PartialAttribute[];
}
export interface DelRequest {
  readonly op: 'delRequest';
  readonly entry: string;
}
export interface ModifyDNRequest {
  readonly op: 'modDNRequest';
  readonly entry: string;
  readonly newrdn: string;
  readonly deleteoldrdn: boolean;
  readonly newSuperior?: string;
}
export interface CompareRequest {
  readonly op: 'compareRequest';
  readonly entry: string;
  readonly ava: AttributeValueAssertion;
}
export interface AbandonRequest {
  readonly op: 'abandonRequest';
  readonly idToAbandon: number;
}
export interface ExtendedRequest {
  readonly op: 'extendedReq';
  readonly requestName: string;
  readonly requestValue?: Uint8Array;
}
export interface ExtendedResponse extends LdapResult {
  readonly op: 'extendedResp';
  readonly responseName?: string;
  readonly responseValue?: Uint8Array;
}

export type ProtocolOp =
  | BindRequest
  | BindResponse
  | UnbindRequest
  | SearchRequest
  | SearchResultEntry
  | SearchResultReference
  | ResultResponse
  | ModifyRequest
  | AddRequest
  | DelRequest
  | ModifyDNRequest
  | CompareRequest
  | AbandonRequest
  | ExtendedRequest
  | ExtendedResponse;

/** RFC 4511 4.1.1 LDAPMessage. messageID is 0..maxInt (0 only for unsolicited notifications). */
export interface LdapMessage {
  readonly messageId: number;
  readonly protocolOp: ProtocolOp;
  readonly controls?: readonly Control[];
}

/** RFC 4511 4.1.1: maxInt. */
export const MAX_INT = 2147483647;

/** OIDs the codec and server name (RFC 4511 4.4.1 / 4.14, MS-ADTS 3.1.1.3.4.1). */
export const OID = {
  /** RFC 4511 4.4.1 Notice of Disconnection (unsolicited ExtendedResponse). */
  noticeOfDisconnection: '1.3.6.1.4.1.1466.20036',
  /** RFC 4511 4.14 StartTLS. */
  startTls: '1.3.6.1.4.1.1466.20037',
  /** RFC 2696 / MS-ADTS 3.1.1.3.4.1.1 LDAP_PAGED_RESULT_OID_STRING. */
  pagedResults: '1.2.840.113556.1.4.319',
} as const;
