import { createCipheriv, createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hex } from '../../../../emulator/core/bytes.ts';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { aesKey, cbcDecrypt, cbcEncrypt } from '../../../../emulator/kerberos/crypto/aes-block.ts';
import { checksum, decrypt, encryptWithConfounder } from '../../../../emulator/kerberos/crypto/index.ts';

// The derived-key cache (key-cache.ts) and the prepared AES key (aes-block.ts) must be invisible:
// the same bytes as a fresh derivation, whatever the caller does to its key between calls.

function nodeCbc(dir: 'enc' | 'dec', key: Uint8Array, iv: Uint8Array, data: Uint8Array): string {
  const alg = `aes-${key.length * 8}-cbc`;
  const c = dir === 'enc' ? createCipheriv(alg, key, iv) : createDecipheriv(alg, key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]).toString('hex');
}

describe('prepared AES key', () => {
  it('CBC over whole blocks equals node:crypto, for unaligned views too', () => {
    const rng = new SeededRandom('aes-block');
    for (const size of [16, 32]) {
      const key = rng.bytes(size);
      const k = aesKey(key);
      for (const blocks of [1, 2, 5, 70]) {
        const iv = rng.bytes(16);
        // An odd offset into a larger buffer: the code must not assume alignment.
        const backing = rng.bytes(blocks * 16 + 3);
        const data = backing.subarray(3);
        const ct = cbcEncrypt(k, iv, data);
        expect(hex(ct)).toBe(nodeCbc('enc', key, iv, data));
        expect(hex(cbcDecrypt(k, iv, ct))).toBe(nodeCbc('dec', key, iv, ct));
        expect(hex(cbcDecrypt(k, iv, ct))).toBe(hex(data));
      }
    }
  });

  it('rejects a key of the wrong size and partial blocks', () => {
    expect(() => aesKey(new Uint8Array(20))).toThrow(RangeError);
    expect(() => cbcEncrypt(aesKey(new Uint8Array(16)), new Uint8Array(16), new Uint8Array(17))).toThrow(RangeError);
  });
});

describe('derived-key cache', () => {
  it('a key rewritten in place gets keys derived from its new bytes', () => {
    const rng = new SeededRandom('key-cache');
    const bytes = rng.bytes(32);
    const key = { etype: 18, bytes };
    const other = { etype: 18, bytes: rng.bytes(32) };
    const conf = rng.bytes(16);
    const pt = rng.bytes(50);
    const before = encryptWithConfounder(key, 3, pt, conf);
    const sumBefore = checksum(16, key, 17, pt);
    bytes.set(other.bytes); // same Uint8Array, new contents
    expect(hex(encryptWithConfounder(key, 3, pt, conf))).toBe(hex(encryptWithConfounder({ etype: 18, bytes: other.bytes.slice() }, 3, pt, conf)));
    expect(hex(encryptWithConfounder(key, 3, pt, conf))).not.toBe(hex(before));
    expect(hex(checksum(16, key, 17, pt))).not.toBe(hex(sumBefore));
    expect(() => decrypt(key, 3, before)).toThrow(expect.objectContaining({ code: 'KRB_AP_ERR_BAD_INTEGRITY' }));
  });

  it('many usages on one key stay correct past the per-key bound', () => {
    const rng = new SeededRandom('key-cache-usages');
    const key = { etype: 17, bytes: rng.bytes(16) };
    const pt = rng.bytes(20);
    const conf = rng.bytes(16);
    const first = Array.from({ length: 100 }, (_, u) => hex(encryptWithConfounder(key, u, pt, conf)));
    const fresh = Array.from({ length: 100 }, (_, u) => hex(encryptWithConfounder({ etype: 17, bytes: key.bytes.slice() }, u, pt, conf)));
    expect(first).toEqual(fresh);
    expect(new Set(first).size).toBe(100);
    for (let u = 0; u < 100; u += 7) expect(hex(decrypt(key, u, Buffer.from(first[u], 'hex')))).toBe(hex(pt));
  });

  it('fresh arrays with known contents, and more keys than the cache holds, still give the right bytes', () => {
    const rng = new SeededRandom('key-cache-content');
    const keys = Array.from({ length: 1500 }, () => rng.bytes(16));
    const pt = rng.bytes(33);
    const conf = rng.bytes(16);
    const first = keys.map((b) => hex(encryptWithConfounder({ etype: 17, bytes: b.slice() }, 8, pt, conf)));
    // Again with new arrays (the content-keyed level, some entries long evicted).
    for (let i = 0; i < keys.length; i += 97) {
      expect(hex(encryptWithConfounder({ etype: 17, bytes: keys[i].slice() }, 8, pt, conf))).toBe(first[i]);
      expect(hex(decrypt({ etype: 17, bytes: keys[i].slice() }, 8, Buffer.from(first[i], 'hex')))).toBe(hex(pt));
    }
    expect(new Set(first).size).toBe(keys.length);
  });

  it('an out-of-range usage is still a RangeError', () => {
    const key = { etype: 18, bytes: new Uint8Array(32) };
    expect(() => checksum(16, key, -1, new Uint8Array(4))).toThrow(RangeError);
    expect(() => checksum(16, key, 2 ** 32, new Uint8Array(4))).toThrow(RangeError);
  });
});
