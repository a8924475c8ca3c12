/**
 * The one error the lab's clients (Kerberos, DNS, LDAP, CLDAP, the DC locator) throw for a
 * transport or protocol failure that is not a wire answer: a timeout, a refused or closed
 * connection, a reply that is not what the protocol allows. Wire answers (a KRB-ERROR, an RCODE,
 * an LDAP result code) are returned as data, never thrown. Tests and callers switch on `code`.
 */
import { LabError } from '../emulator/core/errors.ts';

export type ClientErrorCode =
  /** No reply within the time allowed. */
  | 'TIMEOUT'
  /** The peer refused the connection or the datagram (ECONNREFUSED, ICMP port unreachable). */
  | 'UNREACHABLE'
  /** The connection closed before a whole reply arrived. */
  | 'CLOSED'
  /** A reply arrived but is not one the protocol allows here. */
  | 'UNEXPECTED_REPLY'
  /** Bad input from the caller (a name too long for DNS, a port out of range). */
  | 'BAD_REQUEST';

export class ClientError extends LabError {
  readonly code: ClientErrorCode;
  /** Which client: 'kerberos', 'dns', 'ldap', 'cldap'. */
  readonly client: string;
  /** host:port the client talked to, when there was one. */
  readonly peer?: string;
  constructor(client: string, code: ClientErrorCode, message: string, opts: { peer?: string; cause?: unknown } = {}) {
    super(`${client}: ${message}${opts.peer ? ` (${opts.peer})` : ''}`, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.client = client;
    this.code = code;
    if (opts.peer !== undefined) this.peer = opts.peer;
  }
}

/** Maps a Node socket error to a ClientError code. */
export function socketErrorCode(err: NodeJS.ErrnoException): ClientErrorCode {
  switch (err.code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return 'UNREACHABLE';
    case 'ETIMEDOUT':
      return 'TIMEOUT';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'CLOSED';
    default:
      return 'UNREACHABLE';
  }
}
