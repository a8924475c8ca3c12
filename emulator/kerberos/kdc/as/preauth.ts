/**
 * Encrypted-timestamp pre-authentication (RFC 4120 5.2.7.2, 7.5.2; MS-KILE 3.3.5.6.1):
 * the PA-ETYPE-INFO2 hints a KDC sends (RFC 4120 5.2.7.5) and the PA-ENC-TIMESTAMP check.
 *
 * PA-ETYPE-INFO2 as Windows writes it: one entry per key of the client that the client listed, in
 * the client's order; the salt on AES entries only (RC4 has none); s2kparams omitted because AD
 * always uses the default 4096 iterations.
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
import { decrypt, EncType, KeyUsage } from '../../crypto/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KeyGeneration } from '../../keys/keytable.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { methodDataEData } from '../krb-error.ts';

/** ETYPE-INFO2 entries for the client's listed etypes it has keys for. */
export function etypeInfo2For(list: readonly number[], keys: KeyGeneration): EtypeInfo2Entry[] {
  const out: EtypeInfo2Entry[] = [];
  for (const etype of list) {
    if (!keys.keys.has(etype)) continue;
    out.push(etype === EncType.RC4_HMAC ? { etype } : { etype, salt: keys.salt });
  }
  return out;
}

/** The e-data of KDC_ERR_PREAUTH_REQUIRED: METHOD-DATA { PA-ETYPE-INFO2, PA-ENC-TIMESTAMP (empty) }. */
export function preauthRequiredEData(entries: EtypeInfo2Entry[]): Uint8Array {
  const list: PaData[] = [];
  if (entries.length > 0) list.push(paData(PA.PA_ETYPE_INFO2, entries));
  list.push({ padataType: PA.PA_ENC_TIMESTAMP, padataValue: new Uint8Array(0) });
  return methodDataEData(list);
}

/** The e-data of KDC_ERR_PREAUTH_FAILED: METHOD-DATA { PA-ETYPE-INFO2 }, as Windows sends it. */
export function preauthFailedEData(entries: EtypeInfo2Entry[]): Uint8Array | undefined {
  return entries.length > 0 ? methodDataEData([paData(PA.PA_ETYPE_INFO2, entries)]) : undefined;
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
  info: EtypeInfo2Entry[],
  now: number,
  maxSkewMs: number,
  ex: ExchangeRecord,
): number {
  const failed = (status: string) => krbError('KDC_ERR_PREAUTH_FAILED', status, preauthFailedEData(info));
  let enc: EncryptedData;
  try {
    enc = decode(EncryptedData, pa.padataValue);
  } catch (err) {
    if (err instanceof DecodeError) {
      ex.fact = `the PA-ENC-TIMESTAMP padata is not an EncryptedData (${err.what})`;
      throw failed('MALFORMED PA-ENC-TIMESTAMP');
    }
    throw err;
  }
  const key = keys.keys.get(enc.etype);
  ex.detail.preauthEtype = enc.etype;
  if (!key) {
    ex.fact = `the account has no key of enctype ${enc.etype}`;
    throw krbError('KDC_ERR_ETYPE_NOSUPP', `NO CLIENT KEY FOR ENCTYPE ${enc.etype}`);
  }
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
