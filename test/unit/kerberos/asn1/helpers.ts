import { fromHex, hex } from '../../../../emulator/core/bytes.ts';
import * as k from '../../../../emulator/kerberos/asn1/index.ts';

/** Codecs by the type name used in the vector files. */
export const CODECS: Record<string, k.Codec<unknown>> = {
  Int32: k.Int32,
  UInt32: k.UInt32,
  Microseconds: k.Microseconds,
  KerberosString: k.KerberosString,
  KerberosTime: k.KerberosTime,
  KerberosFlags: k.KerberosFlags,
  BOOLEAN: k.Bool,
  'OCTET STRING': k.OctetString,
  PrincipalName: k.PrincipalName,
  EncryptedData: k.EncryptedData,
  EncryptionKey: k.EncryptionKey,
  Checksum: k.Checksum,
  HostAddress: k.HostAddress,
  TransitedEncoding: k.TransitedEncoding,
  LastReq: k.LastReq,
  AuthorizationData: k.AuthorizationData,
  'PA-DATA': k.PaData,
  'PA-ENC-TS-ENC': k.PaEncTsEnc,
  'ETYPE-INFO2': k.EtypeInfo2,
  'KERB-PA-PAC-REQUEST': k.KerbPaPacRequest,
  'PA-PAC-OPTIONS': k.PaPacOptions,
  'KERB-KEY-LIST-REQ': k.KerbKeyListReq,
  'KERB-KEY-LIST-REP': k.KerbKeyListRep,
  'TYPED-DATA': k.TypedData,
  'METHOD-DATA': k.MethodData,
  Ticket: k.Ticket,
  'KRB-ERROR': k.KrbErrorMessage,
  'AS-REQ': k.AsReq,
  'AS-REP': k.AsRep,
  'TGS-REQ': k.TgsReq,
  'TGS-REP': k.TgsRep,
} as Record<string, k.Codec<unknown>>;

export function codecFor(type: string): k.Codec<unknown> {
  const c = CODECS[type];
  if (!c) throw new Error(`no codec for ${type}`);
  return c;
}

/** JSON conventions of the vector files: {"$hex": ...} bytes, {"$time": "...Z"} KerberosTime. */
export function reviveValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reviveValue);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$hex === 'string') return fromHex(o.$hex);
    if (typeof o.$time === 'string') return timeOf(o.$time);
    return Object.fromEntries(Object.entries(o).map(([key, x]) => [key, reviveValue(x)]));
  }
  return v;
}

/** Epoch ms of a "YYYYMMDDHHMMSSZ" string, computed with Date.UTC (independently of our parser). */
export function timeOf(s: string): number {
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s);
  if (!m) throw new Error(`bad time ${s}`);
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, se);
}

/** A JSON file by its path from the repository root (test/support/vectors.ts). */
export { loadVectorFile as loadJson } from '../../../support/vectors.ts';

export { fromHex, hex };
