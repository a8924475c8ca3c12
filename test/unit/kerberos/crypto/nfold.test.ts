import { describe, expect, it } from 'vitest';
import { hex, utf8 } from '../../../../emulator/core/bytes.ts';
import { nfold } from '../../../../emulator/kerberos/crypto/nfold.ts';
import vectors from '../../../vectors/rfc3961/nfold.json' with { type: 'json' };

describe('n-fold (RFC 3961 A.1)', () => {
  for (const v of vectors.vectors) {
    it(v.title, () => {
      expect(hex(nfold(utf8(v.input.text), v.input.bits / 8))).toBe(v.expected);
    });
  }

  it('rejects an empty input and a non-positive length with RangeError', () => {
    expect(() => nfold(new Uint8Array(0), 8)).toThrow(RangeError);
    expect(() => nfold(utf8('x'), 0)).toThrow(RangeError);
  });
});
