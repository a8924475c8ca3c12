/**
 * One TCP connection: frames the byte stream, decodes each PDU, runs its handler, writes the
 * responses in order, the messages of one reply (and the replies to the PDUs of one chunk) in one
 * write; the listener turns Nagle off (server.ts), as the KDC does. A malformed PDU gets protocolError in its response type (or a Notice of
 * Disconnection when that cannot be known) and the connection is closed; other connections are
 * not affected. Responses sent by the client, a framing error or an oversized PDU also end it.
 */
import type { Socket } from 'node:net';
import {
  LDAP_RESULT,
  LdapFramer,
  decodeMessage,
  encodeMessage,
  malformedReply,
  noticeOfDisconnection,
  peekHeader,
  LdapDecodeError,
  LdapFramingError,
  type LdapMessage,
} from './codec/index.ts';
import { DIAG } from './diagnostics.ts';
import { handle, type ConnectionState, type HandlerContext, type LdapEvent } from './handlers.ts';
import { PagedSearches } from './paging.ts';
import type { RandomSource } from '../core/random.ts';
import { ldapEnvelope } from './trace.ts';
import type { Logger } from '../core/log.ts';

export interface ConnectionOptions {
  readonly id: number;
  readonly maxMessageSize: number;
  readonly random: RandomSource;
  /** Builds the per-operation context (fresh clock reading each time). */
  readonly context: () => HandlerContext;
  readonly onEvent?: (e: LdapEvent) => void;
  readonly log?: Logger;
  /** AD's MaxConnIdleTime (900 s): an idle connection is dropped. */
  readonly idleTimeoutMs?: number;
}

export class LdapConnection {
  private readonly framer: LdapFramer;
  private readonly state: ConnectionState;
  private closed = false;

  private readonly socket: Socket;
  private readonly opts: ConnectionOptions;
  constructor(
    socket: Socket,
    opts: ConnectionOptions,
  ) {
    this.socket = socket;
    this.opts = opts;
    this.framer = new LdapFramer(opts.maxMessageSize);
    this.state = {
      id: opts.id,
      ...(socket.remoteAddress ? { remoteAddress: socket.remoteAddress } : {}),
      ...(socket.localAddress ? { localAddress: socket.localAddress } : {}),
      bound: undefined,
      paging: new PagedSearches(opts.random),
    };
    socket.setTimeout(opts.idleTimeoutMs ?? 900_000, () => this.destroy());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.destroy());
    socket.on('close', () => {
      this.closed = true;
    });
  }

  get remoteAddress(): string | undefined {
    return this.state.remoteAddress;
  }

  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private emit(listener: 'ldap' | 'gc', e: Omit<LdapEvent, 'listener' | 'connection'>): void {
    try {
      this.opts.onEvent?.(ldapEnvelope({ listener, connection: this.state.id, ...e }));
    } catch (err) {
      this.opts.log?.warn('onEvent callback threw', { error: String(err) });
    }
  }

  private endWith(bytes: Uint8Array): void {
    this.closed = true;
    this.socket.end(bytes);
    // Do not wait forever for a peer that never reads.
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    let pdus: Uint8Array[];
    let broken = false;
    try {
      pdus = this.framer.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (e) {
      // Answer what arrived intact before the bad header, then disconnect.
      pdus = e instanceof LdapFramingError ? e.frames : [];
      broken = true;
    }
    // The replies to every PDU of this chunk leave in one write (cork until the loop is done).
    this.socket.cork();
    try {
      for (const pdu of pdus) {
        if (this.closed) break;
        this.onPdu(pdu);
      }
    } finally {
      if (!this.socket.destroyed) this.socket.uncork();
    }
    if (this.closed) return;
    if (broken) {
      this.emit(this.opts.context().listener, { messageId: 0, op: 'malformed', dn: '', resultCode: LDAP_RESULT.protocolError, entries: 0 });
      this.endWith(noticeOfDisconnection({ resultCode: LDAP_RESULT.protocolError, matchedDN: '', diagnosticMessage: DIAG.malformed }));
    }
  }

  private onPdu(pdu: Uint8Array): void {
    const ctx = this.opts.context();
    let msg: LdapMessage;
    try {
      msg = decodeMessage(pdu);
    } catch (e) {
      const head = e instanceof LdapDecodeError ? e : peekHeader(pdu);
      this.emit(ctx.listener, { messageId: head.messageId ?? 0, op: 'malformed', dn: '', resultCode: LDAP_RESULT.protocolError, entries: 0 });
      this.endWith(malformedReply(e, DIAG.malformed));
      return;
    }
    const reply = handle(ctx, this.state, msg);
    if (!reply) {
      // A response PDU (or an op without a handler) from the client: RFC 4511 4.1.1 protocolError.
      this.emit(ctx.listener, { messageId: msg.messageId, op: msg.protocolOp.op, dn: '', resultCode: LDAP_RESULT.protocolError, entries: 0 });
      this.endWith(noticeOfDisconnection({ resultCode: LDAP_RESULT.protocolError, matchedDN: '', diagnosticMessage: DIAG.malformed }));
      return;
    }
    this.emit(ctx.listener, { messageId: msg.messageId, op: msg.protocolOp.op, ...reply.event });
    // One buffer per reply (every SearchResultEntry and the SearchResultDone): with Nagle off, one
    // segment train instead of a write per message.
    const encoded = reply.messages.map(encodeMessage);
    if (encoded.length === 1) this.socket.write(encoded[0]);
    else if (encoded.length > 1) this.socket.write(Buffer.concat(encoded));
    if (reply.close) {
      this.closed = true;
      this.socket.end();
    }
  }
}
