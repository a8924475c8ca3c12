import { cbc, ecb } from '@noble/ciphers/aes.js';

/**
 * AES in CBC mode with ciphertext stealing, RFC 3962 section 6 (the RFC 2040 CTS variant with
 * the errata applied): CBC over the zero-padded input, then the last two blocks swapped and the
 * output cut to the input length. One block exactly is plain CBC (no swap). Input shorter than
 * one block is not defined for this mode.
 */
const BLOCK = 16;

export function ctsEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const n = plaintext.length;
  if (n < BLOCK) throw new RangeError('aes-cts: input shorter than one block');
  if (n === BLOCK) return cbc(key, iv, { disablePadding: true }).encrypt(plaintext);
  const blocks = Math.ceil(n / BLOCK);
  const padded = new Uint8Array(blocks * BLOCK);
  padded.set(plaintext);
  const c = cbc(key, iv, { disablePadding: true }).encrypt(padded);
  const lastLen = n - (blocks - 1) * BLOCK;
  const out = new Uint8Array(n);
  out.set(c.subarray(0, (blocks - 2) * BLOCK));
  out.set(c.subarray((blocks - 1) * BLOCK), (blocks - 2) * BLOCK);
  out.set(c.subarray((blocks - 2) * BLOCK, (blocks - 2) * BLOCK + lastLen), (blocks - 1) * BLOCK);
  return out;
}

export function ctsDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const n = ciphertext.length;
  if (n < BLOCK) throw new RangeError('aes-cts: input shorter than one block');
  if (n === BLOCK) return cbc(key, iv, { disablePadding: true }).decrypt(ciphertext);
  const blocks = Math.ceil(n / BLOCK);
  const lastLen = n - (blocks - 1) * BLOCK;
  const headLen = (blocks - 2) * BLOCK;
  // On the wire: C1..C(n-2), Cn (full), head of C(n-1) (lastLen bytes).
  const cn = ciphertext.subarray(headLen, headLen + BLOCK);
  const cn1Head = ciphertext.subarray(headLen + BLOCK);
  // D(Cn) = C(n-1) xor (Pn || zeros): its tail is the stolen tail of C(n-1).
  const d = ecb(key, { disablePadding: true }).decrypt(cn);
  const cn1 = new Uint8Array(BLOCK);
  cn1.set(cn1Head);
  cn1.set(d.subarray(lastLen), lastLen);
  const pn = new Uint8Array(lastLen);
  for (let i = 0; i < lastLen; i++) pn[i] = d[i] ^ cn1[i];
  const chain = new Uint8Array(headLen + BLOCK);
  chain.set(ciphertext.subarray(0, headLen));
  chain.set(cn1, headLen);
  const front = cbc(key, iv, { disablePadding: true }).decrypt(chain);
  const out = new Uint8Array(n);
  out.set(front);
  out.set(pn, headLen + BLOCK);
  return out;
}

/** One raw AES block encryption (the "E" of RFC 3961 DR for AES, CBC with a zero IV on one block). */
export function aesEncryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return ecb(key, { disablePadding: true }).encrypt(block);
}
