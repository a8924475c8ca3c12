import { Int32, KerberosString, KerberosTime, OctetString, UInt32 } from './primitives.ts';
import { field, sequence, sequenceOf, type Infer } from './schema.ts';

/** Structures shared by several messages (RFC 4120 5.2 and 5.9.1 / 5.2.7). */

/** Bounds on SEQUENCE OF counts: generous for real traffic, small enough to stop floods. */
export const MAX_NAME_COMPONENTS = 16;
export const MAX_PADATA = 64;
export const MAX_ETYPES = 64;
export const MAX_ADDRESSES = 64;
export const MAX_AUTHDATA = 64;
export const MAX_TICKETS = 32;

/** PrincipalName ::= SEQUENCE { name-type [0] Int32, name-string [1] SEQUENCE OF KerberosString } (RFC 4120 5.2.2). */
export const PrincipalName = sequence('PrincipalName', [
  field('nameType', 0, Int32),
  field('nameString', 1, sequenceOf(KerberosString, { max: MAX_NAME_COMPONENTS })),
]);
export type PrincipalName = Infer<typeof PrincipalName>;

/** HostAddress ::= SEQUENCE { addr-type [0] Int32, address [1] OCTET STRING } (RFC 4120 5.2.5). */
export const HostAddress = sequence('HostAddress', [field('addrType', 0, Int32), field('address', 1, OctetString)]);
export type HostAddress = Infer<typeof HostAddress>;

/** HostAddresses ::= SEQUENCE OF HostAddress (RFC 4120 5.2.5). */
export const HostAddresses = sequenceOf(HostAddress, { max: MAX_ADDRESSES });
export type HostAddresses = HostAddress[];

/**
 * AuthorizationData ::= SEQUENCE OF SEQUENCE { ad-type [0] Int32, ad-data [1] OCTET STRING }
 * (RFC 4120 5.2.6). Helpers for AD-IF-RELEVANT and AD-WIN2K-PAC live in authdata.ts.
 */
export const AuthorizationDataEntry = sequence('AuthorizationDataEntry', [
  field('adType', 0, Int32),
  field('adData', 1, OctetString),
]);
export type AuthorizationDataEntry = Infer<typeof AuthorizationDataEntry>;
export const AuthorizationData = sequenceOf(AuthorizationDataEntry, { max: MAX_AUTHDATA });
export type AuthorizationData = AuthorizationDataEntry[];

/** LastReq ::= SEQUENCE OF SEQUENCE { lr-type [0] Int32, lr-value [1] KerberosTime } (RFC 4120 5.4.2). */
export const LastReqEntry = sequence('LastReqEntry', [field('lrType', 0, Int32), field('lrValue', 1, KerberosTime)]);
export type LastReqEntry = Infer<typeof LastReqEntry>;
export const LastReq = sequenceOf(LastReqEntry, { max: 32 });
export type LastReq = LastReqEntry[];

/** TransitedEncoding ::= SEQUENCE { tr-type [0] Int32, contents [1] OCTET STRING } (RFC 4120 5.3). */
export const TransitedEncoding = sequence('TransitedEncoding', [
  field('trType', 0, Int32),
  field('contents', 1, OctetString),
]);
export type TransitedEncoding = Infer<typeof TransitedEncoding>;

/**
 * EncryptedData ::= SEQUENCE { etype [0] Int32, kvno [1] UInt32 OPTIONAL, cipher [2] OCTET STRING }
 * (RFC 4120 5.2.9).
 */
export const EncryptedData = sequence('EncryptedData', [
  field('etype', 0, Int32),
  field('kvno', 1, UInt32, { optional: true }),
  field('cipher', 2, OctetString),
]);
export type EncryptedData = Infer<typeof EncryptedData>;

/** EncryptionKey ::= SEQUENCE { keytype [0] Int32, keyvalue [1] OCTET STRING } (RFC 4120 5.2.9). */
export const EncryptionKey = sequence('EncryptionKey', [field('keytype', 0, Int32), field('keyvalue', 1, OctetString)]);
export type EncryptionKey = Infer<typeof EncryptionKey>;

/** Checksum ::= SEQUENCE { cksumtype [0] Int32, checksum [1] OCTET STRING } (RFC 4120 5.2.9). */
export const Checksum = sequence('Checksum', [field('cksumtype', 0, Int32), field('checksum', 1, OctetString)]);
export type Checksum = Infer<typeof Checksum>;

/** PA-DATA ::= SEQUENCE { padata-type [1] Int32, padata-value [2] OCTET STRING } (RFC 4120 5.2.7; tags start at 1). */
export const PaData = sequence('PA-DATA', [field('padataType', 1, Int32), field('padataValue', 2, OctetString)]);
export type PaData = Infer<typeof PaData>;

/** METHOD-DATA ::= SEQUENCE OF PA-DATA (RFC 4120 5.9.1); also the padata lists of KDC-REQ/KDC-REP. */
export const MethodData = sequenceOf(PaData, { max: MAX_PADATA });
export type MethodData = PaData[];

/**
 * TYPED-DATA ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE { data-type [0] Int32, data-value [1] OCTET STRING OPTIONAL }
 * (RFC 4120 5.9.1).
 */
export const TypedDataEntry = sequence('TYPED-DATA-ENTRY', [
  field('dataType', 0, Int32),
  field('dataValue', 1, OctetString, { optional: true }),
]);
export type TypedDataEntry = Infer<typeof TypedDataEntry>;
export const TypedData = sequenceOf(TypedDataEntry, { min: 1, max: MAX_PADATA });
export type TypedData = TypedDataEntry[];
