import { EncryptedData, EncryptionKey, HostAddress, HostAddresses, MAX_TICKETS, PrincipalName } from './common.ts';
import { APPLICATION_TAG, KRB5_PVNO, MSG_TYPE } from './constants.ts';
import { KerberosTime, Microseconds, Realm, SmallInteger, UInt32 } from './primitives.ts';
import { application, field, fixed, sequence, sequenceOf, type Infer } from './schema.ts';
import { Ticket, TicketFlags } from './ticket.ts';

/**
 * KRB-CRED ::= [APPLICATION 22] SEQUENCE {
 *   pvno [0] INTEGER (5), msg-type [1] INTEGER (22), tickets [2] SEQUENCE OF Ticket,
 *   enc-part [3] EncryptedData -- EncKrbCredPart
 * } (RFC 4120 5.8.1).
 */
export const KrbCred = application(
  MSG_TYPE.KRB_CRED,
  sequence('KRB-CRED', [
    fixed('pvno', 0, SmallInteger, KRB5_PVNO),
    fixed('msgType', 1, SmallInteger, MSG_TYPE.KRB_CRED),
    field('tickets', 2, sequenceOf(Ticket, { max: MAX_TICKETS })),
    field('encPart', 3, EncryptedData),
  ]),
  'KRB-CRED',
);
export type KrbCred = Infer<typeof KrbCred>;

/**
 * KrbCredInfo ::= SEQUENCE {
 *   key [0] EncryptionKey, prealm [1] Realm OPTIONAL, pname [2] PrincipalName OPTIONAL,
 *   flags [3] TicketFlags OPTIONAL, authtime [4] KerberosTime OPTIONAL,
 *   starttime [5] KerberosTime OPTIONAL, endtime [6] KerberosTime OPTIONAL,
 *   renew-till [7] KerberosTime OPTIONAL, srealm [8] Realm OPTIONAL,
 *   sname [9] PrincipalName OPTIONAL, caddr [10] HostAddresses OPTIONAL
 * } (RFC 4120 5.8.1).
 */
export const KrbCredInfo = sequence('KrbCredInfo', [
  field('key', 0, EncryptionKey),
  field('prealm', 1, Realm, { optional: true }),
  field('pname', 2, PrincipalName, { optional: true }),
  field('flags', 3, TicketFlags, { optional: true }),
  field('authtime', 4, KerberosTime, { optional: true }),
  field('starttime', 5, KerberosTime, { optional: true }),
  field('endtime', 6, KerberosTime, { optional: true }),
  field('renewTill', 7, KerberosTime, { optional: true }),
  field('srealm', 8, Realm, { optional: true }),
  field('sname', 9, PrincipalName, { optional: true }),
  field('caddr', 10, HostAddresses, { optional: true }),
]);
export type KrbCredInfo = Infer<typeof KrbCredInfo>;

/**
 * EncKrbCredPart ::= [APPLICATION 29] SEQUENCE {
 *   ticket-info [0] SEQUENCE OF KrbCredInfo, nonce [1] UInt32 OPTIONAL,
 *   timestamp [2] KerberosTime OPTIONAL, usec [3] Microseconds OPTIONAL,
 *   s-address [4] HostAddress OPTIONAL, r-address [5] HostAddress OPTIONAL
 * } (RFC 4120 5.8.1). Often sent with etype 0 (unencrypted), as Windows and Rubeus .kirbi files do.
 */
export const EncKrbCredPart = application(
  APPLICATION_TAG.EncKrbCredPart,
  sequence('EncKrbCredPart', [
    field('ticketInfo', 0, sequenceOf(KrbCredInfo, { max: MAX_TICKETS })),
    field('nonce', 1, UInt32, { optional: true }),
    field('timestamp', 2, KerberosTime, { optional: true }),
    field('usec', 3, Microseconds, { optional: true }),
    field('sAddress', 4, HostAddress, { optional: true }),
    field('rAddress', 5, HostAddress, { optional: true }),
  ]),
  'EncKrbCredPart',
);
export type EncKrbCredPart = Infer<typeof EncKrbCredPart>;
