import { DecodeError } from '../../core/errors.ts';
import { ApReq } from './ap.ts';
import { EncryptedData, EncryptionKey, MAX_ETYPES, type PaData } from './common.ts';
import { PA } from './constants.ts';
import { Bool, Int32, KerberosFlags, KerberosString, KerberosTime, Microseconds, OctetString } from './primitives.ts';
import { decode, encode, field, sequence, sequenceOf, type Codec, type Infer } from './schema.ts';

/**
 * PA-DATA value codecs (RFC 4120 5.2.7 and 7.5.2, MS-KILE 2.2) and a registry keyed by
 * padata-type. `paData(type, value)` builds a PA-DATA; `paValue(pa, type)` decodes one.
 */

/** PA-ENC-TS-ENC ::= SEQUENCE { patimestamp [0] KerberosTime, pausec [1] Microseconds OPTIONAL } (RFC 4120 5.2.7.2). */
export const PaEncTsEnc = sequence('PA-ENC-TS-ENC', [
  field('patimestamp', 0, KerberosTime),
  field('pausec', 1, Microseconds, { optional: true }),
]);
export type PaEncTsEnc = Infer<typeof PaEncTsEnc>;

/**
 * ETYPE-INFO2-ENTRY ::= SEQUENCE { etype [0] Int32, salt [1] KerberosString OPTIONAL,
 *   s2kparams [2] OCTET STRING OPTIONAL } (RFC 4120 5.2.7.5); ETYPE-INFO2 ::= SEQUENCE SIZE (1..MAX) OF it.
 */
export const EtypeInfo2Entry = sequence('ETYPE-INFO2-ENTRY', [
  field('etype', 0, Int32),
  field('salt', 1, KerberosString, { optional: true }),
  field('s2kparams', 2, OctetString, { optional: true }),
]);
export type EtypeInfo2Entry = Infer<typeof EtypeInfo2Entry>;
export const EtypeInfo2 = sequenceOf(EtypeInfo2Entry, { min: 1, max: MAX_ETYPES });
export type EtypeInfo2 = EtypeInfo2Entry[];

/**
 * ETYPE-INFO-ENTRY ::= SEQUENCE { etype [0] Int32, salt [1] OCTET STRING OPTIONAL }; ETYPE-INFO ::=
 * SEQUENCE OF it (RFC 4120 5.2.7.4). Windows still sends it, with an empty salt, when the client
 * offers only RC4 (the etype that predates ETYPE-INFO2).
 */
export const EtypeInfoEntry = sequence('ETYPE-INFO-ENTRY', [field('etype', 0, Int32), field('salt', 1, OctetString, { optional: true })]);
export type EtypeInfoEntry = Infer<typeof EtypeInfoEntry>;
export const EtypeInfo = sequenceOf(EtypeInfoEntry, { max: MAX_ETYPES });
export type EtypeInfo = EtypeInfoEntry[];

/** KERB-PA-PAC-REQUEST ::= SEQUENCE { include-pac [0] BOOLEAN } (MS-KILE 2.2.3). */
export const KerbPaPacRequest = sequence('KERB-PA-PAC-REQUEST', [field('includePac', 0, Bool)]);
export type KerbPaPacRequest = Infer<typeof KerbPaPacRequest>;

/**
 * PA-PAC-OPTIONS ::= SEQUENCE { flags [0] PAC-OPTIONS-FLAGS } (MS-KILE 2.2.10), with
 * PAC-OPTIONS-FLAGS a KerberosFlags; names in flags.ts PA_PAC_OPTIONS_FLAGS.
 */
export const PaPacOptions = sequence('PA-PAC-OPTIONS', [field('flags', 0, KerberosFlags)]);
export type PaPacOptions = Infer<typeof PaPacOptions>;

/** KERB-KEY-LIST-REQ ::= SEQUENCE OF Int32 -- encryption types (MS-KILE 2.2.11). {23} is 30 03 02 01 17. */
export const KerbKeyListReq = sequenceOf(Int32, { max: MAX_ETYPES });
export type KerbKeyListReq = number[];

/** KERB-KEY-LIST-REP ::= SEQUENCE OF EncryptionKey (MS-KILE 2.2.12); in encrypted-pa-data of the TGS-REP. */
export const KerbKeyListRep = sequenceOf(EncryptionKey, { max: MAX_ETYPES });
export type KerbKeyListRep = Infer<typeof KerbKeyListRep>;

/**
 * PA-SUPPORTED-ETYPES (MS-KILE 2.2.8): not ASN.1 but a 32-bit little-endian bit mask of
 * supported encryption types (msDS-SupportedEncryptionTypes), e.g. 0x1f = 1f 00 00 00.
 */
export const PaSupportedEtypes = {
  name: 'PA-SUPPORTED-ETYPES',
  encode(value: number): Uint8Array {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new RangeError(`PA-SUPPORTED-ETYPES: ${String(value)} is not a 32-bit mask`);
    }
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, value, true);
    return out;
  },
  decode(bytes: Uint8Array): number {
    if (!(bytes instanceof Uint8Array) || bytes.length !== 4) {
      throw new DecodeError('PA-SUPPORTED-ETYPES', `expected 4 bytes, got ${bytes?.length}`, 0);
    }
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  },
} as const;

/** A codec for one padata-value: bytes in, value out, and back. */
export interface PaValueCodec<T> {
  readonly name: string;
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array): T;
}

function asn1Value<T>(name: string, codec: Codec<T>): PaValueCodec<T> {
  return { name, encode: (v) => encode(codec, v), decode: (b) => decode(codec, b) };
}

/** The PA types whose padata-value this layer understands, and what each holds. */
export interface PaValueTypes {
  /** PA-TGS-REQ: an AP-REQ (RFC 4120 5.4.1 / 7.5.2). */
  1: Infer<typeof ApReq>;
  /** PA-ENC-TIMESTAMP: EncryptedData of a PA-ENC-TS-ENC, key usage 1 (RFC 4120 5.2.7.2). */
  2: Infer<typeof EncryptedData>;
  /** PA-ETYPE-INFO (RFC 4120 5.2.7.4). */
  11: EtypeInfo;
  /** PA-ETYPE-INFO2 (RFC 4120 5.2.7.5). */
  19: EtypeInfo2;
  /** PA-PAC-REQUEST (MS-KILE 2.2.3). */
  128: KerbPaPacRequest;
  /** KERB-KEY-LIST-REQ (MS-KILE 2.2.11). */
  161: KerbKeyListReq;
  /** KERB-KEY-LIST-REP (MS-KILE 2.2.12). */
  162: KerbKeyListRep;
  /** PA-SUPPORTED-ETYPES (MS-KILE 2.2.8). */
  165: number;
  /** PA-PAC-OPTIONS (MS-KILE 2.2.10). */
  167: PaPacOptions;
}
export type KnownPaType = keyof PaValueTypes;

/** Registry keyed by padata-type. */
export const PA_REGISTRY: { readonly [K in KnownPaType]: PaValueCodec<PaValueTypes[K]> } = {
  [PA.PA_TGS_REQ]: asn1Value('PA-TGS-REQ', ApReq),
  [PA.PA_ENC_TIMESTAMP]: asn1Value('PA-ENC-TIMESTAMP', EncryptedData),
  [PA.PA_ETYPE_INFO]: asn1Value('PA-ETYPE-INFO', EtypeInfo),
  [PA.PA_ETYPE_INFO2]: asn1Value('PA-ETYPE-INFO2', EtypeInfo2),
  [PA.PA_PAC_REQUEST]: asn1Value('PA-PAC-REQUEST', KerbPaPacRequest),
  [PA.KERB_KEY_LIST_REQ]: asn1Value('KERB-KEY-LIST-REQ', KerbKeyListReq),
  [PA.KERB_KEY_LIST_REP]: asn1Value('KERB-KEY-LIST-REP', KerbKeyListRep),
  [PA.PA_SUPPORTED_ETYPES]: PaSupportedEtypes,
  [PA.PA_PAC_OPTIONS]: asn1Value('PA-PAC-OPTIONS', PaPacOptions),
};

export function isKnownPaType(type: number): type is KnownPaType {
  return Object.prototype.hasOwnProperty.call(PA_REGISTRY, type);
}

/** Builds a PA-DATA of a known type: `paData(PA.PA_PAC_REQUEST, { includePac: true })`. */
export function paData<K extends KnownPaType>(type: K, value: PaValueTypes[K]): PaData {
  const codec = PA_REGISTRY[type] as PaValueCodec<PaValueTypes[K]>;
  return { padataType: type, padataValue: codec.encode(value) };
}

/** Decodes the value of a PA-DATA that must be of `type`; DecodeError if it is another type or malformed. */
export function paValue<K extends KnownPaType>(pa: PaData, type: K): PaValueTypes[K] {
  if (pa.padataType !== type) {
    throw new DecodeError(PA_REGISTRY[type].name, `padata-type is ${pa.padataType}, not ${type}`);
  }
  return (PA_REGISTRY[type] as PaValueCodec<PaValueTypes[K]>).decode(pa.padataValue);
}

/** The first PA-DATA of `type` in a list, decoded; undefined if absent. */
export function findPaValue<K extends KnownPaType>(list: readonly PaData[] | undefined, type: K): PaValueTypes[K] | undefined {
  const pa = list?.find((p) => p.padataType === type);
  return pa ? paValue(pa, type) : undefined;
}

/** A PA-DATA decoded through the registry: known types carry their value, others their raw bytes. */
export type DecodedPaData =
  | { [K in KnownPaType]: { padataType: K; name: string; known: true; value: PaValueTypes[K] } }[KnownPaType]
  | { padataType: number; known: false; raw: Uint8Array };

export function decodePaData(pa: PaData): DecodedPaData {
  const t = pa.padataType;
  if (!isKnownPaType(t)) return { padataType: t, known: false, raw: pa.padataValue };
  const codec = PA_REGISTRY[t] as PaValueCodec<unknown>;
  return { padataType: t, name: codec.name, known: true, value: codec.decode(pa.padataValue) } as DecodedPaData;
}
