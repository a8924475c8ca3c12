import type { KeyObject } from 'node:crypto';
import { ecb, unsafe } from '@noble/ciphers/aes.js';
import { newCbcChain, OPENSSL_CBC_MIN, opensslCbcInPlace, secretKey, useOpenssl, type CbcChain } from './backend.ts';

/**
 * An AES key with its schedule expanded once (noble's key expansion), so a key used for many
 * messages (a derived Ke, see key-cache.ts) does not redo it on every call. The rounds are
 * noble's own: `unsafe.encrypt/decrypt` work on the four little-endian 32-bit words of a block,
 * which this file reads and writes byte by byte (independent of the host's byte order).
 * When a noble version lacks those helpers, every block goes through noble's public ECB instead
 * (same bytes, slower).
 */
export interface AesKey {
  readonly raw: Uint8Array;
  /** Encryption schedule (expandKeyLE), or undefined on the public-API fallback. */
  readonly enc: Uint32Array | undefined;
  /** Decryption schedule, expanded on first use. */
  dec: Uint32Array | undefined;
  /** The key for OpenSSL (backend.ts), made on first use. */
  node?: KeyObject;
  /** OpenSSL's open CBC contexts for this key (backend.ts), made on first use. */
  encChain?: CbcChain;
  decChain?: CbcChain;
}

type Words = { s0: number; s1: number; s2: number; s3: number };
const U = unsafe as
  | {
      expandKeyLE?: (key: Uint8Array) => Uint32Array;
      expandKeyDecLE?: (key: Uint8Array) => Uint32Array;
      encrypt?: (xk: Uint32Array, s0: number, s1: number, s2: number, s3: number) => Words;
      decrypt?: (xk: Uint32Array, s0: number, s1: number, s2: number, s3: number) => Words;
    }
  | undefined;
const FAST =
  typeof U?.expandKeyLE === 'function' &&
  typeof U.expandKeyDecLE === 'function' &&
  typeof U.encrypt === 'function' &&
  typeof U.decrypt === 'function';

export function aesKey(raw: Uint8Array): AesKey {
  if (raw.length !== 16 && raw.length !== 24 && raw.length !== 32) throw new RangeError(`aes: key of ${raw.length} bytes`);
  const copy = raw.slice();
  return { raw: copy, enc: FAST ? U!.expandKeyLE!(copy) : undefined, dec: undefined };
}

const rd = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
function wr(b: Uint8Array, i: number, w: Words): void {
  const { s0, s1, s2, s3 } = w;
  b[i] = s0;
  b[i + 1] = s0 >>> 8;
  b[i + 2] = s0 >>> 16;
  b[i + 3] = s0 >>> 24;
  b[i + 4] = s1;
  b[i + 5] = s1 >>> 8;
  b[i + 6] = s1 >>> 16;
  b[i + 7] = s1 >>> 24;
  b[i + 8] = s2;
  b[i + 9] = s2 >>> 8;
  b[i + 10] = s2 >>> 16;
  b[i + 11] = s2 >>> 24;
  b[i + 12] = s3;
  b[i + 13] = s3 >>> 8;
  b[i + 14] = s3 >>> 16;
  b[i + 15] = s3 >>> 24;
}

/** E(block at `i` of `src`) written to `dst` at `o`; `src` and `dst` may be the same. */
function encryptAt(k: AesKey, src: Uint8Array, i: number, dst: Uint8Array, o: number): void {
  if (!k.enc) {
    dst.set(ecb(k.raw, { disablePadding: true }).encrypt(src.subarray(i, i + 16)), o);
    return;
  }
  wr(dst, o, U!.encrypt!(k.enc, rd(src, i), rd(src, i + 4), rd(src, i + 8), rd(src, i + 12)));
}

function decryptAt(k: AesKey, src: Uint8Array, i: number, dst: Uint8Array, o: number): void {
  if (!k.enc) {
    dst.set(ecb(k.raw, { disablePadding: true }).decrypt(src.subarray(i, i + 16)), o);
    return;
  }
  k.dec ??= U!.expandKeyDecLE!(k.raw);
  wr(dst, o, U!.decrypt!(k.dec, rd(src, i), rd(src, i + 4), rd(src, i + 8), rd(src, i + 12)));
}

/** One raw block encryption (a fresh 16-byte array). */
export function encryptBlock(k: AesKey, block: Uint8Array): Uint8Array {
  if (block.length !== 16) throw new RangeError('aes: block must be 16 bytes');
  const out = new Uint8Array(16);
  encryptAt(k, block, 0, out, 0);
  return out;
}

/** One raw block decryption (a fresh 16-byte array). */
export function decryptBlock(k: AesKey, block: Uint8Array): Uint8Array {
  if (block.length !== 16) throw new RangeError('aes: block must be 16 bytes');
  const out = new Uint8Array(16);
  decryptAt(k, block, 0, out, 0);
  return out;
}

/** Host byte order: on little-endian hosts (all Node targets in practice) CBC runs on Uint32 views. */
const LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** CBC encryption without padding over whole blocks (NIST SP 800-38A 6.2), into a new array. */
export function cbcEncrypt(k: AesKey, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return cbcEncryptInPlace(k, iv, data.slice());
}

/** CBC decryption without padding over whole blocks, into a new array. */
export function cbcDecrypt(k: AesKey, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return cbcDecryptInPlace(k, iv, data.slice());
}

/** CBC encryption of `out` in place (whole blocks); returns `out`. */
export function cbcEncryptInPlace(k: AesKey, iv: Uint8Array, out: Uint8Array): Uint8Array {
  if (out.length % 16 !== 0 || iv.length !== 16) throw new RangeError('aes-cbc: whole blocks and a 16-byte IV');
  if (useOpenssl(out.length, OPENSSL_CBC_MIN)) return opensslCbcInPlace(true, (k.encChain ??= newCbcChain()), (k.node ??= secretKey(k.raw)), k.raw.length, iv, out);
  if (LE && k.enc && out.byteOffset % 4 === 0) {
    const w = new Uint32Array(out.buffer, out.byteOffset, out.length >>> 2);
    const xk = k.enc;
    const enc = U!.encrypt!;
    let s0 = rd(iv, 0), s1 = rd(iv, 4), s2 = rd(iv, 8), s3 = rd(iv, 12);
    for (let i = 0; i < w.length; i += 4) {
      ({ s0, s1, s2, s3 } = enc(xk, s0 ^ w[i], s1 ^ w[i + 1], s2 ^ w[i + 2], s3 ^ w[i + 3]));
      w[i] = s0;
      w[i + 1] = s1;
      w[i + 2] = s2;
      w[i + 3] = s3;
    }
    return out;
  }
  for (let i = 0; i < out.length; i += 16) {
    const prev = i === 0 ? iv : out;
    const p = i === 0 ? 0 : i - 16;
    for (let j = 0; j < 16; j++) out[i + j] ^= prev[p + j];
    encryptAt(k, out, i, out, i);
  }
  return out;
}

/** CBC decryption of `out` in place (whole blocks); returns `out`. */
export function cbcDecryptInPlace(k: AesKey, iv: Uint8Array, out: Uint8Array): Uint8Array {
  if (out.length % 16 !== 0 || iv.length !== 16) throw new RangeError('aes-cbc: whole blocks and a 16-byte IV');
  if (useOpenssl(out.length, OPENSSL_CBC_MIN)) return opensslCbcInPlace(false, (k.decChain ??= newCbcChain()), (k.node ??= secretKey(k.raw)), k.raw.length, iv, out);
  if (LE && k.enc && out.byteOffset % 4 === 0) {
    const w = new Uint32Array(out.buffer, out.byteOffset, out.length >>> 2);
    const xk = (k.dec ??= U!.expandKeyDecLE!(k.raw));
    const dec = U!.decrypt!;
    let p0 = rd(iv, 0), p1 = rd(iv, 4), p2 = rd(iv, 8), p3 = rd(iv, 12);
    for (let i = 0; i < w.length; i += 4) {
      const c0 = w[i], c1 = w[i + 1], c2 = w[i + 2], c3 = w[i + 3];
      const { s0, s1, s2, s3 } = dec(xk, c0, c1, c2, c3);
      w[i] = s0 ^ p0;
      w[i + 1] = s1 ^ p1;
      w[i + 2] = s2 ^ p2;
      w[i + 3] = s3 ^ p3;
      p0 = c0;
      p1 = c1;
      p2 = c2;
      p3 = c3;
    }
    return out;
  }
  for (let i = out.length - 16; i >= 0; i -= 16) {
    decryptAt(k, out, i, out, i);
    const prev = i === 0 ? iv : out;
    const p = i === 0 ? 0 : i - 16;
    for (let j = 0; j < 16; j++) out[i + j] ^= prev[p + j];
  }
  return out;
}
