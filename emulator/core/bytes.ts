/** Byte helpers shared by codecs. Uint8Array everywhere; Buffer only at I/O edges. */

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new RangeError(`not hex: ${s.slice(0, 40)}`);
  return new Uint8Array(Buffer.from(clean, 'hex'));
}

/**
 * For growing write buffers: `buf` itself when it has room for `more` bytes after the first
 * `used`, else a buffer at least twice as large holding a copy of those `used` bytes.
 */
export function withRoom<B extends Uint8Array>(buf: B, used: number, more: number): B | Uint8Array<ArrayBuffer> {
  if (used + more <= buf.length) return buf;
  let size = Math.max(16, buf.length * 2);
  while (size < used + more) size *= 2;
  const next = new Uint8Array(size);
  next.set(buf.subarray(0, used));
  return next;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export function utf16le(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'utf16le'));
}

/** A copy as a plain ArrayBuffer (asn1js and some APIs want one that is not shared). */
export function toArrayBuffer(b: Uint8Array): ArrayBuffer {
  return b.slice().buffer as ArrayBuffer;
}
