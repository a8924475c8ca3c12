import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { takeCapture, type Capture } from './capture.ts';

/**
 * Structured trace events: every service reports each step it takes and its verdict, with the
 * wire code and the scenario fact that decided it. Written as JSON lines to a file or a stream;
 * the CLI renders them. Events never carry passwords or keys.
 */
export interface TraceEvent {
  /** e.g. "dns", "ldap", "cldap", "kdc". */
  readonly service: string;
  /** Milliseconds since the epoch, from the lab's clock. */
  readonly t?: number;
  readonly [field: string]: unknown;
}

/** Services report plain objects; the trace stamps the service name and time. */
export type TraceSink = (e: object) => void;

export interface TraceOptions {
  /** Append JSON lines to this file. */
  file?: string;
  /** Also keep the last `keep` events in memory (tests, the device's diagnosis). */
  keep?: number;
  /** Write JSON lines to this stream too (e.g. process.stdout for `ctlab up --trace -`). */
  stream?: NodeJS.WritableStream;
  /** Called with every event as it is emitted (e.g. `ctlab up`'s readable lines). */
  onEvent?: (e: TraceEvent) => void;
}

export class Trace {
  private readonly buffer: TraceEvent[] = [];
  private readonly opts: TraceOptions;
  private readonly listeners = new Set<(e: TraceEvent, capture?: Capture) => void>();
  private capturing = false;
  constructor(opts: TraceOptions = {}) {
    this.opts = opts;
    if (opts.file) mkdirSync(dirname(opts.file), { recursive: true });
  }
  /** A sink for one service: stamps the service name and time on each event. */
  sink(service: string, now: () => number): TraceSink {
    return (e) => this.emit({ service, t: now(), ...(e as Record<string, unknown>) });
  }
  /**
   * Switches the message capture on or off (trace/capture.ts): while on, subscribers get each
   * event's capture beside it. Files, streams, `onEvent` and the kept events never carry it.
   */
  setCapture(on: boolean): void {
    this.capturing = on;
  }
  emit(e: TraceEvent): void {
    const capture = takeCapture(e, this.capturing && this.listeners.size > 0);
    const line = JSON.stringify(e, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
    if (this.opts.file) appendFileSync(this.opts.file, line + '\n');
    if (this.opts.stream) this.opts.stream.write(line + '\n');
    this.opts.onEvent?.(e);
    for (const l of this.listeners) l(e, capture);
    const keep = this.opts.keep ?? 0;
    if (keep > 0) {
      this.buffer.push(e);
      if (this.buffer.length > keep) this.buffer.shift();
    }
  }
  /**
   * Calls `listener` with every event from now on (e.g. the training page's stream), and its
   * capture while capturing is on; returns the unsubscribe.
   */
  subscribe(listener: (e: TraceEvent, capture?: Capture) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  /** The events kept in memory, oldest first. */
  events(): readonly TraceEvent[] {
    return this.buffer;
  }
}
