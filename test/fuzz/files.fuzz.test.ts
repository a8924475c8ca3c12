import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../emulator/core/errors.ts';
import { SeededRandom } from '../../emulator/core/random.ts';
import {
  TKT_FLG,
  decodeCcache,
  decodeKeytab,
  encodeCcache,
  encodeKeytab,
  type Ccache,
  type KeytabEntry,
} from '../../emulator/kerberos/files/index.ts';

// Bounded, seeded fuzz: random and mutated keytabs and ccaches either decode or fail with
// DecodeError; nothing else (RangeError, TypeError, out-of-memory) may escape a decoder.
const ITERATIONS = 1500;

function outcome(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof DecodeError ? 'DecodeError' : `untyped ${(e as Error)?.name}: ${(e as Error)?.message}`;
  }
}

function mutate(rng: SeededRandom, original: Uint8Array): Uint8Array {
  let b = original;
  const edits = 1 + (rng.bytes(1)[0] % 6);
  for (let e = 0; e < edits; e++) {
    const [op, x, y, z] = rng.bytes(4);
    const at = ((x << 8) | y) % (b.length + 1);
    switch (op % 5) {
      case 0: // flip a bit
        if (b.length) {
          b = b.slice();
          b[at % b.length] ^= 1 << (z % 8);
        }
        break;
      case 1: // truncate
        b = b.slice(0, at);
        break;
      case 2: // insert random bytes
        b = new Uint8Array([...b.subarray(0, at), ...rng.bytes(1 + (z % 16)), ...b.subarray(at)]);
        break;
      case 3: // overwrite a 4-byte field with an extreme length or count
        if (b.length >= 4) {
          b = b.slice();
          const v = [0xffffffff, 0x7fffffff, 0x80000000, 0, 0xffff, 0x10000][z % 6];
          new DataView(b.buffer).setUint32(Math.min(at, b.length - 4), v);
        }
        break;
      default: // delete a range
        b = new Uint8Array([...b.subarray(0, at), ...b.subarray(Math.min(b.length, at + 1 + (z % 8)))]);
    }
  }
  return b;
}

const KEYTAB: KeytabEntry[] = [
  { principal: { nameType: 1, components: ['alice'], realm: 'CONTOSO.COM' }, timestamp: 1_700_000_000, kvno: 2, enctype: 18, key: new Uint8Array(32).fill(1) },
  { principal: { nameType: 2, components: ['krbtgt', 'CONTOSO.COM'], realm: 'CONTOSO.COM' }, timestamp: 5, kvno: (30775 << 16) | 1, enctype: 23, key: new Uint8Array(16).fill(2) },
];

const alice = { nameType: 1, components: ['alice'], realm: 'CONTOSO.COM' };
const CCACHE: Ccache = {
  kdcTimeOffset: { seconds: 1, microseconds: 2 },
  defaultPrincipal: alice,
  credentials: [
    {
      client: alice,
      server: { nameType: 2, components: ['krbtgt', 'CONTOSO.COM'], realm: 'CONTOSO.COM' },
      key: { enctype: 18, value: new Uint8Array(32).fill(3) },
      authtime: 10, starttime: 10, endtime: 20, renewTill: 30, isSkey: false,
      ticketFlags: TKT_FLG.FORWARDABLE | TKT_FLG.INITIAL,
      addresses: [{ addrType: 2, address: new Uint8Array([127, 0, 0, 1]) }],
      authdata: [{ adType: 1, data: new Uint8Array([0x30, 0]) }],
      ticket: new Uint8Array([0x61, 3, 0x30, 1, 0]),
      secondTicket: new Uint8Array(0),
    },
  ],
};

const CASES = [
  { name: 'keytab', decode: decodeKeytab, valid: encodeKeytab(KEYTAB), magic: [5, 2] },
  { name: 'ccache v4', decode: decodeCcache, valid: encodeCcache(CCACHE), magic: [5, 4] },
  { name: 'ccache v3', decode: decodeCcache, valid: encodeCcache({ ...CCACHE, version: 3, kdcTimeOffset: undefined }), magic: [5, 3] },
];

describe('fuzz: file decoders', () => {
  for (const c of CASES) {
    it(`${c.name}: random bytes behind a valid version`, () => {
      const rng = new SeededRandom(`fuzz-files-random-${c.name}`);
      for (let i = 0; i < ITERATIONS; i++) {
        const body = rng.bytes(rng.bytes(1)[0] % 160);
        const input = new Uint8Array([...c.magic, ...body]);
        expect(['ok', 'DecodeError']).toContain(outcome(() => c.decode(input)));
      }
    });

    it(`${c.name}: mutations of a valid file`, () => {
      const rng = new SeededRandom(`fuzz-files-mutate-${c.name}`);
      let decoded = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        const r = outcome(() => c.decode(mutate(rng, c.valid)));
        expect(['ok', 'DecodeError']).toContain(r);
        if (r === 'ok') decoded++;
      }
      // The mutator must leave both outcomes reachable, or the test checks nothing.
      expect(decoded).toBeGreaterThan(0);
      expect(decoded).toBeLessThan(ITERATIONS);
    });
  }

  it('fully random inputs (any version bytes)', () => {
    const rng = new SeededRandom('fuzz-files-any');
    for (let i = 0; i < ITERATIONS; i++) {
      const input = rng.bytes(rng.bytes(1)[0] % 64);
      expect(['ok', 'DecodeError']).toContain(outcome(() => decodeKeytab(input)));
      expect(['ok', 'DecodeError']).toContain(outcome(() => decodeCcache(input)));
    }
  });
});
