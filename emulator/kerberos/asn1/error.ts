import { MethodData, PrincipalName, TypedData } from './common.ts';
import { KRB5_PVNO, MSG_TYPE } from './constants.ts';
import { Int32, KerberosString, KerberosTime, Microseconds, OctetString, Realm, SmallInteger } from './primitives.ts';
import { application, decode, encode, field, fixed, sequence, type Infer } from './schema.ts';

/**
 * KRB-ERROR ::= [APPLICATION 30] SEQUENCE {
 *   pvno [0] INTEGER (5), msg-type [1] INTEGER (30), ctime [2] KerberosTime OPTIONAL,
 *   cusec [3] Microseconds OPTIONAL, stime [4] KerberosTime, susec [5] Microseconds,
 *   error-code [6] Int32, crealm [7] Realm OPTIONAL, cname [8] PrincipalName OPTIONAL,
 *   realm [9] Realm -- service realm --, sname [10] PrincipalName -- service name --,
 *   e-text [11] KerberosString OPTIONAL, e-data [12] OCTET STRING OPTIONAL
 * } (RFC 4120 5.9.1). e-data is METHOD-DATA for KDC_ERR_PREAUTH_REQUIRED and TYPED-DATA for
 * most other codes (RFC 4120 5.9.1, MS-KILE 2.2.1 KERB-ERROR-DATA).
 */
export const KrbErrorMessage = application(
  MSG_TYPE.KRB_ERROR,
  sequence('KRB-ERROR', [
    fixed('pvno', 0, SmallInteger, KRB5_PVNO),
    fixed('msgType', 1, SmallInteger, MSG_TYPE.KRB_ERROR),
    field('ctime', 2, KerberosTime, { optional: true }),
    field('cusec', 3, Microseconds, { optional: true }),
    field('stime', 4, KerberosTime),
    field('susec', 5, Microseconds),
    field('errorCode', 6, Int32),
    field('crealm', 7, Realm, { optional: true }),
    field('cname', 8, PrincipalName, { optional: true }),
    field('realm', 9, Realm),
    field('sname', 10, PrincipalName),
    field('eText', 11, KerberosString, { optional: true }),
    field('eData', 12, OctetString, { optional: true }),
  ]),
  'KRB-ERROR',
);
/** The decoded KRB-ERROR message (named apart from KrbError, the lab's typed exception). */
export type KrbErrorMessage = Infer<typeof KrbErrorMessage>;

export const encodeMethodData = (v: MethodData): Uint8Array => encode(MethodData, v);
export const decodeMethodData = (b: Uint8Array): MethodData => decode(MethodData, b);
export const encodeTypedData = (v: TypedData): Uint8Array => encode(TypedData, v);
export const decodeTypedData = (b: Uint8Array): TypedData => decode(TypedData, b);

/** KERB-ERROR-DATA ::= SEQUENCE { data-type [1] INTEGER, data-value [2] OCTET STRING OPTIONAL } (MS-KILE 2.2.1). */
export const KerbErrorData = sequence('KERB-ERROR-DATA', [
  field('dataType', 1, Int32),
  field('dataValue', 2, OctetString, { optional: true }),
]);
export type KerbErrorData = Infer<typeof KerbErrorData>;
