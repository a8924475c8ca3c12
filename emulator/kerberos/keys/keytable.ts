/**
 * The key table: every account's long-term Kerberos keys, looked up by account, enctype and kvno.
 * Nothing is derived when a scenario loads: a key is derived the first time an exchange needs it
 * (string-to-key is slow by design: PBKDF2 with 4096 iterations per AES key) and remembered in a
 * `DerivedKeyStore` by what it derives from (derived-keys.ts), which `ctlab up` backs with the key
 * cache file (key-cache-file.ts) so a restart does not derive again.
 *
 * The table reads an account's CURRENT secrets (`secretsOf`, default `account.secrets`) on every
 * lookup, so a secret changed at run time (a rotated krbtgt_AzureAD key) is used from the next
 * request on; the keys of a generation whose material is unchanged are reused, a changed one
 * derives anew (or finds its keys in the store), with no invalidation call.
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
import { adSalt, EncType, type KerberosKey } from '../crypto/index.ts';
import type { Account, Directory, KeyMaterial, Secrets, UserAccount } from '../../directory/model.ts';
import { passwordKey, processKeyStore, type DerivationStats, type DerivedKeyStore } from './derived-keys.ts';

/** The enctypes derived from a password, strongest first (the KDC's preference order). */
export const PASSWORD_ETYPES: readonly number[] = [
  EncType.AES256_CTS_HMAC_SHA1_96,
  EncType.AES128_CTS_HMAC_SHA1_96,
  EncType.RC4_HMAC,
];

/**
 * An account generation's keys by enctype, strongest first. Read-only like a Map; a password key
 * is derived on its first `get` (or iteration reaching it), `has` and `size` derive nothing.
 */
export interface GenerationKeys extends Iterable<[number, KerberosKey]> {
  readonly size: number;
  has(etype: number): boolean;
  get(etype: number): KerberosKey | undefined;
  keys(): IterableIterator<number>;
  values(): IterableIterator<KerberosKey>;
  entries(): IterableIterator<[number, KerberosKey]>;
}

/** One generation of an account's keys. */
export interface KeyGeneration {
  /** The key version (msDS-KeyVersionNumber when current), without any RODC number. */
  readonly kvno: number;
  /** The salt the AES keys were (or, for explicit keys, are declared to be) derived with. */
  readonly salt: string;
  /** Keys by enctype, strongest first (derived on first use). */
  readonly keys: GenerationKeys;
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
  /** User and computer accounts the table serves. */
  readonly accounts: number;
  /** Keys derived or taken from the store so far (derived + storeHits). */
  readonly keys: number;
  /** string-to-key runs so far. */
  readonly derived: number;
  /** Keys the store (key cache) already had. */
  readonly storeHits: number;
  /** Wall time spent deriving so far, ms. */
  readonly deriveMs: number;
}

export interface KeyTableOptions {
  /** Where derived keys are remembered (default: a process-wide memory store). */
  store?: DerivedKeyStore;
  /** An account's current secrets, read on every lookup (default: `account.secrets`). */
  secretsOf?: (account: Account) => Secrets;
}

/** The salt AD uses for an account (MS-KILE 3.1.1.2), realm taken from the directory. */
export function accountSalt(realm: string, account: Account): string {
  return adSalt({ realm, sAMAccountName: account.samAccountName, isComputer: account.kind === 'computer' });
}

class LazyGenerationKeys implements GenerationKeys {
  private readonly etypes: readonly number[];
  private readonly have = new Map<number, KerberosKey>();
  private readonly material: KeyMaterial;
  private readonly salt: string;
  private readonly store: DerivedKeyStore;
  private readonly stats: DerivationStats | undefined;

  constructor(material: KeyMaterial, salt: string, store: DerivedKeyStore, stats: DerivationStats | undefined) {
    this.material = material;
    this.salt = salt;
    this.store = store;
    this.stats = stats;
    if (material.keys && material.keys.length > 0) {
      const etypes: number[] = [];
      for (const etype of PASSWORD_ETYPES) {
        const k = material.keys.find((x) => x.etype === etype);
        if (k) {
          etypes.push(etype);
          this.have.set(etype, { etype, bytes: k.key.slice() });
        }
      }
      this.etypes = etypes;
    } else {
      this.etypes = material.password !== undefined ? PASSWORD_ETYPES : [];
    }
  }

  get size(): number {
    return this.etypes.length;
  }
  has(etype: number): boolean {
    return this.etypes.includes(etype);
  }
  get(etype: number): KerberosKey | undefined {
    let k = this.have.get(etype);
    if (k === undefined && this.material.password !== undefined && this.etypes.includes(etype)) {
      k = passwordKey(this.store, etype, this.material.password, this.salt, this.stats);
      this.have.set(etype, k);
    }
    return k;
  }
  *keys(): IterableIterator<number> {
    yield* this.etypes;
  }
  *values(): IterableIterator<KerberosKey> {
    for (const e of this.etypes) yield this.get(e)!;
  }
  *entries(): IterableIterator<[number, KerberosKey]> {
    for (const e of this.etypes) yield [e, this.get(e)!];
  }
  [Symbol.iterator](): IterableIterator<[number, KerberosKey]> {
    return this.entries();
  }
}

function generation(material: KeyMaterial, defaultSalt: string, store: DerivedKeyStore, stats?: DerivationStats): KeyGeneration {
  const salt = material.salt ?? defaultSalt;
  return Object.freeze({ kvno: material.kvno, salt, keys: new LazyGenerationKeys(material, salt, store, stats) });
}

/**
 * One generation: explicit keys when the material has any, else the three password keys, each
 * derived on first use (remembered in `store`, default the process-wide one). `defaultSalt`
 * applies unless the material overrides it. Also used for Entra's own copy of the krbtgt_AzureAD
 * key (tenant KerberosDomain), which is not a directory account, and by `ctlab keytab`.
 */
export function deriveKeyGeneration(material: KeyMaterial, defaultSalt: string, store: DerivedKeyStore = processKeyStore): KeyGeneration {
  return generation(material, defaultSalt, store);
}

/** Same key material by value (a store that rebuilds Secrets objects keeps its generations). */
function sameMaterial(a: KeyMaterial, b: KeyMaterial): boolean {
  if (a === b) return true;
  if (a.kvno !== b.kvno || a.password !== b.password || a.salt !== b.salt) return false;
  const ak = a.keys ?? [];
  const bk = b.keys ?? [];
  return ak.length === bk.length && ak.every((k, i) => k.etype === bk[i].etype && Buffer.from(k.key).equals(bk[i].key));
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

interface Held {
  readonly secrets: Secrets;
  readonly keys: AccountKeys;
}

export class KeyTable {
  private readonly held = new Map<string, Held>();
  private readonly counters: DerivationStats = { derived: 0, storeHits: 0, deriveMs: 0 };
  private readonly directory: Pick<Directory, 'accountBySecondaryKrbTgtNumber' | 'principalBySid' | 'users' | 'computers' | 'domain'>;
  private readonly store: DerivedKeyStore;
  private readonly secretsOf: (account: Account) => Secrets;

  private constructor(directory: KeyTable['directory'], opts: KeyTableOptions) {
    this.directory = directory;
    this.store = opts.store ?? processKeyStore;
    this.secretsOf = opts.secretsOf ?? ((a) => a.secrets);
  }

  /** The table of `directory`'s user and computer accounts. Derives nothing (keys come on first use). */
  static build(directory: KeyTable['directory'], opts: KeyTableOptions = {}): KeyTable {
    return new KeyTable(directory, opts);
  }

  get stats(): KeyTableStats {
    const c = this.counters;
    return Object.freeze({
      accounts: this.directory.users.length + this.directory.computers.length,
      keys: c.derived + c.storeHits,
      derived: c.derived,
      storeHits: c.storeHits,
      deriveMs: c.deriveMs,
    });
  }

  /** The keys of an account, from its current secrets (undefined for a group or an unknown SID). */
  forAccount(account: Pick<Account, 'sid'>): AccountKeys | undefined {
    const sid = account.sid.toUpperCase();
    const a = this.directory.principalBySid(sid);
    if (!a || (a.kind !== 'user' && a.kind !== 'computer')) return undefined;
    const secrets = this.secretsOf(a);
    const held = this.held.get(sid);
    if (held && held.secrets === secrets && held.keys.account === a) return held.keys;
    const keys = this.keysOf(a, secrets, held?.keys);
    this.held.set(sid, { secrets, keys });
    return keys;
  }

  /** Generations for new secrets, reusing an unchanged generation's keys (material compared by value). */
  private keysOf(account: Account, secrets: Secrets, before: AccountKeys | undefined): AccountKeys {
    const salt = accountSalt(this.directory.domain.realm, account);
    const reuse = (m: KeyMaterial, old: KeyGeneration | undefined, oldMaterial: KeyMaterial | undefined) =>
      old && oldMaterial && sameMaterial(m, oldMaterial) ? old : generation(m, salt, this.store, this.counters);
    const prevSecrets = before ? this.held.get(account.sid.toUpperCase())?.secrets : undefined;
    const current = reuse(secrets.current, before?.current, prevSecrets?.current);
    const previous = secrets.previous ? reuse(secrets.previous, before?.previous, prevSecrets?.previous) : undefined;
    return Object.freeze({ account, current, ...(previous ? { previous } : {}) });
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
    for (const etype of a.current.keys.keys()) {
      if (!allowed || allowed(etype)) return { key: a.current.keys.get(etype)!, kvno: ticketKvno(a.account, a.current) };
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
