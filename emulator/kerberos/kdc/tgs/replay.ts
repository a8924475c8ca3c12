/**
 * The TGS replay cache (RFC 4120 3.3.2 via 3.2.3: "the server MUST utilize a replay cache to
 * remember any authenticator presented within the allowable clock skew"). An authenticator is
 * identified by the client, its ctime/cusec and the integrity tag of the encrypted authenticator,
 * as MIT keys its replay cache on a tag of the ciphertext: the tag is a MAC over a fresh random
 * confounder and the authenticator (which carries the req-body checksum when there is one:
 * impacket sends none), so two honest requests never share it, while a replayed request repeats
 * it byte for byte. The tag is read where the enctype puts it, no hashing: the trailing
 * HMAC-SHA1-96 of aes128/aes256 (RFC 3962, 12 bytes), the leading HMAC-MD5 of rc4-hmac (RFC 4757,
 * 16 bytes); any other enctype keys on its whole ciphertext. A second request with the same
 * identity within the skew window is a replay: KRB_AP_ERR_REPEAT.
 *
 * Bounded: entries expire `windowMs` after they were seen (ctime outside the window is already
 * refused as KRB_AP_ERR_SKEW, so nothing older can be replayed), and the cache holds at most
 * `maxEntries`; when full the oldest entries are dropped first (FIFO insertion order of a Map).
 * One cache per KDC context, created with it (KdcContext.replayCache): no process-wide singleton.
 */
import { EncType } from '../../crypto/index.ts';

/** Default bound: far above what a lab sees within five minutes, small enough for a laptop. */
export const REPLAY_CACHE_MAX_ENTRIES = 200_000;

export interface AuthenticatorIdentity {
  /** `cname@crealm` as the authenticator names the client. */
  readonly client: string;
  /** ctime (epoch ms) and cusec of the authenticator. */
  readonly ctime: number;
  readonly cusec: number;
  /** The authenticator's enctype and ciphertext (EncryptedData etype and cipher). */
  readonly etype: number;
  readonly cipher: Uint8Array;
}

export class ReplayCache {
  /** key -> expiry time (epoch ms); Map iteration order is insertion order. */
  private readonly seen = new Map<string, number>();

  readonly windowMs: number;
  readonly maxEntries: number;
  constructor(
    windowMs: number,
    maxEntries: number = REPLAY_CACHE_MAX_ENTRIES,
  ) {
    this.windowMs = windowMs;
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.seen.size;
  }

  /**
   * Records the authenticator and reports whether it was seen before (within the window).
   * `now` is the KDC clock's time.
   */
  checkAndRemember(id: AuthenticatorIdentity, now: number): 'fresh' | 'replay' {
    this.expire(now);
    const key = ReplayCache.keyOf(id);
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return 'replay';
    while (this.seen.size >= this.maxEntries) {
      const oldest = this.seen.keys().next();
      if (oldest.done) break;
      this.seen.delete(oldest.value);
    }
    this.seen.set(key, now + this.windowMs);
    return 'fresh';
  }

  /** Drops expired entries from the front (entries are inserted in time order). */
  private expire(now: number): void {
    for (const [key, until] of this.seen) {
      if (until > now) break;
      this.seen.delete(key);
    }
  }

  static keyOf(id: AuthenticatorIdentity): string {
    return `${id.client.toLowerCase()}|${id.ctime}|${id.cusec}|${replayTag(id.etype, id.cipher)}`;
  }
}

/** Where each enctype's integrity tag sits in its ciphertext: [offset from start or end, length]. */
const TAGS: ReadonlyMap<number, { readonly fromEnd: boolean; readonly length: number }> = new Map([
  [EncType.AES128_CTS_HMAC_SHA1_96, { fromEnd: true, length: 12 }],
  [EncType.AES256_CTS_HMAC_SHA1_96, { fromEnd: true, length: 12 }],
  [EncType.RC4_HMAC, { fromEnd: false, length: 16 }],
]);

/** The ciphertext's integrity tag as a string (one char per byte), or the whole ciphertext for other enctypes. */
export function replayTag(etype: number, cipher: Uint8Array): string {
  const t = TAGS.get(etype);
  const from = t === undefined ? 0 : t.fromEnd ? Math.max(0, cipher.length - t.length) : 0;
  const to = t === undefined ? cipher.length : Math.min(cipher.length, from + t.length);
  let out = '';
  for (let i = from; i < to; i++) out += String.fromCharCode(cipher[i]);
  return out;
}
