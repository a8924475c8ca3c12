import { hmac } from '@noble/hashes/hmac.js';
import { md5 } from '@noble/hashes/legacy.js';
import { concat, equalBytes, utf16le, utf8 } from '../../core/bytes.ts';
import { integrityError, s2kParamsError } from './errors.ts';
import { md4 } from './md4.ts';
import { rc4 } from './rc4.ts';
import type { ChecksumProfile, EncTypeProfile } from './types.ts';

/**
 * rc4-hmac (etype 23) and hmac-md5 (cksumtype -138), RFC 4757. Kept for KERB-KEY-LIST-REP
 * (the NT hash travels as an rc4-hmac key) and PACs signed with RC4 keys.
 */

/** RFC 4757 section 2: the key is the NT hash, MD4 over the UTF-16LE password; no salt. */
export function ntHash(password: string): Uint8Array {
  return md4(utf16le(password));
}

/**
 * RFC 4757 section 3 "ms_usage": the RFC 4120 usage as Windows numbers it, 32-bit little-endian.
 * 3 (AS-REP enc-part) -> 8; 23 (GSS wrap sign) -> 13. Per the RFC 4757 errata, 9 stays 9
 * (decrypt also accepts 8 for it, as MIT and impacket do).
 */
export function msUsage(usage: number): Uint8Array {
  const t = usage === 3 ? 8 : usage === 23 ? 13 : usage;
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, t >>> 0, true);
  return out;
}

const CONFOUNDER = 8;
const MAC = 16;

function seal(key: Uint8Array, t: Uint8Array, data: Uint8Array): Uint8Array {
  const k1 = hmac(md5, key, t);
  const cksum = hmac(md5, k1, data);
  const k3 = hmac(md5, k1, cksum);
  return concat(cksum, rc4(k3, data));
}

function open(key: Uint8Array, t: Uint8Array, ciphertext: Uint8Array): Uint8Array | undefined {
  const cksum = ciphertext.subarray(0, MAC);
  const k1 = hmac(md5, key, t);
  const k3 = hmac(md5, k1, cksum);
  const data = rc4(k3, ciphertext.subarray(MAC));
  return equalBytes(hmac(md5, k1, data), cksum) ? data : undefined;
}

export const RC4_HMAC: EncTypeProfile = {
  etype: 23,
  name: 'arcfour-hmac',
  keySize: 16,
  blockSize: 1,
  confounderSize: CONFOUNDER,
  macSize: MAC,
  checksumType: -138,
  // RFC 4757 section 4: ciphertext = HMAC-MD5 checksum | RC4(confounder | plaintext).
  encrypt(key, usage, plaintext, confounder) {
    if (confounder.length !== CONFOUNDER) throw new RangeError('rc4-hmac: confounder must be 8 bytes');
    return seal(key, msUsage(usage), concat(confounder, plaintext));
  },
  decrypt(key, usage, ciphertext) {
    if (ciphertext.length < MAC + CONFOUNDER) throw integrityError();
    const data = open(key, msUsage(usage), ciphertext) ?? (usage === 9 ? open(key, msUsage(8), ciphertext) : undefined);
    if (!data) throw integrityError();
    return data.slice(CONFOUNDER);
  },
  stringToKey(password, _salt, s2kparams) {
    if (s2kparams !== undefined && s2kparams.length !== 0) throw s2kParamsError('rc4-hmac takes none');
    return ntHash(password);
  },
  randomToKey(seed) {
    if (seed.length !== 16) throw new RangeError('rc4-hmac: random-to-key wants 16 bytes');
    return seed.slice();
  },
};

const SIGNATURE_KEY = utf8('signaturekey\0');

/**
 * hmac-md5 (-138), RFC 4757 section 4 / MS-PAC 2.8.1:
 *   Ksign = HMAC-MD5(key, "signaturekey\0"); tmp = MD5(ms_usage | data); cksum = HMAC-MD5(Ksign, tmp)
 */
export const HMAC_MD5: ChecksumProfile = {
  cksumtype: -138,
  name: 'hmac-md5-rc4',
  size: 16,
  etype: 23,
  compute(key, usage, data) {
    const ksign = hmac(md5, key, SIGNATURE_KEY);
    return hmac(md5, ksign, md5(concat(msUsage(usage), data)));
  },
};
