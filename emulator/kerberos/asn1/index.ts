/**
 * Kerberos ASN.1 messages (RFC 4120, MS-KILE) on asn1js: the public API.
 *
 * Generic:   encode(Codec, value) -> DER bytes;  decode(Codec, bytes) -> value (DecodeError on bad input)
 * Named:     encodeAsReq(v) / decodeAsReq(b), ... for every message and encrypted part
 * Dispatch:  decodeKerberosMessage(bytes) -> { msgType, name, message }
 * PA-DATA:   paData(PA.PA_PAC_REQUEST, { includePac: true }), paValue(pa, PA.PA_ETYPE_INFO2), PA_REGISTRY
 * Flags:     KDC_OPTIONS / TICKET_FLAGS / AP_OPTIONS / PA_PAC_OPTIONS_FLAGS .has/.set/.from/.names
 *
 * Value conventions: KerberosTime = epoch ms (whole seconds; encoding truncates), KerberosFlags =
 * unsigned 32-bit number with RFC bit 0 as MSB, OCTET STRING = Uint8Array, strings = JS strings
 * (UTF-8 on the wire). Fixed fields (pvno, msg-type, tkt-vno, authenticator-vno) are not part of
 * the types: encoders write them, decoders check them (DecodeError whose `what` ends in `.pvno`
 * or `.msgType`). Decoders accept at most MAX_MESSAGE_BYTES (64 KiB) and bounded counts.
 */
import { ApRep, ApReq, Authenticator, EncApRepPart } from './ap.ts';
import { AuthorizationData, Checksum, EncryptedData, EncryptionKey, PrincipalName } from './common.ts';
import { EncKrbCredPart, KrbCred } from './cred.ts';
import { KrbErrorMessage } from './error.ts';
import { AsRep, AsReq, EncAsRepPart, EncTgsRepPart, KdcReqBody, TgsRep, TgsReq } from './kdc.ts';
import { decode, encode, type Codec } from './schema.ts';
import { EncTicketPart, Ticket } from './ticket.ts';

export * from './ap.ts';
export * from './authdata.ts';
export * from './common.ts';
export * from './constants.ts';
export * from './cred.ts';
export { MAX_DEPTH, MAX_MESSAGE_BYTES, MAX_NODES } from './der.ts';
export * from './error.ts';
export * from './fast.ts';
export * from './flags.ts';
export * from './kdc.ts';
export * from './message.ts';
export * from './padata.ts';
export * from './s4u.ts';
export {
  Bool,
  Int32,
  KerberosFlags,
  KerberosString,
  KerberosTime,
  Microseconds,
  OctetString,
  Realm,
  UInt32,
  formatKerberosTime,
  parseKerberosTime,
  truncateToSecond,
} from './primitives.ts';
export { alias, application, contextChoice, decode, encode, field, fixed, sequence, sequenceOf } from './schema.ts';
export type { Codec, FieldSpec, Infer, InferFields } from './schema.ts';
export * from './ticket.ts';

type Value<C> = C extends Codec<infer T> ? T : never;
const enc =
  <C extends Codec<unknown>>(c: C) =>
  (v: Value<C>): Uint8Array =>
    encode(c as Codec<Value<C>>, v);
const dec =
  <C extends Codec<unknown>>(c: C) =>
  (b: Uint8Array): Value<C> =>
    decode(c as Codec<Value<C>>, b);

export const encodeAsReq = enc(AsReq);
export const decodeAsReq = dec(AsReq);
export const encodeAsRep = enc(AsRep);
export const decodeAsRep = dec(AsRep);
export const encodeTgsReq = enc(TgsReq);
export const decodeTgsReq = dec(TgsReq);
export const encodeTgsRep = enc(TgsRep);
export const decodeTgsRep = dec(TgsRep);
export const encodeKdcReqBody = enc(KdcReqBody);
export const decodeKdcReqBody = dec(KdcReqBody);
export const encodeEncAsRepPart = enc(EncAsRepPart);
export const decodeEncAsRepPart = dec(EncAsRepPart);
export const encodeEncTgsRepPart = enc(EncTgsRepPart);
export const decodeEncTgsRepPart = dec(EncTgsRepPart);
export const encodeTicket = enc(Ticket);
export const decodeTicket = dec(Ticket);
export const encodeEncTicketPart = enc(EncTicketPart);
export const decodeEncTicketPart = dec(EncTicketPart);
export const encodeApReq = enc(ApReq);
export const decodeApReq = dec(ApReq);
export const encodeApRep = enc(ApRep);
export const decodeApRep = dec(ApRep);
export const encodeEncApRepPart = enc(EncApRepPart);
export const decodeEncApRepPart = dec(EncApRepPart);
export const encodeAuthenticator = enc(Authenticator);
export const decodeAuthenticator = dec(Authenticator);
export const encodeKrbError = enc(KrbErrorMessage);
export const decodeKrbError = dec(KrbErrorMessage);
export const encodeKrbCred = enc(KrbCred);
export const decodeKrbCred = dec(KrbCred);
export const encodeEncKrbCredPart = enc(EncKrbCredPart);
export const decodeEncKrbCredPart = dec(EncKrbCredPart);
export const encodeEncryptedData = enc(EncryptedData);
export const decodeEncryptedData = dec(EncryptedData);
export const encodeEncryptionKey = enc(EncryptionKey);
export const decodeEncryptionKey = dec(EncryptionKey);
export const encodeChecksum = enc(Checksum);
export const decodeChecksum = dec(Checksum);
export const encodePrincipalName = enc(PrincipalName);
export const decodePrincipalName = dec(PrincipalName);
export const encodeAuthorizationData = enc(AuthorizationData);
export const decodeAuthorizationData = dec(AuthorizationData);
