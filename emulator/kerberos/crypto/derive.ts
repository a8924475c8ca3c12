import { nfold } from './nfold.ts';

/**
 * RFC 3961 section 5.1 key derivation for the simplified profile:
 *   DR(Key, Constant) = k-truncate(E(Key, Constant, initial-cipher-state)), iterated block by block
 *   DK(Key, Constant) = random-to-key(DR(Key, Constant))
 * where Constant is n-folded to the block size when it is not already that long.
 */
export interface DerivationCipher {
  blockSize: number;
  /** Bytes of key-generation seed random-to-key takes (RFC 3961 "k"). */
  seedSize: number;
  /** The basic encryption of one block with the initial cipher state. */
  encryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array;
  randomToKey(seed: Uint8Array): Uint8Array;
}

export function dr(c: DerivationCipher, key: Uint8Array, constant: Uint8Array): Uint8Array {
  let block = constant.length === c.blockSize ? constant : nfold(constant, c.blockSize);
  const out = new Uint8Array(Math.ceil(c.seedSize / c.blockSize) * c.blockSize);
  for (let off = 0; off < c.seedSize; off += c.blockSize) {
    block = c.encryptBlock(key, block);
    out.set(block, off);
  }
  return out.subarray(0, c.seedSize);
}

export function dk(c: DerivationCipher, key: Uint8Array, constant: Uint8Array): Uint8Array {
  return c.randomToKey(dr(c, key, constant));
}

/** RFC 3961 section 5.3: the 5-byte constant, usage as 32-bit big-endian then 0x99/0xAA/0x55. */
export const KC = 0x99;
export const KE = 0xaa;
export const KI = 0x55;

export function usageConstant(usage: number, which: number): Uint8Array {
  if (!Number.isInteger(usage) || usage < 0 || usage > 0xffffffff) throw new RangeError('key usage out of range');
  const out = new Uint8Array(5);
  new DataView(out.buffer).setUint32(0, usage, false);
  out[4] = which;
  return out;
}
