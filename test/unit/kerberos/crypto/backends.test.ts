/**
 * Both crypto backends (emulator/kerberos/crypto/backend.ts) reproduce the published vectors:
 * AES-CBC-CTS (RFC 3962 Appendix B), AES string-to-key through PBKDF2 (RFC 3962 Appendix B) and
 * the impacket encrypt/checksum known answers, each with @noble forced, OpenSSL forced (every
 * message size, even one block) and the default size thresholds. Then the two cross-check each
 * other on every message length around the thresholds: what one encrypts or MACs, the other
 * computes identically.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../emulator/core/bytes.ts';
import { ScriptedRandom, SeededRandom } from '../../../../emulator/core/random.ts';
import { ctsDecrypt, ctsEncrypt } from '../../../../emulator/kerberos/crypto/cts.ts';
import {
  aesIterationParams,
  checksum,
  cryptoBackend,
  decrypt,
  encrypt,
  EncType,
  isSupportedEtype,
  OPENSSL_CBC_MIN,
  OPENSSL_HMAC_MIN,
  setCryptoBackend,
  stringToKey,
  type CryptoBackend,
} from '../../../../emulator/kerberos/crypto/index.ts';
import known from '../../../vectors/impacket/encrypt.json' with { type: 'json' };
import cts from '../../../vectors/rfc3962/cts.json' with { type: 'json' };
import s2k from '../../../vectors/rfc3962/string-to-key.json' with { type: 'json' };

const BACKENDS: CryptoBackend[] = ['noble', 'openssl', 'auto'];

afterEach(() => {
  setCryptoBackend('auto');
});

describe.each(BACKENDS)('the %s backend reproduces the vectors', (backend) => {
  it('AES-CBC-CTS, RFC 3962 Appendix B', () => {
    setCryptoBackend(backend);
    for (const v of cts.vectors) {
      const key = fromHex(v.input.keyHex);
      const iv = fromHex(v.input.ivHex);
      expect(hex(ctsEncrypt(key, iv, fromHex(v.input.plaintextHex))), v.title).toBe(v.expected.ciphertextHex);
      expect(hex(ctsDecrypt(key, iv, fromHex(v.expected.ciphertextHex))), v.title).toBe(v.input.plaintextHex);
    }
  });

  it('AES string-to-key (PBKDF2-HMAC-SHA1, then DK), RFC 3962 Appendix B', () => {
    setCryptoBackend(backend);
    for (const v of s2k.vectors) {
      const salt = fromHex(v.input.saltHex);
      const params = aesIterationParams(v.input.iterations);
      expect(hex(stringToKey(EncType.AES128_CTS_HMAC_SHA1_96, v.input.password, salt, params).bytes), v.title).toBe(v.expected.aes128Key);
      expect(hex(stringToKey(EncType.AES256_CTS_HMAC_SHA1_96, v.input.password, salt, params).bytes), v.title).toBe(v.expected.aes256Key);
    }
  });

  it('encrypt, decrypt and checksum known answers (impacket vectors)', () => {
    setCryptoBackend(backend);
    let n = 0;
    for (const v of known.encrypt.filter((x) => isSupportedEtype(x.input.etype))) {
      const { etype, usage, plaintextHex, confounderHex } = v.input;
      const key = { etype, bytes: fromHex(v.expected.keyHex) };
      expect(hex(encrypt(key, usage, fromHex(plaintextHex), new ScriptedRandom([fromHex(confounderHex)]))), v.title).toBe(v.expected.ciphertextHex);
      expect(hex(decrypt(key, usage, fromHex(v.expected.ciphertextHex))), v.title).toBe(plaintextHex);
      n++;
    }
    expect(n).toBeGreaterThan(3);
    expect(cryptoBackend()).toBe(backend);
  });
});

describe('the backends agree on every length around the thresholds', () => {
  function under<T>(b: CryptoBackend, f: () => T): T {
    const previous = setCryptoBackend(b);
    try {
      return f();
    } finally {
      setCryptoBackend(previous);
    }
  }

  it('encrypt (CTS + HMAC-SHA1-96) and checksums, aes128 and aes256, 0 to 700 bytes of plaintext', () => {
    const rng = new SeededRandom('backends');
    for (const etype of [17, 18]) {
      const key = { etype, bytes: rng.bytes(etype === 17 ? 16 : 32) };
      for (let len = 0; len <= 700; len += Math.abs(len - OPENSSL_CBC_MIN) < 40 || Math.abs(len - OPENSSL_HMAC_MIN) < 40 ? 1 : 7) {
        const pt = rng.bytes(len);
        const conf = rng.bytes(16);
        const a = under('noble', () => encrypt(key, 2, pt, new ScriptedRandom([conf])));
        const b = under('openssl', () => encrypt(key, 2, pt, new ScriptedRandom([conf])));
        expect(hex(b), `etype ${etype}, ${len} bytes`).toBe(hex(a));
        expect(hex(under('openssl', () => decrypt(key, 2, a)))).toBe(hex(pt));
        expect(hex(under('noble', () => decrypt(key, 2, b)))).toBe(hex(pt));
        const ck = etype === 17 ? 15 : 16;
        expect(hex(under('openssl', () => checksum(ck, key, 17, pt)))).toBe(hex(under('noble', () => checksum(ck, key, 17, pt))));
      }
    }
  });
});
