/**
 * The token endpoint's small pure pieces: the KBKDF against python3-cryptography's vectors, the
 * RSA1 key blob (round trip through node:crypto, the Hello kid, refusals), the nonce store's
 * verdicts and the error body's shape.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kbkdfHmacSha256, sessionDerivedKey } from '../../../emulator/entra/crypto/kbkdf.ts';
import { helloKid, parseRsa1Blob, publicKeyFromRsa1, rsa1BlobFromKey } from '../../../emulator/entra/crypto/rsa-blob.ts';
import { errorBody, oauthError } from '../../../emulator/entra/errors.ts';
import { MemoryNonceStore } from '../../../emulator/entra/stores/nonces.ts';
import { loadVectorFile } from '../../support/vectors.ts';

const hexBytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

describe('KBKDF-HMAC-SHA256 (AzureAD-SecureConversation)', () => {
  const file = loadVectorFile<{ entries: { input: { sessionKey: string; context: string }; expected: string }[] }>('test/vectors/entra/kbkdf.json');
  it.each(file.entries.map((e, i) => [i, e] as const))('vector %i', (_i, e) => {
    expect(Buffer.from(sessionDerivedKey(hexBytes(e.input.sessionKey), hexBytes(e.input.context))).toString('hex')).toBe(e.expected);
  });
  it('a longer output continues the counter (block 2 differs from block 1)', () => {
    const k = kbkdfHmacSha256(new Uint8Array(32), 'AzureAD-SecureConversation', new Uint8Array(24), 64);
    expect(k.length).toBe(64);
    expect(Buffer.from(k.subarray(0, 32)).equals(Buffer.from(k.subarray(32)))).toBe(false);
  });
});

describe('BCRYPT_RSAPUBLIC_BLOB', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const blob = rsa1BlobFromKey(publicKey);
  it('has the RSA1 header and round-trips to the same key', () => {
    expect(Buffer.from(blob.subarray(0, 4)).toString('latin1')).toBe('RSA1');
    const dv = new DataView(blob.buffer, blob.byteOffset);
    expect([dv.getUint32(4, true), dv.getUint32(8, true), dv.getUint32(12, true), dv.getUint32(16, true), dv.getUint32(20, true)]).toEqual([2048, 3, 256, 0, 0]);
    expect(parseRsa1Blob(blob).bits).toBe(2048);
    expect(publicKeyFromRsa1(blob).export({ format: 'jwk' })).toEqual(publicKey.export({ format: 'jwk' }));
  });
  it('the Hello kid is standard base64 of SHA-256 over the blob', () => {
    expect(helloKid(blob)).toBe(createHash('sha256').update(blob).digest('base64'));
  });
  it('refuses a wrong magic, a short blob and a blob shorter than its header says', () => {
    const wrong = blob.slice();
    wrong[3] = 0x32; // RSA2 (private blob)
    expect(() => parseRsa1Blob(wrong)).toThrow(RangeError);
    expect(() => parseRsa1Blob(blob.subarray(0, 20))).toThrow(RangeError);
    expect(() => parseRsa1Blob(blob.subarray(0, 200))).toThrow(RangeError);
  });
});

describe('nonce store', () => {
  it('ok once, then replayed; unknown; expired', () => {
    const s = new MemoryNonceStore();
    s.issue('n1', 1000);
    expect(s.consume('n1', 500)).toBe('ok');
    expect(s.consume('n1', 600)).toBe('replayed');
    expect(s.consume('n2', 600)).toBe('unknown');
    s.issue('n3', 1000);
    expect(s.consume('n3', 1000)).toBe('expired');
  });
});

describe('error body', () => {
  it('is Entra-shaped: error, AADSTS-prefixed description, error_codes, timestamp, trace and correlation ids', () => {
    const body = errorBody(oauthError('AADSTS50034', 'fact', ['bob@contoso.com', 'contoso.onmicrosoft.com']), Date.UTC(2026, 0, 2, 3, 4, 5), 't-id', 'c-id');
    expect(body).toMatchObject({ error: 'invalid_grant', error_codes: [50034], timestamp: '2026-01-02 03:04:05Z', trace_id: 't-id', correlation_id: 'c-id' });
    expect(String(body.error_description)).toMatch(/^AADSTS50034: The user account bob@contoso\.com does not exist in the contoso\.onmicrosoft\.com directory\./);
    expect(String(body.error_description)).not.toContain('fact');
  });
});
