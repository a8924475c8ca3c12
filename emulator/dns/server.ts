/**
 * The DNS service: UDP and TCP listeners on one port (RFC 1035 4.2, RFC 7766 for TCP: two-octet
 * length prefix, pipelined queries, replies possibly out of order, idle timeout), each message
 * handed to handler.ts. Faults add a delay or suppress the reply; every message yields one event.
 *
 * Transport is node:dgram / node:net rather than dns2's servers: those run dns2's Packet.parse on
 * every message before the application sees it, which blocks the event loop for seconds on a
 * crafted packet, swallows section errors (no FORMERR possible) and closes TCP connections on any
 * parse error. See wire.ts.
 */
import type dgram from 'node:dgram';
import net from 'node:net';
import { DEFAULT_BIND, localDefaultPorts, type BoundAddress, type Service, type ServiceState } from '../core/service.ts';
import { ServiceStateError } from '../core/errors.ts';
import { bindUdp, closeUdp } from '../core/udp.ts';
import { DnsFaults, type DnsFaultRule } from './faults.ts';
import { handleMessage, type DnsEvent, type HandleResult, type Transport } from './handler.ts';
import { ZoneIndex } from './lookup.ts';
import { locatorRecords, type LocatorPorts, type LocatorSource } from './records.ts';
import type { ZoneData } from './rr.ts';
import { encodeResponse } from './encode.ts';
import { withCapture } from '../trace/capture.ts';
import { dnsEnvelope } from './trace.ts';
import { decodeHeader, HEADER_BYTES, RCODE } from './wire.ts';

export interface DnsServerOptions {
  /** The directory model (or anything with its domain and DCs). */
  readonly directory: LocatorSource;
  /** Ports the SRV records advertise: where the lab's KDC, LDAP, GC and kpasswd listen. */
  readonly ports: LocatorPorts;
  /** Listen address; default 127.0.0.1. */
  readonly bind?: string;
  /** Listen port for UDP and TCP; default 10053; 0 picks a free port (the same one for both). */
  readonly port?: number;
  readonly faults?: readonly DnsFaultRule[];
  /** Scenario file name for fault errors. */
  readonly faultSource?: string;
  /** Called once per received message, after the reply (if any) is sent or scheduled. */
  readonly onEvent?: (e: DnsEvent) => void;
  /** Zones and records served beside the locator data (the Entra host names, dns/hosts.ts). */
  readonly extra?: ZoneData;
  /** TCP idle timeout (RFC 7766 6.2.3); default 10 s. */
  readonly tcpIdleTimeoutMs?: number;
}

export interface DnsServer extends Service {
  /** Bound listeners once started (`dns/udp`, `dns/tcp`), empty before. */
  readonly addresses: readonly BoundAddress[];
  /** The zone data being served. */
  readonly zones: ZoneIndex;
}

/** Queries one TCP connection may have in flight before reading pauses. */
const MAX_TCP_IN_FLIGHT = 32;
const PORT_RETRIES = 10;

export function createDnsServer(opts: DnsServerOptions): DnsServer {
  return new DnsServerImpl(opts);
}

class DnsServerImpl implements DnsServer {
  readonly name = 'dns';
  readonly zones: ZoneIndex;
  private _state: ServiceState = 'new';
  private _addresses: BoundAddress[] = [];
  private readonly faults: DnsFaults;
  private udp?: dgram.Socket;
  private tcp?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private readonly opts: DnsServerOptions;
  constructor(opts: DnsServerOptions) {
    this.opts = opts;
    const locator = locatorRecords(opts.directory, opts.ports);
    this.zones = new ZoneIndex(opts.extra ? { zones: [...locator.zones, ...opts.extra.zones], records: [...locator.records, ...opts.extra.records] } : locator);
    this.faults = new DnsFaults(opts.faults ?? [], opts.faultSource);
  }

  get state(): ServiceState {
    return this._state;
  }

  get addresses(): readonly BoundAddress[] {
    return this._addresses;
  }

  async start(): Promise<BoundAddress[]> {
    if (this._state !== 'new') throw new ServiceStateError(`dns: start() in state ${this._state}`);
    this._state = 'starting';
    const host = this.opts.bind ?? DEFAULT_BIND;
    const wanted = this.opts.port ?? localDefaultPorts().dns;
    try {
      for (let attempt = 0; ; attempt++) {
        const udp = await this.listenUdp(host, wanted);
        const port = udp.address().port;
        try {
          this.tcp = await this.listenTcp(host, port);
          this.udp = udp;
          break;
        } catch (err) {
          await new Promise<void>((r) => udp.close(() => r()));
          // With a random port, the TCP side may be taken: try another pair.
          if (wanted !== 0 || attempt >= PORT_RETRIES || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        }
      }
    } catch (err) {
      this._state = 'closed';
      throw err;
    }
    const port = this.udp.address().port;
    this._addresses = [
      { name: 'dns/udp', protocol: 'udp', host, port },
      { name: 'dns/tcp', protocol: 'tcp', host, port },
    ];
    this._state = 'running';
    return [...this._addresses];
  }

  async close(): Promise<void> {
    if (this._state === 'closed' || this._state === 'new') {
      this._state = 'closed';
      return;
    }
    if (this._state === 'closing') return;
    this._state = 'closing';
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const udp = this.udp;
    const tcp = this.tcp;
    await Promise.all([
      udp ? closeUdp(udp) : undefined,
      tcp ? new Promise<void>((r) => tcp.close(() => r())) : undefined,
    ]);
    this._state = 'closed';
  }

  // ------------------------------------------------------------------------------------------

  /** The result, its event carrying the query and reply bytes as the training page's capture (trace/capture.ts). */
  private handle(msg: Uint8Array, transport: Transport, peer: string): HandleResult {
    const r = this.answer(msg, transport, peer);
    return { ...r, event: withCapture({ ...r.event }, () => ({ kind: 'dns', query: msg, reply: r.reply })) };
  }

  private answer(msg: Uint8Array, transport: Transport, peer: string): HandleResult {
    try {
      return handleMessage(msg, transport, this.zones, this.faults);
    } catch {
      // A bug, not the client's fault: SERVFAIL when the header allows a reply.
      const base = { service: 'dns' as const, transport, answers: 0, truncated: false, peer };
      if (msg.length < HEADER_BYTES) return { reply: null, delayMs: 0, event: { ...base, kind: 'malformed', rcode: null } };
      const h = decodeHeader(msg);
      const bytes = encodeResponse({ id: h.id, opcode: h.opcode, aa: false, rd: h.rd, rcode: RCODE.SERVFAIL }, HEADER_BYTES).bytes;
      return { reply: bytes, delayMs: 0, event: { ...base, kind: 'query', id: h.id, rcode: 'SERVFAIL' } };
    }
  }

  /** Sends now or after the fault delay; the event follows the send. */
  private dispatch(result: HandleResult, peer: string, send: (b: Uint8Array) => void): void {
    const done = (): void => {
      if (result.reply && this._state === 'running') send(result.reply);
      this.emit({ ...result.event, peer });
    };
    if (result.delayMs > 0 && result.reply) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        done();
      }, result.delayMs);
      this.timers.add(t);
    } else done();
  }

  private emit(e: DnsEvent): void {
    try {
      this.opts.onEvent?.(dnsEnvelope(e));
    } catch {
      // A faulty observer must not take the server down.
    }
  }

  private listenUdp(host: string, port: number): Promise<dgram.Socket> {
    return bindUdp(host, port, (d, reply) => this.dispatch(this.handle(d.bytes, 'udp', d.peer), d.peer, reply));
  }

  private listenTcp(host: string, port: number): Promise<net.Server> {
    return new Promise((resolve, reject) => {
      const server = net.createServer({ allowHalfOpen: true }, (sock) => this.onConnection(sock));
      server.once('error', reject);
      server.listen({ port, host, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', () => undefined);
        resolve(server);
      });
    });
  }

  /** RFC 7766: length-prefixed messages, pipelined; the connection ends when idle or after the peer's FIN. */
  private onConnection(sock: net.Socket): void {
    if (this._state !== 'running') {
      sock.destroy();
      return;
    }
    this.sockets.add(sock);
    sock.setNoDelay(true);
    const peer = `${sock.remoteAddress}:${sock.remotePort}`;
    let buffered: Buffer = Buffer.alloc(0);
    let inFlight = 0;
    let peerEnded = false;
    const maybeEnd = (): void => {
      if (peerEnded && inFlight === 0 && !sock.destroyed) sock.end();
    };
    sock.setTimeout(this.opts.tcpIdleTimeoutMs ?? 10_000, () => sock.destroy());
    sock.on('error', () => sock.destroy());
    sock.on('close', () => this.sockets.delete(sock));
    sock.on('end', () => {
      peerEnded = true;
      maybeEnd();
    });
    sock.on('data', (chunk: Buffer) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      while (buffered.length >= 2) {
        const len = buffered.readUInt16BE(0);
        if (buffered.length < 2 + len) break;
        const msg = new Uint8Array(buffered.subarray(2, 2 + len));
        buffered = buffered.subarray(2 + len);
        inFlight++;
        if (inFlight >= MAX_TCP_IN_FLIGHT) sock.pause();
        const result = this.handle(msg, 'tcp', peer);
        const finish = (): void => {
          inFlight--;
          if (inFlight < MAX_TCP_IN_FLIGHT && sock.isPaused()) sock.resume();
          maybeEnd();
        };
        if (!result.reply) {
          this.emit({ ...result.event, peer });
          finish();
          continue;
        }
        this.dispatch(result, peer, (b) => {
          if (!sock.destroyed && sock.writable) {
            const frame = Buffer.alloc(2 + b.length);
            frame.writeUInt16BE(b.length, 0);
            frame.set(b, 2);
            sock.write(frame);
          }
          finish();
        });
      }
    });
  }
}
