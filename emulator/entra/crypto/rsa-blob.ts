/**
 * BCRYPT_RSAKEY_BLOB public form (magic `RSA1`, learn.microsoft.com bcrypt.h BCRYPT_RSAKEY_BLOB):
 * the transport key of a device registration and the Windows Hello key (`kngc`).
 *   Magic 'RSA1' (LE 0x31415352) | BitLength u32 | cbPublicExp u32 | cbModulus u32 | cbPrime1 u32 | cbPrime2 u32
 *   then PublicExponent (big-endian) and Modulus (big-endian).
 * The Hello key id (`kid`) is standard base64 of SHA-256 over the blob. Pure.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

export const RSA1_MAGIC = 0x31415352;
const HEADER = 24;

export interface RsaPublicNumbers {
  readonly n: Uint8Array;
  readonly e: Uint8Array;
  readonly bits: number;
}

/** Parses an RSA1 blob; throws RangeError naming what is wrong. */
export function parseRsa1Blob(blob: Uint8Array): RsaPublicNumbers {
  if (blob.length < HEADER) throw new RangeError(`RSA1 blob of ${blob.length} bytes is shorter than its 24-byte header`);
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const magic = dv.getUint32(0, true);
  if (magic !== RSA1_MAGIC) throw new RangeError(`key blob magic 0x${magic.toString(16)} is not RSA1 (BCRYPT_RSAPUBLIC_MAGIC)`);
  const bits = dv.getUint32(4, true);
  const cbExp = dv.getUint32(8, true);
  const cbMod = dv.getUint32(12, true);
  if (cbExp < 1 || cbExp > 8) throw new RangeError(`RSA1 public exponent of ${cbExp} bytes`);
  if (cbMod < 128 || cbMod > 1024) throw new RangeError(`RSA1 modulus of ${cbMod} bytes (1024 to 8192 bits expected)`);
  if (blob.length < HEADER + cbExp + cbMod) throw new RangeError(`RSA1 blob of ${blob.length} bytes is shorter than its header says (${HEADER + cbExp + cbMod})`);
  return { e: blob.slice(HEADER, HEADER + cbExp), n: blob.slice(HEADER + cbExp, HEADER + cbExp + cbMod), bits };
}

/** The blob of a public key (the device and Hello keys of tests and the bench). */
export function rsa1BlobFromKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  const n = Buffer.from(jwk.n!, 'base64url');
  const e = Buffer.from(jwk.e!, 'base64url');
  const head = Buffer.alloc(HEADER);
  head.writeUInt32LE(RSA1_MAGIC, 0);
  head.writeUInt32LE(n.length * 8, 4);
  head.writeUInt32LE(e.length, 8);
  head.writeUInt32LE(n.length, 12);
  return new Uint8Array(Buffer.concat([head, e, n]));
}

/** A node:crypto public key from an RSA1 blob. */
export function publicKeyFromRsa1(blob: Uint8Array): KeyObject {
  const { n, e } = parseRsa1Blob(blob);
  return createPublicKey({ key: { kty: 'RSA', n: Buffer.from(n).toString('base64url'), e: Buffer.from(e).toString('base64url') }, format: 'jwk' });
}

/** The Hello key id: standard base64 of SHA-256 over the blob. */
export function helloKid(blob: Uint8Array): string {
  return createHash('sha256').update(blob).digest('base64');
}
