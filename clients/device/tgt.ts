/**
 * Opening what the PRT response carries (PROTOCOL.md sections 1 and 2): `session_key_jwe` is a
 * compact JWE {"alg":"RSA-OAEP","enc":"A256GCM"} whose content-encryption key IS the 32-byte PRT
 * session key, wrapped to the transport key (RSA-OAEP, SHA-1); `tgt_ad` / `tgt_cloud` are JSON
 * strings whose `clientKey` is a JWE {"alg":"dir","enc":"A256GCM","ctx"} keyed by
 * KBKDF(session key, ctx) holding the AS-REP reply key, and `messageBuffer` the base64 AS-REP.
 * The AS-REP is decoded with the lab's own asn1 and crypto and opened with that key (usage 3).
 */
import { constants, createDecipheriv, privateDecrypt } from 'node:crypto';
import { compactDecrypt, decodeProtectedHeader } from 'jose';
import type { KerberosKey } from '../../emulator/kerberos/crypto/index.ts';
import { openRep, parseReply } from '../kerberos/messages.ts';
import type { HeldTicket } from '../kerberos/exchanges.ts';
import { repSessionKey } from '../kerberos/tgs.ts';
import { deriveSessionKey } from './kbkdf.ts';
import type { DeviceKey } from './keys.ts';

export function unwrapSessionKey(jwe: string, transportKey: DeviceKey): Uint8Array {
  const parts = jwe.split('.');
  if (parts.length !== 5) throw new TypeError('session_key_jwe is not a compact JWE');
  const header = decodeProtectedHeader(jwe);
  if (header.alg !== 'RSA-OAEP') throw new TypeError(`session_key_jwe alg ${String(header.alg)}, expected RSA-OAEP`);
  const key = privateDecrypt({ key: transportKey.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(parts[1], 'base64url'));
  if (key.length !== 32) throw new TypeError(`the session key is ${key.length} bytes, expected 32`);
  if (header.enc !== 'A256GCM') throw new TypeError(`session_key_jwe enc ${String(header.enc)}, expected A256GCM`);
  // The JWE's own content, opened with the unwrapped key: the GCM tag proves it is the key Entra sealed.
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(parts[2], 'base64url'));
  d.setAAD(Buffer.from(parts[0], 'ascii'));
  d.setAuthTag(Buffer.from(parts[4], 'base64url'));
  d.update(Buffer.from(parts[3], 'base64url'));
  d.final();
  return new Uint8Array(key);
}

/** The tgt_ad / tgt_cloud object (a JSON string in the response). */
export interface TgtObject {
  readonly clientKey: string;
  readonly keyType: number;
  readonly messageBuffer: string;
  readonly realm: string;
  readonly sn: string;
  readonly cn: string;
  readonly accountType?: number;
  readonly error?: string;
}

export function parseTgtObject(value: unknown, name: string): TgtObject {
  if (typeof value !== 'string') throw new TypeError(`${name} is missing from the PRT response`);
  const o = JSON.parse(value) as Record<string, unknown>;
  if (typeof o !== 'object' || o === null || typeof o.keyType !== 'number') throw new TypeError(`${name} is not the {clientKey, keyType, messageBuffer, ...} object`);
  return o as unknown as TgtObject;
}

/** The reply key from clientKey, then the AS-REP opened with it: the ticket the device now holds. */
export async function openTgt(tgt: TgtObject, sessionKey: Uint8Array): Promise<HeldTicket> {
  const header = decodeProtectedHeader(tgt.clientKey);
  if (typeof header.ctx !== 'string') throw new TypeError('clientKey has no ctx');
  const derived = deriveSessionKey(sessionKey, new Uint8Array(Buffer.from(header.ctx, 'base64')));
  const { plaintext } = await compactDecrypt(tgt.clientKey, derived);
  const replyKey: KerberosKey = { etype: tgt.keyType, bytes: plaintext };
  const reply = parseReply(new Uint8Array(Buffer.from(tgt.messageBuffer, 'base64')));
  if (reply.type !== 'rep') throw new TypeError(`messageBuffer holds a KRB-ERROR (${reply.error.errorCode}), not an AS-REP`);
  const { application, part } = openRep(reply.rep, replyKey, 3);
  if (application !== 25 && application !== 26) throw new TypeError(`messageBuffer's enc-part is [APPLICATION ${application}]`);
  return { cname: reply.rep.cname, crealm: reply.rep.crealm, ticket: reply.rep.ticket, part, sessionKey: repSessionKey(part) };
}

/** "UserNotSynced: partial TGTs are ..." -> UserNotSynced. */
export function tgtErrorCode(error: string): string {
  return /^([A-Za-z][A-Za-z0-9_]*)/.exec(error)?.[1] ?? 'TGT_ERROR';
}
