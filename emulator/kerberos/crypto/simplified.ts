import { hmac } from '@noble/hashes/hmac.js';
import type { CHash } from '@noble/hashes/utils.js';
import { concat, equalBytes } from '../../core/bytes.ts';
import { dk, KC, KE, KI, usageConstant, type DerivationCipher } from './derive.ts';
import { integrityError } from './errors.ts';

/**
 * The RFC 3961 section 5.3 simplified profile, shared by every enctype built on it
 * (here aes128/aes256-cts-hmac-sha1-96, RFC 3962):
 *   Ke = DK(base, usage | 0xAA), Ki = DK(base, usage | 0x55), Kc = DK(base, usage | 0x99)
 *   ciphertext = E(Ke, confounder | plaintext) | H(Ki, confounder | plaintext)[0..h)
 *   checksum   = H(Kc, data)[0..h)
 */
export interface SimplifiedCipher extends DerivationCipher {
  /** Bytes of integrity tag kept from the HMAC output ("h"). */
  macSize: number;
  hash: CHash;
  /** The cipher of the profile over whole messages, starting from the initial cipher state. */
  encryptMessage(ke: Uint8Array, data: Uint8Array): Uint8Array;
  decryptMessage(ke: Uint8Array, data: Uint8Array): Uint8Array;
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

export function simplifiedEncrypt(
  c: SimplifiedCipher,
  key: Uint8Array,
  usage: number,
  plaintext: Uint8Array,
  confounder: Uint8Array,
): Uint8Array {
  if (confounder.length !== c.blockSize) throw new RangeError('confounder must be one cipher block');
  const data = concat(confounder, plaintext);
  const body = c.encryptMessage(deriveKe(c, key, usage), data);
  const mac = hmac(c.hash, deriveKi(c, key, usage), data).subarray(0, c.macSize);
  return concat(body, mac);
}

export function simplifiedDecrypt(c: SimplifiedCipher, key: Uint8Array, usage: number, ciphertext: Uint8Array): Uint8Array {
  if (ciphertext.length < c.blockSize + c.macSize) throw integrityError();
  const split = ciphertext.length - c.macSize;
  const data = c.decryptMessage(deriveKe(c, key, usage), ciphertext.subarray(0, split));
  const mac = hmac(c.hash, deriveKi(c, key, usage), data).subarray(0, c.macSize);
  if (!equalBytes(mac, ciphertext.subarray(split))) throw integrityError();
  return data.slice(c.blockSize);
}

export function simplifiedChecksum(c: SimplifiedCipher, key: Uint8Array, usage: number, data: Uint8Array): Uint8Array {
  return hmac(c.hash, deriveKc(c, key, usage), data).slice(0, c.macSize);
}
