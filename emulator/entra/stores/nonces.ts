/**
 * srv_challenge nonces: issued by `grant_type=srv_challenge`, consumed once by a PRT request (the
 * request's `request_nonce`, and the Hello assertion's own). A used nonce is remembered until it
 * would have expired, so a replay is told apart from an unknown value.
 */
export type NonceVerdict = 'ok' | 'unknown' | 'expired' | 'replayed';

export interface NonceStore {
  issue(nonce: string, expiresAt: number): void;
  /** Consumes the nonce: 'ok' the first time within its life. */
  consume(nonce: string, now: number): NonceVerdict;
  readonly size: number;
}

/** At most this many nonces are kept; the oldest go first (a flood cannot exhaust memory). */
const MAX_NONCES = 100_000;

export class MemoryNonceStore implements NonceStore {
  private readonly nonces = new Map<string, { expiresAt: number; used: boolean }>();
  issue(nonce: string, expiresAt: number): void {
    if (this.nonces.size >= MAX_NONCES) {
      const oldest = this.nonces.keys().next();
      if (!oldest.done) this.nonces.delete(oldest.value);
    }
    this.nonces.set(nonce, { expiresAt, used: false });
  }
  consume(nonce: string, now: number): NonceVerdict {
    const n = this.nonces.get(nonce);
    if (!n) return 'unknown';
    if (now >= n.expiresAt) {
      this.nonces.delete(nonce);
      return 'expired';
    }
    if (n.used) return 'replayed';
    n.used = true;
    return 'ok';
  }
  get size(): number {
    return this.nonces.size;
  }
}
