import { DecodeError } from '../../../core/errors.ts';

/**
 * Bounds-checked little-endian cursor over a byte range. Every read checks the remaining length
 * first and throws DecodeError (never RangeError), so a truncated or hostile input cannot crash
 * a decoder or make it allocate more than the input holds.
 */
export class LeReader {
  pos: number;
  readonly end: number;
  readonly bytes: Uint8Array;
  readonly what: string;
  constructor(
    bytes: Uint8Array,
    what: string,
    start = 0,
    end = bytes.length,
  ) {
    this.bytes = bytes;
    this.what = what;
    if (start < 0 || end > bytes.length || start > end) throw new DecodeError(what, 'range outside the input', start);
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(detail: string, at = this.pos): never {
    throw new DecodeError(this.what, detail, at);
  }

  need(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.end - this.pos) {
      this.fail(`needs ${n} bytes, ${this.end - this.pos} left`);
    }
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  u16(): number {
    this.need(2);
    const b = this.bytes;
    const v = b[this.pos] | (b[this.pos + 1] << 8);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const b = this.bytes;
    const p = this.pos;
    const v = (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
    this.pos += 4;
    return v;
  }

  i32(): number {
    return this.u32() | 0;
  }

  u64(): bigint {
    const lo = this.u32();
    const hi = this.u32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A copy of the next n bytes (a copy, so the caller's result does not alias the input). */
  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }
}

/** The result of a unique pointer read in a struct body; filled in when the deferred pointees are read. */
export interface Deferred<T> {
  readonly present: boolean;
  value?: T;
}

/**
 * NDR reader (C706 chapter 14, MS-RPCE 2.2.5): alignment relative to the start of the NDR
 * stream, unique pointers whose pointees are deferred until the enclosing constructed type is
 * done and then read depth-first, in the order the pointers appeared.
 */
export class NdrReader extends LeReader {
  private deferred: Array<() => void> = [];
  readonly origin: number;
  constructor(bytes: Uint8Array, what: string, origin: number, end = bytes.length) {
    super(bytes, what, origin, end);
    this.origin = origin;
  }

  align(n: number): void {
    const pad = (n - ((this.pos - this.origin) % n)) % n;
    this.skip(pad);
  }

  /** A unique (or embedded full) pointer: 0 is NULL, any other referent id means a pointee follows later. */
  pointer<T>(readPointee: () => T): Deferred<T> {
    this.align(4);
    const referent = this.u32();
    if (referent === 0) return { present: false };
    const d: { present: boolean; value?: T } = { present: true };
    this.deferred.push(() => {
      d.value = readPointee();
    });
    return d;
  }

  /** Reads the pending pointees; each pointee's own embedded pointees come right after it. */
  flush(): void {
    const queue = this.deferred;
    this.deferred = [];
    for (const read of queue) {
      read();
      this.flush();
    }
  }

  /**
   * The conformance (maximum count) of a conformant array of `elementSize`-byte elements; checks
   * that that many elements can still fit in the input before anyone allocates for them.
   */
  conformance(elementSize: number): number {
    this.align(4);
    const count = this.u32();
    if (count * elementSize > this.remaining) this.fail(`array of ${count} elements does not fit`);
    return count;
  }
}

/** A pointer that must be present when its count says elements exist, and absent-or-empty otherwise. */
export function deferredArray<T>(d: Deferred<T[]>, count: number, r: LeReader, field: string): T[] {
  if (!d.present) {
    if (count !== 0) r.fail(`${field}: count ${count} with a NULL pointer`);
    return [];
  }
  const v = d.value ?? [];
  if (v.length !== count) r.fail(`${field}: count ${count} but the array holds ${v.length}`);
  return v;
}
