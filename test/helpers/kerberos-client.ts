/**
 * A small Kerberos client for tests, the fuzz run and the benchmark, built only from our own
 * asn1 and crypto layers: builds AS-REQs (with PA-ENC-TIMESTAMP, PA-PAC-REQUEST, ...), sends them
 * over TCP or UDP, and opens the replies. Tamper helpers re-seal encrypted parts after a change.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import type { RandomSource } from '../../emulator/core/random.ts';
import {
  decodeEncKdcRepPart,
  decodeEncTicketPart,
  decodeKerberosMessage,
  encode,
  encodeAsReq,
  encodeEncTicketPart,
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

/** Decodes a KDC reply: an AS-REP/TGS-REP or a KRB-ERROR (throws on anything else). */
export function parseReply(bytes: Uint8Array): KdcReply {
  const m = decodeKerberosMessage(bytes);
  if (m.name === 'AS-REP' || m.name === 'TGS-REP') return { type: 'rep', rep: m.message };
  if (m.name === 'KRB-ERROR') return { type: 'error', error: m.message };
  throw new Error(`unexpected reply ${m.name}`);
}

/** Decrypts a KDC-REP enc-part (usage 3 for AS, 8 for TGS) and reports its [APPLICATION n] tag. */
export function openRep(rep: KdcRep, key: KerberosKey, usage: number = KeyUsage.AS_REP_ENCPART): { application: number; part: EncKdcRepPart } {
  return decodeEncKdcRepPart(decrypt(key, usage, rep.encPart.cipher));
}

export function openTicket(ticket: Ticket, key: KerberosKey): EncTicketPart {
  return decodeEncTicketPart(decrypt(key, KeyUsage.KDC_REP_TICKET, ticket.encPart.cipher));
}

/** Tamper helper: decrypts a ticket, lets `change` edit its part, re-seals it with `key`. */
export function resealTicket(ticket: Ticket, key: KerberosKey, change: (p: EncTicketPart) => EncTicketPart, rng: RandomSource): Ticket {
  const part = change(openTicket(ticket, key));
  return { ...ticket, encPart: { ...ticket.encPart, cipher: encrypt(key, KeyUsage.KDC_REP_TICKET, encodeEncTicketPart(part), rng) } };
}

/** Tamper helper: a copy of `bytes` with one byte XORed. */
export function flipByte(bytes: Uint8Array, index: number, mask = 0x01): Uint8Array {
  const out = bytes.slice();
  out[index % out.length] ^= mask;
  return out;
}

/** Sends one framed message over a fresh TCP connection and reads one framed reply. */
export function sendTcp(host: string, port: number, msg: Uint8Array, timeoutMs = 5000): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    const chunks: Buffer[] = [];
    let got = 0;
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('tcp timeout'));
    }, timeoutMs);
    sock.on('connect', () => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(msg.length);
      sock.write(Buffer.concat([len, msg]));
    });
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      const all = Buffer.concat(chunks, got);
      if (all.length >= 4 && all.length >= 4 + all.readUInt32BE(0)) {
        clearTimeout(timer);
        sock.destroy();
        resolve(new Uint8Array(all.subarray(4, 4 + all.readUInt32BE(0))));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      reject(new Error('tcp closed before a reply'));
    });
  });
}

/** Sends one datagram and waits for one reply (rejects after `timeoutMs`). */
export function sendUdp(host: string, port: number, msg: Uint8Array, timeoutMs = 2000): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    const timer = setTimeout(() => {
      sock.close();
      reject(new Error('udp timeout'));
    }, timeoutMs);
    sock.on('message', (m) => {
      clearTimeout(timer);
      sock.close();
      resolve(new Uint8Array(m));
    });
    sock.send(msg, port, host);
  });
}
