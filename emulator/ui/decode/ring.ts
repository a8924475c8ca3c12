/**
 * The decoded view's copy of recent events and their captures (trace/capture.ts), by the id the
 * page's event stream gave them: the last `maxEvents` events, and no more than `maxBytes` of
 * captured bytes and text (the oldest go first). Only the UI server holds one.
 */
import type { Capture } from '../../trace/capture.ts';
import type { TraceEvent } from '../../trace/trace.ts';

export const RING_MAX_EVENTS = 1000;
export const RING_MAX_BYTES = 4 * 1024 * 1024;

export interface RingEntry {
  readonly id: number;
  readonly event: TraceEvent;
  readonly capture?: Capture;
  readonly size: number;
}

/** A rough size of a capture: its byte arrays and strings (a bound, not an exact measure). */
export function captureSize(v: unknown, depth = 0): number {
  if (v instanceof Uint8Array) return v.length;
  if (typeof v === 'string') return v.length;
  if (depth > 10 || !v || typeof v !== 'object') return 8;
  let n = 16;
  for (const x of Object.values(v as Record<string, unknown>)) n += captureSize(x, depth + 1);
  return n;
}

export class CaptureRing {
  private readonly entries = new Map<number, RingEntry>();
  private bytes = 0;
  readonly maxEvents: number;
  readonly maxBytes: number;
  constructor(maxEvents = RING_MAX_EVENTS, maxBytes = RING_MAX_BYTES) {
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
  }

  add(id: number, event: TraceEvent, capture: Capture | undefined): void {
    const size = capture ? captureSize(capture) : 0;
    this.entries.set(id, { id, event, ...(capture ? { capture } : {}), size });
    this.bytes += size;
    for (const [oldest, e] of this.entries) {
      if (this.entries.size <= this.maxEvents && this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= e.size;
    }
  }

  get(id: number): RingEntry | undefined {
    return this.entries.get(id);
  }

  get size(): number {
    return this.entries.size;
  }

  get capturedBytes(): number {
    return this.bytes;
  }
}
