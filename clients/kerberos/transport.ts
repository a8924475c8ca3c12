/**
 * Sending one Kerberos message to a KDC (RFC 4120 7.2): over TCP with the 4-byte big-endian length
 * prefix (7.2.2), or as one UDP datagram (7.2.1). Failures that are not a KDC answer (no reply,
 * refused, closed early) throw ClientError with a code; a KRB-ERROR is a reply like any other.
 */
import { createSocket } from 'node:dgram';
import { isIPv6, connect } from 'node:net';
import { ClientError, socketErrorCode } from '../errors.ts';

/** RFC 4120 7.2.2: the high bit of the length is reserved; the lab accepts replies up to this. */
export const MAX_TCP_REPLY = 1 << 24;

function peerOf(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Sends one framed message over a fresh TCP connection and reads one framed reply. */
export function sendTcp(host: string, port: number, msg: Uint8Array, timeoutMs = 5000): Promise<Uint8Array> {
  const peer = peerOf(host, port);
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port, noDelay: true });
    const chunks: Buffer[] = [];
    let got = 0;
    let settled = false;
    const finish = (err: ClientError | undefined, reply?: Uint8Array): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = setTimeout(() => finish(new ClientError('kerberos', 'TIMEOUT', `no reply over TCP within ${timeoutMs} ms`, { peer })), timeoutMs);
    sock.on('connect', () => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(msg.length);
      sock.write(Buffer.concat([len, msg]));
    });
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      if (got < 4) return;
      const all = Buffer.concat(chunks, got);
      const want = all.readUInt32BE(0);
      if (want > MAX_TCP_REPLY) {
        finish(new ClientError('kerberos', 'UNEXPECTED_REPLY', `TCP reply length ${want} is over ${MAX_TCP_REPLY}`, { peer }));
        return;
      }
      if (all.length >= 4 + want) finish(undefined, new Uint8Array(all.subarray(4, 4 + want)));
    });
    sock.on('error', (e: NodeJS.ErrnoException) => finish(new ClientError('kerberos', socketErrorCode(e), `TCP: ${e.code ?? e.message}`, { peer, cause: e })));
    sock.on('close', () => finish(new ClientError('kerberos', 'CLOSED', 'the KDC closed the TCP connection before a whole reply', { peer })));
  });
}

/** Sends one datagram and waits for one reply. */
export function sendUdp(host: string, port: number, msg: Uint8Array, timeoutMs = 2000): Promise<Uint8Array> {
  const peer = peerOf(host, port);
  return new Promise((resolve, reject) => {
    const sock = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    let settled = false;
    const finish = (err: ClientError | undefined, reply?: Uint8Array): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.close();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = setTimeout(() => finish(new ClientError('kerberos', 'TIMEOUT', `no reply over UDP within ${timeoutMs} ms`, { peer })), timeoutMs);
    sock.on('message', (m) => finish(undefined, new Uint8Array(m)));
    sock.on('error', (e: NodeJS.ErrnoException) => finish(new ClientError('kerberos', socketErrorCode(e), `UDP: ${e.code ?? e.message}`, { peer, cause: e })));
    sock.send(msg, port, host);
  });
}
