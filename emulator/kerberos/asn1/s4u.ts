/**
 * S4U2Self padata (MS-SFU 2.2.1, 2.2.2; RFC 4120 types):
 *
 *   PA-FOR-USER ::= SEQUENCE { userName [0] PrincipalName, userRealm [1] Realm,
 *     cksum [2] Checksum, auth-package [3] KerberosString }                    (padata 129)
 *   S4UUserID ::= SEQUENCE { nonce [0] UInt32, cname [1] PrincipalName OPTIONAL,
 *     crealm [2] Realm, subject-certificate [3] OCTET STRING OPTIONAL,
 *     options [4] BIT STRING OPTIONAL }
 *   PA-S4U-X509-USER ::= SEQUENCE { user-id [0] S4UUserID, checksum [1] Checksum } (padata 130)
 */
import { Checksum, PrincipalName } from './common.ts';
import { KerberosFlags, KerberosString, OctetString, Realm, UInt32 } from './primitives.ts';
import { field, sequence, type Infer } from './schema.ts';

export const PaForUser = sequence('PA-FOR-USER', [
  field('userName', 0, PrincipalName),
  field('userRealm', 1, Realm),
  field('cksum', 2, Checksum),
  field('authPackage', 3, KerberosString),
]);
export type PaForUser = Infer<typeof PaForUser>;

export const S4UUserId = sequence('S4UUserID', [
  field('nonce', 0, UInt32),
  field('cname', 1, PrincipalName, { optional: true }),
  field('crealm', 2, Realm),
  field('subjectCertificate', 3, OctetString, { optional: true }),
  field('options', 4, KerberosFlags, { optional: true }),
]);
export type S4UUserId = Infer<typeof S4UUserId>;

export const PaS4uX509User = sequence('PA-S4U-X509-USER', [field('userId', 0, S4UUserId), field('checksum', 1, Checksum)]);
export type PaS4uX509User = Infer<typeof PaS4uX509User>;

/** S4UUserID options (MS-SFU 2.2.2): check the logon hours; sign the reply with key usage 27. */
export const S4U_OPTIONS = { CHECK_LOGON_HOUR: 0x40000000, USE_REPLY_KEY_USAGE: 0x20000000 } as const;
