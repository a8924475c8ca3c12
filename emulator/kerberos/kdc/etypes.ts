/**
 * Enctype negotiation shared by the AS and TGS exchanges (RFC 4120 3.1.3 / 3.3.3, MS-KILE 3.3.5.2
 * and 2.2.7 msDS-SupportedEncryptionTypes). The KDC knows 18, 17 and 23; anything else a client
 * lists (DES, 3DES, negative private numbers) is skipped, not an error.
 */
import type { Account } from '../../directory/model.ts';
import { EncType, type KerberosKey } from '../crypto/index.ts';
import { krbError } from '../error-codes.ts';
import { PASSWORD_ETYPES, type KeyGeneration } from '../keys/keytable.ts';

/** msDS-SupportedEncryptionTypes bits (MS-KILE 2.2.7) of the enctypes the KDC implements. */
export const SUPPORTED_ETYPE_BIT: Readonly<Record<number, number>> = {
  [EncType.RC4_HMAC]: 0x4,
  [EncType.AES128_CTS_HMAC_SHA1_96]: 0x8,
  [EncType.AES256_CTS_HMAC_SHA1_96]: 0x10,
};

/** The client's list reduced to the enctypes we implement, client order kept, duplicates dropped. */
export function usableEtypes(requested: readonly number[]): number[] {
  const out: number[] = [];
  for (const e of requested) if (PASSWORD_ETYPES.includes(e) && !out.includes(e)) out.push(e);
  return out;
}

/**
 * Whether an account may be issued tickets / session keys of `etype`: msDS-SupportedEncryptionTypes
 * when set, else any key it has. The krbtgt accounts always allow all.
 */
export function accountAllows(account: Account, etype: number): boolean {
  const bits = account.supportedEncryptionTypes;
  if (bits === undefined || bits === 0 || account.role === 'krbtgt' || account.role === 'rodcKrbtgt') return true;
  const bit = SUPPORTED_ETYPE_BIT[etype];
  return bit !== undefined && (bits & bit) !== 0;
}

/** The reply-key enctype: the first of the client's usable list the account has a key for. */
export function chooseClientEtype(list: readonly number[], keys: KeyGeneration): number {
  for (const e of list) if (keys.keys.has(e)) return e;
  throw krbError('KDC_ERR_ETYPE_NOSUPP', 'NO MATCHING KEY FOR CLIENT ENCTYPES');
}

/** The session-key enctype: the first of the client's usable list the service also allows. */
export function chooseSessionEtype(list: readonly number[], server: Account, serverKeys: KeyGeneration): number {
  for (const e of list) if (serverKeys.keys.has(e) && accountAllows(server, e)) return e;
  throw krbError('KDC_ERR_ETYPE_NOSUPP', 'NO SUPPORTED SESSION ENCTYPE');
}

/** The key a ticket for `server` is sealed with: its strongest allowed current key. */
export function ticketKeyFor(server: Account, keys: KeyGeneration): KerberosKey {
  // Only the chosen key is derived (keys come on first use).
  for (const etype of keys.keys.keys()) if (accountAllows(server, etype)) return keys.keys.get(etype)!;
  for (const etype of keys.keys.keys()) return keys.keys.get(etype)!;
  throw krbError('KDC_ERR_ETYPE_NOSUPP', `NO KEY FOR SERVER ${server.samAccountName}`);
}

/** PA-SUPPORTED-ETYPES value for an account (MS-KILE 2.2.8): its attribute, else `fallback`. */
export function supportedEtypesMask(account: Account, fallback: number): number {
  return account.supportedEncryptionTypes && account.supportedEncryptionTypes !== 0 ? account.supportedEncryptionTypes >>> 0 : fallback >>> 0;
}
