import { describe, expect, it } from 'vitest';
import { hmac } from '@noble/hashes/hmac.js';
import { md5 } from '@noble/hashes/legacy.js';
import { hex, utf8 } from '../../../../emulator/core/bytes.ts';
import { ScriptedRandom, SeededRandom } from '../../../../emulator/core/random.ts';
import {
  ChecksumType,
  EncType,
  KeyUsage,
  checksum,
  checksumTypeForEtype,
  decrypt,
  encTypeProfile,
  encrypt,
  ntHash,
  randomKey,
  stringToKey,
  verifyChecksum,
} from '../../../../emulator/kerberos/crypto/index.ts';
import { msUsage } from '../../../../emulator/kerberos/crypto/rc4-hmac.ts';
import { rc4 } from '../../../../emulator/kerberos/crypto/rc4.ts';
import { krbErrorOf } from '../../../support/errors.ts';

const code = (f: () => unknown) => krbErrorOf(f)?.code;

describe('rc4-hmac (RFC 4757)', () => {
  it('NT hash is MD4 of the UTF-16LE password', () => {
    // The widely published NT hash of "password".
    expect(hex(ntHash('password'))).toBe('8846f7eaee8fb117ad06bdd830b7586c');
    // The empty password's NT hash is MD4 of nothing (RFC 1320 A.5 first vector).
    expect(hex(ntHash(''))).toBe('31d6cfe0d16ae931b73c59d7e0c089c0');
    expect(hex(stringToKey(23, 'password', 'IGNORED.SALTuser').bytes)).toBe('8846f7eaee8fb117ad06bdd830b7586c');
  });

  it('registers etype 23 with its sizes and -138 as its checksum', () => {
    expect(encTypeProfile(EncType.RC4_HMAC)).toMatchObject({ keySize: 16, confounderSize: 8, macSize: 16, checksumType: -138 });
    expect(checksumTypeForEtype(23)).toBe(ChecksumType.HMAC_MD5);
  });

  it('maps usages as RFC 4757 ms_usage with the errata: 3 -> 8, 23 -> 13, 9 stays 9', () => {
    expect(hex(msUsage(3))).toBe('08000000');
    expect(hex(msUsage(23))).toBe('0d000000');
    expect(hex(msUsage(9))).toBe('09000000');
    expect(hex(msUsage(17))).toBe('11000000');
  });

  it('builds the ciphertext as HMAC-MD5 checksum | RC4(K3, confounder | plaintext)', () => {
    const key = stringToKey(23, 'Pa55w.rd!', '');
    const conf = utf8('CONFOUND');
    const pt = utf8('hello rc4');
    const ct = encrypt(key, KeyUsage.AS_REP_ENCPART, pt, new ScriptedRandom([conf]));
    const k1 = hmac(md5, key.bytes, msUsage(3));
    const cksum = hmac(md5, k1, new Uint8Array([...conf, ...pt]));
    const k3 = hmac(md5, k1, cksum);
    expect(hex(ct)).toBe(hex(new Uint8Array([...cksum, ...rc4(k3, new Uint8Array([...conf, ...pt]))])));
  });

  it('AS-REP usage 3 and TGS-REP usage 8 give the same ciphertext (both are ms_usage 8)', () => {
    const key = randomKey(23, new SeededRandom('k'));
    const a = encrypt(key, 3, utf8('x'), new SeededRandom('c'));
    const b = encrypt(key, 8, utf8('x'), new SeededRandom('c'));
    expect(hex(a)).toBe(hex(b));
  });

  it('decrypting usage 9 also accepts a ciphertext made with usage 8 (RFC 4757 errata)', () => {
    const key = randomKey(23, new SeededRandom('k9'));
    const ct8 = encrypt(key, 8, utf8('tgs-rep'), new SeededRandom('c'));
    expect(hex(decrypt(key, 9, ct8))).toBe(hex(utf8('tgs-rep')));
    const ct9 = encrypt(key, 9, utf8('tgs-rep'), new SeededRandom('c'));
    expect(code(() => decrypt(key, 8, ct9))).toBe('KRB_AP_ERR_BAD_INTEGRITY');
  });

  it('round-trips 0..40 bytes and refuses truncation and tampering with KRB_AP_ERR_BAD_INTEGRITY', () => {
    const rng = new SeededRandom('rt');
    const key = randomKey(23, rng);
    for (let n = 0; n <= 40; n++) {
      const pt = rng.bytes(n);
      const ct = encrypt(key, KeyUsage.KRB_CRED_ENCPART, pt, rng);
      expect(ct.length).toBe(16 + 8 + n);
      expect(hex(decrypt(key, KeyUsage.KRB_CRED_ENCPART, ct))).toBe(hex(pt));
      expect(code(() => decrypt(key, KeyUsage.KRB_CRED_ENCPART, ct.subarray(0, 23)))).toBe('KRB_AP_ERR_BAD_INTEGRITY');
      const bad = ct.slice();
      bad[bad.length - 1] ^= 0x40;
      expect(code(() => decrypt(key, KeyUsage.KRB_CRED_ENCPART, bad))).toBe('KRB_AP_ERR_BAD_INTEGRITY');
    }
  });

  it('refuses s2kparams (RFC 4757 defines none)', () => {
    expect(code(() => stringToKey(23, 'p', '', new Uint8Array([0, 0, 16, 0])))).toBe('KRB_ERR_GENERIC');
    expect(hex(stringToKey(23, 'p', '', new Uint8Array(0)).bytes)).toBe(hex(ntHash('p')));
  });
});

describe('hmac-md5 checksum (-138)', () => {
  it('is HMAC-MD5(HMAC-MD5(key, "signaturekey\\0"), MD5(ms_usage | data))', () => {
    const key = stringToKey(23, 'Pa55w.rd!', '');
    const data = utf8('PAC bytes');
    const ksign = hmac(md5, key.bytes, utf8('signaturekey\0'));
    const want = hmac(md5, ksign, md5(new Uint8Array([...msUsage(17), ...data])));
    expect(hex(checksum(-138, key, KeyUsage.KERB_NON_KERB_CKSUM_SALT, data))).toBe(hex(want));
    expect(verifyChecksum(-138, key, 17, data, want)).toBe(true);
    expect(verifyChecksum(0xffffff76, key, 17, data, want)).toBe(true);
    expect(verifyChecksum(-138, key, 16, data, want)).toBe(false);
  });

  it('refuses an AES key (KRB_AP_ERR_INAPP_CKSUM) and refuses RC4 keys for the AES checksums', () => {
    const aes = randomKey(18, new SeededRandom('a'));
    const rc4Key = randomKey(23, new SeededRandom('r'));
    expect(code(() => checksum(-138, aes, 17, new Uint8Array(1)))).toBe('KRB_AP_ERR_INAPP_CKSUM');
    expect(code(() => checksum(16, rc4Key, 17, new Uint8Array(1)))).toBe('KRB_AP_ERR_INAPP_CKSUM');
  });
});
