/**
 * Kerberos over UDP (RFC 4120 7.2.1): one request per datagram, one reply per request. A reply
 * longer than `udpMaxReply` (Windows' MaxPacketSize default 1465) is replaced by
 * KRB_ERR_RESPONSE_TOO_BIG (52) so the client retries over TCP; dispatch does the replacement.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { KdcContext } from './context.ts';
import type { KdcHandler } from './tcp.ts';

/** A UDP socket (not yet bound) that answers every datagram with `handle`. */
export function createKdcUdpSocket(ctx: KdcContext, host: string, handle: KdcHandler): Socket {
  const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', reuseAddr: false });
  socket.on('message', (msg, rinfo) => {
    const raw = new Uint8Array(msg.buffer, msg.byteOffset, msg.length); // a view: see KdcHandler
    const reply = handle(raw, { transport: 'udp', peer: `${rinfo.address}:${rinfo.port}`, maxReply: ctx.config.udpMaxReply });
    if (reply) socket.send(reply, rinfo.port, rinfo.address);
  });
  // A failed send (the client went away) must not take the listener down.
  socket.on('error', () => {});
  return socket;
}
