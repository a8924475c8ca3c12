/**
 * The key table: every account's long-term Kerberos keys, derived ONCE when a scenario loads
 * (string-to-key is slow by design) and looked up by account, enctype and kvno afterwards.
 *
 * Sources (model.ts KeyMaterial): a generation with explicit keys uses exactly those keys (the
 * scenario resolver always fills in a password, so a derived password must not add keys the
 * file's author never gave); otherwise aes256, aes128 and rc4 come from the password with the
 * AD salt (MS-KILE 3.1.1.2, crypto `adSalt`) or the generation's `salt` override.
 *
 * Kvno rule (MS-KILE 3.1.5.8, PROTOCOL.md section 4): tickets sealed with a `krbtgt_<n>` key
 * (role rodcKrbtgt, msDS-SecondaryKrbTgtNumber n) carry kvno = (n << 16) | (keyVersion & 0xffff);
 * every other account's tickets carry its keyVersion. Which generation a ticket kvno selects
 * (`generationsForKvno`, `rodcKeysForKvno`), AD keeping N-1:
 *   - the kvno's version part equals the current generation's        -> [current]        ('exact')
 *   - it equals the previous generation's (when the directory has one) -> [previous]      ('exact')
 *   - 0 (impacket forges RODC tickets with 0), absent or any other    -> [current, previous] ('fallback')
 * so a ticket sealed with a key the directory does not hold fails to decrypt with every candidate
 * and the caller answers KRB_AP_ERR_BAD_INTEGRITY, as a DC does after a one-sided rotation.
 */
import { performance } from 'node:perf_hooks';
import { adSalt, EncType, type KerberosKey } from '../crypto/index.ts';
import type { Account, Directory, KeyMaterial, UserAccount } from '../../directory/model.ts';
import { deriveKeyFromPassword } from './s2k.ts';

/** The enctypes derived from a password, strongest first (the KDC's preference order). */
export const PASSWORD_ETYPES: readonly number[] = [
  EncType.AES256_CTS_HMAC_SHA1_96,
  EncType.AES128_CTS_HMAC_SHA1_96,
  EncType.RC4_HMAC,
];

/** One generation of an account's keys. */
export interface KeyGeneration {
  /** The key version (msDS-KeyVersionNumber when current), without any RODC number. */
  readonly kvno: number;
  /** The salt the AES keys were (or, for explicit keys, are declared to be) derived with. */
  readonly salt: string;
  /** Keys by enctype, strongest first. */
  readonly keys: ReadonlyMap<number, KerberosKey>;
}

/** An account with its current and (when the directory keeps one) previous generation. */
export interface AccountKeys {
  readonly account: Account;
  readonly current: KeyGeneration;
  readonly previous?: KeyGeneration;
}

/** The candidates a ticket kvno selects, in the order to try them. */
export interface KvnoSelection {
  readonly generations: readonly KeyGeneration[];
  /** 'exact': the version part named one generation; 'fallback': 0, absent or unknown. */
  readonly match: 'exact' | 'fallback';
}

/** What `rodcKeysForKvno` finds for an RODC-issued ticket. */
export interface RodcKeyLookup extends KvnoSelection {
  /** kvno >>> 16: the msDS-SecondaryKrbTgtNumber. */
  readonly rodcNumber: number;
  /** kvno & 0xffff: the version part. */
  readonly keyVersion: number;
  /** The `krbtgt_<n>` account. */
  readonly account: UserAccount;
}

export interface KeyTableStats {
  readonly accounts: number;
  readonly keys: number;
  /** Wall time spent deriving, ms. */
  readonly deriveMs: number;
}

/** The salt AD uses for an account (MS-KILE 3.1.1.2), realm taken from the directory. */
export function accountSalt(realm: string, account: Account): string {
  return adSalt({ realm, sAMAccountName: account.samAccountName, isComputer: account.kind === 'computer' });
}

/**
 * Derives one generation: explicit keys when the material has any, else the three password
 * keys. `defaultSalt` applies unless the material overrides it. Also used for Entra's own copy of
 * the krbtgt_AzureAD key (tenant KerberosDomain), which is not a directory account.
 */
export function deriveKeyGeneration(material: KeyMaterial, defaultSalt: string): KeyGeneration {
  const salt = material.salt ?? defaultSalt;
  const keys = new Map<number, KerberosKey>();
  if (material.keys && material.keys.length > 0) {
    for (const etype of PASSWORD_ETYPES) {
      const k = material.keys.find((x) => x.etype === etype);
      if (k) keys.set(etype, { etype, bytes: k.key.slice() });
    }
  } else if (material.password !== undefined) {
    for (const etype of PASSWORD_ETYPES) keys.set(etype, deriveKeyFromPassword(etype, material.password, salt));
  }
  return Object.freeze({ kvno: material.kvno, salt, keys });
}

/** True for `krbtgt_<n>` accounts, whose ticket kvnos carry the RODC number. */
export function isRodcKrbtgt(account: Account): account is UserAccount & { secondaryKrbTgtNumber: number } {
  return account.kind === 'user' && account.role === 'rodcKrbtgt' && account.secondaryKrbTgtNumber !== undefined;
}

/** The kvno a ticket sealed with `generation` of `account` carries (RODC rule in the file comment). */
export function ticketKvno(account: Account, generation: KeyGeneration): number {
  if (isRodcKrbtgt(account)) return ((account.secondaryKrbTgtNumber << 16) | (generation.kvno & 0xffff)) >>> 0;
  return generation.kvno >>> 0;
}

export class KeyTable {
  private readonly bySid = new Map<string, AccountKeys>();
  readonly stats: KeyTableStats;

  private readonly directory: Pick<Directory, 'accountBySecondaryKrbTgtNumber'>;
  private constructor(
    directory: Pick<Directory, 'accountBySecondaryKrbTgtNumber'>,
    entries: AccountKeys[],
    deriveMs: number,
  ) {
    this.directory = directory;
    let keys = 0;
    for (const e of entries) {
      this.bySid.set(e.account.sid.toUpperCase(), e);
      keys += e.current.keys.size + (e.previous?.keys.size ?? 0);
    }
    this.stats = Object.freeze({ accounts: entries.length, keys, deriveMs });
  }

  /** Derives the keys of every user and computer account of `directory` (the slow part, once). */
  static build(directory: Directory): KeyTable {
    const t0 = performance.now();
    const realm = directory.domain.realm;
    const entries: AccountKeys[] = [];
    for (const account of [...directory.users, ...directory.computers]) {
      const salt = accountSalt(realm, account);
      const current = deriveKeyGeneration(account.secrets.current, salt);
      const previous = account.secrets.previous ? deriveKeyGeneration(account.secrets.previous, salt) : undefined;
      entries.push(Object.freeze({ account, current, ...(previous ? { previous } : {}) }));
    }
    return new KeyTable(directory, entries, performance.now() - t0);
  }

  /** The keys of an account (undefined for one the table does not know, e.g. a group). */
  forAccount(account: Pick<Account, 'sid'>): AccountKeys | undefined {
    return this.bySid.get(account.sid.toUpperCase());
  }

  /** The current key of `etype` with the kvno a ticket sealed with it carries. */
  currentKey(account: Pick<Account, 'sid'>, etype: number): { key: KerberosKey; kvno: number } | undefined {
    const a = this.forAccount(account);
    const key = a?.current.keys.get(etype);
    return a && key ? { key, kvno: ticketKvno(a.account, a.current) } : undefined;
  }

  /** The strongest current key of an account (tickets are sealed with it), with its ticket kvno. */
  strongestKey(account: Pick<Account, 'sid'>, allowed?: (etype: number) => boolean): { key: KerberosKey; kvno: number } | undefined {
    const a = this.forAccount(account);
    if (!a) return undefined;
    for (const [etype, key] of a.current.keys) {
      if (!allowed || allowed(etype)) return { key, kvno: ticketKvno(a.account, a.current) };
    }
    return undefined;
  }

  /** The generations a ticket kvno selects for a (non-RODC or RODC) account; rule in the file comment. */
  generationsForKvno(account: Pick<Account, 'sid'>, kvno: number | undefined): KvnoSelection | undefined {
    const a = this.forAccount(account);
    if (!a) return undefined;
    const version = kvno === undefined ? undefined : isRodcKrbtgt(a.account) ? kvno & 0xffff : kvno >>> 0;
    const same = (g: KeyGeneration) => (isRodcKrbtgt(a.account) ? g.kvno & 0xffff : g.kvno >>> 0) === version;
    if (version !== undefined && version !== 0) {
      if (same(a.current)) return { generations: [a.current], match: 'exact' };
      if (a.previous && same(a.previous)) return { generations: [a.previous], match: 'exact' };
    }
    return { generations: a.previous ? [a.current, a.previous] : [a.current], match: 'fallback' };
  }

  /**
   * The keys for an RODC-issued ticket's kvno: the `krbtgt_<kvno >>> 16>` account and the
   * generations to try. Undefined when no account has that msDS-SecondaryKrbTgtNumber (the
   * caller answers KDC_ERR_S_PRINCIPAL_UNKNOWN) or the upper 16 bits are zero.
   */
  rodcKeysForKvno(kvno: number): RodcKeyLookup | undefined {
    const rodcNumber = (kvno >>> 16) & 0xffff;
    if (rodcNumber === 0) return undefined;
    const account = this.directory.accountBySecondaryKrbTgtNumber(rodcNumber);
    if (!account) return undefined;
    const sel = this.generationsForKvno(account, kvno);
    if (!sel) return undefined;
    return { ...sel, rodcNumber, keyVersion: kvno & 0xffff, account };
  }
}
