/**
 * Which implementation computes AES-CBC, HMAC-SHA1 and PBKDF2-HMAC-SHA1: OpenSSL through
 * node:crypto or @noble (pure JavaScript). Both compute the same functions (the vector tests run
 * the RFC 3961/3962 vectors on each, test/unit/kerberos/crypto/backends.test.ts); the choice is
 * only speed. Measured on Node 26 (bench/crypto-micro.ts --backends; CPU time per call on this
 * machine: a 1100-byte EncTicketPart encrypts in ~12 us on OpenSSL against ~26 us on @noble, a
 * 1000-byte PAC checksum ~3.3 us against ~6 us, while a 120-byte authenticator decrypts in ~9 us
 * on @noble against ~13 us): a node:crypto call costs a few microseconds of set-up, so @noble
 * wins on a few blocks and OpenSSL on anything longer. AES-CBC keeps its OpenSSL contexts open per
 * key (CbcChain below): a 1100-byte ticket then decrypts in ~5 us and encrypts in ~6.5 us on
 * OpenSSL, and a 128-byte message costs the same on both in a tight loop (bench/crypto-micro.ts,
 * Node 26.12.1); inside a whole TGS exchange OpenSSL from 64 bytes (the authenticator) measured
 * faster (bench/micro.ts, alternating runs: 0.125 -> 0.100 ms CPU per exchange, min of 5), so:
 *   - AES-CBC: OpenSSL from OPENSSL_CBC_MIN bytes (a ticket or a TGS-REP enc-part), @noble below;
 *   - HMAC-SHA1: OpenSSL from OPENSSL_HMAC_MIN bytes, @noble below;
 *   - PBKDF2 (string-to-key, 4096 iterations): OpenSSL, about six times faster.
 * 'auto' (the default) applies those thresholds; 'noble' and 'openssl' force one backend for
 * every size (the tests' cross-check, the micro-benchmark).
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, pbkdf2Sync, type KeyObject } from 'node:crypto';

export type CryptoBackend = 'auto' | 'noble' | 'openssl';

/** Shortest message AES-CBC goes to OpenSSL for under 'auto' (4 blocks). */
export const OPENSSL_CBC_MIN = 64;
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

/**
 * One OpenSSL AES-CBC context per prepared key and direction, kept open across messages: making a
 * context costs a few microseconds, more than encrypting a ticket. CBC chains: after whole blocks
 * without padding (EVP_*Update buffers nothing then), the context's IV is the last ciphertext
 * block, which `last` keeps. A message under its own IV therefore goes through the open context
 * with its first block corrected: encryption feeds P1 xor IV xor last (so the cipher sees
 * P1 xor IV), decryption xors the first output block with last xor IV (undoing the chaining to
 * last and applying IV). Same bytes as a fresh context per message (the backend tests compare
 * every length with @noble on one key, in both directions, interleaved). A failed call drops the
 * context, so a half-done update can never leave the chain out of step.
 */
export interface CbcChain {
  stream: { update(data: Uint8Array): Buffer } | undefined;
  /** The last ciphertext block the context chained from (zero when it was made). */
  readonly last: Uint8Array;
}

export function newCbcChain(): CbcChain {
  return { stream: undefined, last: new Uint8Array(16) };
}

const ZERO_IV = new Uint8Array(16);
/** The ciphertext's last block, saved before decryption overwrites it in place. */
const nextLast = new Uint8Array(16);

/** AES-CBC without padding over whole blocks (OpenSSL), written back into `data`, through `chain`'s open context. */
export function opensslCbcInPlace(encrypt: boolean, chain: CbcChain, key: KeyObject, keyLength: number, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const n = data.length;
  if (n % 16 !== 0 || iv.length !== 16) throw new RangeError('aes-cbc: whole blocks and a 16-byte IV');
  if (n === 0) return data;
  const last = chain.last;
  try {
    let s = chain.stream;
    if (s === undefined) {
      const c = encrypt ? createCipheriv(CBC[keyLength], key, ZERO_IV) : createDecipheriv(CBC[keyLength], key, ZERO_IV);
      c.setAutoPadding(false);
      s = chain.stream = c;
      last.fill(0);
    }
    if (encrypt) {
      for (let i = 0; i < 16; i++) data[i] ^= iv[i] ^ last[i];
      const out = s.update(data);
      if (out.length !== n) throw new Error(`aes-cbc: OpenSSL returned ${out.length} of ${n} bytes`);
      data.set(out);
      last.set(data.subarray(n - 16));
    } else {
      nextLast.set(data.subarray(n - 16));
      const out = s.update(data);
      if (out.length !== n) throw new Error(`aes-cbc: OpenSSL returned ${out.length} of ${n} bytes`);
      data.set(out);
      for (let i = 0; i < 16; i++) data[i] ^= iv[i] ^ last[i];
      last.set(nextLast);
    }
    return data;
  } catch (err) {
    chain.stream = undefined;
    throw err;
  }
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
