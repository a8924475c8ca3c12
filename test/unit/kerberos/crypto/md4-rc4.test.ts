import { describe, expect, it } from 'vitest';
import { fromHex, hex, utf8 } from '../../../../emulator/core/bytes.ts';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { md4 } from '../../../../emulator/kerberos/crypto/md4.ts';
import { rc4 } from '../../../../emulator/kerberos/crypto/rc4.ts';
import md4Vectors from '../../../vectors/rfc1320/md4.json' with { type: 'json' };
import rc4Vectors from '../../../vectors/rfc6229/rc4.json' with { type: 'json' };

describe('MD4 (RFC 1320 A.5)', () => {
  for (const v of md4Vectors.vectors) {
    it(v.title, () => {
      expect(hex(md4(utf8(v.input.text)))).toBe(v.expected);
    });
  }
});

describe('RC4 keystream (RFC 6229)', () => {
  const streams = new Map<string, Uint8Array>();
  for (const v of rc4Vectors.vectors) {
    it(v.title, () => {
      let ks = streams.get(v.input.keyHex);
      if (!ks) {
        ks = rc4(fromHex(v.input.keyHex), new Uint8Array(4112));
        streams.set(v.input.keyHex, ks);
      }
      expect(hex(ks.subarray(v.input.offset, v.input.offset + 16))).toBe(v.expected.keystreamHex);
    });
  }

  it('is its own inverse', () => {
    const rng = new SeededRandom('rc4');
    const key = rng.bytes(16);
    const data = rng.bytes(300);
    expect(hex(rc4(key, rc4(key, data)))).toBe(hex(data));
  });

  it('rejects an empty or oversized key', () => {
    expect(() => rc4(new Uint8Array(0), new Uint8Array(1))).toThrow(RangeError);
    expect(() => rc4(new Uint8Array(257), new Uint8Array(1))).toThrow(RangeError);
  });
});
