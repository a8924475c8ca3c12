/**
 * What a call throws, for tests that assert on error codes (never on message text). Anything
 * other than the expected error class is rethrown, so an untyped failure fails the test.
 */
import { expect } from 'vitest';
import { DecodeError, KrbError } from '../../emulator/core/errors.ts';

/** Runs fn and returns the DecodeError it throws; fails the test on no error, another type or another code. */
export function expectDecodeError(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as DecodeError).code).toBe('DECODE_ERROR');
    return e as DecodeError;
  }
  throw new Error('expected a DecodeError, nothing was thrown');
}

/** The code and wire number of the KrbError fn throws; undefined when it returns. */
export function krbErrorOf(fn: () => unknown): { code: string; wire: number } | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof KrbError) return { code: e.code, wire: e.wire };
    throw e;
  }
  return undefined;
}
