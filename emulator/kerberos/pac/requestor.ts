import { sidFromBytes } from '../../directory/ids.ts';
import { sidBytes } from './ndr/types.ts';

/**
 * MS-PAC 2.15 PAC_REQUESTOR (buffer type 0x12): the SID of the client the ticket was issued to,
 * as a binary SID (MS-DTYP 2.4.2.2), not NDR.
 */
export interface PacRequestor {
  sid: string;
}

export function encodeRequestor(v: PacRequestor): Uint8Array {
  return sidBytes(v.sid).slice();
}

/** DecodeError("SID") when the bytes are not exactly one SID. */
export function decodeRequestor(bytes: Uint8Array): PacRequestor {
  return { sid: sidFromBytes(bytes) };
}
