/**
 * MD4, RFC 1320. Needed only for the NT hash (the rc4-hmac key, RFC 4757 section 2); neither
 * @noble/hashes nor Node's OpenSSL 3 default provider offers it. Not for any new use.
 */
const rotl = (x: number, s: number): number => (x << s) | (x >>> (32 - s));

// Section 3.4: the message-word order and shift amounts of rounds 2 and 3.
const R2_ORDER = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
const R3_ORDER = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15];
const R1_SHIFT = [3, 7, 11, 19];
const R2_SHIFT = [3, 5, 9, 13];
const R3_SHIFT = [3, 9, 11, 15];

export function md4(message: Uint8Array): Uint8Array {
  // Section 3.1-3.2: pad with 0x80 and zeros to 56 mod 64, then the bit length, 64-bit little-endian.
  const padLen = ((message.length + 8) >> 6) * 64 + 64;
  const buf = new Uint8Array(padLen);
  buf.set(message);
  buf[message.length] = 0x80;
  const dv = new DataView(buf.buffer);
  const bits = message.length * 8;
  dv.setUint32(padLen - 8, bits >>> 0, true);
  dv.setUint32(padLen - 4, Math.floor(bits / 2 ** 32), true);

  // Section 3.3: initial state.
  let a = 0x67452301;
  let b = 0xefcdab89;
  let c = 0x98badcfe;
  let d = 0x10325476;
  const x = new Int32Array(16);
  for (let off = 0; off < padLen; off += 64) {
    for (let i = 0; i < 16; i++) x[i] = dv.getInt32(off + i * 4, true);
    const [aa, bb, cc, dd] = [a, b, c, d];
    // Round 1: F(X,Y,Z) = XY v not(X) Z.
    for (let i = 0; i < 16; i++) {
      const t = rotl((a + ((b & c) | (~b & d)) + x[i]) | 0, R1_SHIFT[i & 3]);
      [a, b, c, d] = [d, t, b, c];
    }
    // Round 2: G(X,Y,Z) = XY v XZ v YZ, plus 0x5A827999.
    for (let i = 0; i < 16; i++) {
      const t = rotl((a + ((b & c) | (b & d) | (c & d)) + x[R2_ORDER[i]] + 0x5a827999) | 0, R2_SHIFT[i & 3]);
      [a, b, c, d] = [d, t, b, c];
    }
    // Round 3: H(X,Y,Z) = X xor Y xor Z, plus 0x6ED9EBA1.
    for (let i = 0; i < 16; i++) {
      const t = rotl((a + (b ^ c ^ d) + x[R3_ORDER[i]] + 0x6ed9eba1) | 0, R3_SHIFT[i & 3]);
      [a, b, c, d] = [d, t, b, c];
    }
    a = (a + aa) | 0;
    b = (b + bb) | 0;
    c = (c + cc) | 0;
    d = (d + dd) | 0;
  }
  const out = new Uint8Array(16);
  const ov = new DataView(out.buffer);
  ov.setInt32(0, a, true);
  ov.setInt32(4, b, true);
  ov.setInt32(8, c, true);
  ov.setInt32(12, d, true);
  return out;
}
