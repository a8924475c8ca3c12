import { aesKey, cbcDecrypt, cbcEncrypt, decryptBlock, encryptBlock, type AesKey } from './aes-block.ts';

/**
 * AES in CBC mode with ciphertext stealing, RFC 3962 section 6 (the RFC 2040 CTS variant with
 * the errata applied): CBC over the zero-padded input, then the last two blocks swapped and the
 * output cut to the input length. One block exactly is plain CBC (no swap). Input shorter than
 * one block is not defined for this mode. The `...With` forms take a prepared key (its
 * schedule expanded once, aes-block.ts); the others prepare one per call.
 */
const BLOCK = 16;

export function ctsEncryptWith(k: AesKey, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const n = plaintext.length;
  if (n < BLOCK) throw new RangeError('aes-cts: input shorter than one block');
  if (n === BLOCK) return cbcEncrypt(k, iv, plaintext);
  const blocks = Math.ceil(n / BLOCK);
  let padded = plaintext;
  if (n % BLOCK !== 0) {
    padded = new Uint8Array(blocks * BLOCK);
    padded.set(plaintext);
  }
  const c = cbcEncrypt(k, iv, padded);
  const lastLen = n - (blocks - 1) * BLOCK;
  const out = new Uint8Array(n);
  out.set(c.subarray(0, (blocks - 2) * BLOCK));
  out.set(c.subarray((blocks - 1) * BLOCK), (blocks - 2) * BLOCK);
  out.set(c.subarray((blocks - 2) * BLOCK, (blocks - 2) * BLOCK + lastLen), (blocks - 1) * BLOCK);
  return out;
}

export function ctsDecryptWith(k: AesKey, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const n = ciphertext.length;
  if (n < BLOCK) throw new RangeError('aes-cts: input shorter than one block');
  if (n === BLOCK) return cbcDecrypt(k, iv, ciphertext);
  const blocks = Math.ceil(n / BLOCK);
  const lastLen = n - (blocks - 1) * BLOCK;
  const headLen = (blocks - 2) * BLOCK;
  // On the wire: C1..C(n-2), Cn (full), head of C(n-1) (lastLen bytes).
  const cn = ciphertext.subarray(headLen, headLen + BLOCK);
  const cn1Head = ciphertext.subarray(headLen + BLOCK);
  // D(Cn) = C(n-1) xor (Pn || zeros): its tail is the stolen tail of C(n-1).
  const d = decryptBlock(k, cn);
  const chain = new Uint8Array(headLen + BLOCK);
  chain.set(ciphertext.subarray(0, headLen));
  chain.set(cn1Head, headLen);
  chain.set(d.subarray(lastLen), headLen + lastLen);
  const out = new Uint8Array(n);
  out.set(cbcDecrypt(k, iv, chain));
  // Pn = D(Cn) xor C(n-1), over the lastLen bytes of Pn.
  for (let i = 0; i < lastLen; i++) out[headLen + BLOCK + i] = d[i] ^ chain[headLen + i];
  return out;
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
