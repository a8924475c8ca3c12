import { randomFillSync } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
/** Injectable randomness: confounders, session keys and nonces come from here. */
export interface RandomSource {
  bytes(n: number): Uint8Array;
}

/**
 * The operating system's CSPRNG (node:crypto). Small requests (confounders, session keys,
 * nonces: a KDC exchange makes several of 4 to 32 bytes) are served from a 4 KiB pool refilled
 * in one call, as Node's own randomUUID does, instead of one OpenSSL call each. Every request
 * gets fresh bytes of its own; pool bytes are handed out once and then zeroed.
 */
const POOL_BYTES = 4096;
const POOLED_MAX = 256;
const pool = new Uint8Array(POOL_BYTES);
let poolOffset = POOL_BYTES;

export const systemRandom: RandomSource = {
  bytes(n: number): Uint8Array {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`random: ${n} bytes`);
    if (n > POOLED_MAX) return randomFillSync(new Uint8Array(n));
    if (POOL_BYTES - poolOffset < n) {
      randomFillSync(pool);
      poolOffset = 0;
    }
    const out = pool.slice(poolOffset, poolOffset + n);
    pool.fill(0, poolOffset, poolOffset + n);
    poolOffset += n;
    return out;
  },
};

/** A version 4 UUID (RFC 9562 5.4) from the injected source, lower-case 8-4-4-4-12. */
export function randomUuid(rng: RandomSource): string {
  const b = rng.bytes(16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Deterministic source for tests: a counter-mode stream of SHA-256 over a seed,
 * so byte-exact expectations are stable across runs and machines.
 */
export class SeededRandom implements RandomSource {
  private counter = 0;
  private pool: Uint8Array = new Uint8Array(0);
  private readonly seed: string;
  constructor(seed: string) {
    this.seed = seed;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      if (this.pool.length === 0) this.pool = this.block();
      const take = Math.min(n - off, this.pool.length);
      out.set(this.pool.subarray(0, take), off);
      this.pool = this.pool.subarray(take);
      off += take;
    }
    return out;
  }
  private block(): Uint8Array {
    return sha256(new TextEncoder().encode(`${this.seed}#${this.counter++}`));
  }
}

/** Fixed bytes, in order, then an error: for vectors that name the confounder exactly. */
export class ScriptedRandom implements RandomSource {
  private queue: Uint8Array[];
  constructor(chunks: Uint8Array[]) {
    this.queue = [...chunks];
  }
  bytes(n: number): Uint8Array {
    const next = this.queue.shift();
    if (!next || next.length !== n) {
      throw new RangeError(`ScriptedRandom: asked for ${n} bytes, script has ${next?.length ?? 'none'}`);
    }
    return next;
  }
}
