import { describe, expect, it } from 'vitest';
import { equalBytes, hex } from '../../../emulator/core/bytes.ts';
import { KrbError } from '../../../emulator/core/errors.ts';
import { SeededRandom } from '../../../emulator/core/random.ts';
import { decrypt, encrypt, randomKey } from '../../../emulator/kerberos/crypto/index.ts';

// Bounded, seeded fuzz: random and mutated ciphertexts must only ever fail with
// KRB_AP_ERR_BAD_INTEGRITY, never with another exception or a wrong plaintext.
const ITERATIONS = 300;

function outcome(f: () => Uint8Array): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof KrbError ? e.code : `untyped ${(e as Error)?.name}`;
  }
}

describe('fuzz: decrypt', () => {
  for (const etype of [17, 18, 23]) {
    it(`etype ${etype}: random bytes of random length`, () => {
      const rng = new SeededRandom(`fuzz-random-${etype}`);
      const key = randomKey(etype, rng);
      for (let i = 0; i < ITERATIONS; i++) {
        const len = rng.bytes(1)[0] % 96;
        expect(outcome(() => decrypt(key, 2, rng.bytes(len)))).toBe('KRB_AP_ERR_BAD_INTEGRITY');
      }
    });

    it(`etype ${etype}: one to four mutations of a valid ciphertext (flip, truncate, extend)`, () => {
      const rng = new SeededRandom(`fuzz-mutate-${etype}`);
      const key = randomKey(etype, rng);
      for (let i = 0; i < ITERATIONS; i++) {
        const pt = rng.bytes(rng.bytes(1)[0] % 64);
        const original = encrypt(key, 11, pt, rng);
        let ct: Uint8Array = original;
        const edits = 1 + (rng.bytes(1)[0] % 4);
        for (let e = 0; e < edits; e++) {
          const [op, a, b] = rng.bytes(3);
          if (op % 3 === 0 && ct.length > 0) {
            ct = ct.slice();
            ct[a % ct.length] ^= 1 << (b % 8);
          } else if (op % 3 === 1) {
            ct = ct.slice(0, a % (ct.length + 1));
          } else {
            ct = new Uint8Array([...ct, ...rng.bytes(1 + (a % 20))]);
          }
        }
        // Edits can cancel out (the same bit flipped twice, a cut at full length): then it must still decrypt.
        if (equalBytes(ct, original)) expect(hex(decrypt(key, 11, ct))).toBe(hex(pt));
        else expect(outcome(() => decrypt(key, 11, ct))).toBe('KRB_AP_ERR_BAD_INTEGRITY');
      }
    });
  }
});
