import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';

/** One received datagram: its bytes (a view of Node's buffer) and where it came from. */
export interface Datagram {
  readonly bytes: Uint8Array;
  readonly address: string;
  readonly port: number;
  /** `address:port`, for traces. */
  readonly peer: string;
}

/**
 * Binds a UDP socket on host:port (0 = a free port) that hands every datagram to `onDatagram`
 * with a `reply` that sends back to the peer. Resolves once bound; a bind error rejects and closes
 * the socket. After binding, socket errors (ICMP unreachable, a peer gone) are ignored so the
 * listener keeps serving.
 */
export function bindUdp(
  host: string,
  port: number,
  onDatagram: (d: Datagram, reply: (bytes: Uint8Array) => void) => void,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    const onError = (err: Error): void => {
      sock.close();
      reject(err);
    };
    sock.once('error', onError);
    sock.on('message', (msg, rinfo) => {
      const d: Datagram = {
        bytes: new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength),
        address: rinfo.address,
        port: rinfo.port,
        peer: `${rinfo.address}:${rinfo.port}`,
      };
      onDatagram(d, (bytes) => sock.send(bytes, rinfo.port, rinfo.address, () => undefined));
    });
    sock.bind({ port, address: host, exclusive: true }, () => {
      sock.off('error', onError);
      sock.on('error', () => undefined);
      resolve(sock);
    });
  });
}

/** Closes a bound socket; resolves when it is closed. */
export function closeUdp(sock: Socket): Promise<void> {
  return new Promise((resolve) => sock.close(() => resolve()));
}
