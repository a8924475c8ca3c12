/**
 * The trace as the training page streams it: server-sent events, one `data:` line per trace
 * envelope (JSON), numbered with `id:`. A page that connects gets the recent events first (so a
 * sign-in made before it opened still draws), then each new one as the services emit it.
 */
import type { ServerResponse } from 'node:http';
import type { Capture } from '../trace/capture.ts';
import type { Trace, TraceEvent } from '../trace/trace.ts';

/** Told each event with the id the page knows it by and its capture (the decoded view's ring). */
export type StreamObserver = (id: number, e: TraceEvent, capture: Capture | undefined) => void;

export class TraceStream {
  private readonly recent: { id: number; line: string }[] = [];
  private readonly clients = new Set<ServerResponse>();
  private seq = 0;
  private readonly unsubscribe: () => void;
  private readonly keepAlive: NodeJS.Timeout;
  private readonly keep: number;

  private readonly observe: StreamObserver | undefined;

  constructor(trace: Trace, keep = 300, observe?: StreamObserver) {
    this.keep = keep;
    this.observe = observe;
    this.unsubscribe = trace.subscribe((e, capture) => this.push(e, capture));
    this.keepAlive = setInterval(() => {
      for (const c of this.clients) c.write(': keep-alive\n\n');
    }, 15_000);
    this.keepAlive.unref();
  }

  private push(e: TraceEvent, capture?: Capture): void {
    const id = ++this.seq;
    this.observe?.(id, e, capture);
    const line = JSON.stringify(e, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
    this.recent.push({ id, line });
    if (this.recent.length > this.keep) this.recent.shift();
    for (const c of this.clients) c.write(`id: ${id}\ndata: ${line}\n\n`);
  }

  /** Serves one SSE client: replays what it has not seen (Last-Event-ID), then streams. */
  attach(res: ServerResponse, lastEventId: number): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    for (const r of this.recent) if (r.id > lastEventId) res.write(`id: ${r.id}\ndata: ${r.line}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  close(): void {
    this.unsubscribe();
    clearInterval(this.keepAlive);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
