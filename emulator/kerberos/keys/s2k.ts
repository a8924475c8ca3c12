/**
 * Fast string-to-key for the key table: the same RFC 3962 / RFC 4757 functions as the crypto
 * layer's `stringToKey`, with PBKDF2-HMAC-SHA1 computed by node:crypto (OpenSSL) instead of the
 * pure-JS PBKDF2, which takes ~80 ms per AES key on this machine. The rest (random-to-key and
 * DK(tkey, "kerberos")) is the crypto layer's own code. A unit test checks both paths agree.
 *
 * Only the key table calls this, once per account and generation when a scenario loads; no
 * request ever derives a key from a password.
 */
import { pbkdf2Sync } from 'node:crypto';
import { utf8 } from '../../core/bytes.ts';
import { aesCipher, AES_DEFAULT_ITERATIONS } from '../crypto/aes.ts';
import { dk } from '../crypto/derive.ts';
import { EncType, stringToKey, type KerberosKey } from '../crypto/index.ts';

const KERBEROS = utf8('kerberos');

/** AES key sizes by enctype (RFC 3962 section 6). */
const AES_KEY_SIZE: Readonly<Record<number, number>> = {
  [EncType.AES128_CTS_HMAC_SHA1_96]: 16,
  [EncType.AES256_CTS_HMAC_SHA1_96]: 32,
};

/**
 * string-to-key for 17, 18 (PBKDF2 with `iterations`, AD always uses the default 4096) and 23
 * (the NT hash). Throws KDC_ERR_ETYPE_NOSUPP (from the crypto layer) for any other enctype.
 */
export function deriveKeyFromPassword(
  etype: number,
  password: string,
  salt: string,
  iterations: number = AES_DEFAULT_ITERATIONS,
): KerberosKey {
  const size = AES_KEY_SIZE[etype];
  if (size === undefined) return stringToKey(etype, password, salt);
  const tkey = new Uint8Array(pbkdf2Sync(Buffer.from(password, 'utf8'), Buffer.from(salt, 'utf8'), iterations, size, 'sha1'));
  return { etype, bytes: dk(aesCipher(size), tkey, KERBEROS) };
}
