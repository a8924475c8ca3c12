/**
 * The TGS replay cache (RFC 4120 3.3.2 via 3.2.3: "the server MUST utilize a replay cache to
 * remember any authenticator presented within the allowable clock skew"). An authenticator is
 * identified by the client, its ctime/cusec and a digest of the encrypted authenticator (which
 * carries the req-body checksum when there is one: impacket sends none), as MIT keys its replay
 * cache: two honest requests never share a ciphertext because each has a fresh confounder, while
 * a replayed request repeats it byte for byte. The digest is one-shot SHA-256 (node:crypto
 * `hash`, not protocol crypto) of those bytes, no copy made. A second request with the same identity within the
 * skew window is a replay: KRB_AP_ERR_REPEAT.
 *
 * Bounded: entries expire `windowMs` after they were seen (ctime outside the window is already
 * refused as KRB_AP_ERR_SKEW, so nothing older can be replayed), and the cache holds at most
 * `maxEntries`; when full the oldest entries are dropped first (FIFO insertion order of a Map).
 * One cache per KDC context, created with it (KdcContext.replayCache): no process-wide singleton.
 */
import { hash } from 'node:crypto';

/** Default bound: far above what a lab sees within five minutes, small enough for a laptop. */
export const REPLAY_CACHE_MAX_ENTRIES = 200_000;

export interface AuthenticatorIdentity {
  /** `cname@crealm` as the authenticator names the client. */
  readonly client: string;
  /** ctime (epoch ms) and cusec of the authenticator. */
  readonly ctime: number;
  readonly cusec: number;
  /** The bytes that tell two authenticators apart: the authenticator ciphertext. */
  readonly digestInput: Uint8Array;
}

export class ReplayCache {
  /** key -> expiry time (epoch ms); Map iteration order is insertion order. */
  private readonly seen = new Map<string, number>();

  constructor(
    readonly windowMs: number,
    readonly maxEntries: number = REPLAY_CACHE_MAX_ENTRIES,
  ) {}

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
    return `${id.client.toLowerCase()}|${id.ctime}|${id.cusec}|${hash('sha256', id.digestInput, 'base64')}`;
  }
}
