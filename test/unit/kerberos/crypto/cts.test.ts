import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../emulator/core/bytes.ts';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { ctsDecrypt, ctsEncrypt } from '../../../../emulator/kerberos/crypto/cts.ts';
import vectors from '../../../vectors/rfc3962/cts.json' with { type: 'json' };

describe('AES-CBC-CTS (RFC 3962 Appendix B)', () => {
  for (const v of vectors.vectors) {
    const key = fromHex(v.input.keyHex);
    const iv = fromHex(v.input.ivHex);
    const pt = fromHex(v.input.plaintextHex);
    it(`${v.title}: encrypts`, () => {
      expect(hex(ctsEncrypt(key, iv, pt))).toBe(v.expected.ciphertextHex);
    });
    it(`${v.title}: decrypts`, () => {
      expect(hex(ctsDecrypt(key, iv, fromHex(v.expected.ciphertextHex)))).toBe(v.input.plaintextHex);
    });
  }

  it('round-trips every length from 16 to 80 bytes with both key sizes', () => {
    const rng = new SeededRandom('cts-roundtrip');
    for (const keyLen of [16, 32]) {
      const key = rng.bytes(keyLen);
      for (let n = 16; n <= 80; n++) {
        const pt = rng.bytes(n);
        const ct = ctsEncrypt(key, new Uint8Array(16), pt);
        expect(ct.length).toBe(n);
        expect(hex(ctsDecrypt(key, new Uint8Array(16), ct))).toBe(hex(pt));
      }
    }
  });

  it('equals node:crypto AES-CBC on block multiples, with the last two blocks swapped', () => {
    const rng = new SeededRandom('cts-vs-node');
    for (const keyLen of [16, 32]) {
      const key = rng.bytes(keyLen);
      const pt = rng.bytes(64);
      const c = createCipheriv(keyLen === 16 ? 'aes-128-cbc' : 'aes-256-cbc', key, Buffer.alloc(16));
      c.setAutoPadding(false);
      const ref = new Uint8Array(Buffer.concat([c.update(pt), c.final()]));
      const swapped = new Uint8Array(64);
      swapped.set(ref.subarray(0, 32));
      swapped.set(ref.subarray(48, 64), 32);
      swapped.set(ref.subarray(32, 48), 48);
      expect(hex(ctsEncrypt(key, new Uint8Array(16), pt))).toBe(hex(swapped));
    }
  });

  it('refuses input shorter than one block', () => {
    expect(() => ctsEncrypt(new Uint8Array(16), new Uint8Array(16), new Uint8Array(15))).toThrow(RangeError);
    expect(() => ctsDecrypt(new Uint8Array(16), new Uint8Array(16), new Uint8Array(15))).toThrow(RangeError);
  });
});
