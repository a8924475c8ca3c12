import type { KrbError } from '../../core/errors.ts';
import { krbError } from '../error-codes.ts';

/**
 * The typed failures of the crypto layer, each a KrbError with its RFC 4120 wire code so a
 * service can put it on the wire unchanged. The short status follows MIT's log style.
 */
export const integrityError = (): KrbError => krbError('KRB_AP_ERR_BAD_INTEGRITY', 'DECRYPT INTEGRITY CHECK FAILED');
export const etypeError = (etype: number): KrbError => krbError('KDC_ERR_ETYPE_NOSUPP', `BAD ENCRYPTION TYPE ${etype}`);
export const sumtypeError = (cksumtype: number): KrbError =>
  krbError('KDC_ERR_SUMTYPE_NOSUPP', `BAD CHECKSUM TYPE ${cksumtype}`);
/** A checksum type that does not go with the key it is asked to use (RFC 4120 7.5.9 code 50). */
export const inappropriateChecksumError = (cksumtype: number, etype: number): KrbError =>
  krbError('KRB_AP_ERR_INAPP_CKSUM', `CHECKSUM TYPE ${cksumtype} WITH ETYPE ${etype}`);
/** A key whose length does not fit its enctype (MIT: KRB5_BAD_KEYSIZE, no wire code of its own). */
export const keySizeError = (etype: number, got: number): KrbError =>
  krbError('KRB_ERR_GENERIC', `BAD KEYSIZE ${got} FOR ETYPE ${etype}`);
/** s2kparams that are malformed or ask for an absurd PBKDF2 iteration count (MIT: KRB5_ERR_BAD_S2K_PARAMS). */
export const s2kParamsError = (detail: string): KrbError => krbError('KRB_ERR_GENERIC', `BAD S2K PARAMS: ${detail}`);
