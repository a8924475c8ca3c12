import { checksumProfile } from '../crypto/index.ts';
import { LeReader } from './ndr/reader.ts';
import { LeWriter } from './ndr/writer.ts';

/**
 * MS-PAC 2.8 PAC_SIGNATURE_DATA (buffer types 6, 7, 0x10, 0x13): SignatureType (a signed 32-bit
 * checksum type: 15, 16 or -138), Signature (12 bytes for the AES types, 16 for HMAC-MD5) and,
 * in a PAC signed by an RODC, a 2-byte RODCIdentifier after the signature.
 */
export interface PacSignatureData {
  signatureType: number;
  signature: Uint8Array;
  rodcIdentifier?: number;
}

/** Signature length for a known checksum type; undefined for a type we do not implement. */
export function signatureLength(signatureType: number): number | undefined {
  try {
    return checksumProfile(signatureType).size;
  } catch {
    return undefined; // KDC_ERR_SUMTYPE_NOSUPP: not a type we implement
  }
}

export function encodeSignatureData(v: PacSignatureData): Uint8Array {
  const w = new LeWriter(6 + v.signature.length); // exact size: no 256-byte default per signature
  w.u32(v.signatureType | 0); // SignatureType
  w.bytes(v.signature); // Signature
  if (v.rodcIdentifier !== undefined) w.u16(v.rodcIdentifier); // RODCIdentifier
  return w.finish();
}

/**
 * For a known type the signature takes its fixed length and exactly 0 or 2 bytes may follow (the
 * RODCIdentifier); for an unknown type everything after SignatureType is the signature.
 */
export function decodeSignatureData(bytes: Uint8Array): PacSignatureData {
  const r = new LeReader(bytes, 'PAC_SIGNATURE_DATA');
  const signatureType = r.i32();
  const size = signatureLength(signatureType);
  if (size === undefined) return { signatureType, signature: r.take(r.remaining) };
  const signature = r.take(size);
  if (r.remaining === 0) return { signatureType, signature };
  if (r.remaining !== 2) r.fail(`${r.remaining} bytes after a ${size}-byte signature`);
  return { signatureType, signature, rodcIdentifier: r.u16() };
}
