/**
 * Paged results state (RFC 2696, MS-ADTS 3.1.1.3.4.1.1) per connection: the first request
 * starts a cursor over the matches (the directory is immutable, so the cursor sees what a
 * snapshot would); each cookie names where it stands. Cookies are opaque random bytes from
 * the injected RandomSource; a cookie is good for one continuation of the same search (same base,
 * scope, filter and attributes), as on AD. At most `maxSearches` searches are kept per connection
 * (AD's MaxResultSetsPerConn is 10); the oldest is dropped.
 */
import { hex } from '../core/bytes.ts';
import type { RandomSource } from '../core/random.ts';
import type { MatchCursor } from './matches.ts';

export interface PagedState {
  readonly signature: string;
  /** Where the search stands: the next page continues this cursor (matches.ts). */
  readonly matches: MatchCursor;
  /** Entries already sent by earlier pages (the size limit counts across pages). */
  readonly sent: number;
  /** Continuation references, sent with the last page. */
  readonly refs: readonly string[];
}

export class PagedSearches {
  private readonly states = new Map<string, PagedState>();
  private readonly random: RandomSource;
  private readonly maxSearches: number;
  constructor(
    random: RandomSource,
    maxSearches = 10,
  ) {
    this.random = random;
    this.maxSearches = maxSearches;
  }

  /** Stores a continuation; returns its cookie. */
  save(state: PagedState): Uint8Array {
    const cookie = this.random.bytes(16);
    this.states.set(hex(cookie), state);
    while (this.states.size > this.maxSearches) this.states.delete(this.states.keys().next().value!);
    return cookie;
  }

  /** Takes (and forgets) the continuation of a cookie, if it is known and belongs to this search. */
  take(cookie: Uint8Array, signature: string): PagedState | undefined {
    const key = hex(cookie);
    const s = this.states.get(key);
    if (!s || s.signature !== signature) return undefined;
    this.states.delete(key);
    return s;
  }

  clear(): void {
    this.states.clear();
  }

  get size(): number {
    return this.states.size;
  }
}
