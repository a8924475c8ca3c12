/**
 * Seeded mutation of valid messages for the bounded fuzz tests (test/fuzz/): a generator drawn
 * from SeededRandom, so a failing iteration replays exactly, and the edits the fuzzers make (bit
 * flip, truncation, length-octet or other byte changes, inserted and deleted bytes). Each fuzzer
 * names its list of edits; `mutate` applies one to three or more of them at random positions.
 */
import { SeededRandom } from '../../emulator/core/random.ts';

/** Random draws for fuzzing, all from one SeededRandom. */
export class FuzzRng {
  private readonly src: SeededRandom;
  constructor(seed: string) {
    this.src = new SeededRandom(seed);
  }
  /** An integer in [0, n): four bytes big-endian, modulo n. */
  int(n: number): number {
    const b = this.src.bytes(4);
    return (((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0) % n;
  }
  bytes(n: number): Uint8Array {
    return this.src.bytes(n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
}

/** One edit of `out` (a private copy, non-empty) at `at` < out.length; returns the result. */
export type Mutator = (rng: FuzzRng, out: Uint8Array, at: number) => Uint8Array;

/** BER length octets that trip decoders: 0, 1, 0x7f, indefinite 0x80, long forms 0x81-0x85, reserved 0xff. */
export const LENGTH_OCTETS: readonly number[] = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0xff];

export const bitFlip: Mutator = (rng, out, at) => {
  out[at] ^= 1 << rng.int(8);
  return out;
};

export const truncate: Mutator = (_rng, out, at) => out.slice(0, at);

/** The byte at `at` set to one of `values` (length octets, tags). */
export const setByteFrom =
  (values: readonly number[]): Mutator =>
  (rng, out, at) => {
    out[at] = rng.pick(values);
    return out;
  };

export const randomByte: Mutator = (rng, out, at) => {
  out[at] = rng.int(256);
  return out;
};

/** The byte at `at` one more or one less (lengths drift by one). */
export const nudgeByte: Mutator = (rng, out, at) => {
  out[at] = (out[at] + (rng.int(2) ? 1 : 255)) & 0xff;
  return out;
};

/** 1 to `max` random bytes inserted before `at`. */
export const insertBytes =
  (max: number): Mutator =>
  (rng, out, at) => {
    const ins = rng.bytes(1 + rng.int(max));
    return Uint8Array.from([...out.subarray(0, at), ...ins, ...out.subarray(at)]);
  };

/** 1 to `max` bytes deleted from `at`. */
export const deleteRun =
  (max: number): Mutator =>
  (rng, out, at) =>
    Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + 1 + rng.int(max))]);

/** The bytes from `at` replaced by the tail from another random position (repeats or cuts a part). */
export const spliceTail: Mutator = (rng, out, at) => {
  const from = rng.int(out.length);
  return Uint8Array.from([...out.subarray(0, at), ...out.subarray(from)]);
};

/** One of `values` written little-endian at `at` (cut at the end): counts, offsets, NDR lengths. */
export const setUint32LE =
  (values: readonly number[]): Mutator =>
  (rng, out, at) => {
    const v = rng.pick(values);
    for (let i = 0; i < 4 && at + i < out.length; i++) out[at + i] = (v >>> (8 * i)) & 0xff;
    return out;
  };

/**
 * A copy of `seed` with 1 to `maxRounds` edits, each one of `mutators` at a random position
 * (stops early if an edit empties the message).
 */
export function mutate(rng: FuzzRng, seed: Uint8Array, mutators: readonly Mutator[], maxRounds: number): Uint8Array {
  let out: Uint8Array = seed.slice();
  const rounds = 1 + rng.int(maxRounds);
  for (let r = 0; r < rounds && out.length > 0; r++) {
    const at = rng.int(out.length);
    out = rng.pick(mutators)(rng, out, at);
  }
  return out;
}
