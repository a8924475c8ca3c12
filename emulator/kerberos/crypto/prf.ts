import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { concat, utf8 } from '../../core/bytes.ts';
import { aesCipher } from './aes.ts';
import { dk } from './derive.ts';
import { encType } from './registry.ts';
import type { KerberosKey } from './types.ts';

/**
 * The pseudo-random function of an enctype and KRB-FX-CF2, the key combiner FAST uses
 * (RFC 6113 5.1):
 *   - aes*-cts-hmac-sha1-96 (RFC 3962 6): PRF = E(DK(key, "prf"), truncate16(SHA-1(input))), one
 *     AES block with a zero IV: 16 bytes;
 *   - rc4-hmac: HMAC-SHA1(key, input), 20 bytes (RFC 4757 defines none; MIT krb5 and Windows use
 *     this one, MIT's k5_arcfour_prf);
 *   - PRF+(key, s) = PRF(key, 1 || s) || PRF(key, 2 || s) || ... (RFC 6113 5.1);
 *   - KRB-FX-CF2(k1, k2, p1, p2) = random-to-key(PRF+(k1, p1) XOR PRF+(k2, p2)), truncated to
 *     k1's key size, of k1's enctype (random-to-key is the identity for AES and RC4).
 */
export function prf(key: KerberosKey, input: Uint8Array): Uint8Array {
  if (key.etype === 23) return hmac(sha1, key.bytes, input);
  const p = encType(key.etype);
  if (key.etype !== 17 && key.etype !== 18) throw new RangeError(`no PRF for enctype ${key.etype}`);
  const c = aesCipher(p.keySize);
  const kp = dk(c, key.bytes, utf8('prf'));
  return c.encryptBlock(kp, sha1(input).subarray(0, 16));
}

/** PRF+ (RFC 6113 5.1): `length` bytes of PRF(key, n || pepper) for n = 1, 2, ... */
export function prfPlus(key: KerberosKey, pepper: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let off = 0;
  for (let n = 1; off < length; n++) {
    if (n > 255) throw new RangeError('PRF+ output too long');
    const block = prf(key, concat(Uint8Array.of(n), pepper));
    out.set(block.subarray(0, Math.min(block.length, length - off)), off);
    off += block.length;
  }
  return out;
}

/** KRB-FX-CF2 (RFC 6113 5.1): a key of k1's enctype from both keys and both peppers. */
export function cf2(k1: KerberosKey, k2: KerberosKey, pepper1: string, pepper2: string): KerberosKey {
  const size = encType(k1.etype).keySize;
  const a = prfPlus(k1, utf8(pepper1), size);
  const b = prfPlus(k2, utf8(pepper2), size);
  for (let i = 0; i < size; i++) a[i] ^= b[i];
  return { etype: k1.etype, bytes: a };
}
