/**
 * Decode failures of LDAP PDUs. What the server needs to answer a malformed PDU (RFC 4511 4.1.1:
 * protocolError in the matching response, or a Notice of Disconnection) travels on the error:
 * the messageID and the [APPLICATION n] tag when they could still be read.
 */
import { DecodeError } from '../../core/errors.ts';

export class LdapDecodeError extends DecodeError {
  /** messageID of the broken PDU, when it was readable. */
  readonly messageId?: number;
  /** [APPLICATION n] tag of the protocolOp, when it was readable. */
  readonly opTag?: number;
  constructor(
    what: string,
    detail: string,
    
    messageId?: number,
    
    opTag?: number,
  ) {
    super(what, detail);
    this.messageId = messageId;
    this.opTag = opTag;
  }
}

/** The TCP stream cannot be split into PDUs any more (bad outer tag, bad or oversized length). */
export class LdapFramingError extends DecodeError {
  /** PDUs completed in the same push before the bad header: the caller still answers them. */
  frames: Uint8Array[] = [];
  constructor(detail: string, offset?: number) {
    super('LDAP framing', detail, offset);
  }
}
