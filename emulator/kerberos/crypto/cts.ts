import { aesKey, cbcDecryptInPlace, cbcEncryptInPlace, decryptBlock, encryptBlock, type AesKey } from './aes-block.ts';

/**
 * AES in CBC mode with ciphertext stealing, RFC 3962 section 6 (the RFC 2040 CTS variant with
 * the errata applied): CBC over the zero-padded input, then the last two blocks swapped and the
 * output cut to the input length. One block exactly is plain CBC (no swap). Input shorter than
 * one block is not defined for this mode. The `...With` forms take a prepared key (its
 * schedule expanded once, aes-block.ts); the others prepare one per call.
 */
const BLOCK = 16;

/**
 * Encryption's CBC work area, reused across calls (they are synchronous and the area never
 * escapes a call; it only ever holds ciphertext when a call returns). Grows up to SCRATCH_MAX;
 * larger messages get a fresh array.
 */
const SCRATCH_MAX = 1 << 16;
let scratch = new Uint8Array(4096);
function workArea(len: number): Uint8Array {
  if (len > scratch.length) {
    if (len > SCRATCH_MAX) return new Uint8Array(len);
    scratch = new Uint8Array(Math.min(SCRATCH_MAX, Math.max(len, scratch.length * 2)));
  }
  return scratch.subarray(0, len);
}

export function ctsEncryptWith(k: AesKey, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const out = new Uint8Array(plaintext.length);
  ctsEncryptInto(k, iv, plaintext, out);
  return out;
}

/** Writes the ciphertext of `plaintext` (same length) to the start of `out`; `out` may be `plaintext` or contain it (read first). */
export function ctsEncryptInto(k: AesKey, iv: Uint8Array, plaintext: Uint8Array, out: Uint8Array): void {
  const n = plaintext.length;
  if (n < BLOCK) throw new RangeError('aes-cts: input shorter than one block');
  if (out.length < n) throw new RangeError('aes-cts: output too short');
  const blocks = Math.ceil(n / BLOCK);
  // CBC over the zero-padded input, in the work area.
  const c = workArea(blocks * BLOCK);
  c.set(plaintext);
  c.fill(0, n);
  cbcEncryptInPlace(k, iv, c);
  if (n === BLOCK) {
    out.set(c);
    return;
  }
  const lastLen = n - (blocks - 1) * BLOCK;
  out.set(c.subarray(0, (blocks - 2) * BLOCK));
  out.set(c.subarray((blocks - 1) * BLOCK), (blocks - 2) * BLOCK);
  out.set(c.subarray((blocks - 2) * BLOCK, (blocks - 2) * BLOCK + lastLen), (blocks - 1) * BLOCK);
}

export function ctsDecryptWith(k: AesKey, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const n = ciphertext.length;
  if (n < BLOCK) throw new RangeError('aes-cts: input shorter than one block');
  if (n === BLOCK) return cbcDecryptInPlace(k, iv, ciphertext.slice());
  const blocks = Math.ceil(n / BLOCK);
  const lastLen = n - (blocks - 1) * BLOCK;
  const headLen = (blocks - 2) * BLOCK;
  // On the wire: C1..C(n-2), Cn (full), head of C(n-1) (lastLen bytes).
  // D(Cn) = C(n-1) xor (Pn || zeros): its tail is the stolen tail of C(n-1).
  const d = decryptBlock(k, ciphertext.subarray(headLen, headLen + BLOCK));
  // One buffer: C1..C(n-2) | C(n-1) | room for Pn; CBC-decrypted in place over the first part.
  const out = new Uint8Array(headLen + 2 * BLOCK);
  out.set(ciphertext.subarray(0, headLen));
  out.set(ciphertext.subarray(headLen + BLOCK), headLen);
  out.set(d.subarray(lastLen), headLen + lastLen);
  // Pn = D(Cn) xor C(n-1), over its lastLen bytes (read C(n-1) before it is decrypted).
  for (let i = 0; i < lastLen; i++) out[headLen + BLOCK + i] = d[i] ^ out[headLen + i];
  cbcDecryptInPlace(k, iv, out.subarray(0, headLen + BLOCK));
  return out.subarray(0, n);
}

export function ctsEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return ctsEncryptWith(aesKey(key), iv, plaintext);
}

export function ctsDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return ctsDecryptWith(aesKey(key), iv, ciphertext);
}

/** One raw AES block encryption (the "E" of RFC 3961 DR for AES, CBC with a zero IV on one block). */
export function aesEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return encryptBlock(aesKey(key), block);
}
