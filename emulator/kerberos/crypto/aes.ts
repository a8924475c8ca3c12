import { sha1 } from '@noble/hashes/legacy.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { utf8 } from '../../core/bytes.ts';
import { aesKey, type AesKey } from './aes-block.ts';
import { opensslPbkdf2Sha1, useOpenssl } from './backend.ts';
import { aesEncryptBlock, ctsDecryptWith, ctsEncryptInto } from './cts.ts';
import { dk } from './derive.ts';
import { s2kParamsError } from './errors.ts';
import { simplifiedChecksum, simplifiedDecrypt, simplifiedEncrypt, type SimplifiedCipher } from './simplified.ts';
import type { ChecksumProfile, EncTypeProfile } from './types.ts';

/**
 * aes128-cts-hmac-sha1-96 (17) and aes256-cts-hmac-sha1-96 (18), RFC 3962, on the simplified
 * profile: AES-CBC with ciphertext stealing and a zero initial state, HMAC-SHA1 truncated to
 * 96 bits, string-to-key = DK(random-to-key(PBKDF2-HMAC-SHA1(password, salt, iter, k)), "kerberos").
 */
const ZERO_IV = new Uint8Array(16);

/** RFC 3962 section 4: 4096 iterations unless s2kparams say otherwise. */
export const AES_DEFAULT_ITERATIONS = 4096;
/**
 * Upper bound we accept from s2kparams. RFC 3962 lets the count reach 2^32 (encoded as zero);
 * a KDC asking for more than this is refused rather than pinning the CPU.
 */
export const AES_MAX_ITERATIONS = 1 << 20;

/**
 * The simplified-profile cipher of AES with a `keySize`-byte key (exported for cross-checks).
 * One object per key size, shared by the enctype and its checksum type, so the derived-key
 * cache (key-cache.ts, keyed per cipher) serves both.
 */
export function aesCipher(keySize: number): SimplifiedCipher<AesKey> {
  let c = CIPHERS.get(keySize);
  if (c === undefined) {
    c = {
      blockSize: 16,
      seedSize: keySize,
      macSize: 12,
      hash: sha1,
      hashName: 'sha1',
      encryptBlock: aesEncryptBlock,
      randomToKey: (seed) => seed.slice(0, keySize),
      prepare: aesKey,
      encryptMessage: (ke, data, out) => ctsEncryptInto(ke, ZERO_IV, data, out),
      decryptMessage: (ke, data) => ctsDecryptWith(ke, ZERO_IV, data),
    };
    CIPHERS.set(keySize, c);
  }
  return c;
}
const CIPHERS = new Map<number, SimplifiedCipher<AesKey>>();

/** The PBKDF2 iteration count from RFC 3962 s2kparams: 4 bytes, unsigned big-endian. */
export function aesIterations(s2kparams?: Uint8Array): number {
  if (s2kparams === undefined) return AES_DEFAULT_ITERATIONS;
  if (s2kparams.length !== 4) throw s2kParamsError(`length ${s2kparams.length}, want 4`);
  const n = new DataView(s2kparams.buffer, s2kparams.byteOffset, 4).getUint32(0, false);
  // Zero means 2^32 iterations (RFC 3962 section 4): beyond any sane bound.
  if (n === 0 || n > AES_MAX_ITERATIONS) throw s2kParamsError(`iteration count ${n === 0 ? 2 ** 32 : n}`);
  return n;
}

export function aesIterationParams(iterations: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, iterations, false);
  return out;
}

const KERBEROS = utf8('kerberos');

function aesProfile(etype: number, name: string, keySize: number, checksumType: number): EncTypeProfile {
  const c = aesCipher(keySize);
  return {
    etype,
    name,
    keySize,
    blockSize: 16,
    confounderSize: 16,
    macSize: 12,
    checksumType,
    defaultS2kParams: aesIterationParams(AES_DEFAULT_ITERATIONS),
    encrypt: (key, usage, plaintext, confounder) => simplifiedEncrypt(c, key, usage, plaintext, confounder),
    decrypt: (key, usage, ciphertext) => simplifiedDecrypt(c, key, usage, ciphertext),
    stringToKey(password, salt, s2kparams) {
      const c2 = aesIterations(s2kparams);
      // PBKDF2 through OpenSSL unless the noble backend is forced (backend.ts): same bytes, ~6x faster.
      const pw = utf8(password);
      const tkey = c.randomToKey(useOpenssl(Infinity, 0) ? opensslPbkdf2Sha1(pw, salt, c2, keySize) : pbkdf2(sha1, pw, salt, { c: c2, dkLen: keySize }));
      return dk(c, tkey, KERBEROS);
    },
    randomToKey: (seed) => {
      if (seed.length !== keySize) throw new RangeError(`${name}: random-to-key wants ${keySize} bytes`);
      return seed.slice();
    },
  };
}

function aesChecksum(cksumtype: number, name: string, enc: EncTypeProfile): ChecksumProfile {
  const c = aesCipher(enc.keySize);
  return {
    cksumtype,
    name,
    size: 12,
    etype: enc.etype,
    compute: (key, usage, data) => simplifiedChecksum(c, key, usage, data),
  };
}

export const AES128_CTS_HMAC_SHA1_96 = aesProfile(17, 'aes128-cts-hmac-sha1-96', 16, 15);
export const AES256_CTS_HMAC_SHA1_96 = aesProfile(18, 'aes256-cts-hmac-sha1-96', 32, 16);
export const HMAC_SHA1_96_AES128 = aesChecksum(15, 'hmac-sha1-96-aes128', AES128_CTS_HMAC_SHA1_96);
export const HMAC_SHA1_96_AES256 = aesChecksum(16, 'hmac-sha1-96-aes256', AES256_CTS_HMAC_SHA1_96);
