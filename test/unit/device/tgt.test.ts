/**
 * The device's own crypto for the PRT response: session_key_jwe unwrapped with the transport key
 * and checked by its GCM tag; the clientKey key derivation, written apart from the endpoint's,
 * agrees with it and with the SP 800-108 counter-mode layout; tgt_ad error codes.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { CompactEncrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import { deriveSessionKey } from '../../../clients/device/kbkdf.ts';
import { generateRsaKey } from '../../../clients/device/keys.ts';
import { tgtErrorCode, unwrapSessionKey } from '../../../clients/device/tgt.ts';
import { sessionDerivedKey } from '../../../emulator/entra/index.ts';

describe('session_key_jwe', () => {
  it('unwraps to the content-encryption key; a changed tag or a foreign key is refused', async () => {
    const transport = await generateRsaKey();
    const cek = new Uint8Array(randomBytes(32));
    const jwe = await new CompactEncrypt(new TextEncoder().encode('{}')).setProtectedHeader({ enc: 'A256GCM', alg: 'RSA-OAEP' }).setContentEncryptionKey(cek).encrypt(transport.publicKey);
    expect(Buffer.from(unwrapSessionKey(jwe, transport)).equals(Buffer.from(cek))).toBe(true);
    const parts = jwe.split('.');
    const tag = Buffer.from(parts[4], 'base64url');
    tag[0] ^= 1;
    expect(() => unwrapSessionKey([...parts.slice(0, 4), tag.toString('base64url')].join('.'), transport)).toThrow();
    expect(() => unwrapSessionKey(jwe.split('.').slice(0, 4).join('.'), transport)).toThrow(/not a compact JWE/);
    const other = await generateRsaKey();
    expect(() => unwrapSessionKey(jwe, other)).toThrow();
  });
});

describe('clientKey key derivation (KBKDF-HMAC-SHA256, AzureAD-SecureConversation)', () => {
  it('equals HMAC(key, [1]_32 || label || 0x00 || ctx || [256]_32) and the endpoint derivation', () => {
    const key = new Uint8Array(32).map((_, i) => i);
    const ctx = new Uint8Array(24).map((_, i) => 0xa0 + i);
    const expected = createHmac('sha256', key)
      .update(Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from('AzureAD-SecureConversation'), Buffer.from([0]), ctx, Buffer.from([0, 0, 1, 0])]))
      .digest();
    expect(Buffer.from(deriveSessionKey(key, ctx)).equals(expected)).toBe(true);
    expect(Buffer.from(deriveSessionKey(key, ctx)).equals(Buffer.from(sessionDerivedKey(key, ctx)))).toBe(true);
  });
});

describe('tgt_ad error codes', () => {
  it.each([
    ['UserNotSynced: partial TGTs are issued only to users synced from on-premises AD', 'UserNotSynced'],
    ['KerberosDomainNotFound: no Kerberos server object for fabrikam.local', 'KerberosDomainNotFound'],
    ['', 'TGT_ERROR'],
  ])('%j -> %s', (error, code) => {
    expect(tgtErrorCode(error)).toBe(code);
  });
});
