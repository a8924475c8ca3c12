/**
 * One request, one reply, over UDP or TCP, with a deadline: what `ctlab health` needs to ask a
 * service whether it answers. TCP replies are read until `complete` says a whole reply arrived.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { isIPv6 } from 'node:net';

export interface Target {
  host: string;
  port: number;
}

/** Sends one datagram and resolves with the first datagram back; rejects on timeout or error. */
export function udpExchange(t: Target, request: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(isIPv6(t.host) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => finish(new Error(`no reply within ${timeoutMs} ms`)), timeoutMs);
    const finish = (err: Error | null, reply?: Uint8Array) => {
      clearTimeout(timer);
      sock.close();
      if (err) reject(err);
      else resolve(reply!);
    };
    sock.once('error', (err) => finish(err));
    sock.once('message', (msg) => finish(null, new Uint8Array(msg)));
    sock.send(request, t.port, t.host);
  });
}

/**
 * Connects, writes `request` (already framed; nothing for a connect-only probe) and collects bytes
 * until `complete(bytes)` is true. With no request, resolves as soon as the connection is accepted.
 */
export function tcpExchange(
  t: Target,
  request: Uint8Array | undefined,
  complete: (received: Uint8Array) => boolean,
  timeoutMs: number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: t.host, port: t.port });
    let received = new Uint8Array(0);
    const timer = setTimeout(() => finish(new Error(`no complete reply within ${timeoutMs} ms`)), timeoutMs);
    const finish = (err: Error | null) => {
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(received);
    };
    sock.once('error', (err) => finish(err));
    sock.once('connect', () => {
      if (!request) finish(null);
      else sock.write(request);
    });
    sock.on('data', (chunk: Buffer) => {
      const next = new Uint8Array(received.length + chunk.length);
      next.set(received, 0);
      next.set(chunk, received.length);
      received = next;
      if (complete(received)) finish(null);
    });
    sock.once('end', () => finish(complete(received) ? null : new Error(`connection closed after ${received.length} bytes`)));
  });
}

/** A 2-byte (DNS) or 4-byte (Kerberos, kpasswd) big-endian length prefix. */
export function lengthPrefixed(body: Uint8Array, prefixBytes: 2 | 4): Uint8Array {
  const out = new Uint8Array(prefixBytes + body.length);
  const view = new DataView(out.buffer);
  if (prefixBytes === 2) view.setUint16(0, body.length);
  else view.setUint32(0, body.length);
  out.set(body, prefixBytes);
  return out;
}

/** The body of a length-prefixed reply once all of it has arrived, else undefined. */
export function unprefixed(received: Uint8Array, prefixBytes: 2 | 4): Uint8Array | undefined {
  if (received.length < prefixBytes) return undefined;
  const view = new DataView(received.buffer, received.byteOffset, received.byteLength);
  const n = prefixBytes === 2 ? view.getUint16(0) : view.getUint32(0);
  return received.length >= prefixBytes + n ? received.subarray(prefixBytes, prefixBytes + n) : undefined;
}
