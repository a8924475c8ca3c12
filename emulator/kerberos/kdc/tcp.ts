/**
 * Kerberos over TCP (RFC 4120 7.2.2): each message is preceded by its length as 4 bytes, big
 * endian. Several requests may follow each other on one connection and arrive in any split.
 * The length's high bit is reserved for extensions nobody defined: as RFC 4120 says (and MIT's
 * krb5kdc does) such a length, or one above `tcpMaxMessage`, gets KRB_ERR_FIELD_TOOLONG and the
 * connection is closed. Memory per connection is bounded by that maximum.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { krbError } from '../error-codes.ts';
import type { KdcContext } from './context.ts';
import type { RequestMeta } from './exchange.ts';
import { buildKrbError } from './krb-error.ts';

/**
 * What the transport hands a message to (dispatch.ts `dispatchKdc`). `raw` is a view into the
 * transport's receive buffer, which nothing writes to; a handler that keeps it past the call
 * keeps that buffer alive (dispatchKdc keeps nothing: the decoder works on its own copy).
 */
export type KdcHandler = (raw: Uint8Array, meta: RequestMeta) => Uint8Array | undefined;

/** RFC 4120 7.2.2: the reserved high bit of the length prefix. */
const RESERVED_BIT = 0x80000000;

function frame(reply: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(4 + reply.length);
  out.writeUInt32BE(reply.length, 0);
  out.set(reply, 4);
  return out;
}

/**
 * A connection's RequestMeta. The peer address costs a getpeername call, so it is read when a
 * trace event or log first asks for it (while the request is handled, the socket still open).
 */
class TcpRequestMeta implements RequestMeta {
  readonly transport = 'tcp' as const;
  private address: string | undefined;

  private readonly socket: Socket;
  constructor(socket: Socket) {
    this.socket = socket;
  }

  get peer(): string {
    return (this.address ??= `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? 0}`);
  }
}

/**
 * Serves one connection: reassembles frames, answers each in order, closes on a bad length.
 * Nagle is off (the listener's `noDelay`, or setNoDelay for a socket handed in from elsewhere).
 */
export function serveTcpConnection(ctx: KdcContext, socket: Socket, handle: KdcHandler, noDelaySet = false): void {
  const meta = new TcpRequestMeta(socket);
  let buf: Buffer = Buffer.alloc(0);
  if (!noDelaySet) socket.setNoDelay(true);
  socket.setTimeout(ctx.config.tcpIdleTimeoutMs, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    while (buf.length >= 4) {
      const len = buf.readUInt32BE(0);
      if ((len & RESERVED_BIT) !== 0 || len > ctx.config.tcpMaxMessage) {
        const err = krbError('KRB_ERR_FIELD_TOOLONG', (len & RESERVED_BIT) !== 0 ? 'RESERVED LENGTH BIT SET' : `MESSAGE OF ${len} BYTES`);
        ctx.trace({ service: 'kdc', step: 'transport', exchange: 'transport', verdict: 'error', code: err.code, wire: err.wire, status: err.status, transport: 'tcp', peer: meta.peer, fact: (len & RESERVED_BIT) !== 0 ? 'the TCP length prefix has the reserved high bit set (RFC 4120 7.2.2)' : `the TCP length prefix announces ${len} bytes, over the limit of ${ctx.config.tcpMaxMessage}`, detail: { length: len } });
        socket.end(frame(buildKrbError(ctx, err)));
        buf = Buffer.alloc(0);
        socket.removeAllListeners('data');
        return;
      }
      if (buf.length < 4 + len) return;
      const raw = new Uint8Array(buf.buffer, buf.byteOffset + 4, len);
      buf = buf.subarray(4 + len);
      const reply = handle(raw, meta);
      if (reply && !socket.destroyed) socket.write(frame(reply));
    }
  });
}

/** A TCP listener (not yet listening) that serves every connection with `handle`. */
export function createKdcTcpServer(ctx: KdcContext, handle: KdcHandler): Server {
  const server = createServer({ noDelay: true }, (socket) => serveTcpConnection(ctx, socket, handle, true));
  server.maxConnections = ctx.config.tcpMaxConnections;
  return server;
}
