/** Errors of the netlogon response codec (MS-ADTS 6.3.1). */
import { DecodeError, LabError } from '../../core/errors.ts';

/** A value the builder cannot write (a label longer than 63 bytes, an empty label, a bad address). */
export class NetlogonEncodeError extends LabError {
  readonly code = 'NETLOGON_ENCODE_ERROR';
  readonly field: string;
  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.field = field;
  }
}

/** A malformed or truncated netlogon response blob. */
export class NetlogonDecodeError extends DecodeError {}
