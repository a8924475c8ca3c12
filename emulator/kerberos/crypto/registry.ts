import { AES128_CTS_HMAC_SHA1_96, AES256_CTS_HMAC_SHA1_96, HMAC_SHA1_96_AES128, HMAC_SHA1_96_AES256 } from './aes.ts';
import { etypeError, sumtypeError } from './errors.ts';
import { HMAC_MD5, RC4_HMAC } from './rc4-hmac.ts';
import type { ChecksumProfile, EncTypeProfile } from './types.ts';

/**
 * Enctypes and checksum types keyed by their wire numbers (RFC 3961 section 8, RFC 3962 section 7,
 * RFC 4757 section 4). Adding an algorithm is adding a row here.
 */
const ENCTYPES: ReadonlyMap<number, EncTypeProfile> = new Map(
  [AES256_CTS_HMAC_SHA1_96, AES128_CTS_HMAC_SHA1_96, RC4_HMAC].map((p) => [p.etype, p]),
);
const CHECKSUMS: ReadonlyMap<number, ChecksumProfile> = new Map(
  [HMAC_SHA1_96_AES256, HMAC_SHA1_96_AES128, HMAC_MD5].map((p) => [p.cksumtype, p]),
);

/** The profile of an enctype; KDC_ERR_ETYPE_NOSUPP for one we do not implement. */
export function encType(etype: number): EncTypeProfile {
  const p = ENCTYPES.get(etype);
  if (!p) throw etypeError(etype);
  return p;
}

/** The profile of a checksum type; KDC_ERR_SUMTYPE_NOSUPP for one we do not implement. */
export function checksumType(cksumtype: number): ChecksumProfile {
  const p = CHECKSUMS.get(asInt32(cksumtype));
  if (!p) throw sumtypeError(cksumtype);
  return p;
}

export function hasEncType(etype: number): boolean {
  return ENCTYPES.has(etype);
}

export function hasChecksumType(cksumtype: number): boolean {
  return CHECKSUMS.has(asInt32(cksumtype));
}

/** Checksum types are Int32 (RFC 4120 5.2.9); a decoder that read -138 as unsigned gives 0xffffff76. */
function asInt32(n: number): number {
  return n >= 0x80000000 && n <= 0xffffffff ? n | 0 : n;
}
