/**
 * The matches of a search, produced as they are asked for: a list of entries in directory order
 * (the scope's entries, or an index's candidates) walked once with a test (in scope and matching
 * the filter). A page takes what it needs and the paged-results state keeps the cursor, so a paged
 * subtree search evaluates the filter as it streams instead of on every entry before the first
 * page; an unpaged search stops one match after what it may return.
 */
import type { TreeEntry } from './tree.ts';

export class MatchCursor {
  private pos = 0;
  private peeked: TreeEntry | undefined;
  private readonly list: readonly TreeEntry[];
  private readonly test: (t: TreeEntry) => boolean;

  constructor(list: readonly TreeEntry[], test: (t: TreeEntry) => boolean) {
    this.list = list;
    this.test = test;
  }

  /** A cursor over matches already known (a sorted result). */
  static of(matches: readonly TreeEntry[]): MatchCursor {
    return new MatchCursor(matches, () => true);
  }

  next(): TreeEntry | undefined {
    if (this.peeked) {
      const t = this.peeked;
      this.peeked = undefined;
      return t;
    }
    while (this.pos < this.list.length) {
      const t = this.list[this.pos++];
      if (this.test(t)) return t;
    }
    return undefined;
  }

  /** Whether another match follows (finds it, and keeps it for next()). */
  hasMore(): boolean {
    this.peeked ??= this.next();
    return this.peeked !== undefined;
  }

  /** Up to `n` further matches. */
  take(n: number): TreeEntry[] {
    const out: TreeEntry[] = [];
    while (out.length < n) {
      const t = this.next();
      if (t === undefined) break;
      out.push(t);
    }
    return out;
  }

  /** Every remaining match. */
  rest(): TreeEntry[] {
    return this.take(Infinity);
  }
}
