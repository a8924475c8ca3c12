import { describe, expect, it } from 'vitest';
import { randomUuid, ScriptedRandom, SeededRandom, systemRandom } from '../../../emulator/core/random.ts';
import { FixedClock, skewedClock } from '../../../emulator/core/clock.ts';
import { concat, equalBytes, fromHex, hex } from '../../../emulator/core/bytes.ts';

describe('injected randomness', () => {
  it('a seeded source is deterministic and seed-dependent', () => {
    const a = new SeededRandom('lab').bytes(40);
    const b = new SeededRandom('lab').bytes(40);
    const c = new SeededRandom('other').bytes(40);
    expect(hex(a)).toBe(hex(b));
    expect(hex(a)).not.toBe(hex(c));
  });
  it('reads across block boundaries without repeating', () => {
    const r = new SeededRandom('x');
    const joined = concat(r.bytes(20), r.bytes(20));
    expect(hex(joined)).toBe(hex(new SeededRandom('x').bytes(40)));
  });
  it('a scripted source hands out exactly what it was given and refuses a wrong length', () => {
    const r = new ScriptedRandom([fromHex('0102'), fromHex('03')]);
    expect(hex(r.bytes(2))).toBe('0102');
    expect(() => r.bytes(2)).toThrow(RangeError);
  });
});

describe('randomUuid', () => {
  it('formats 16 injected bytes as a version 4, variant 10 UUID (RFC 9562 5.4)', () => {
    const id = randomUuid(new ScriptedRandom([fromHex('00112233445566778899aabbccddeeff')]));
    // byte 6 0x66 -> 0x46 (version 4), byte 8 0x88 -> 0x88 (variant bits 10 kept)
    expect(id).toBe('00112233-4455-4677-8899-aabbccddeeff');
    expect(randomUuid(new ScriptedRandom([fromHex('ffffffffffffffffffffffffffffffff')]))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(randomUuid(new SeededRandom('s'))).toBe(randomUuid(new SeededRandom('s')));
  });
});

describe('system randomness', () => {
  it('pooled small requests and large ones are fresh, never repeated, never aliased', () => {
    const seen = new Set<string>();
    const outs: Uint8Array[] = [];
    // Enough 32-byte requests to run through the 4 KiB pool several times.
    for (let i = 0; i < 600; i++) {
      const b = systemRandom.bytes(i % 50 === 0 ? 1000 : 32);
      expect(b.length).toBe(i % 50 === 0 ? 1000 : 32);
      seen.add(hex(b));
      outs.push(b);
    }
    expect(seen.size).toBe(600);
    const first = hex(outs[1]);
    systemRandom.bytes(4096);
    outs[2].fill(0); // a caller scribbling on its bytes does not touch anyone else's
    expect(hex(outs[1])).toBe(first);
    expect(systemRandom.bytes(0).length).toBe(0);
    expect(() => systemRandom.bytes(-1)).toThrow(RangeError);
  });
});

describe('clock and bytes', () => {
  it('skewed clock follows its base', () => {
    const base = new FixedClock(1_000);
    const skew = skewedClock(base, -300);
    base.advance(50);
    expect(skew.now()).toBe(750);
  });
  it('fromHex rejects odd and non-hex input', () => {
    expect(() => fromHex('abc')).toThrow(RangeError);
    expect(() => fromHex('zz')).toThrow(RangeError);
    expect(equalBytes(fromHex('00ff'), new Uint8Array([0, 255]))).toBe(true);
    expect(equalBytes(fromHex('00ff'), new Uint8Array([0, 254]))).toBe(false);
  });
});
