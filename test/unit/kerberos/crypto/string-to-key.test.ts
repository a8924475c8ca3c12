import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KrbError } from '../../../../emulator/core/errors.ts';
import { fromHex, hex } from '../../../../emulator/core/bytes.ts';
import { EncType, aesIterationParams, stringToKey } from '../../../../emulator/kerberos/crypto/index.ts';
import vectors from '../../../vectors/rfc3962/string-to-key.json' with { type: 'json' };

describe('AES string-to-key (RFC 3962 Appendix B)', () => {
  for (const v of vectors.vectors) {
    const salt = fromHex(v.input.saltHex);
    const params = aesIterationParams(v.input.iterations);
    it(`${v.title}: aes128 key`, () => {
      const k = stringToKey(EncType.AES128_CTS_HMAC_SHA1_96, v.input.password, salt, params);
      expect(k.etype).toBe(17);
      expect(hex(k.bytes)).toBe(v.expected.aes128Key);
    });
    it(`${v.title}: aes256 key`, () => {
      const k = stringToKey(EncType.AES256_CTS_HMAC_SHA1_96, v.input.password, salt, params);
      expect(hex(k.bytes)).toBe(v.expected.aes256Key);
    });
    it(`${v.title}: the PBKDF2 step equals node:crypto and the RFC`, () => {
      const ref = pbkdf2Sync(Buffer.from(v.input.password, 'utf8'), salt, v.input.iterations, 32, 'sha1');
      expect(ref.toString('hex')).toBe(v.expected.pbkdf2_256);
      expect(ref.subarray(0, 16).toString('hex')).toBe(v.expected.pbkdf2_128);
    });
  }

  it('uses 4096 iterations without s2kparams', () => {
    const implicit = stringToKey(18, 'Pa55w.rd', 'CONTOSO.COMalice');
    const explicit = stringToKey(18, 'Pa55w.rd', 'CONTOSO.COMalice', aesIterationParams(4096));
    const other = stringToKey(18, 'Pa55w.rd', 'CONTOSO.COMalice', aesIterationParams(4095));
    expect(hex(implicit.bytes)).toBe(hex(explicit.bytes));
    expect(hex(implicit.bytes)).not.toBe(hex(other.bytes));
  });

  it.each([
    ['zero (2^32 iterations)', '00000000'],
    ['above the cap', '7fffffff'],
    ['three bytes', '001000'],
    ['five bytes', '0000100000'],
  ])('rejects s2kparams %s with a typed KrbError', (_name, params) => {
    let err: unknown;
    try {
      stringToKey(17, 'password', 'ATHENA.MIT.EDUraeburn', fromHex(params));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KrbError);
    expect((err as KrbError).code).toBe('KRB_ERR_GENERIC');
  });

  it('rejects an unknown enctype with KDC_ERR_ETYPE_NOSUPP', () => {
    expect(() => stringToKey(3, 'password', 'salt')).toThrow(expect.objectContaining({ code: 'KDC_ERR_ETYPE_NOSUPP', wire: 14 }));
  });
});
