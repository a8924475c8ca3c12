/**
 * Splits a TCP byte stream into LDAPMessage PDUs (RFC 4511 section 5.1: BER, definite lengths).
 * Handles partial reads and several PDUs per chunk; refuses an outer tag other than SEQUENCE,
 * indefinite or over-long length fields and PDUs above `maxMessageSize` (LdapFramingError), so a
 * peer cannot make the server buffer without bound.
 */
import { LdapFramingError } from './errors.ts';

/** AD's MaxReceiveBuffer default is 10 MB; the lab is far below that. */
export const DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;

export class LdapFramer {
  private buf = new Uint8Array(0);
  readonly maxMessageSize: number;
  constructor(maxMessageSize: number = DEFAULT_MAX_MESSAGE_SIZE) {
    this.maxMessageSize = maxMessageSize;
  }

  /** Bytes held back waiting for the rest of a PDU. */
  get pending(): number {
    return this.buf.length;
  }

  /**
   * Feeds a chunk; returns every PDU it completes (each a copy). Throws LdapFramingError, whose
   * `frames` holds the PDUs completed before the bad one; the framer is unusable afterwards.
   */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.buf.length === 0) this.buf = chunk.slice();
    else {
      const n = new Uint8Array(this.buf.length + chunk.length);
      n.set(this.buf, 0);
      n.set(chunk, this.buf.length);
      this.buf = n;
    }
    const out: Uint8Array[] = [];
    let at = 0;
    for (;;) {
      let size: number | undefined;
      try {
        size = this.frameSize(at);
      } catch (e) {
        if (e instanceof LdapFramingError) e.frames = out;
        this.buf = new Uint8Array(0);
        throw e;
      }
      if (size === undefined || at + size > this.buf.length) break;
      out.push(this.buf.slice(at, at + size));
      at += size;
    }
    this.buf = this.buf.slice(at);
    return out;
  }

  /** Total size of the PDU starting at `at`, or undefined when the header is not complete yet. */
  private frameSize(at: number): number | undefined {
    const b = this.buf;
    if (at >= b.length) return undefined;
    if (b[at] !== 0x30) throw new LdapFramingError(`PDU starts with tag 0x${b[at].toString(16)}, not SEQUENCE`, at);
    if (at + 1 >= b.length) return undefined;
    const first = b[at + 1];
    let len: number;
    let header: number;
    if (first < 0x80) {
      len = first;
      header = 2;
    } else {
      const n = first & 0x7f;
      if (n === 0) throw new LdapFramingError('indefinite length', at + 1);
      if (n > 4) throw new LdapFramingError(`length of ${n} octets`, at + 1);
      if (at + 2 + n > b.length) return undefined;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + b[at + 2 + i];
      header = 2 + n;
    }
    if (header + len > this.maxMessageSize) throw new LdapFramingError(`PDU of ${header + len} bytes exceeds ${this.maxMessageSize}`, at);
    return header + len;
  }
}
