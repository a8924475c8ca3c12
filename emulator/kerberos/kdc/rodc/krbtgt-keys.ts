/**
 * The keys of the `krbtgt_<n>` account an RODC-issued ticket names, read from the directory the
 * KDC serves at the moment of the request, not from the key table built at start-up: in the lab
 * that directory is the live view over the AD-side store (stores/live-directory.ts), so a
 * rotation of krbtgt_AzureAD (admin API) is followed without a restart. Derivations are cached
 * per key generation (a KeyMaterial object is immutable; a rotation makes a new one), so PBKDF2
 * runs once per generation, not per request.
 *
 * The kvno rule is the key table's (keys/keytable.ts, MS-KILE 3.1.5.8): the lower 16 bits naming
 * the current version select the current key, naming the previous one (AD keeps N-1) the
 * previous key; 0 or any other value tries current then previous.
 */
import type { KeyMaterial } from '../../../directory/model.ts';
import { accountSalt, deriveKeyGeneration, type KeyGeneration, type RodcKeyLookup } from '../../keys/keytable.ts';
import type { KdcContext } from '../context.ts';

/** Which generation of the account a key is: the trace names it. */
export type RodcKeyRole = 'current' | 'previous';

export interface RodcKeys extends RodcKeyLookup {
  /** The role of each generation in `generations`, same order. */
  readonly roles: readonly RodcKeyRole[];
}

const derived = new WeakMap<KeyMaterial, Map<string, KeyGeneration>>();

function generation(material: KeyMaterial, salt: string): KeyGeneration {
  let bySalt = derived.get(material);
  if (!bySalt) derived.set(material, (bySalt = new Map()));
  let g = bySalt.get(salt);
  if (!g) bySalt.set(salt, (g = deriveKeyGeneration(material, salt)));
  return g;
}

/**
 * The `krbtgt_<kvno >>> 16>` account and the generations to try for `kvno`; undefined when the
 * upper bits are 0 or no account has that msDS-SecondaryKrbTgtNumber (KDC_ERR_S_PRINCIPAL_UNKNOWN).
 */
export function rodcKeysForKvno(ctx: Pick<KdcContext, 'directory'>, kvno: number): RodcKeys | undefined {
  const rodcNumber = (kvno >>> 16) & 0xffff;
  if (rodcNumber === 0) return undefined;
  const account = ctx.directory.accountBySecondaryKrbTgtNumber(rodcNumber);
  if (!account) return undefined;
  const salt = accountSalt(ctx.directory.domain.realm, account);
  const current = generation(account.secrets.current, salt);
  const previous = account.secrets.previous ? generation(account.secrets.previous, salt) : undefined;
  const keyVersion = kvno & 0xffff;
  const base = { rodcNumber, keyVersion, account };
  if (keyVersion !== 0) {
    if ((current.kvno & 0xffff) === keyVersion) return { ...base, generations: [current], roles: ['current'], match: 'exact' };
    if (previous && (previous.kvno & 0xffff) === keyVersion) return { ...base, generations: [previous], roles: ['previous'], match: 'exact' };
  }
  return previous
    ? { ...base, generations: [current, previous], roles: ['current', 'previous'], match: 'fallback' }
    : { ...base, generations: [current], roles: ['current'], match: 'fallback' };
}
