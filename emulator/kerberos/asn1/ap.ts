import { AuthorizationData, Checksum, EncryptedData, EncryptionKey, PrincipalName } from './common.ts';
import { APPLICATION_TAG, KRB5_PVNO, MSG_TYPE } from './constants.ts';
import { KerberosFlags, KerberosTime, Microseconds, Realm, SmallInteger, UInt32 } from './primitives.ts';
import { application, field, fixed, sequence, type Infer } from './schema.ts';
import { Ticket } from './ticket.ts';

/** APOptions ::= KerberosFlags (RFC 4120 5.5.1); names in flags.ts AP_OPTIONS. */
export const APOptions = KerberosFlags;

/**
 * AP-REQ ::= [APPLICATION 14] SEQUENCE {
 *   pvno [0] INTEGER (5), msg-type [1] INTEGER (14), ap-options [2] APOptions,
 *   ticket [3] Ticket, authenticator [4] EncryptedData -- Authenticator
 * } (RFC 4120 5.5.1). Inside a TGS-REQ it is the value of PA-TGS-REQ (key usage 7 for the authenticator).
 */
export const ApReq = application(
  MSG_TYPE.KRB_AP_REQ,
  sequence('AP-REQ', [
    fixed('pvno', 0, SmallInteger, KRB5_PVNO),
    fixed('msgType', 1, SmallInteger, MSG_TYPE.KRB_AP_REQ),
    field('apOptions', 2, APOptions),
    field('ticket', 3, Ticket),
    field('authenticator', 4, EncryptedData),
  ]),
  'AP-REQ',
);
export type ApReq = Infer<typeof ApReq>;

/**
 * Authenticator ::= [APPLICATION 2] SEQUENCE {
 *   authenticator-vno [0] INTEGER (5), crealm [1] Realm, cname [2] PrincipalName,
 *   cksum [3] Checksum OPTIONAL, cusec [4] Microseconds, ctime [5] KerberosTime,
 *   subkey [6] EncryptionKey OPTIONAL, seq-number [7] UInt32 OPTIONAL,
 *   authorization-data [8] AuthorizationData OPTIONAL
 * } (RFC 4120 5.5.1).
 */
export const Authenticator = application(
  APPLICATION_TAG.Authenticator,
  sequence('Authenticator', [
    fixed('authenticatorVno', 0, SmallInteger, KRB5_PVNO),
    field('crealm', 1, Realm),
    field('cname', 2, PrincipalName),
    field('cksum', 3, Checksum, { optional: true }),
    field('cusec', 4, Microseconds),
    field('ctime', 5, KerberosTime),
    field('subkey', 6, EncryptionKey, { optional: true }),
    field('seqNumber', 7, UInt32, { optional: true }),
    field('authorizationData', 8, AuthorizationData, { optional: true }),
  ]),
  'Authenticator',
);
export type Authenticator = Infer<typeof Authenticator>;

/**
 * AP-REP ::= [APPLICATION 15] SEQUENCE {
 *   pvno [0] INTEGER (5), msg-type [1] INTEGER (15), enc-part [2] EncryptedData -- EncAPRepPart
 * } (RFC 4120 5.5.2).
 */
export const ApRep = application(
  MSG_TYPE.KRB_AP_REP,
  sequence('AP-REP', [
    fixed('pvno', 0, SmallInteger, KRB5_PVNO),
    fixed('msgType', 1, SmallInteger, MSG_TYPE.KRB_AP_REP),
    field('encPart', 2, EncryptedData),
  ]),
  'AP-REP',
);
export type ApRep = Infer<typeof ApRep>;

/**
 * EncAPRepPart ::= [APPLICATION 27] SEQUENCE {
 *   ctime [0] KerberosTime, cusec [1] Microseconds, subkey [2] EncryptionKey OPTIONAL,
 *   seq-number [3] UInt32 OPTIONAL
 * } (RFC 4120 5.5.2).
 */
export const EncApRepPart = application(
  APPLICATION_TAG.EncAPRepPart,
  sequence('EncAPRepPart', [
    field('ctime', 0, KerberosTime),
    field('cusec', 1, Microseconds),
    field('subkey', 2, EncryptionKey, { optional: true }),
    field('seqNumber', 3, UInt32, { optional: true }),
  ]),
  'EncAPRepPart',
);
export type EncApRepPart = Infer<typeof EncApRepPart>;
