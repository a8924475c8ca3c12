/**
 * Raw DNS transports: UDP datagrams and RFC 1035 4.2.2 length-framed TCP, bytes in and bytes out
 * (the resolver in resolver.ts and the tests that send malformed messages on purpose use them).
 * The server defaults to 127.0.0.1.
 */
import dgram from 'node:dgram';
import net from 'node:net';

/** Collects every datagram the server sends back; `next` waits for the next one (null on timeout). */
export class UdpProbe {
  private readonly sock: dgram.Socket;
  private readonly inbox: Uint8Array[] = [];
  private waiter?: (b: Uint8Array) => void;

  private readonly port: number;
  private readonly host: string;
  private constructor(port: number, host: string) {
    this.port = port;
    this.host = host;
    this.sock = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    this.sock.on('error', () => undefined);
    this.sock.on('message', (m) => {
      const b = new Uint8Array(m);
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(b);
      } else this.inbox.push(b);
    });
  }

  static async open(port: number, host = '127.0.0.1'): Promise<UdpProbe> {
    const p = new UdpProbe(port, host);
    // A loopback server gets a loopback client socket; any other is left to the routing table.
    await new Promise<void>((r) => (host.startsWith('127.') ? p.sock.bind(0, '127.0.0.1', () => r()) : p.sock.bind(0, () => r())));
    return p;
  }

  send(msg: Uint8Array): void {
    this.sock.send(msg, this.port, this.host);
  }

  next(timeoutMs = 2000): Promise<Uint8Array | null> {
    const queued = this.inbox.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiter = undefined;
        resolve(null);
      }, timeoutMs);
      this.waiter = (b) => {
        clearTimeout(t);
        resolve(b);
      };
    });
  }

  /** Sends and waits for the reply with the same id, skipping others. */
  async exchange(msg: Uint8Array, timeoutMs = 2000): Promise<Uint8Array | null> {
    this.send(msg);
    const id = (msg[0] << 8) | msg[1];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.next(Math.max(1, deadline - Date.now()));
      if (!r) return null;
      if (((r[0] << 8) | r[1]) === id) return r;
    }
  }

  close(): void {
    this.sock.close();
  }
}

/** One TCP connection; `send` frames a message, `next` returns the next whole reply frame. */
export class TcpProbe {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly frames: Uint8Array[] = [];
  private waiter?: () => void;
  closed = false;

  readonly sock: net.Socket;
  private constructor(sock: net.Socket) {
    this.sock = sock;
    sock.setNoDelay(true);
    sock.on('data', (d: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, d]);
      while (this.buffered.length >= 2 && this.buffered.length >= 2 + this.buffered.readUInt16BE(0)) {
        const len = this.buffered.readUInt16BE(0);
        this.frames.push(new Uint8Array(this.buffered.subarray(2, 2 + len)));
        this.buffered = this.buffered.subarray(2 + len);
      }
      this.waiter?.();
    });
    sock.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
    sock.on('error', () => undefined);
  }

  static open(port: number, host = '127.0.0.1'): Promise<TcpProbe> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ port, host }, () => resolve(new TcpProbe(s)));
      s.once('error', reject);
    });
  }

  send(msg: Uint8Array): void {
    const f = Buffer.alloc(2 + msg.length);
    f.writeUInt16BE(msg.length, 0);
    f.set(msg, 2);
    this.sock.write(f);
  }

  writeRaw(b: Uint8Array): void {
    this.sock.write(b);
  }

  async next(timeoutMs = 2000): Promise<Uint8Array | null> {
    const deadline = Date.now() + timeoutMs;
    while (!this.frames.length && !this.closed && Date.now() < deadline) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.max(1, deadline - Date.now()));
        this.waiter = () => {
          clearTimeout(t);
          this.waiter = undefined;
          r();
        };
      });
    }
    return this.frames.shift() ?? null;
  }

  close(): void {
    this.sock.destroy();
  }
}
