import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { DecodeError } from '../../../../emulator/core/errors.ts';
import { fromHex } from '../../../../emulator/core/bytes.ts';

/** Runs fn and returns the DecodeError it throws; fails the test on no error or another error type. */
export function decodeErrorOf(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    expect((e as DecodeError).code).toBe('DECODE_ERROR');
    return e as DecodeError;
  }
  throw new Error('expected a DecodeError, nothing was thrown');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadVector(name: string): any {
  return JSON.parse(readFileSync(new URL(`../../../vectors/ms-pac/${name}`, import.meta.url), 'utf8'));
}

export const h = fromHex;

export function keyOf(k: { etype: number; hex: string }) {
  return { etype: k.etype, bytes: fromHex(k.hex) };
}
