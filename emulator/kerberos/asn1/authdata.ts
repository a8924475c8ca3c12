import { AuthorizationData, type AuthorizationDataEntry } from './common.ts';
import { AD_TYPE } from './constants.ts';
import { decode, encode } from './schema.ts';

/**
 * AuthorizationData helpers.
 * AD-IF-RELEVANT ::= AuthorizationData (RFC 4120 5.2.6.1), carried as the DER of the inner
 * AuthorizationData in ad-data of an entry with ad-type 1.
 * AD-WIN2K-PAC (ad-type 128): ad-data is the raw PAC (MS-PAC 2.3), which a KDC wraps in
 * AD-IF-RELEVANT (MS-KILE 3.3.5.3).
 */

/** An AD-IF-RELEVANT entry around `inner`. */
export function adIfRelevant(inner: AuthorizationData): AuthorizationDataEntry {
  return { adType: AD_TYPE.AD_IF_RELEVANT, adData: encode(AuthorizationData, inner) };
}

/** The elements inside an AD-IF-RELEVANT entry (DecodeError if malformed or of another type). */
export function decodeAdIfRelevant(entry: AuthorizationDataEntry): AuthorizationData {
  if (entry.adType !== AD_TYPE.AD_IF_RELEVANT) {
    throw new RangeError(`ad-type ${entry.adType} is not AD-IF-RELEVANT`);
  }
  return decode(AuthorizationData, entry.adData);
}

/** An AD-WIN2K-PAC entry holding the PAC bytes. */
export function adWin2kPac(pac: Uint8Array): AuthorizationDataEntry {
  return { adType: AD_TYPE.AD_WIN2K_PAC, adData: pac.slice() };
}

/** The usual ticket authorization-data with a PAC: [ AD-IF-RELEVANT { AD-WIN2K-PAC(pac) } ]. */
export function pacAuthorizationData(pac: Uint8Array): AuthorizationData {
  return [adIfRelevant([adWin2kPac(pac)])];
}

/**
 * The PAC bytes of the first AD-WIN2K-PAC found at the top level or inside AD-IF-RELEVANT
 * containers (one level deep, as Windows places it); undefined if there is none.
 */
export function findPac(authData: AuthorizationData | undefined): Uint8Array | undefined {
  for (const e of authData ?? []) {
    if (e.adType === AD_TYPE.AD_WIN2K_PAC) return e.adData;
    if (e.adType === AD_TYPE.AD_IF_RELEVANT) {
      for (const inner of decodeAdIfRelevant(e)) {
        if (inner.adType === AD_TYPE.AD_WIN2K_PAC) return inner.adData;
      }
    }
  }
  return undefined;
}

/** True when an entry of `adType` is at the top level or inside an AD-IF-RELEVANT (one level). */
export function hasAdType(authData: AuthorizationData | undefined, adType: number): boolean {
  for (const e of authData ?? []) {
    if (e.adType === adType) return true;
    if (e.adType === AD_TYPE.AD_IF_RELEVANT && decodeAdIfRelevant(e).some((inner) => inner.adType === adType)) return true;
  }
  return false;
}
