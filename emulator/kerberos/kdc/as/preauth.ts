/**
 * Encrypted-timestamp pre-authentication (RFC 4120 5.2.7.2, 7.5.2; MS-KILE 3.3.5.6.1):
 * the PA-ETYPE-INFO / PA-ETYPE-INFO2 hints a KDC sends (RFC 4120 5.2.7.4, 5.2.7.5) and the
 * PA-ENC-TIMESTAMP check.
 *
 * The hints as Windows writes them (Samba's krb5 suite, raw_testcase.py check_rep_padata, which
 * was written against Windows DCs):
 *   - PA-ETYPE-INFO2: the strongest AES enctype the client listed and has a key for, with the
 *     salt (s2kparams omitted: AD always uses the default 4096 iterations); in an error also
 *     RC4 (no salt) when the client listed it;
 *   - PA-ETYPE-INFO: one RC4 entry with an empty salt when the client listed RC4 and no AES
 *     enctype it has a key for (the pre-ETYPE-INFO2 hint for old RC4-only clients);
 *   - in the AS-REP (RFC 4120 3.1.3: the reply key's hint): the same rules without the RC4 entry
 *     of PA-ETYPE-INFO2, so an RC4 reply key gets PA-ETYPE-INFO only.
 */
import { DecodeError } from '../../../core/errors.ts';
import {
  decode,
  EncryptedData,
  PA,
  paData,
  PaEncTsEnc,
  type EtypeInfo2Entry,
  type PaData,
} from '../../asn1/index.ts';
import { decrypt, EncType, KeyUsage, type KerberosKey } from '../../crypto/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KeyGeneration } from '../../keys/keytable.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { methodDataEData } from '../krb-error.ts';

const isAes = (etype: number) => etype === EncType.AES256_CTS_HMAC_SHA1_96 || etype === EncType.AES128_CTS_HMAC_SHA1_96;

/** ETYPE-INFO2 entries (file comment): the strongest listed AES key, and RC4 in errors. */
export function etypeInfo2For(list: readonly number[], keys: KeyGeneration, inError = true): EtypeInfo2Entry[] {
  const aes = list.filter((e) => isAes(e) && keys.keys.has(e));
  const out: EtypeInfo2Entry[] = [];
  if (aes.length > 0) out.push({ etype: Math.max(...aes), salt: keys.salt });
  if (inError && list.includes(EncType.RC4_HMAC) && keys.keys.has(EncType.RC4_HMAC)) out.push({ etype: EncType.RC4_HMAC });
  return out;
}

/** The hint padata (file comment): PA-ETYPE-INFO for an RC4-only client, then PA-ETYPE-INFO2. */
export function etypeHints(list: readonly number[], keys: KeyGeneration, inError: boolean): PaData[] {
  const out: PaData[] = [];
  const rc4Only = list.includes(EncType.RC4_HMAC) && keys.keys.has(EncType.RC4_HMAC) && !list.some((e) => isAes(e) && keys.keys.has(e));
  if (rc4Only) out.push(paData(PA.PA_ETYPE_INFO, [{ etype: EncType.RC4_HMAC, salt: new Uint8Array(0) }]));
  const info2 = etypeInfo2For(list, keys, inError);
  if (info2.length > 0) out.push(paData(PA.PA_ETYPE_INFO2, info2));
  return out;
}

/**
 * The e-data of KDC_ERR_PREAUTH_REQUIRED: METHOD-DATA { the hints, the methods offered }: PA-ENC-TIMESTAMP
 * (empty) unarmored, PA-ENCRYPTED-CHALLENGE (empty) in an armored exchange (../fast/challenge.ts).
 */
export function preauthRequiredEData(list: readonly number[], keys: KeyGeneration, offers: readonly PaData[] = [{ padataType: PA.PA_ENC_TIMESTAMP, padataValue: new Uint8Array(0) }]): Uint8Array {
  return methodDataEData([...etypeHints(list, keys, true), ...offers]);
}

/** The e-data of KDC_ERR_PREAUTH_FAILED: METHOD-DATA { the hints }, as Windows sends it. */
export function preauthFailedEData(list: readonly number[], keys: KeyGeneration): Uint8Array | undefined {
  const hints = etypeHints(list, keys, true);
  return hints.length > 0 ? methodDataEData(hints) : undefined;
}

/**
 * The EncryptedData a pre-authentication padata carries (PA-ENC-TIMESTAMP, PA-ENCRYPTED-CHALLENGE)
 * and the client's key of its enctype: KDC_ERR_PREAUTH_FAILED `MALFORMED <method>` (with the hints)
 * when it is no EncryptedData, KDC_ERR_ETYPE_NOSUPP when the client has no key of that enctype.
 */
export function encryptedPreauth(
  pa: PaData,
  keys: KeyGeneration,
  list: readonly number[],
  method: string,
  what: string,
  ex: ExchangeRecord,
): { enc: EncryptedData; key: KerberosKey } {
  let enc: EncryptedData;
  try {
    enc = decode(EncryptedData, pa.padataValue);
  } catch (err) {
    if (err instanceof DecodeError) {
      ex.fact = `${what} is not an EncryptedData (${err.what})`;
      throw krbError('KDC_ERR_PREAUTH_FAILED', `MALFORMED ${method}`, preauthFailedEData(list, keys));
    }
    throw err;
  }
  const key = keys.keys.get(enc.etype);
  ex.detail.preauthEtype = enc.etype;
  if (!key) {
    ex.fact = `the account has no key of enctype ${enc.etype}`;
    throw krbError('KDC_ERR_ETYPE_NOSUPP', `NO CLIENT KEY FOR ENCTYPE ${enc.etype}`);
  }
  return { enc, key };
}

/**
 * Verifies a PA-ENC-TIMESTAMP against the client's current keys: decrypts with the key of its
 * enctype (usage 1) and checks the time is within `maxSkewMs` of `now`. Returns the enctype used.
 * KDC_ERR_ETYPE_NOSUPP for an enctype the client has no key for, KDC_ERR_PREAUTH_FAILED for a
 * wrong key or undecodable data (with PA-ETYPE-INFO2 e-data), KRB_AP_ERR_SKEW outside the skew.
 */
export function verifyEncTimestamp(
  pa: PaData,
  keys: KeyGeneration,
  list: readonly number[],
  now: number,
  maxSkewMs: number,
  ex: ExchangeRecord,
): number {
  const failed = (status: string) => krbError('KDC_ERR_PREAUTH_FAILED', status, preauthFailedEData(list, keys));
  const { enc, key } = encryptedPreauth(pa, keys, list, 'PA-ENC-TIMESTAMP', 'the PA-ENC-TIMESTAMP padata', ex);
  let ts: { patimestamp: number; pausec?: number };
  try {
    ts = decode(PaEncTsEnc, decrypt(key, KeyUsage.PA_ENC_TIMESTAMP, enc.cipher));
  } catch (err) {
    ex.fact = `PA-ENC-TIMESTAMP does not decrypt with the kvno ${keys.kvno} key of enctype ${enc.etype} (wrong password)`;
    throw failed(err instanceof DecodeError ? 'MALFORMED TIMESTAMP' : 'PREAUTH FAILED');
  }
  const clientTime = ts.patimestamp + Math.floor((ts.pausec ?? 0) / 1000);
  if (Math.abs(clientTime - now) > maxSkewMs) {
    ex.fact = `client time is ${Math.round((clientTime - now) / 1000)} s from the KDC's (max skew ${maxSkewMs / 1000} s)`;
    throw krbError('KRB_AP_ERR_SKEW', 'CLOCK SKEW TOO GREAT');
  }
  return enc.etype;
}
