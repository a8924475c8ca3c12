/**
 * Everything the token endpoint's handlers read: the tenant (users and domains, immutable), the
 * run-time stores (devices, Hello keys, nonces, issued grants), the cloud KerberosDomain store
 * (read on every grant: the admin API rotates it at run time), clocks, randomness, the signing
 * key, the lab CA and the trace.
 */
import { createHmac } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import type { RandomSource } from '../core/random.ts';
import type { KerberosKey } from '../kerberos/crypto/index.ts';
import { EncType } from '../kerberos/crypto/index.ts';
import { partialTgtKeyFromTenant, type PartialTgtKey } from '../kerberos/partial-tgt/index.ts';
import type { KerberosDomainStore } from '../stores/kerberos-domains.ts';
import type { KerberosDomain, Tenant } from '../tenant/model.ts';
import type { TraceEnvelope } from '../trace/envelope.ts';
import type { LabCa } from './ca.ts';
import type { EntraStores } from './stores/index.ts';
import type { TokenSigner } from './tokens.ts';

export type EntraTraceEvent = Omit<TraceEnvelope, 'service' | 't'> & Record<string, unknown>;

export interface EntraConfig {
  /** srv_challenge nonce life; Entra's are short-lived (minutes) [I: 5 min]. */
  readonly nonceLifetimeMs: number;
  readonly accessTokenLifetimeS: number;
  /** PRT life: 14 days (refresh_token_expires_in 1209599 as roadtx shows). */
  readonly prtLifetimeS: number;
  readonly refreshTokenLifetimeS: number;
  /** Largest request body accepted (larger: AADSTS9002313). */
  readonly maxBodyBytes: number;
  /** Hello assertion iat/exp tolerance. */
  readonly assertionSkewS: number;
}

export const DEFAULT_ENTRA_CONFIG: EntraConfig = {
  nonceLifetimeMs: 5 * 60_000,
  accessTokenLifetimeS: 3599,
  prtLifetimeS: 1_209_599,
  refreshTokenLifetimeS: 7_776_000,
  maxBodyBytes: 64 * 1024,
  assertionSkewS: 300,
};

export interface EntraContext {
  readonly tenant: Tenant;
  readonly kerberosDomains: KerberosDomainStore;
  readonly stores: EntraStores;
  readonly clock: Clock;
  /** Entra's clock (scenario fault clockSkewSeconds.cloud): partial TGT times. */
  readonly cloudClock: Clock;
  readonly rng: RandomSource;
  readonly signer: TokenSigner;
  readonly ca: LabCa;
  readonly config: EntraConfig;
  /** The tenant's cloud krbtgt key for tgt_cloud. */
  readonly cloudKrbtgt: { readonly key: KerberosKey; readonly kvno: number };
  readonly trace: (e: EntraTraceEvent) => void;
  /** Entra's key for a KerberosDomain object (derived once per object: PBKDF2 is slow). */
  partialTgtKey(kd: KerberosDomain): PartialTgtKey;
}

/** A deterministic aes256 cloud krbtgt key for the tenant (there is no cloud KDC to share it with yet). */
export function cloudKrbtgtKey(seed: string, tenantId: string): { key: KerberosKey; kvno: number } {
  const bytes = new Uint8Array(createHmac('sha256', seed).update(`cloud-krbtgt:${tenantId}`).digest());
  return { key: { etype: EncType.AES256_CTS_HMAC_SHA1_96, bytes }, kvno: 1 };
}

/** A cache of derived KerberosDomain keys keyed by the object (a rotation puts a new object). */
export function partialTgtKeyCache(): (kd: KerberosDomain) => PartialTgtKey {
  const cache = new WeakMap<KerberosDomain, PartialTgtKey>();
  return (kd) => {
    let k = cache.get(kd);
    if (!k) cache.set(kd, (k = partialTgtKeyFromTenant(kd)));
    return k;
  };
}
