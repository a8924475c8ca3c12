/**
 * RC4 (ARCFOUR) keystream cipher, as RFC 4757 uses it and RFC 6229 gives vectors for.
 * Needed only for rc4-hmac (etype 23); not offered by @noble/ciphers or Node's OpenSSL 3.
 * Encryption and decryption are the same operation.
 */
export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (key.length < 1 || key.length > 256) throw new RangeError('rc4: key must be 1..256 bytes');
  // Key-scheduling algorithm.
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
  }
  // Pseudo-random generation, XORed into the data.
  const out = new Uint8Array(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
    out[n] = data[n] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}
