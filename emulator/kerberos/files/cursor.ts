/**
 * Bounded byte reader and growable writer for the MIT keytab and ccache file formats.
 * Every read checks the remaining length first and fails with DecodeError (never a
 * RangeError from a DataView), and every counted allocation is bounded by the bytes left.
 */
import { withRoom } from '../../core/bytes.ts';
import { DecodeError } from '../../core/errors.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

export class Cursor {
  private pos: number;
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  /** What is being decoded, for DecodeError.what ("keytab", "ccache"). */
  readonly what: string;
  /** Integers are big-endian unless a native-order (little-endian) old version says otherwise. */
  public littleEndian: boolean;
  /** Exclusive end of the region this cursor may read (a keytab entry's frame). */
  private readonly end: number;
  constructor(
    bytes: Uint8Array,
    
    what: string,
    
    littleEndian = false,
    start = 0,
    
    end = bytes.length,
  ) {
    this.bytes = bytes;
    this.what = what;
    this.littleEndian = littleEndian;
    this.end = end;
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get offset(): number {
    return this.pos;
  }
  get remaining(): number {
    return this.end - this.pos;
  }

  fail(detail: string, at = this.pos): never {
    throw new DecodeError(this.what, detail, at);
  }

  private need(n: number, field: string): void {
    if (n > this.remaining) this.fail(`truncated ${field}: need ${n} bytes, ${this.remaining} left`);
  }

  u8(field: string): number {
    this.need(1, field);
    return this.view.getUint8(this.pos++);
  }
  u16(field: string): number {
    this.need(2, field);
    const v = this.view.getUint16(this.pos, this.littleEndian);
    this.pos += 2;
    return v;
  }
  i16(field: string): number {
    this.need(2, field);
    const v = this.view.getInt16(this.pos, this.littleEndian);
    this.pos += 2;
    return v;
  }
  u32(field: string): number {
    this.need(4, field);
    const v = this.view.getUint32(this.pos, this.littleEndian);
    this.pos += 4;
    return v;
  }
  i32(field: string): number {
    this.need(4, field);
    const v = this.view.getInt32(this.pos, this.littleEndian);
    this.pos += 4;
    return v;
  }
  /** A copy of the next n bytes. */
  take(n: number, field: string): Uint8Array {
    this.need(n, field);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** A cursor over the next n bytes (a framed region), advancing this one past them. */
  sub(n: number, field: string): Cursor {
    this.need(n, field);
    const start = this.pos;
    this.pos += n;
    return new Cursor(this.bytes, this.what, this.littleEndian, start, start + n);
  }
  skip(n: number, field: string): void {
    this.need(n, field);
    this.pos += n;
  }
  /** Decodes n bytes as UTF-8, rejecting invalid sequences. */
  text(n: number, field: string): string {
    const at = this.pos;
    const raw = this.take(n, field);
    try {
      return strictUtf8.decode(raw);
    } catch {
      return this.fail(`${field} is not valid UTF-8`, at);
    }
  }
  /**
   * A count of items that each need at least `minItemBytes`: rejects counts the remaining
   * bytes cannot hold, so no array is ever sized from an unchecked length.
   */
  count(value: number, minItemBytes: number, field: string, at: number): number {
    if (value * minItemBytes > this.remaining) {
      this.fail(`${field} count ${value} exceeds the ${this.remaining} bytes left`, at);
    }
    return value;
  }
}

export class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private room(n: number): void {
    const next = withRoom(this.buf, this.len, n);
    if (next === this.buf) return;
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number, field: string): this {
    checkRange(v, 0, 0xff, field);
    this.room(1);
    this.view.setUint8(this.len, v);
    this.len += 1;
    return this;
  }
  u16(v: number, field: string): this {
    checkRange(v, 0, 0xffff, field);
    this.room(2);
    this.view.setUint16(this.len, v);
    this.len += 2;
    return this;
  }
  i16(v: number, field: string): this {
    checkRange(v, -0x8000, 0x7fff, field);
    this.room(2);
    this.view.setInt16(this.len, v);
    this.len += 2;
    return this;
  }
  u32(v: number, field: string): this {
    checkRange(v, 0, 0xffffffff, field);
    this.room(4);
    this.view.setUint32(this.len, v);
    this.len += 4;
    return this;
  }
  i32(v: number, field: string): this {
    checkRange(v, -0x80000000, 0x7fffffff, field);
    this.room(4);
    this.view.setInt32(this.len, v);
    this.len += 4;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  /** Overwrites a big-endian int32 written earlier (a keytab entry's size). */
  patchI32(at: number, v: number): void {
    this.view.setInt32(at, v);
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Encoders validate their input up front: a value that cannot be represented is a RangeError. */
export function checkRange(v: number, min: number, max: number, field: string): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${field} must be an integer in [${min}, ${max}], got ${v}`);
  }
}

export function encodeText(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}
