import {
  AuthorizationData,
  EncryptedData,
  EncryptionKey,
  HostAddresses,
  PrincipalName,
  TransitedEncoding,
} from './common.ts';
import { APPLICATION_TAG, KRB5_PVNO } from './constants.ts';
import { KerberosFlags, KerberosTime, Realm, SmallInteger } from './primitives.ts';
import { application, field, fixed, sequence, type Infer } from './schema.ts';

/**
 * Ticket ::= [APPLICATION 1] SEQUENCE {
 *   tkt-vno [0] INTEGER (5), realm [1] Realm, sname [2] PrincipalName, enc-part [3] EncryptedData
 * } (RFC 4120 5.3). enc-part decrypts (key usage 2) to an EncTicketPart.
 */
export const Ticket = application(
  APPLICATION_TAG.Ticket,
  sequence('Ticket', [
    fixed('tktVno', 0, SmallInteger, KRB5_PVNO),
    field('realm', 1, Realm),
    field('sname', 2, PrincipalName),
    field('encPart', 3, EncryptedData),
  ]),
  'Ticket',
);
export type Ticket = Infer<typeof Ticket>;

/** TicketFlags ::= KerberosFlags (RFC 4120 5.3); names in flags.ts TICKET_FLAGS. */
export const TicketFlags = KerberosFlags;

/**
 * EncTicketPart ::= [APPLICATION 3] SEQUENCE {
 *   flags [0] TicketFlags, key [1] EncryptionKey, crealm [2] Realm, cname [3] PrincipalName,
 *   transited [4] TransitedEncoding, authtime [5] KerberosTime, starttime [6] KerberosTime OPTIONAL,
 *   endtime [7] KerberosTime, renew-till [8] KerberosTime OPTIONAL, caddr [9] HostAddresses OPTIONAL,
 *   authorization-data [10] AuthorizationData OPTIONAL
 * } (RFC 4120 5.3). The PAC travels in authorization-data as AD-IF-RELEVANT { AD-WIN2K-PAC } (MS-KILE 3.3.5.3, MS-PAC 2.3).
 */
export const EncTicketPart = application(
  APPLICATION_TAG.EncTicketPart,
  sequence('EncTicketPart', [
    field('flags', 0, TicketFlags),
    field('key', 1, EncryptionKey),
    field('crealm', 2, Realm),
    field('cname', 3, PrincipalName),
    field('transited', 4, TransitedEncoding),
    field('authtime', 5, KerberosTime),
    field('starttime', 6, KerberosTime, { optional: true }),
    field('endtime', 7, KerberosTime),
    field('renewTill', 8, KerberosTime, { optional: true }),
    field('caddr', 9, HostAddresses, { optional: true }),
    field('authorizationData', 10, AuthorizationData, { optional: true }),
  ]),
  'EncTicketPart',
);
export type EncTicketPart = Infer<typeof EncTicketPart>;
