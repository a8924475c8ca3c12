/**
 * KRB-FX-CF2 and PRF+ (RFC 6113 5.1). Vectors: MIT krb5 src/lib/crypto/crypto_tests/t_cf2.expected
 * (inputs in t_cf2.in: keys string-to-key("key1", salt "key1") and ("key2", "key2"), peppers
 * "a" and "b"), also carried by Samba's python/samba/tests/krb5/kcrypto.py test_*_cf2.
 */
import { describe, expect, it } from 'vitest';
import { hex } from '../../../../emulator/core/bytes.ts';
import { stringToKey } from '../../../../emulator/kerberos/crypto/index.ts';
import { cf2, prf, prfPlus } from '../../../../emulator/kerberos/crypto/prf.ts';

const VECTORS = [
  { etype: 17, expected: '97df97e4b798b29eb31ed7280287a92a' },
  { etype: 18, expected: '4d6ca4e629785c1f01baf55e2e548566b9617ae3a96868c337cb93b5e72b1c7b' },
  { etype: 23, expected: '24d7f6b6bae4e5c00d2082c5ebab3672' },
];

describe('KRB-FX-CF2 (RFC 6113 5.1)', () => {
  for (const v of VECTORS) {
    it(`combines two etype ${v.etype} keys as MIT and Samba do`, () => {
      const k1 = stringToKey(v.etype, 'key1', 'key1');
      const k2 = stringToKey(v.etype, 'key2', 'key2');
      const k = cf2(k1, k2, 'a', 'b');
      expect(k.etype).toBe(v.etype);
      expect(hex(k.bytes)).toBe(v.expected);
    });
  }

  it('PRF+ is PRF(key, 1 || s) || PRF(key, 2 || s) truncated', () => {
    const k = stringToKey(18, 'key1', 'key1');
    const s = new TextEncoder().encode('a');
    const out = prfPlus(k, s, 32);
    expect(hex(out)).toBe(hex(prf(k, Uint8Array.of(1, 0x61))) + hex(prf(k, Uint8Array.of(2, 0x61))));
    expect(() => prf({ etype: 3, bytes: new Uint8Array(8) }, s)).toThrow();
  });
});
