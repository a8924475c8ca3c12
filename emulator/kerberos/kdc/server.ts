/**
 * The KDC service: TCP and UDP on the same port number (88 with --standard-ports, 10088 by
 * default, 0 for tests: the TCP listener picks a free port and UDP binds the same number),
 * 127.0.0.1 unless told otherwise. Both transports hand messages to dispatch.ts, or to the
 * handler of another Kerberos-framed service on the same transports (kpasswd.ts).
 */
import type { Socket as UdpSocket } from 'node:dgram';
import type { Server, Socket } from 'node:net';
import { DEFAULT_BIND, type BoundAddress, type Service, type ServiceState } from '../../core/service.ts';
import type { KdcContext } from './context.ts';
import { dispatchKdc } from './dispatch.ts';
import { createKdcTcpServer, type KdcHandler } from './tcp.ts';
import { createKdcUdpSocket } from './udp.ts';

export interface KdcServerOptions {
  host?: string;
  /** 0 (default) picks a free port shared by TCP and UDP. */
  port?: number;
  /**
   * Another Kerberos-framed service on the same transports (kpasswd.ts): its name for the bound
   * addresses (`kpasswd/tcp`) and its handler instead of the KDC's dispatch.
   */
  service?: { readonly name: string; readonly handle: KdcHandler };
}

/** How often a port-0 start retries when UDP finds the TCP port's number taken. */
const PORT_ATTEMPTS = 8;

/** The KDC as a lab Service: start() binds TCP and UDP on one port, close() ends both and every connection. */
export class KdcServer implements Service {
  readonly name: string;
  private _state: ServiceState = 'new';
  private tcp?: Server;
  private udp?: UdpSocket;
  private readonly sockets = new Set<Socket>();
  private addresses: BoundAddress[] = [];

  readonly ctx: KdcContext;
  private readonly opts: KdcServerOptions;
  constructor(
    ctx: KdcContext,
    opts: KdcServerOptions = {},
  ) {
    this.ctx = ctx;
    this.opts = opts;
    this.name = opts.service?.name ?? 'kdc';
  }

  get state(): ServiceState {
    return this._state;
  }

  /** The port both transports listen on (after start). */
  get port(): number {
    return this.addresses[0]?.port ?? 0;
  }

  get host(): string {
    return this.opts.host ?? DEFAULT_BIND;
  }

  async start(): Promise<BoundAddress[]> {
    if (this._state !== 'new') throw new Error(`kdc: start() in state ${this._state}`);
    this._state = 'starting';
    const handle: KdcHandler = this.opts.service?.handle ?? ((raw, meta) => dispatchKdc(this.ctx, raw, meta));
    const wanted = this.opts.port ?? 0;
    let lastError: unknown;
    for (let attempt = 0; attempt < (wanted === 0 ? PORT_ATTEMPTS : 1); attempt++) {
      const tcp = createKdcTcpServer(this.ctx, handle);
      tcp.on('connection', (s: Socket) => {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
      });
      try {
        await new Promise<void>((resolve, reject) => {
          tcp.once('error', reject);
          tcp.listen(wanted, this.host, () => resolve());
        });
      } catch (err) {
        this._state = 'closed';
        throw err;
      }
      const port = (tcp.address() as { port: number }).port;
      const udp = createKdcUdpSocket(this.ctx, this.host, handle);
      try {
        await new Promise<void>((resolve, reject) => {
          udp.once('error', reject);
          udp.bind(port, this.host, () => resolve());
        });
      } catch (err) {
        lastError = err;
        await new Promise<void>((r) => tcp.close(() => r()));
        udp.close();
        continue;
      }
      this.tcp = tcp;
      this.udp = udp;
      this.addresses = [
        { name: `${this.name}/tcp`, protocol: 'tcp', host: this.host, port },
        { name: `${this.name}/udp`, protocol: 'udp', host: this.host, port },
      ];
      this._state = 'running';
      return this.addresses;
    }
    this._state = 'closed';
    throw lastError;
  }

  async close(): Promise<void> {
    if (this._state === 'closed' || this._state === 'closing') return;
    this._state = 'closing';
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await Promise.all([
      this.tcp ? new Promise<void>((r) => this.tcp!.close(() => r())) : Promise.resolve(),
      this.udp ? new Promise<void>((r) => this.udp!.close(() => r())) : Promise.resolve(),
    ]);
    this._state = 'closed';
  }
}

/** Starts a KDC for `ctx` on `opts` (port 0 by default); resolves once TCP and UDP listen. */
export async function startKdc(ctx: KdcContext, opts: KdcServerOptions = {}): Promise<KdcServer> {
  const s = new KdcServer(ctx, opts);
  await s.start();
  return s;
}
