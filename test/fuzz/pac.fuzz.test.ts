import { describe, expect, it } from 'vitest';
import { fromHex } from '../../emulator/core/bytes.ts';
import { DecodeError } from '../../emulator/core/errors.ts';
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
import { loadVectorFile } from '../support/vectors.ts';
import { bitFlip, deleteRun, FuzzRng, insertBytes, mutate, randomByte, setUint32LE, truncate } from '../support/mutate.ts';

/** Bounded and seeded: fixed iteration counts, SeededRandom, so a failure replays exactly. */
const ITERATIONS = 4000;

/** Bit flips, byte overwrites, interesting 32-bit values, truncation, insertion, deletion. */
const MUTATORS = [bitFlip, randomByte, setUint32LE([0, 1, 0x7fffffff, 0xffffffff, 0x8000, 0x00020000, 15, 16]), truncate, insertBytes(8), deleteRun(8)];

function returnsOrDecodeError(fn: () => unknown): 'ok' | 'error' {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return 'error';
  }
}

const vector = (f: string) => loadVectorFile(`test/vectors/ms-pac/${f}`).input.pacHex as string;
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
    const f = new FuzzRng('pac-fuzz-1');
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < ITERATIONS; i++) {
      const input = i % 5 === 0 ? f.bytes(f.int(300)) : mutate(f, seeds[i % seeds.length], MUTATORS, 4);
      outcomes[returnsOrDecodeError(() => decodePacType(input))]++;
      outcomes[returnsOrDecodeError(() => decodePac(input))]++;
      returnsOrDecodeError(() => verifyPac(input, { serverKey, kdcKey, ticketSigningData: new Uint8Array(1) }));
    }
    // Both paths were exercised: some mutants still parse, most do not.
    expect(outcomes.ok).toBeGreaterThan(100);
    expect(outcomes.error).toBeGreaterThan(100);
  });

  it('each buffer decoder returns or throws DecodeError on mutants of real buffers', () => {
    const f = new FuzzRng('pac-fuzz-2');
    const decoders: Record<number, (b: Uint8Array) => unknown> = {
      1: decodeLogonInfo, 10: decodeClientInfo, 12: decodeUpnDnsInfo, 0x11: decodeAttributesInfo,
      0x12: decodeRequestor, 6: decodeSignatureData, 7: decodeSignatureData, 0x10: decodeSignatureData, 0x13: decodeSignatureData,
    };
    const samples = seeds.flatMap((s) => decodePacType(s)).filter((b) => decoders[b.type]);
    expect(new Set(samples.map((s) => s.type)).size).toBe(9);
    let errors = 0;
    for (let i = 0; i < ITERATIONS * 2; i++) {
      const s = samples[i % samples.length];
      const input = i % 7 === 0 ? f.bytes(f.int(64)) : mutate(f, s.data, MUTATORS, 4);
      if (returnsOrDecodeError(() => decoders[s.type](input)) === 'error') errors++;
    }
    expect(errors).toBeGreaterThan(100);
  });
});
