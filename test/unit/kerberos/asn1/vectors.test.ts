import { describe, expect, it } from 'vitest';
import * as k from '../../../../emulator/kerberos/asn1/index.ts';
import { expectDecodeError } from '../../../support/errors.ts';
import { codecFor, fromHex, hex, loadJson, reviveValue, timeOf } from './helpers.ts';

interface Vector {
  title: string;
  type: string;
  input: unknown;
  expected: string;
  reencoded?: string;
  valid: boolean;
}
interface VectorFile {
  title: string;
  source: string;
  vectors: Vector[];
}

/** Primitive vectors carry plain inputs; map them to our value conventions. */
function primitiveInput(v: Vector): unknown {
  if (v.type === 'KerberosTime') return timeOf(v.input as string);
  if (v.type === 'KerberosFlags') return parseInt(v.input as string, 16);
  if (v.type === 'OCTET STRING') return fromHex(v.input as string);
  return v.input;
}

for (const [file, toValue] of [
  ['test/vectors/rfc4120/primitives.json', primitiveInput],
  ['test/vectors/rfc4120/structures.json', (v: Vector) => reviveValue(v.input)],
] as const) {
  const data = loadJson<VectorFile>(file);
  describe(`${data.title} (${file})`, () => {
    for (const v of data.vectors) {
      it(`${v.valid ? 'valid' : 'invalid'}: ${v.title}`, () => {
        const codec = codecFor(v.type);
        const der = fromHex(v.expected);
        if (!v.valid) {
          expectDecodeError(() => k.decode(codec, der));
          return;
        }
        const value = toValue(v);
        const decoded = k.decode(codec, der);
        expect(decoded).toEqual(value);
        // Encoding the expected value gives the canonical DER (the input itself, or `reencoded`).
        expect(hex(k.encode(codec, value))).toBe(v.reencoded ?? v.expected);
        expect(hex(k.encode(codec, decoded))).toBe(v.reencoded ?? v.expected);
      });
    }
  });
}
