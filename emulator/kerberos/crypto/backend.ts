/**
 * Which implementation computes AES-CBC, HMAC-SHA1 and PBKDF2-HMAC-SHA1: OpenSSL through
 * node:crypto or @noble (pure JavaScript). Both compute the same functions (the vector tests run
 * the RFC 3961/3962 vectors on each, test/unit/kerberos/crypto/backends.test.ts); the choice is
 * only speed. Measured on Node 26 (bench/crypto-micro.ts --backends; CPU time per call on this
 * machine: a 1100-byte EncTicketPart encrypts in ~12 us on OpenSSL against ~26 us on @noble, a
 * 1000-byte PAC checksum ~3.3 us against ~6 us, while a 120-byte authenticator decrypts in ~9 us
 * on @noble against ~13 us): a node:crypto call costs a few microseconds of set-up, so @noble
 * wins on a few blocks and OpenSSL on anything longer:
 *   - AES-CBC: OpenSSL from OPENSSL_CBC_MIN bytes (a ticket or a TGS-REP enc-part), @noble below;
 *   - HMAC-SHA1: OpenSSL from OPENSSL_HMAC_MIN bytes, @noble below;
 *   - PBKDF2 (string-to-key, 4096 iterations): OpenSSL, about six times faster.
 * 'auto' (the default) applies those thresholds; 'noble' and 'openssl' force one backend for
 * every size (the tests' cross-check, the micro-benchmark).
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, pbkdf2Sync, type KeyObject } from 'node:crypto';

export type CryptoBackend = 'auto' | 'noble' | 'openssl';

/** Shortest message AES-CBC goes to OpenSSL for under 'auto' (16 blocks). */
export const OPENSSL_CBC_MIN = 256;
/** Shortest message HMAC-SHA1 goes to OpenSSL for under 'auto'. */
export const OPENSSL_HMAC_MIN = 256;

let current: CryptoBackend = 'auto';

/** Selects the backend (process-wide); returns the previous one, so a caller can restore it. */
export function setCryptoBackend(b: CryptoBackend): CryptoBackend {
  const previous = current;
  current = b;
  return previous;
}

export function cryptoBackend(): CryptoBackend {
  return current;
}

/** Whether a message of `length` bytes goes to OpenSSL when 'auto' sends from `min` bytes up. */
export function useOpenssl(length: number, min: number): boolean {
  return current === 'openssl' || (current === 'auto' && length >= min);
}

/** A raw key as a node:crypto secret key (created once per prepared key by the callers). */
export function secretKey(raw: Uint8Array): KeyObject {
  return createSecretKey(raw);
}

const CBC = ['', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', 'aes-128-cbc', '', '', '', '', '', '', '', 'aes-192-cbc', '', '', '', '', '', '', '', 'aes-256-cbc'];

/** AES-CBC without padding over whole blocks (OpenSSL), written back into `data`. */
export function opensslCbcInPlace(encrypt: boolean, key: KeyObject, keyLength: number, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const alg = CBC[keyLength];
  const c = encrypt ? createCipheriv(alg, key, iv) : createDecipheriv(alg, key, iv);
  c.setAutoPadding(false);
  data.set(c.update(data));
  c.final();
  return data;
}

/** HMAC-SHA1 (OpenSSL). */
export function opensslHmacSha1(key: KeyObject, data: Uint8Array): Uint8Array {
  const d = createHmac('sha1', key).update(data).digest();
  return new Uint8Array(d.buffer, d.byteOffset, d.length);
}

/** PBKDF2-HMAC-SHA1 (OpenSSL). */
export function opensslPbkdf2Sha1(password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Uint8Array {
  const d = pbkdf2Sync(password, salt, iterations, length, 'sha1');
  return new Uint8Array(d.buffer, d.byteOffset, d.length);
}
