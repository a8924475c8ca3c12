/**
 * The AS side of the lab's Kerberos client (product code: the emulated device, the bench and the
 * tests share it), built only from our own asn1 and crypto layers: AS-REQs (RFC 4120 5.4.1) with
 * PA-ENC-TIMESTAMP, PA-PAC-REQUEST and PA-REQ-ENC-PA-REP, and opening KDC replies and tickets.
 * Sending is transport.ts; the TGS side is tgs.ts. Pure: time and randomness come from the caller.
 */
import type { RandomSource } from '../../emulator/core/random.ts';
import {
  decodeEncKdcRepPart,
  decodeEncTicketPart,
  decodeKerberosMessage,
  encode,
  encodeAsReq,
  KDC_OPTIONS,
  NAME_TYPE,
  PA,
  paData,
  PaEncTsEnc,
  type EncKdcRepPart,
  type EncTicketPart,
  type KdcRep,
  type KrbErrorMessage,
  type PaData,
  type PrincipalName,
  type Ticket,
} from '../../emulator/kerberos/asn1/index.ts';
import { decrypt, encrypt, KeyUsage, type KerberosKey } from '../../emulator/kerberos/crypto/index.ts';
import { ClientError } from '../errors.ts';

export const DEFAULT_ETYPES = [18, 17, 23];
/** What MIT kinit asks for (forwardable when configured, renewable-ok) plus renewable and canonicalize off. */
export const DEFAULT_OPTIONS = KDC_OPTIONS.from(['forwardable', 'renewable', 'renewable-ok']);

export function principal(name: string, nameType: number = NAME_TYPE.NT_PRINCIPAL): PrincipalName {
  return { nameType, nameString: name.split('/') };
}

export function krbtgtName(realm: string): PrincipalName {
  return { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', realm] };
}

export interface AsReqSpec {
  cname: PrincipalName | string;
  realm: string;
  sname?: PrincipalName;
  etypes?: number[];
  kdcOptions?: number;
  /** Epoch ms; default now + 1 day relative to `now`. */
  till?: number;
  rtime?: number;
  from?: number;
  nonce?: number;
  padata?: PaData[];
  /** Only used to default `till`/`rtime`. */
  now?: number;
  /** req-body addresses (RFC 4120 5.4.1). */
  addresses?: { addrType: number; address: Uint8Array }[];
}

/** Encodes an AS-REQ (RFC 4120 5.4.1). */
export function buildAsReq(s: AsReqSpec): Uint8Array {
  const now = s.now ?? Date.now();
  return encodeAsReq({
    ...(s.padata ? { padata: s.padata } : {}),
    reqBody: {
      kdcOptions: s.kdcOptions ?? DEFAULT_OPTIONS,
      cname: typeof s.cname === 'string' ? principal(s.cname) : s.cname,
      realm: s.realm,
      sname: s.sname ?? krbtgtName(s.realm.toUpperCase()),
      ...(s.from !== undefined ? { from: s.from } : {}),
      till: s.till ?? now + 86_400_000,
      ...(s.rtime !== undefined ? { rtime: s.rtime } : {}),
      nonce: s.nonce ?? 0x12345678,
      etype: s.etypes ?? DEFAULT_ETYPES,
      ...(s.addresses ? { addresses: s.addresses } : {}),
    },
  });
}

/** PA-ENC-TIMESTAMP with `timeMs` encrypted in `key` (usage 1). */
export function encTimestamp(key: KerberosKey, timeMs: number, rng: RandomSource): PaData {
  const ts = encode(PaEncTsEnc, { patimestamp: Math.floor(timeMs / 1000) * 1000, pausec: (timeMs % 1000) * 1000 });
  return paData(PA.PA_ENC_TIMESTAMP, { etype: key.etype, cipher: encrypt(key, KeyUsage.PA_ENC_TIMESTAMP, ts, rng) });
}

export function pacRequest(includePac: boolean): PaData {
  return paData(PA.PA_PAC_REQUEST, { includePac });
}

/** The empty PA-REQ-ENC-PA-REP a client sends (RFC 6806 11). */
export function reqEncPaRep(): PaData {
  return { padataType: PA.PA_REQ_ENC_PA_REP, padataValue: new Uint8Array(0) };
}

export type KdcReply = { type: 'rep'; rep: KdcRep } | { type: 'error'; error: KrbErrorMessage };

/**
 * Decodes a KDC reply: an AS-REP/TGS-REP or a KRB-ERROR. Any other Kerberos message is a
 * ClientError UNEXPECTED_REPLY; bytes that are no Kerberos message throw the decoder's DecodeError.
 */
export function parseReply(bytes: Uint8Array): KdcReply {
  const m = decodeKerberosMessage(bytes);
  if (m.name === 'AS-REP' || m.name === 'TGS-REP') return { type: 'rep', rep: m.message };
  if (m.name === 'KRB-ERROR') return { type: 'error', error: m.message };
  throw new ClientError('kerberos', 'UNEXPECTED_REPLY', `a KDC answers AS-REP, TGS-REP or KRB-ERROR, got ${m.name}`);
}

/** Decrypts a KDC-REP enc-part (usage 3 for AS, 8 for TGS) and reports its [APPLICATION n] tag. */
export function openRep(rep: KdcRep, key: KerberosKey, usage: number = KeyUsage.AS_REP_ENCPART): { application: number; part: EncKdcRepPart } {
  return decodeEncKdcRepPart(decrypt(key, usage, rep.encPart.cipher));
}

export function openTicket(ticket: Ticket, key: KerberosKey): EncTicketPart {
  return decodeEncTicketPart(decrypt(key, KeyUsage.KDC_REP_TICKET, ticket.encPart.cipher));
}

