/**
 * A UDP socket for CLDAP (RFC 1798 / MS-ADTS 6.3.3): send one datagram, collect what comes back
 * within a time. cldap.ts builds the LDAP ping on it; tests send raw datagrams with it. An optional
 * local address lets a client act from a chosen address (its subnet decides its AD site).
 */
import dgram from 'node:dgram';

export class UdpClient {
  private readonly sock = dgram.createSocket('udp4');
  private readonly inbox: Buffer[] = [];
  private waiter?: () => void;
  private host = '127.0.0.1';
  private constructor() {
    this.sock.on('error', () => undefined);
    this.sock.on('message', (m) => {
      this.inbox.push(m);
      this.waiter?.();
    });
  }
  /** A socket on `localAddress` that sends to `host` (default 127.0.0.1). */
  static async open(opts: { host?: string; localAddress?: string } = {}): Promise<UdpClient> {
    const c = new UdpClient();
    c.host = opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      c.sock.once('error', reject);
      const done = () => {
        c.sock.off('error', reject);
        resolve();
      };
      // Default: a loopback socket for a loopback peer, else the address the routing table picks.
      const local = opts.localAddress ?? (c.host.startsWith('127.') ? '127.0.0.1' : undefined);
      if (local === undefined) c.sock.bind(0, done);
      else c.sock.bind(0, local, done);
    });
    return c;
  }
  send(b: Uint8Array, port: number, host: string = this.host): void {
    this.sock.send(b, port, host);
  }
  /** The next datagram, or null after `ms`. */
  async next(ms = 1000): Promise<Uint8Array | null> {
    if (this.inbox.length === 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    const m = this.inbox.shift();
    return m ? new Uint8Array(m) : null;
  }
  /** Sends and waits for the reply. */
  async exchange(b: Uint8Array, port: number, ms = 1000, host: string = this.host): Promise<Uint8Array | null> {
    this.inbox.length = 0;
    this.send(b, port, host);
    return this.next(ms);
  }
  close(): Promise<void> {
    return new Promise((r) => this.sock.close(() => r()));
  }
}
