import type { CHash } from '@noble/hashes/utils.js';
import { equalBytes } from '../../core/bytes.ts';
import { dk, KC, KE, KI, usageConstant, type DerivationCipher } from './derive.ts';
import { integrityError } from './errors.ts';
import { checksumMac, encryptionKey, integrityMac, mac } from './key-cache.ts';

/**
 * The RFC 3961 section 5.3 simplified profile, shared by every enctype built on it
 * (here aes128/aes256-cts-hmac-sha1-96, RFC 3962):
 *   Ke = DK(base, usage | 0xAA), Ki = DK(base, usage | 0x55), Kc = DK(base, usage | 0x99)
 *   ciphertext = E(Ke, confounder | plaintext) | H(Ki, confounder | plaintext)[0..h)
 *   checksum   = H(Kc, data)[0..h)
 * The derived keys come from key-cache.ts: derived once per base key and usage.
 */
export interface SimplifiedCipher<P = unknown> extends DerivationCipher {
  /** Bytes of integrity tag kept from the HMAC output ("h"). */
  macSize: number;
  hash: CHash;
  /** The hash's name when OpenSSL may compute the HMAC instead (backend.ts): 'sha1'. */
  hashName?: 'sha1';
  /** Prepares a derived Ke once for many messages (AES: expands its key schedule). */
  prepare(ke: Uint8Array): P;
  /**
   * The cipher of the profile over whole messages, starting from the initial cipher state;
   * encryption writes its output (as long as `data`) to the start of `out`, and must read all of
   * `data` before writing (simplifiedEncrypt passes a `data` that is a view of `out`).
   */
  encryptMessage(ke: P, data: Uint8Array, out: Uint8Array): void;
  decryptMessage(ke: P, data: Uint8Array): Uint8Array;
}

export function deriveKe(c: SimplifiedCipher, key: Uint8Array, usage: number): Uint8Array {
  return dk(c, key, usageConstant(usage, KE));
}
export function deriveKi(c: SimplifiedCipher, key: Uint8Array, usage: number): Uint8Array {
  return dk(c, key, usageConstant(usage, KI));
}
export function deriveKc(c: SimplifiedCipher, key: Uint8Array, usage: number): Uint8Array {
  return dk(c, key, usageConstant(usage, KC));
}

export function simplifiedEncrypt<P>(
  c: SimplifiedCipher<P>,
  key: Uint8Array,
  usage: number,
  plaintext: Uint8Array,
  confounder: Uint8Array,
): Uint8Array {
  if (confounder.length !== c.blockSize) throw new RangeError('confounder must be one cipher block');
  const ke = encryptionKey(c, key, usage);
  const ki = integrityMac(c as SimplifiedCipher, key, usage);
  // confounder | plaintext laid out in the output itself: MAC'd first, then encrypted in place
  // (encryptMessage reads all of its input before it writes), then the tag after it.
  const n = confounder.length + plaintext.length;
  const out = new Uint8Array(n + c.macSize);
  out.set(confounder);
  out.set(plaintext, confounder.length);
  const data = out.subarray(0, n);
  const tag = mac(ki, data);
  c.encryptMessage(ke, data, out);
  out.set(tag.subarray(0, c.macSize), n);
  return out;
}

export function simplifiedDecrypt<P>(c: SimplifiedCipher<P>, key: Uint8Array, usage: number, ciphertext: Uint8Array): Uint8Array {
  if (ciphertext.length < c.blockSize + c.macSize) throw integrityError();
  const split = ciphertext.length - c.macSize;
  const data = c.decryptMessage(encryptionKey(c, key, usage), ciphertext.subarray(0, split));
  const tag = mac(integrityMac(c as SimplifiedCipher, key, usage), data).subarray(0, c.macSize);
  if (!equalBytes(tag, ciphertext.subarray(split))) throw integrityError();
  // A view past the confounder: `data` is the decryption's own fresh array, shared with no one.
  return data.subarray(c.blockSize);
}

export function simplifiedChecksum(c: SimplifiedCipher, key: Uint8Array, usage: number, data: Uint8Array): Uint8Array {
  return mac(checksumMac(c, key, usage), data).slice(0, c.macSize);
}
