/**
 * Little-endian byte sink that grows as needed, plus the NDR writer on top of it (C706 chapter 14,
 * MS-RPCE 2.2.5). Pure: no I/O, no clock, no randomness; referent ids are a counter.
 */
import { withRoom } from '../../../core/bytes.ts';

export class LeWriter {
  protected buf: Uint8Array;
  pos = 0;

  /** `capacity`: the initial buffer (it grows by doubling); a good guess saves the copies. */
  constructor(capacity = 256) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }

  private ensure(n: number): void {
    this.buf = withRoom(this.buf, this.pos, n);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
  }

  u16(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new RangeError(`not a uint16: ${v}`);
    this.ensure(2);
    this.buf[this.pos++] = v & 0xff;
    this.buf[this.pos++] = (v >>> 8) & 0xff;
  }

  u32(v: number): void {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) throw new RangeError(`not a 32-bit integer: ${v}`);
    this.ensure(4);
    this.setU32(this.pos, v);
    this.pos += 4;
  }

  u64(v: bigint): void {
    if (v < 0n || v > 0xffffffffffffffffn) throw new RangeError(`not a uint64: ${v}`);
    this.u32(Number(v & 0xffffffffn));
    this.u32(Number(v >> 32n));
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  zeros(n: number): void {
    this.ensure(n);
    this.buf.fill(0, this.pos, this.pos + n);
    this.pos += n;
  }

  /** Overwrites a uint32 already written at `at`. */
  setU32(at: number, v: number): void {
    this.buf[at] = v & 0xff;
    this.buf[at + 1] = (v >>> 8) & 0xff;
    this.buf[at + 2] = (v >>> 16) & 0xff;
    this.buf[at + 3] = (v >>> 24) & 0xff;
  }

  /** Zero padding up to a multiple of `n` from the start of the output. */
  padTo(n: number): void {
    this.zeros((n - (this.pos % n)) % n);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

/** The first referent id a Windows NDR engine hands out; each further non-NULL pointer adds 4. */
export const FIRST_REFERENT_ID = 0x00020000;

/**
 * NDR writer: alignment relative to the start of the NDR stream (`origin`), unique pointers with
 * deferred pointees. Referent ids are handed out in the order the pointees are written (depth
 * first), which is what Windows does: in a KERB_VALIDATION_INFO the SIDs inside ExtraSids get
 * their ids before ResourceGroupDomainSid, although that pointer is written earlier.
 */
export class NdrWriter extends LeWriter {
  private deferred: Array<{ slot: number; write: () => void }> = [];
  private nextReferent = FIRST_REFERENT_ID;
  readonly origin: number;
  constructor(
    origin = 0,
    capacity = 1024,
  ) {
    super(capacity);
    this.origin = origin;
  }

  align(n: number): void {
    this.zeros((n - ((this.pos - this.origin) % n)) % n);
  }

  /** Writes a unique pointer; a present pointee is written by `flush()` after the enclosing type. */
  pointer(present: boolean, writePointee: () => void): void {
    this.align(4);
    const slot = this.pos;
    this.u32(0);
    if (present) this.deferred.push({ slot, write: writePointee });
  }

  /** Writes the pending pointees depth-first, patching each pointer slot with its referent id. */
  flush(): void {
    const queue = this.deferred;
    this.deferred = [];
    for (const d of queue) {
      this.setU32(d.slot, this.nextReferent);
      this.nextReferent += 4;
      d.write();
      this.flush();
    }
  }
}
