import { fromHex } from '../../../../emulator/core/bytes.ts';
import { loadVectorFile } from '../../../support/vectors.ts';

/** A vector file of test/vectors/ms-pac/ by name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadVector(name: string): any {
  return loadVectorFile(`test/vectors/ms-pac/${name}`);
}

export const h = fromHex;

export function keyOf(k: { etype: number; hex: string }) {
  return { etype: k.etype, bytes: fromHex(k.hex) };
}
