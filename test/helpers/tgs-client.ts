/**
 * TGS-REQ building for tests, the fuzz run and the benchmark, from our own asn1 and crypto layers
 * only (the AS side is kerberos-client.ts): a PA-TGS-REQ AP-REQ with an authenticator (key usage
 * 7) that carries a req-body checksum (usage 6) unless asked not to (impacket sends none), an
 * optional subkey, KERB-KEY-LIST-REQ and PA-PAC-REQUEST; and opening the TGS-REP.
 */
import type { RandomSource } from '../../emulator/core/random.ts';
import {
  encodeApReq,
  encodeAuthenticator,
  encodeKdcReqBody,
  encodeTgsReq,
  findPaValue,
  KDC_OPTIONS,
  PA,
  paData,
  type AuthorizationData,
  type EncKdcRepPart,
  type HostAddress,
  type KdcRep,
  type KdcReqBody,
  type PaData,
  type PrincipalName,
  type Ticket,
} from '../../emulator/kerberos/asn1/index.ts';
import { checksum, checksumTypeForEtype, KeyUsage, encrypt, type KerberosKey } from '../../emulator/kerberos/crypto/index.ts';
import { openRep } from './kerberos-client.ts';

/** What MIT kvno and impacket getST send: forwardable, renewable, canonicalize. */
export const TGS_OPTIONS = KDC_OPTIONS.from(['forwardable', 'renewable', 'canonicalize']);

export interface TgsReqSpec {
  /** The presented ticket and its session key. */
  ticket: Ticket;
  sessionKey: KerberosKey;
  /** The authenticator's client (normally the ticket's cname/crealm). */
  cname: PrincipalName;
  crealm: string;
  sname: PrincipalName;
  realm: string;
  /** The authenticator's ctime, epoch ms (whole seconds on the wire; the rest goes to cusec). */
  now: number;
  rng: RandomSource;
  etypes?: number[];
  kdcOptions?: number;
  till?: number;
  rtime?: number;
  nonce?: number;
  /** Default true: a req-body checksum keyed with the session key. */
  checksum?: boolean;
  /** Override the checksum bytes (tamper). */
  checksumOverride?: Uint8Array;
  cusec?: number;
  subkey?: KerberosKey;
  keyList?: number[];
  pacRequest?: boolean;
  extraPadata?: PaData[];
  /** req-body addresses (FORWARDED asks for a ticket valid from these). */
  addresses?: HostAddress[];
  /** The authenticator's authorization-data (e.g. AD-fx-fast-used, RFC 6113 5.4.2). */
  authorizationData?: AuthorizationData;
  /** req-body additional-tickets (S4U2Proxy's evidence ticket). */
  additionalTickets?: Ticket[];
}

/** Encodes a TGS-REQ (RFC 4120 5.4.1, 5.5.1; MS-KILE 2.2.11 for the key list). */
export function buildTgsReq(s: TgsReqSpec): Uint8Array {
  const body: KdcReqBody = {
    kdcOptions: s.kdcOptions ?? TGS_OPTIONS,
    realm: s.realm,
    sname: s.sname,
    till: s.till ?? s.now + 86_400_000,
    ...(s.rtime !== undefined ? { rtime: s.rtime } : {}),
    nonce: s.nonce ?? 0x2468ace,
    etype: s.etypes ?? [18, 17, 23],
    ...(s.addresses ? { addresses: s.addresses } : {}),
    ...(s.additionalTickets ? { additionalTickets: s.additionalTickets } : {}),
  };
  const ctime = Math.floor(s.now / 1000) * 1000;
  const cusec = s.cusec ?? (s.now % 1000) * 1000;
  const wantCksum = s.checksum ?? true;
  const cksumtype = checksumTypeForEtype(s.sessionKey.etype);
  const cksum = wantCksum
    ? { cksumtype, checksum: s.checksumOverride ?? checksum(cksumtype, s.sessionKey, KeyUsage.TGS_REQ_AUTH_CKSUM, encodeKdcReqBody(body)) }
    : undefined;
  const authenticator = encodeAuthenticator({
    crealm: s.crealm,
    cname: s.cname,
    ...(cksum ? { cksum } : {}),
    cusec,
    ctime,
    ...(s.subkey ? { subkey: { keytype: s.subkey.etype, keyvalue: s.subkey.bytes } } : {}),
    ...(s.authorizationData ? { authorizationData: s.authorizationData } : {}),
  });
  const apReq = {
    apOptions: 0,
    ticket: s.ticket,
    authenticator: { etype: s.sessionKey.etype, cipher: encrypt(s.sessionKey, KeyUsage.TGS_REQ_AUTH, authenticator, s.rng) },
  };
  const padata: PaData[] = [{ padataType: PA.PA_TGS_REQ, padataValue: encodeApReq(apReq) }];
  if (s.keyList) padata.push(paData(PA.KERB_KEY_LIST_REQ, s.keyList));
  if (s.pacRequest !== undefined) padata.push(paData(PA.PA_PAC_REQUEST, { includePac: s.pacRequest }));
  padata.push(...(s.extraPadata ?? []));
  return encodeTgsReq({ padata, reqBody: body });
}

/** Decrypts a TGS-REP enc-part with the session key (usage 8) or the subkey (usage 9). */
export function openTgsRep(rep: KdcRep, key: KerberosKey, subkey = false): { application: number; part: EncKdcRepPart } {
  return openRep(rep, key, subkey ? KeyUsage.TGS_REP_ENCPART_SUBKEY : KeyUsage.TGS_REP_ENCPART_SESSKEY);
}

/** The EncKDCRepPart session key as a crypto key. */
export function repSessionKey(part: EncKdcRepPart): KerberosKey {
  return { etype: part.key.keytype, bytes: part.key.keyvalue };
}

/** KERB-KEY-LIST-REP keys from the encrypted-pa-data, and the index it sits at. */
export function keyListOf(part: EncKdcRepPart): { index: number; keys: { keytype: number; keyvalue: Uint8Array }[] } | undefined {
  const list = part.encryptedPaData ?? [];
  const index = list.findIndex((p) => p.padataType === PA.KERB_KEY_LIST_REP);
  if (index < 0) return undefined;
  return { index, keys: findPaValue(list, PA.KERB_KEY_LIST_REP)! };
}
