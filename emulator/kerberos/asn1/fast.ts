/**
 * FAST (RFC 6113 5.4, 5.2, 6.5; MS-KILE 2.2.13) padata types:
 *
 *   KrbFastArmor ::= SEQUENCE { armor-type [0] Int32, armor-value [1] OCTET STRING }
 *     (armor-type 1 FX_FAST_ARMOR_AP_REQUEST: armor-value is an AP-REQ)
 *   PA-FX-FAST-REQUEST ::= CHOICE { armored-data [0] KrbFastArmoredReq }         (padata 136)
 *   KrbFastArmoredReq ::= SEQUENCE { armor [0] KrbFastArmor OPTIONAL,
 *     req-checksum [1] Checksum, enc-fast-req [2] EncryptedData -- KrbFastReq }
 *   KrbFastReq ::= SEQUENCE { fast-options [0] FastOptions, padata [1] SEQUENCE OF PA-DATA,
 *     req-body [2] KDC-REQ-BODY }
 *   PA-FX-FAST-REPLY ::= CHOICE { armored-data [0] KrbFastArmoredRep }          (padata 136)
 *   KrbFastArmoredRep ::= SEQUENCE { enc-fast-rep [0] EncryptedData -- KrbFastResponse }
 *   KrbFastResponse ::= SEQUENCE { padata [0] SEQUENCE OF PA-DATA,
 *     strengthen-key [1] EncryptionKey OPTIONAL, finished [2] KrbFastFinished OPTIONAL,
 *     nonce [3] UInt32 }
 *   KrbFastFinished ::= SEQUENCE { timestamp [0] KerberosTime, usec [1] Microseconds,
 *     crealm [2] Realm, cname [3] PrincipalName, ticket-checksum [4] Checksum }
 *   PA-ENCRYPTED-CHALLENGE ::= EncryptedData -- PA-ENC-TS-ENC                   (padata 138)
 *   PA-FX-COOKIE: opaque octets (133); PA-FX-ERROR: a KRB-ERROR (137).
 */
import { Checksum, EncryptedData, EncryptionKey, MethodData, PrincipalName } from './common.ts';
import { KdcReqBody } from './kdc.ts';
import { Int32, KerberosFlags, KerberosTime, Microseconds, OctetString, Realm, UInt32 } from './primitives.ts';
import { contextChoice, decode, encode, field, sequence, type Infer } from './schema.ts';

/** armor-type values (RFC 6113 5.4.1). */
export const FX_FAST_ARMOR = { AP_REQUEST: 1 } as const;

/**
 * FastOptions bits (RFC 6113 5.4.1), RFC bit 0 = MSB of the 32-bit value: 0 reserved,
 * 1 hide-client-names, 16 kdc-follow-referrals; bits 0-15 are critical (an unknown one set is
 * KDC_ERR_UNKNOWN_CRITICAL_FAST_OPTIONS).
 */
export const FAST_OPTIONS = {
  HIDE_CLIENT_NAMES: 0x40000000,
  KDC_FOLLOW_REFERRALS: 0x00008000,
  /** The critical bits this KDC understands (hide-client-names). */
  KNOWN_CRITICAL: 0x40000000,
  CRITICAL_MASK: 0xffff0000,
} as const;

export const KrbFastArmor = sequence('KrbFastArmor', [field('armorType', 0, Int32), field('armorValue', 1, OctetString)]);
export type KrbFastArmor = Infer<typeof KrbFastArmor>;

export const KrbFastArmoredReq = sequence('KrbFastArmoredReq', [
  field('armor', 0, KrbFastArmor, { optional: true }),
  field('reqChecksum', 1, Checksum),
  field('encFastReq', 2, EncryptedData),
]);
export type KrbFastArmoredReq = Infer<typeof KrbFastArmoredReq>;

export const PaFxFastRequest = contextChoice(0, KrbFastArmoredReq, 'PA-FX-FAST-REQUEST');

export const KrbFastReq = sequence('KrbFastReq', [
  field('fastOptions', 0, KerberosFlags),
  field('padata', 1, MethodData),
  field('reqBody', 2, KdcReqBody),
]);
export type KrbFastReq = Infer<typeof KrbFastReq>;

export const KrbFastArmoredRep = sequence('KrbFastArmoredRep', [field('encFastRep', 0, EncryptedData)]);
export type KrbFastArmoredRep = Infer<typeof KrbFastArmoredRep>;

export const PaFxFastReply = contextChoice(0, KrbFastArmoredRep, 'PA-FX-FAST-REPLY');

export const KrbFastFinished = sequence('KrbFastFinished', [
  field('timestamp', 0, KerberosTime),
  field('usec', 1, Microseconds),
  field('crealm', 2, Realm),
  field('cname', 3, PrincipalName),
  field('ticketChecksum', 4, Checksum),
]);
export type KrbFastFinished = Infer<typeof KrbFastFinished>;

export const KrbFastResponse = sequence('KrbFastResponse', [
  field('padata', 0, MethodData),
  field('strengthenKey', 1, EncryptionKey, { optional: true }),
  field('finished', 2, KrbFastFinished, { optional: true }),
  field('nonce', 3, UInt32),
]);
export type KrbFastResponse = Infer<typeof KrbFastResponse>;

export const encodePaFxFastRequest = (v: KrbFastArmoredReq): Uint8Array => encode(PaFxFastRequest, v);
export const decodePaFxFastRequest = (b: Uint8Array): KrbFastArmoredReq => decode(PaFxFastRequest, b);
export const encodePaFxFastReply = (v: KrbFastArmoredRep): Uint8Array => encode(PaFxFastReply, v);
export const decodePaFxFastReply = (b: Uint8Array): KrbFastArmoredRep => decode(PaFxFastReply, b);
export const encodeKrbFastReq = (v: KrbFastReq): Uint8Array => encode(KrbFastReq, v);
export const decodeKrbFastReq = (b: Uint8Array): KrbFastReq => decode(KrbFastReq, b);
export const encodeKrbFastResponse = (v: KrbFastResponse): Uint8Array => encode(KrbFastResponse, v);
export const decodeKrbFastResponse = (b: Uint8Array): KrbFastResponse => decode(KrbFastResponse, b);
export const encodeKrbFastFinished = (v: KrbFastFinished): Uint8Array => encode(KrbFastFinished, v);
