import { createCipheriv, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { concat, hex, utf8 } from '../../../../emulator/core/bytes.ts';
import { ScriptedRandom, SeededRandom } from '../../../../emulator/core/random.ts';
import { aesCipher } from '../../../../emulator/kerberos/crypto/aes.ts';
import { dk, KC, KE, KI, usageConstant } from '../../../../emulator/kerberos/crypto/derive.ts';
import { checksum, encrypt, stringToKey } from '../../../../emulator/kerberos/crypto/index.ts';
import { nfold } from '../../../../emulator/kerberos/crypto/nfold.ts';

// A second implementation for each primitive: node:crypto (OpenSSL) computes AES, HMAC-SHA1 and
// PBKDF2 independently of @noble, and the RFC 3961/3962 constructions are rebuilt on top of it.

function nodeAesEcb(key: Uint8Array, block: Uint8Array): Uint8Array {
  const c = createCipheriv(key.length === 16 ? 'aes-128-ecb' : 'aes-256-ecb', key, null);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(block), c.final()]));
}

/** RFC 3961 5.1 DK for AES on node:crypto: E iterated over n-fold(constant) until keySize bytes. */
function nodeDk(key: Uint8Array, constant: Uint8Array): Uint8Array {
  let block = constant.length === 16 ? constant : nfold(constant, 16);
  const out: Uint8Array[] = [];
  for (let n = 0; n < key.length; n += 16) {
    block = nodeAesEcb(key, block);
    out.push(block);
  }
  return concat(...out).subarray(0, key.length);
}

const hmacSha1 = (key: Uint8Array, data: Uint8Array): Uint8Array =>
  new Uint8Array(createHmac('sha1', key).update(data).digest());

describe('cross-checks against node:crypto', () => {
  for (const keySize of [16, 32]) {
    const etype = keySize === 16 ? 17 : 18;
    const rng = new SeededRandom(`node-${keySize}`);
    const base = rng.bytes(keySize);

    it(`aes${keySize * 8}: DK for Kc/Ke/Ki matches AES-ECB from node:crypto`, () => {
      for (const usage of [1, 2, 3, 8, 11, 17, 1024]) {
        for (const which of [KC, KE, KI]) {
          expect(hex(dk(aesCipher(keySize), base, usageConstant(usage, which)))).toBe(
            hex(nodeDk(base, usageConstant(usage, which))),
          );
        }
      }
    });

    it(`aes${keySize * 8}: the checksum is node HMAC-SHA1 under Kc, truncated to 96 bits`, () => {
      const data = rng.bytes(77);
      const kc = nodeDk(base, usageConstant(17, KC));
      expect(hex(checksum(etype === 17 ? 15 : 16, { etype, bytes: base }, 17, data))).toBe(
        hex(hmacSha1(kc, data).subarray(0, 12)),
      );
    });

    it(`aes${keySize * 8}: the integrity tag is node HMAC-SHA1 under Ki over confounder | plaintext`, () => {
      const conf = rng.bytes(16);
      const pt = rng.bytes(45);
      const ct = encrypt({ etype, bytes: base }, 3, pt, new ScriptedRandom([conf]));
      const ki = nodeDk(base, usageConstant(3, KI));
      expect(hex(ct.subarray(ct.length - 12))).toBe(hex(hmacSha1(ki, concat(conf, pt)).subarray(0, 12)));
    });

    it(`aes${keySize * 8}: string-to-key is DK(PBKDF2 from node:crypto, "kerberos")`, () => {
      const tkey = new Uint8Array(pbkdf2Sync('Pa55w.rd!', 'CONTOSO.LOCALalice', 4096, keySize, 'sha1'));
      expect(hex(stringToKey(etype, 'Pa55w.rd!', 'CONTOSO.LOCALalice').bytes)).toBe(hex(nodeDk(tkey, utf8('kerberos'))));
    });
  }
});
