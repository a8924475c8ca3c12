import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../../emulator/core/errors.ts';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { parseWithAsn1js, toAsn1jsBlock } from '../../../../emulator/kerberos/asn1/asn1js-bridge.ts';
import { MAX_DEPTH, MAX_NODES, toBytes } from '../../../../emulator/kerberos/asn1/der.ts';
import * as k from '../../../../emulator/kerberos/asn1/index.ts';
import { integerContent } from '../../../../emulator/kerberos/asn1/primitives.ts';
import { scanDer } from '../../../../emulator/kerberos/asn1/tlv-scan.ts';
import { fromHex, hex, loadJson } from './helpers.ts';
import { SAMPLES } from './samples.ts';

// The DER fast path (tlv-scan.ts) and our DER writer replace asn1js on the common path; asn1js
// stays the reference. Whatever the fast path accepts, asn1js must accept with the same tree;
// whatever we encode, asn1js must encode to the same bytes.

const mit = loadJson<{ vectors: { input: string }[] }>('test/vectors/captures/mit-kinit-as-exchange.json').vectors.map((v) => fromHex(v.input));
const seeds = [...SAMPLES.map(([, codec, value]) => k.encode(codec, value)), ...mit];

function viaAsn1js(b: Uint8Array): ReturnType<typeof parseWithAsn1js> | 'rejected' {
  try {
    return parseWithAsn1js(b, 'test');
  } catch (e) {
    if (e instanceof DecodeError) return 'rejected';
    throw e;
  }
}

function mutate(rng: SeededRandom, seed: Uint8Array): Uint8Array {
  const r = (n: number) => rng.bytes(1)[0] % n;
  let out = seed.slice();
  for (let i = 0, rounds = 1 + r(3); i < rounds && out.length > 0; i++) {
    const at = (rng.bytes(2)[0] * 256 + rng.bytes(1)[0]) % out.length;
    switch (r(5)) {
      case 0:
        out[at] ^= 1 << r(8);
        break;
      case 1:
        out[at] = [0x00, 0x01, 0x1f, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff][r(9)];
        break;
      case 2:
        out[at] = (out[at] + (r(2) ? 1 : 255)) & 0xff;
        break;
      case 3:
        out = out.slice(0, at);
        break;
      default:
        out = Uint8Array.from([...out.subarray(0, at), ...rng.bytes(1 + r(3)), ...out.subarray(at)]);
    }
  }
  return out;
}

describe('DER fast path against asn1js', () => {
  it('gives the same tree as asn1js on every valid message', () => {
    for (const b of seeds) {
      const fast = scanDer(b, MAX_DEPTH, MAX_NODES);
      expect(fast, hex(b.subarray(0, 8))).toBeDefined();
      expect(fast).toEqual(viaAsn1js(b));
    }
  });

  it('accepts only what asn1js accepts, with the same tree (seeded mutants)', () => {
    const rng = new SeededRandom('der-fast-path');
    const tally = { fast: 0, declined: 0, declinedButValid: 0 };
    for (let i = 0; i < 4000; i++) {
      const b = mutate(rng, seeds[i % seeds.length]);
      if (b.length === 0) continue;
      const fast = scanDer(b, MAX_DEPTH, MAX_NODES);
      const slow = viaAsn1js(b);
      if (fast === undefined) {
        tally.declined++;
        if (slow !== 'rejected') tally.declinedButValid++;
        continue;
      }
      tally.fast++;
      expect(slow, hex(b)).not.toBe('rejected');
      expect(fast).toEqual(slow);
    }
    // Both paths get exercised: mutants the fast path frames, and ones it leaves to asn1js
    // although asn1js takes them (BER forms, other universal types).
    expect(tally.fast).toBeGreaterThan(400);
    expect(tally.declined).toBeGreaterThan(400);
    expect(tally.declinedButValid).toBeGreaterThan(20);
  });

  it('leaves BER forms to asn1js: an indefinite-length message still decodes to the same value', () => {
    const der = k.encodeKdcReqBody(SAMPLES.find(([n]) => n.startsWith('KDC-REQ-BODY'))![2] as k.KdcReqBody);
    // Outer SEQUENCE re-framed as 30 80 ... 00 00.
    const header = der[1] < 0x80 ? 2 : 2 + (der[1] & 0x7f);
    const ber = Uint8Array.from([0x30, 0x80, ...der.subarray(header), 0, 0]);
    expect(scanDer(ber, MAX_DEPTH, MAX_NODES)).toBeUndefined();
    expect(k.decodeKdcReqBody(ber)).toEqual(k.decodeKdcReqBody(der));
  });

  it('declines at the depth bound rather than recursing past it', () => {
    const deep = new Uint8Array(2 * (MAX_DEPTH + 5));
    for (let i = 0; i < MAX_DEPTH + 5; i++) deep.set([0x30, 2 * (MAX_DEPTH + 4 - i)], 2 * i);
    expect(scanDer(deep, MAX_DEPTH, MAX_NODES)).toBeUndefined();
    expect(viaAsn1js(deep)).toBe('rejected');
  });
});

describe('DER writer against asn1js', () => {
  it('encodes every sample exactly as asn1js toBER does', () => {
    for (const [name, codec, value] of SAMPLES) {
      const block = codec.toAsn(value, codec.asnName);
      expect(hex(toBytes(block)), name).toBe(hex(new Uint8Array(toAsn1jsBlock(block).toBER(false))));
    }
  });

  it('writes long-form lengths as asn1js does (128 B to 64 KiB contents)', () => {
    for (const n of [0, 1, 127, 128, 255, 256, 65535, 65536]) {
      const block = k.OctetString.toAsn(new Uint8Array(n).fill(7), 'x');
      const ours = toBytes(block);
      expect(hex(ours.subarray(0, 8))).toBe(hex(new Uint8Array(new asn1js.OctetString({ valueHex: new Uint8Array(n).fill(7) }).toBER(false)).subarray(0, 8)));
      expect(ours.length).toBe(block.size);
    }
  });
});

describe('primitive fast paths', () => {
  it('KerberosString: ASCII and UTF-8, short and long, give the UTF-8 bytes; a lone surrogate is refused', () => {
    for (const s of ['', 'alice', 'a'.repeat(64), 'a'.repeat(65), 'Zoë', '日本語', 'x😀y', `${'a'.repeat(63)}é`]) {
      const der = k.encode(k.KerberosString, s);
      expect(hex(der.subarray(der[1] < 0x80 ? 2 : 3))).toBe(Buffer.from(s, 'utf8').toString('hex'));
      expect(k.decode(k.KerberosString, der)).toBe(s);
    }
    expect(() => k.encode(k.KerberosString, 'a\uD800b')).toThrow(RangeError);
    // Invalid UTF-8 (a lone continuation byte) is a DecodeError, not a replacement character.
    expect(() => k.decode(k.KerberosString, Uint8Array.of(0x1b, 0x02, 0x61, 0x80))).toThrow(DecodeError);
  });

  it('INTEGER content octets are minimal two\'s complement (X.690 8.3.2) across the range', () => {
    const ref = (v: number) => {
      // Reference: BigInt two's complement, shortest form.
      let n = 1;
      while (BigInt(v) < -(1n << BigInt(8 * n - 1)) || BigInt(v) >= 1n << BigInt(8 * n - 1)) n++;
      const u = (BigInt(v) + (1n << BigInt(8 * n))) % (1n << BigInt(8 * n));
      return u.toString(16).padStart(2 * n, '0');
    };
    for (const v of [0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 0x7fffffff, -0x80000000, 0xffffffff, 2 ** 40 + 5, -(2 ** 40)]) {
      expect(hex(integerContent(v))).toBe(ref(v));
      expect(hex(k.encode(k.UInt32, Math.max(0, Math.min(0xffffffff, v))).subarray(2))).toBe(ref(Math.max(0, Math.min(0xffffffff, v))));
      expect(hex(k.encode(k.Int32, Math.max(-0x80000000, Math.min(0x7fffffff, v))).subarray(2))).toBe(ref(Math.max(-0x80000000, Math.min(0x7fffffff, v))));
    }
  });
});
