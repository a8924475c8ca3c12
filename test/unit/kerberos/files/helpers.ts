import { DecodeError } from '../../../../emulator/core/errors.ts';

/**
 * What a keytab/ccache codec call does: 'no error', the code of the DecodeError a decoder throws,
 * or 'RangeError' (what the encoders throw for values the format cannot hold). Anything else is
 * rethrown and fails the test.
 */
export function codeOf(f: () => unknown): string {
  try {
    f();
    return 'no error';
  } catch (e) {
    if (e instanceof DecodeError) return e.code;
    if (e instanceof RangeError) return 'RangeError';
    throw e;
  }
}
