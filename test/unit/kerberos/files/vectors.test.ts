import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../emulator/core/bytes.ts';
import {
  decodeCcache,
  decodeKeytab,
  encodeCcache,
  encodeKeytab,
  type Ccache,
  type KeytabEntry,
} from '../../../../emulator/kerberos/files/index.ts';
import { loadVectorFile } from '../../../support/vectors.ts';
import { codeOf } from './helpers.ts';

interface Vector {
  title: string;
  valid: boolean;
  direction: 'both' | 'decode';
  input: unknown;
  expected: unknown;
}

function load(name: string): Vector[] {
  return loadVectorFile<{ vectors: Vector[] }>(`test/vectors/mit-formats/${name}`).vectors;
}

type J = Record<string, any>;

function keytabFromJson(entries: J[]): KeytabEntry[] {
  return entries.map((e) => ({ ...e, key: fromHex(e.key) }) as KeytabEntry);
}

function ccacheFromJson(cc: J): Ccache {
  return {
    ...cc,
    credentials: (cc.credentials as J[]).map((c) => ({
      ...c,
      key: { enctype: c.key.enctype, value: fromHex(c.key.value) },
      addresses: (c.addresses as J[]).map((a) => ({ addrType: a.addrType, address: fromHex(a.address) })),
      authdata: (c.authdata as J[]).map((a) => ({ adType: a.adType, data: fromHex(a.data) })),
      ticket: fromHex(c.ticket),
      secondTicket: fromHex(c.secondTicket),
    })),
  } as Ccache;
}

describe('keytab vectors (test/vectors/mit-formats/keytab.json)', () => {
  for (const v of load('keytab.json')) {
    it(v.title, () => {
      if (!v.valid) {
        expect(codeOf(() => decodeKeytab(fromHex(v.input as string)))).toBe(v.expected);
        return;
      }
      if (v.direction === 'both') {
        const entries = keytabFromJson(v.input as J[]);
        const bytes = encodeKeytab(entries);
        expect(hex(bytes)).toBe((v.expected as string).replace(/\s+/g, ''));
        expect(decodeKeytab(bytes)).toEqual(entries);
      } else {
        expect(decodeKeytab(fromHex(v.input as string))).toEqual(keytabFromJson(v.expected as J[]));
      }
    });
  }
});

describe('ccache vectors (test/vectors/mit-formats/ccache.json)', () => {
  for (const v of load('ccache.json')) {
    it(v.title, () => {
      if (!v.valid) {
        expect(codeOf(() => decodeCcache(fromHex(v.input as string)))).toBe(v.expected);
        return;
      }
      const cc = ccacheFromJson(v.input as J);
      const bytes = encodeCcache(cc);
      expect(hex(bytes)).toBe((v.expected as string).replace(/\s+/g, ''));
      expect(decodeCcache(bytes)).toEqual(cc);
    });
  }
});
