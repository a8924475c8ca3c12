import {
  EncryptedData,
  EncryptionKey,
  HostAddresses,
  LastReq,
  MAX_ETYPES,
  MAX_TICKETS,
  MethodData,
  PrincipalName,
} from './common.ts';
import { APPLICATION_TAG, KRB5_PVNO, MSG_TYPE } from './constants.ts';
import { Int32, KerberosFlags, KerberosTime, Realm, SmallInteger, UInt32 } from './primitives.ts';
import { application, field, fixed, sequence, sequenceOf, type Infer } from './schema.ts';
import { Ticket, TicketFlags } from './ticket.ts';

/** KDCOptions ::= KerberosFlags (RFC 4120 5.4.1); names in flags.ts KDC_OPTIONS. */
export const KDCOptions = KerberosFlags;

/**
 * KDC-REQ-BODY ::= SEQUENCE {
 *   kdc-options [0] KDCOptions, cname [1] PrincipalName OPTIONAL, realm [2] Realm,
 *   sname [3] PrincipalName OPTIONAL, from [4] KerberosTime OPTIONAL, till [5] KerberosTime,
 *   rtime [6] KerberosTime OPTIONAL, nonce [7] UInt32, etype [8] SEQUENCE OF Int32,
 *   addresses [9] HostAddresses OPTIONAL, enc-authorization-data [10] EncryptedData OPTIONAL,
 *   additional-tickets [11] SEQUENCE OF Ticket OPTIONAL
 * } (RFC 4120 5.4.1). `reqBodyBytes()` in message.ts returns the exact bytes a PA-TGS-REQ
 * authenticator checksum covers.
 */
export const KdcReqBody = sequence('KDC-REQ-BODY', [
  field('kdcOptions', 0, KDCOptions),
  field('cname', 1, PrincipalName, { optional: true }),
  field('realm', 2, Realm),
  field('sname', 3, PrincipalName, { optional: true }),
  field('from', 4, KerberosTime, { optional: true }),
  field('till', 5, KerberosTime),
  field('rtime', 6, KerberosTime, { optional: true }),
  field('nonce', 7, UInt32),
  field('etype', 8, sequenceOf(Int32, { max: MAX_ETYPES })),
  field('addresses', 9, HostAddresses, { optional: true }),
  field('encAuthorizationData', 10, EncryptedData, { optional: true }),
  field('additionalTickets', 11, sequenceOf(Ticket, { max: MAX_TICKETS }), { optional: true }),
]);
export type KdcReqBody = Infer<typeof KdcReqBody>;

/**
 * KDC-REQ ::= SEQUENCE {
 *   pvno [1] INTEGER (5), msg-type [2] INTEGER (10 -- AS -- | 12 -- TGS --),
 *   padata [3] SEQUENCE OF PA-DATA OPTIONAL, req-body [4] KDC-REQ-BODY
 * } (RFC 4120 5.4.1; tags start at 1).
 */
function kdcReq(msgType: number, name: string) {
  return sequence(name, [
    fixed('pvno', 1, SmallInteger, KRB5_PVNO),
    fixed('msgType', 2, SmallInteger, msgType),
    field('padata', 3, MethodData, { optional: true }),
    field('reqBody', 4, KdcReqBody),
  ]);
}

/** AS-REQ ::= [APPLICATION 10] KDC-REQ (RFC 4120 5.4.1). */
export const AsReq = application(MSG_TYPE.KRB_AS_REQ, kdcReq(MSG_TYPE.KRB_AS_REQ, 'AS-REQ'), 'AS-REQ');
/** TGS-REQ ::= [APPLICATION 12] KDC-REQ (RFC 4120 5.4.1); padata carries PA-TGS-REQ (an AP-REQ). */
export const TgsReq = application(MSG_TYPE.KRB_TGS_REQ, kdcReq(MSG_TYPE.KRB_TGS_REQ, 'TGS-REQ'), 'TGS-REQ');
export type KdcReq = Infer<typeof AsReq>;
export type AsReq = KdcReq;
export type TgsReq = KdcReq;

/**
 * KDC-REP ::= SEQUENCE {
 *   pvno [0] INTEGER (5), msg-type [1] INTEGER (11 -- AS -- | 13 -- TGS --),
 *   padata [2] SEQUENCE OF PA-DATA OPTIONAL, crealm [3] Realm, cname [4] PrincipalName,
 *   ticket [5] Ticket, enc-part [6] EncryptedData -- EncASRepPart or EncTGSRepPart
 * } (RFC 4120 5.4.2).
 */
function kdcRep(msgType: number, name: string) {
  return sequence(name, [
    fixed('pvno', 0, SmallInteger, KRB5_PVNO),
    fixed('msgType', 1, SmallInteger, msgType),
    field('padata', 2, MethodData, { optional: true }),
    field('crealm', 3, Realm),
    field('cname', 4, PrincipalName),
    field('ticket', 5, Ticket),
    field('encPart', 6, EncryptedData),
  ]);
}

/** AS-REP ::= [APPLICATION 11] KDC-REP (RFC 4120 5.4.2). */
export const AsRep = application(MSG_TYPE.KRB_AS_REP, kdcRep(MSG_TYPE.KRB_AS_REP, 'AS-REP'), 'AS-REP');
/** TGS-REP ::= [APPLICATION 13] KDC-REP (RFC 4120 5.4.2). */
export const TgsRep = application(MSG_TYPE.KRB_TGS_REP, kdcRep(MSG_TYPE.KRB_TGS_REP, 'TGS-REP'), 'TGS-REP');
export type KdcRep = Infer<typeof AsRep>;
export type AsRep = KdcRep;
export type TgsRep = KdcRep;

/**
 * EncKDCRepPart ::= SEQUENCE {
 *   key [0] EncryptionKey, last-req [1] LastReq, nonce [2] UInt32,
 *   key-expiration [3] KerberosTime OPTIONAL, flags [4] TicketFlags, authtime [5] KerberosTime,
 *   starttime [6] KerberosTime OPTIONAL, endtime [7] KerberosTime, renew-till [8] KerberosTime OPTIONAL,
 *   srealm [9] Realm, sname [10] PrincipalName, caddr [11] HostAddresses OPTIONAL,
 *   encrypted-pa-data [12] METHOD-DATA OPTIONAL -- RFC 6806 11; MS-KILE 2.2.13 (key list, supported etypes)
 * } (RFC 4120 5.4.2).
 */
export const EncKdcRepPart = sequence('EncKDCRepPart', [
  field('key', 0, EncryptionKey),
  field('lastReq', 1, LastReq),
  field('nonce', 2, UInt32),
  field('keyExpiration', 3, KerberosTime, { optional: true }),
  field('flags', 4, TicketFlags),
  field('authtime', 5, KerberosTime),
  field('starttime', 6, KerberosTime, { optional: true }),
  field('endtime', 7, KerberosTime),
  field('renewTill', 8, KerberosTime, { optional: true }),
  field('srealm', 9, Realm),
  field('sname', 10, PrincipalName),
  field('caddr', 11, HostAddresses, { optional: true }),
  field('encryptedPaData', 12, MethodData, { optional: true }),
]);
export type EncKdcRepPart = Infer<typeof EncKdcRepPart>;

/**
 * EncASRepPart ::= [APPLICATION 25] EncKDCRepPart (RFC 4120 5.4.2). Encoded with 25 as AD
 * sends it; decoding also takes 26, which MIT's KDC uses for AS replies too (RFC 4120 5.4.2
 * tells clients to accept either). Use `decodeEncKdcRepPart` to learn which tag arrived.
 */
export const EncAsRepPart = application(APPLICATION_TAG.EncASRepPart, EncKdcRepPart, 'EncASRepPart', [
  APPLICATION_TAG.EncTGSRepPart,
]);
export type EncAsRepPart = EncKdcRepPart;

/** EncTGSRepPart ::= [APPLICATION 26] EncKDCRepPart (RFC 4120 5.4.2). */
export const EncTgsRepPart = application(APPLICATION_TAG.EncTGSRepPart, EncKdcRepPart, 'EncTGSRepPart');
export type EncTgsRepPart = EncKdcRepPart;
