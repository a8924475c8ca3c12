import { describe, expect, it } from 'vitest';
import { KrbError } from '../../../../emulator/core/errors.ts';
import { fromHex, hex } from '../../../../emulator/core/bytes.ts';
import { ScriptedRandom } from '../../../../emulator/core/random.ts';
import {
  checksum,
  decrypt,
  encrypt,
  isSupportedEtype,
  stringToKey,
  verifyChecksum,
} from '../../../../emulator/kerberos/crypto/index.ts';
import known from '../../../vectors/impacket/encrypt.json' with { type: 'json' };
import negative from '../../../vectors/impacket/integrity-negative.json' with { type: 'json' };

// Known answers produced by a second implementation (impacket), replayed offline; the live
// byte-exact comparison is test/interop/crypto-impacket.test.ts.
const supported = <T extends { input: { etype: number } }>(vs: T[]): T[] => vs.filter((v) => isSupportedEtype(v.input.etype));

describe('encrypt/decrypt known answers (impacket vectors)', () => {
  for (const v of supported(known.encrypt)) {
    const { etype, password, salt, usage, plaintextHex, confounderHex } = v.input;
    it(`${v.title}: string-to-key`, () => {
      expect(hex(stringToKey(etype, password, salt).bytes)).toBe(v.expected.keyHex);
    });
    it(`${v.title}: encrypt with the fixed confounder`, () => {
      const key = { etype, bytes: fromHex(v.expected.keyHex) };
      const ct = encrypt(key, usage, fromHex(plaintextHex), new ScriptedRandom([fromHex(confounderHex)]));
      expect(hex(ct)).toBe(v.expected.ciphertextHex);
    });
    it(`${v.title}: decrypt`, () => {
      const key = { etype, bytes: fromHex(v.expected.keyHex) };
      expect(hex(decrypt(key, usage, fromHex(v.expected.ciphertextHex)))).toBe(plaintextHex);
    });
  }
});

describe('checksum known answers (impacket vectors)', () => {
  const rows = known.checksum.filter((v) => isSupportedEtype(v.input.etype));
  for (const v of rows) {
    const key = { etype: v.input.etype, bytes: fromHex(v.input.keyHex) };
    const data = fromHex(v.input.dataHex);
    it(`${v.title}: checksum and verify`, () => {
      expect(hex(checksum(v.input.cksumtype, key, v.input.usage, data))).toBe(v.expected.checksumHex);
      expect(verifyChecksum(v.input.cksumtype, key, v.input.usage, data, fromHex(v.expected.checksumHex))).toBe(true);
    });
    it(`${v.title}: verify fails on altered data, MAC or usage`, () => {
      const mac = fromHex(v.expected.checksumHex);
      const badMac = mac.slice();
      badMac[0] ^= 1;
      const badData = new Uint8Array([...data, 0]);
      expect(verifyChecksum(v.input.cksumtype, key, v.input.usage, data, badMac)).toBe(false);
      expect(verifyChecksum(v.input.cksumtype, key, v.input.usage, badData, mac)).toBe(false);
      expect(verifyChecksum(v.input.cksumtype, key, v.input.usage + 1, data, mac)).toBe(false);
      expect(verifyChecksum(v.input.cksumtype, key, v.input.usage, data, mac.subarray(0, mac.length - 1))).toBe(false);
    });
  }
});

describe('negative vectors: integrity failures', () => {
  for (const v of supported(negative.vectors)) {
    it(v.title, () => {
      const key = { etype: v.input.etype, bytes: fromHex(v.input.keyHex) };
      let err: unknown;
      try {
        decrypt(key, v.input.usage, fromHex(v.input.ciphertextHex));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(KrbError);
      expect((err as KrbError).code).toBe(v.expected.error);
      expect((err as KrbError).wire).toBe(v.expected.wire);
    });
  }
});
