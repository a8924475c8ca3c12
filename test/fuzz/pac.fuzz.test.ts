import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../emulator/core/bytes.ts';
import { DecodeError } from '../../emulator/core/errors.ts';
import { SeededRandom } from '../../emulator/core/random.ts';
import {
  buildSignedPac,
  decodeAttributesInfo,
  decodeClientInfo,
  decodeLogonInfo,
  decodePac,
  decodePacType,
  decodeRequestor,
  decodeSignatureData,
  decodeUpnDnsInfo,
  verifyPac,
} from '../../emulator/kerberos/pac/index.ts';

/** Bounded and seeded: fixed iteration counts, SeededRandom, so a failure replays exactly. */
const ITERATIONS = 4000;

class Fuzz {
  private readonly rng: SeededRandom;
  constructor(seed: string) {
    this.rng = new SeededRandom(seed);
  }
  int(n: number): number {
    const b = this.rng.bytes(4);
    return (((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0) % n;
  }
  bytes(n: number): Uint8Array {
    return this.rng.bytes(n);
  }
  /** Bit flips, byte overwrites, interesting 32-bit values, truncation, insertion, deletion. */
  mutate(src: Uint8Array): Uint8Array {
    let b = src.slice();
    const edits = 1 + this.int(4);
    for (let e = 0; e < edits && b.length > 0; e++) {
      const at = this.int(b.length);
      switch (this.int(6)) {
        case 0: b[at] ^= 1 << this.int(8); break;
        case 1: b[at] = this.int(256); break;
        case 2: {
          const v = [0, 1, 0x7fffffff, 0xffffffff, 0x8000, 0x00020000, 15, 16][this.int(8)];
          for (let i = 0; i < 4 && at + i < b.length; i++) b[at + i] = (v >>> (8 * i)) & 0xff;
          break;
        }
        case 3: b = b.slice(0, at); break;
        case 4: b = Uint8Array.from([...b.subarray(0, at), ...this.bytes(1 + this.int(8)), ...b.subarray(at)]); break;
        default: b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1 + this.int(8))]); break;
      }
    }
    return b;
  }
}

function returnsOrDecodeError(fn: () => unknown): 'ok' | 'error' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return 'error';
  }
}

const vector = (f: string) => JSON.parse(readFileSync(new URL(`../vectors/ms-pac/${f}`, import.meta.url), 'utf8')).input.pacHex as string;
const serverKey = { etype: 18, bytes: new Uint8Array(32).fill(1) };
const kdcKey = { etype: 23, bytes: new Uint8Array(16).fill(2) };
const built = buildSignedPac(
  {
    samAccountName: 'fuzz', netbiosDomainName: 'D', dnsDomainName: 'd.test', logonServer: 'DC', domainSid: 'S-1-5-21-1-2-3',
    userRid: 1105, groups: [1106], extraSids: ['S-1-18-1'], resourceGroups: { domainSid: 'S-1-5-21-4-5-6', groups: [1200] },
    userAccountControl: 0x10, authTime: 0, pacAttributes: 1, requestor: true,
  },
  { serverKey, kdcKey, rodcIdentifier: 9, fullChecksum: true, ticketSigningData: new Uint8Array(1) },
);
const seeds = [
  built,
  fromHex(vector('samba-saved-pac-rc4.json')),
  fromHex(vector('gokrb5-ad-pac-aes256.json')),
  fromHex(vector('mit-t_pac-s4u-aes256.json')),
  fromHex(vector('ms-pac-section3-example.json')),
];

describe('PAC decoders under random and mutated input', () => {
  it('decodePac / decodePacType / verifyPac return or throw DecodeError', () => {
    const f = new Fuzz('pac-fuzz-1');
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < ITERATIONS; i++) {
      const input = i % 5 === 0 ? f.bytes(f.int(300)) : f.mutate(seeds[i % seeds.length]);
      outcomes[returnsOrDecodeError(() => decodePacType(input))]++;
      outcomes[returnsOrDecodeError(() => decodePac(input))]++;
      returnsOrDecodeError(() => verifyPac(input, { serverKey, kdcKey, ticketSigningData: new Uint8Array(1) }));
    }
    // Both paths were exercised: some mutants still parse, most do not.
    expect(outcomes.ok).toBeGreaterThan(100);
    expect(outcomes.error).toBeGreaterThan(100);
  });

  it('each buffer decoder returns or throws DecodeError on mutants of real buffers', () => {
    const f = new Fuzz('pac-fuzz-2');
    const decoders: Record<number, (b: Uint8Array) => unknown> = {
      1: decodeLogonInfo, 10: decodeClientInfo, 12: decodeUpnDnsInfo, 0x11: decodeAttributesInfo,
      0x12: decodeRequestor, 6: decodeSignatureData, 7: decodeSignatureData, 0x10: decodeSignatureData, 0x13: decodeSignatureData,
    };
    const samples = seeds.flatMap((s) => decodePacType(s)).filter((b) => decoders[b.type]);
    expect(new Set(samples.map((s) => s.type)).size).toBe(9);
    let errors = 0;
    for (let i = 0; i < ITERATIONS * 2; i++) {
      const s = samples[i % samples.length];
      const input = i % 7 === 0 ? f.bytes(f.int(64)) : f.mutate(s.data);
      if (returnsOrDecodeError(() => decoders[s.type](input)) === 'error') errors++;
    }
    expect(errors).toBeGreaterThan(100);
  });
});
