/**
 * The KDC's lookaside cache, as MIT krb5kdc keeps one (src/kdc/replay.c): the reply computed for
 * a request, keyed by the request's exact bytes, so that the same bytes received again get the
 * same reply instead of a second exchange. Clients re-send the same bytes in two cases:
 *   - a UDP reply was lost and the client retransmits (RFC 4120 7.2.1);
 *   - the reply was too big for UDP (KRB_ERR_RESPONSE_TOO_BIG) and the client sends the same
 *     request over TCP. The entry holds the full reply (the UDP answer was only replaced because
 *     of its size), so the TCP retry gets it.
 * Without this cache the second copy of a TGS-REQ runs the exchange again and its authenticator,
 * already in the replay cache, is refused as KRB_AP_ERR_REPEAT. A genuine replay (the same
 * authenticator inside different request bytes) misses this cache and is still refused there.
 *
 * Bounded as MIT bounds it: entries go stale two minutes after they were stored (STALE_TIME),
 * and the total size (request + reply + a per-entry overhead) stays under 10 MiB
 * (LOOKASIDE_MAX_SIZE), the oldest entries dropped first. The key is a SHA-256 of the request
 * bytes (MIT hashes them too and compares the stored copy; a SHA-256 collision is not a concern).
 */
import { hash } from 'node:crypto';

/** MIT STALE_TIME: two minutes. */
export const LOOKASIDE_TTL_MS = 2 * 60_000;
/** MIT LOOKASIDE_MAX_SIZE: 10 MiB. */
export const LOOKASIDE_MAX_BYTES = 10 * 1024 * 1024;
/** What one entry costs besides its request and reply bytes (key string, entry object, Map slot). */
export const LOOKASIDE_ENTRY_OVERHEAD = 160;

/** A stored reply and what the KDC knew when it computed it (`T` is the exchange's record). */
export interface LookasideEntry<T> {
  /** The full reply, before any UDP size substitution. */
  readonly reply: Uint8Array;
  /** KDC clock time when it was stored (epoch ms). */
  readonly storedAt: number;
  readonly record: T;
  /** Times it was sent again. */
  hits: number;
  readonly size: number;
}

/** Cache statistics (what MIT's replay.c counts too). */
export interface LookasideStats {
  readonly entries: number;
  readonly bytes: number;
  readonly calls: number;
  readonly hits: number;
}

export class LookasideCache<T> {
  /** key -> entry; Map iteration order is insertion order, so the oldest comes first. */
  private readonly entries = new Map<string, LookasideEntry<T>>();
  private bytes = 0;
  private calls = 0;
  private hitCount = 0;

  readonly ttlMs: number;
  readonly maxBytes: number;
  constructor(ttlMs: number = LOOKASIDE_TTL_MS, maxBytes: number = LOOKASIDE_MAX_BYTES) {
    this.ttlMs = ttlMs;
    this.maxBytes = maxBytes;
  }

  /** Off when its size bound is 0: nothing is stored, nothing found. */
  get enabled(): boolean {
    return this.maxBytes > 0 && this.ttlMs > 0;
  }

  /** The key of a request: SHA-256 of its bytes. */
  static keyOf(request: Uint8Array): string {
    return hash('sha256', request, 'base64');
  }

  /**
   * The entry stored for these request bytes if it is not stale at `now`; counts the hit.
   * `key` is keyOf(request), computed once by the caller for lookup and insert.
   */
  lookup(key: string, now: number): LookasideEntry<T> | undefined {
    if (!this.enabled) return undefined;
    this.calls++;
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (now - e.storedAt >= this.ttlMs || now < e.storedAt - this.ttlMs) {
      this.drop(key, e);
      return undefined;
    }
    e.hits++;
    this.hitCount++;
    return e;
  }

  /**
   * Stores the reply to a request. Stale entries and, while over the size bound, the oldest ones
   * are dropped first (MIT kdc_insert_lookaside); an entry larger than the bound is not stored.
   */
  insert(key: string, requestLength: number, reply: Uint8Array, record: T, now: number): void {
    if (!this.enabled) return;
    const size = requestLength + reply.length + LOOKASIDE_ENTRY_OVERHEAD;
    if (size > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    for (const [k, e] of this.entries) {
      if (now - e.storedAt < this.ttlMs && this.bytes + size <= this.maxBytes) break;
      this.drop(k, e);
    }
    this.entries.set(key, { reply, storedAt: now, record, hits: 0, size });
    this.bytes += size;
  }

  get stats(): LookasideStats {
    return { entries: this.entries.size, bytes: this.bytes, calls: this.calls, hits: this.hitCount };
  }

  private drop(key: string, e: LookasideEntry<T>): void {
    this.entries.delete(key);
    this.bytes -= e.size;
  }
}
