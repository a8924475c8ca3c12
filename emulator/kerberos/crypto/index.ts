import { equalBytes, utf8 } from '../../core/bytes.ts';
import type { RandomSource } from '../../core/random.ts';
import { inappropriateChecksumError, keySizeError } from './errors.ts';
import { checksumType, encType, hasEncType } from './registry.ts';
import type { EncTypeProfile, KerberosKey } from './types.ts';

/**
 * Public API of the Kerberos crypto layer (RFC 3961 framework, RFC 3962 AES, RFC 4757 RC4-HMAC).
 * Pure: the confounder and random keys come from the injected RandomSource.
 */
export type { KerberosKey, EncTypeProfile, ChecksumProfile } from './types.ts';
export { KeyUsage, type KeyUsageName } from './key-usage.ts';
export { adSalt } from './salt.ts';
export { ntHash } from './rc4-hmac.ts';
export { nfold } from './nfold.ts';
export { encType as encTypeProfile, checksumType as checksumProfile } from './registry.ts';
export { AES_DEFAULT_ITERATIONS, AES_MAX_ITERATIONS, aesIterationParams } from './aes.ts';
export { setCryptoBackend, cryptoBackend, OPENSSL_CBC_MIN, OPENSSL_HMAC_MIN, type CryptoBackend } from './backend.ts';

/** Enctype numbers, RFC 3961 section 8 / RFC 3962 section 7 / RFC 4757 section 4. */
export const EncType = { AES128_CTS_HMAC_SHA1_96: 17, AES256_CTS_HMAC_SHA1_96: 18, RC4_HMAC: 23 } as const;

/** Checksum type numbers, RFC 3962 section 7 / RFC 4757 section 4 (HMAC-MD5 is -138). */
export const ChecksumType = { HMAC_SHA1_96_AES128: 15, HMAC_SHA1_96_AES256: 16, HMAC_MD5: -138 } as const;

function profileFor(key: KerberosKey): EncTypeProfile {
  const p = encType(key.etype);
  if (key.bytes.length !== p.keySize) throw keySizeError(key.etype, key.bytes.length);
  return p;
}

/** Encrypts with a fresh confounder from `rng` (RFC 3961 section 3 encryption function). */
export function encrypt(key: KerberosKey, usage: number, plaintext: Uint8Array, rng: RandomSource): Uint8Array {
  const p = profileFor(key);
  return p.encrypt(key.bytes, usage, plaintext, rng.bytes(p.confounderSize));
}

/** Encrypts with an explicit confounder: for vectors and interop tests that fix it. */
export function encryptWithConfounder(
  key: KerberosKey,
  usage: number,
  plaintext: Uint8Array,
  confounder: Uint8Array,
): Uint8Array {
  const p = profileFor(key);
  if (confounder.length !== p.confounderSize) throw new RangeError(`confounder must be ${p.confounderSize} bytes`);
  return p.encrypt(key.bytes, usage, plaintext, confounder);
}

/** Decrypts and checks integrity; KRB_AP_ERR_BAD_INTEGRITY (31) on a bad tag or truncated input. */
export function decrypt(key: KerberosKey, usage: number, ciphertext: Uint8Array): Uint8Array {
  return profileFor(key).decrypt(key.bytes, usage, ciphertext);
}

/** Keyed checksum (RFC 3961 section 4 get_mic); the key's enctype must be the checksum's. */
export function checksum(cksumtype: number, key: KerberosKey, usage: number, data: Uint8Array): Uint8Array {
  const c = checksumType(cksumtype);
  if (key.etype !== c.etype) throw inappropriateChecksumError(cksumtype, key.etype);
  profileFor(key);
  return c.compute(key.bytes, usage, data);
}

/** Recomputes and compares in constant time (for equal lengths); false on any mismatch. */
export function verifyChecksum(
  cksumtype: number,
  key: KerberosKey,
  usage: number,
  data: Uint8Array,
  mac: Uint8Array,
): boolean {
  return equalBytes(checksum(cksumtype, key, usage, data), mac);
}

/** The checksum type that goes with an enctype (15 for 17, 16 for 18, -138 for 23). */
export function checksumTypeForEtype(etype: number): number {
  return encType(etype).checksumType;
}

/**
 * string-to-key (RFC 3961 section 3). `salt` is a string (UTF-8, as Kerberos salts are) or raw bytes;
 * `s2kparams` as ETYPE-INFO2 carries them (for AES: 4-byte big-endian iteration count).
 */
export function stringToKey(etype: number, password: string, salt: string | Uint8Array, s2kparams?: Uint8Array): KerberosKey {
  const p = encType(etype);
  const saltBytes = typeof salt === 'string' ? utf8(salt) : salt;
  return { etype, bytes: p.stringToKey(password, saltBytes, s2kparams) };
}

/** A fresh random key (session keys): random-to-key over `keySize` bytes from `rng`. */
export function randomKey(etype: number, rng: RandomSource): KerberosKey {
  const p = encType(etype);
  return { etype, bytes: p.randomToKey(rng.bytes(p.keySize)) };
}

export function isSupportedEtype(etype: number): boolean {
  return hasEncType(etype);
}

/** The enctypes we implement, strongest first (the order a KDC prefers them in). */
export function supportedEtypes(): number[] {
  return [EncType.AES256_CTS_HMAC_SHA1_96, EncType.AES128_CTS_HMAC_SHA1_96, EncType.RC4_HMAC];
}
