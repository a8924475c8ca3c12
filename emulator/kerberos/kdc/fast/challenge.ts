/**
 * Encrypted-challenge pre-authentication (RFC 6113 5.4.6), the FAST factor AD uses in place of
 * PA-ENC-TIMESTAMP inside an armored AS-REQ:
 *   client  PA-ENCRYPTED-CHALLENGE = EncryptedData(PA-ENC-TS-ENC), usage 54, key
 *           KRB-FX-CF2(armor key, client long-term key, "clientchallengearmor", "challengelongterm");
 *   KDC     the same with "kdcchallengearmor", usage 55, the KDC's time, in the KrbFastResponse
 *           padata of the AS-REP (the client checks the KDC knew its key).
 * A wrong key is KDC_ERR_PREAUTH_FAILED (with the hints). The client's time is not held to the
 * skew: RFC 6113 5.4.6 asks for KRB_AP_ERR_SKEW, but Windows accepts a skewed challenge (Samba's
 * fast_tests test_fast_encrypted_challenge_clock_skew: "this test fails against Windows"); AD
 * wins, the skew is only recorded in the trace.
 */
import { decode, encode, EncryptedData, PA, PaEncTsEnc, truncateToSecond, type PaData } from '../../asn1/index.ts';
import { decrypt, encrypt, KeyUsage, type KerberosKey } from '../../crypto/index.ts';
import { cf2 } from '../../crypto/prf.ts';
import { krbError } from '../../error-codes.ts';
import type { KeyGeneration } from '../../keys/keytable.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { encryptedPreauth, preauthFailedEData } from '../as/preauth.ts';

/** The empty PA-ENCRYPTED-CHALLENGE that offers the method in PREAUTH_REQUIRED e-data. */
export const ENC_CHALLENGE_OFFER: PaData = { padataType: PA.PA_ENCRYPTED_CHALLENGE, padataValue: new Uint8Array(0) };

/** Verifies the client's challenge; returns the enctype of the client key it used. */
export function verifyEncryptedChallenge(
  pa: PaData,
  armorKey: KerberosKey,
  keys: KeyGeneration,
  list: readonly number[],
  now: number,
  maxSkewMs: number,
  ex: ExchangeRecord,
): number {
  const failed = (status: string) => krbError('KDC_ERR_PREAUTH_FAILED', status, preauthFailedEData(list, keys));
  const { enc, key: longTerm } = encryptedPreauth(pa, keys, list, 'PA-ENCRYPTED-CHALLENGE', 'the PA-ENCRYPTED-CHALLENGE', ex);
  let ts: PaEncTsEnc;
  try {
    const key = cf2(armorKey, longTerm, 'clientchallengearmor', 'challengelongterm');
    ts = decode(PaEncTsEnc, decrypt(key, KeyUsage.ENC_CHALLENGE_CLIENT, enc.cipher));
  } catch {
    ex.fact = `PA-ENCRYPTED-CHALLENGE does not decrypt with the challenge key of the kvno ${keys.kvno} etype ${enc.etype} key (wrong password)`;
    throw failed('PREAUTH FAILED');
  }
  const clientTime = ts.patimestamp + Math.floor((ts.pausec ?? 0) / 1000);
  if (Math.abs(clientTime - now) > maxSkewMs) ex.detail.challengeSkewS = Math.round((clientTime - now) / 1000);
  return enc.etype;
}

/** The KDC's PA-ENCRYPTED-CHALLENGE for the reply (usage 55). */
export function kdcChallenge(ctx: KdcContext, armorKey: KerberosKey, longTerm: KerberosKey): PaData {
  const now = ctx.clock.now();
  const ts = truncateToSecond(now);
  const key = cf2(armorKey, longTerm, 'kdcchallengearmor', 'challengelongterm');
  const plain = encode(PaEncTsEnc, { patimestamp: ts, pausec: Math.max(0, Math.min(999_999, Math.floor((now - ts) * 1000))) });
  const cipher = encrypt(key, KeyUsage.ENC_CHALLENGE_KDC, plain, ctx.rng);
  return { padataType: PA.PA_ENCRYPTED_CHALLENGE, padataValue: encode(EncryptedData, { etype: key.etype, cipher }) };
}
