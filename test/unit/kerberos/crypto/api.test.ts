import { describe, expect, it } from 'vitest';
import { hex, utf8 } from '../../../../emulator/core/bytes.ts';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import {
  ChecksumType,
  EncType,
  KeyUsage,
  checksum,
  checksumTypeForEtype,
  decrypt,
  encTypeProfile,
  encrypt,
  isSupportedEtype,
  randomKey,
  supportedEtypes,
  verifyChecksum,
} from '../../../../emulator/kerberos/crypto/index.ts';
import { krbErrorOf } from '../../../support/errors.ts';

const AES = [EncType.AES128_CTS_HMAC_SHA1_96, EncType.AES256_CTS_HMAC_SHA1_96];

describe('crypto public API', () => {
  it('registers sizes and checksum types as data', () => {
    expect(encTypeProfile(17)).toMatchObject({ keySize: 16, blockSize: 16, confounderSize: 16, macSize: 12, checksumType: 15 });
    expect(encTypeProfile(18)).toMatchObject({ keySize: 32, blockSize: 16, confounderSize: 16, macSize: 12, checksumType: 16 });
    expect(checksumTypeForEtype(17)).toBe(ChecksumType.HMAC_SHA1_96_AES128);
    expect(checksumTypeForEtype(18)).toBe(ChecksumType.HMAC_SHA1_96_AES256);
    expect(isSupportedEtype(1)).toBe(false);
    expect(isSupportedEtype(16)).toBe(false);
    expect(supportedEtypes()).toEqual([18, 17, 23]);
    for (const e of supportedEtypes()) expect(isSupportedEtype(e)).toBe(true);
  });

  it('names RFC 4120 / MS-PAC key usages with their numbers', () => {
    expect(KeyUsage).toMatchObject({
      PA_ENC_TIMESTAMP: 1,
      KDC_REP_TICKET: 2,
      AS_REP_ENCPART: 3,
      TGS_REQ_AUTH_CKSUM: 6,
      TGS_REQ_AUTH: 7,
      TGS_REP_ENCPART_SESSKEY: 8,
      TGS_REP_ENCPART_SUBKEY: 9,
      AP_REQ_AUTH: 11,
      AP_REP_ENCPART: 12,
      KRB_CRED_ENCPART: 14,
      KERB_NON_KERB_SALT: 16,
      KERB_NON_KERB_CKSUM_SALT: 17,
      AD_KDCIssued: 19,
    });
  });

  for (const etype of AES) {
    it(`etype ${etype}: round-trips 0..70 bytes; output is confounder + plaintext + 12-byte tag long`, () => {
      const rng = new SeededRandom(`roundtrip-${etype}`);
      const key = randomKey(etype, rng);
      for (let n = 0; n <= 70; n++) {
        const pt = rng.bytes(n);
        const ct = encrypt(key, KeyUsage.AP_REQ_AUTH, pt, rng);
        expect(ct.length).toBe(16 + n + 12);
        expect(hex(decrypt(key, KeyUsage.AP_REQ_AUTH, ct))).toBe(hex(pt));
      }
    });

    it(`etype ${etype}: a different confounder gives a different ciphertext`, () => {
      const key = randomKey(etype, new SeededRandom('k'));
      const a = encrypt(key, 3, utf8('same'), new SeededRandom('a'));
      const b = encrypt(key, 3, utf8('same'), new SeededRandom('b'));
      expect(hex(a)).not.toBe(hex(b));
    });

    it(`etype ${etype}: randomKey takes exactly keySize bytes from the source`, () => {
      const key = randomKey(etype, new SeededRandom('rk'));
      expect(key.etype).toBe(etype);
      expect(hex(key.bytes)).toBe(hex(new SeededRandom('rk').bytes(encTypeProfile(etype).keySize)));
    });
  }

  it('refuses unknown enctypes and checksum types with their wire codes', () => {
    const rng = new SeededRandom('x');
    expect(krbErrorOf(() => encrypt({ etype: 3, bytes: new Uint8Array(8) }, 1, new Uint8Array(1), rng))).toEqual({
      code: 'KDC_ERR_ETYPE_NOSUPP',
      wire: 14,
    });
    expect(krbErrorOf(() => decrypt({ etype: 99, bytes: new Uint8Array(16) }, 1, new Uint8Array(40)))).toEqual({
      code: 'KDC_ERR_ETYPE_NOSUPP',
      wire: 14,
    });
    expect(krbErrorOf(() => randomKey(16, rng))?.code).toBe('KDC_ERR_ETYPE_NOSUPP');
    expect(krbErrorOf(() => checksumTypeForEtype(1))?.code).toBe('KDC_ERR_ETYPE_NOSUPP');
    const key = randomKey(17, rng);
    expect(krbErrorOf(() => checksum(7, key, 1, new Uint8Array(0)))).toEqual({ code: 'KDC_ERR_SUMTYPE_NOSUPP', wire: 15 });
    expect(krbErrorOf(() => verifyChecksum(12, key, 1, new Uint8Array(0), new Uint8Array(12)))?.code).toBe(
      'KDC_ERR_SUMTYPE_NOSUPP',
    );
  });

  it('refuses a checksum type keyed with another enctype (KRB_AP_ERR_INAPP_CKSUM)', () => {
    const k128 = randomKey(17, new SeededRandom('k128'));
    const k256 = randomKey(18, new SeededRandom('k256'));
    expect(krbErrorOf(() => checksum(16, k128, 17, new Uint8Array(4)))).toEqual({ code: 'KRB_AP_ERR_INAPP_CKSUM', wire: 50 });
    expect(krbErrorOf(() => checksum(15, k256, 17, new Uint8Array(4)))?.code).toBe('KRB_AP_ERR_INAPP_CKSUM');
  });

  it('refuses a key of the wrong length with a typed error', () => {
    const rng = new SeededRandom('ks');
    expect(krbErrorOf(() => encrypt({ etype: 18, bytes: new Uint8Array(16) }, 1, new Uint8Array(1), rng))?.code).toBe(
      'KRB_ERR_GENERIC',
    );
    expect(krbErrorOf(() => decrypt({ etype: 17, bytes: new Uint8Array(32) }, 1, new Uint8Array(40)))?.code).toBe(
      'KRB_ERR_GENERIC',
    );
    expect(krbErrorOf(() => checksum(15, { etype: 17, bytes: new Uint8Array(15) }, 1, new Uint8Array(0)))?.code).toBe(
      'KRB_ERR_GENERIC',
    );
  });

  it('decrypts nothing but integrity errors from random garbage', () => {
    const rng = new SeededRandom('garbage');
    for (const etype of AES) {
      const key = randomKey(etype, rng);
      for (let n = 0; n < 64; n++) {
        expect(krbErrorOf(() => decrypt(key, 2, rng.bytes(n)))?.code).toBe('KRB_AP_ERR_BAD_INTEGRITY');
      }
    }
  });
});
