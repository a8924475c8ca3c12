/** A UDP client for the CLDAP tests: send one datagram, collect what comes back within a time. */
import dgram from 'node:dgram';

export class UdpClient {
  private readonly sock = dgram.createSocket('udp4');
  private readonly inbox: Buffer[] = [];
  private waiter?: () => void;
  private constructor() {
    this.sock.on('message', (m) => {
      this.inbox.push(m);
      this.waiter?.();
    });
  }
  static async open(): Promise<UdpClient> {
    const c = new UdpClient();
    await new Promise<void>((r) => c.sock.bind(0, '127.0.0.1', () => r()));
    return c;
  }
  send(b: Uint8Array, port: number): void {
    this.sock.send(b, port, '127.0.0.1');
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
  async exchange(b: Uint8Array, port: number, ms = 1000): Promise<Uint8Array | null> {
    this.inbox.length = 0;
    this.send(b, port);
    return this.next(ms);
  }
  close(): Promise<void> {
    return new Promise((r) => this.sock.close(() => r()));
  }
}
