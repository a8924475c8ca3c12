/**
 * The header-walking req-body extractor agrees with the asn1 layer's reqBodyBytes on every
 * request shape, falls back to it for forms it does not walk, and fails like it on garbage.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../../../emulator/core/errors.ts';
import { SeededRandom } from '../../../../../emulator/core/random.ts';
import { reqBodyBytes } from '../../../../../emulator/kerberos/asn1/index.ts';
import { tgsReqBodyBytes } from '../../../../../emulator/kerberos/kdc/tgs/req-body.ts';
import { buildAsReq } from '../../../../../clients/kerberos/index.ts';
import { flipByte } from '../../../../../test/support/tamper.ts';
import { domainTgt, spn, testKdc, tgsReq } from './fixture.ts';

describe('tgsReqBodyBytes', () => {
  const k = testKdc();
  const tgt = domainTgt(k, 'alice');
  const requests: [string, Uint8Array][] = [
    ['TGS-REQ with checksum', tgsReq(k, tgt, spn('cifs/fs1.fabrikam.local'))],
    ['TGS-REQ with key list and PAC request', tgsReq(k, tgt, spn('krbtgt/FABRIKAM.LOCAL'), { keyList: [23], pacRequest: true, checksum: false })],
    ['AS-REQ', buildAsReq({ cname: 'alice', realm: 'FABRIKAM.LOCAL', now: 0 })],
  ];

  for (const [title, raw] of requests) {
    it(`equals reqBodyBytes: ${title}`, () => {
      expect(tgsReqBodyBytes(raw)).toEqual(reqBodyBytes(raw));
    });
  }

  it('falls back to the full parser for an indefinite-length (BER) outer length', () => {
    const raw = requests[0][1];
    // Re-wrap [APPLICATION 12] with an indefinite length and end-of-contents octets.
    const inner = raw.subarray(raw[1] & 0x80 ? 2 + (raw[1] & 0x7f) : 2);
    const ber = new Uint8Array([0x6c, 0x80, ...inner, 0, 0]);
    expect(tgsReqBodyBytes(ber)).toEqual(reqBodyBytes(ber));
  });

  it('throws DecodeError (never anything else) on mutated input, or agrees with reqBodyBytes', () => {
    const rng = new SeededRandom('req-body');
    const raw = requests[0][1];
    for (let i = 0; i < 300; i++) {
      const at = rng.bytes(2);
      const m = flipByte(raw, (at[0] << 8) | at[1], 1 << (at[0] & 7));
      let ours: Uint8Array | DecodeError;
      let theirs: Uint8Array | DecodeError;
      try {
        ours = tgsReqBodyBytes(m);
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
        ours = e as DecodeError;
      }
      try {
        theirs = reqBodyBytes(m);
      } catch (e) {
        theirs = e as DecodeError;
      }
      if (ours instanceof Uint8Array && theirs instanceof Uint8Array) expect(ours).toEqual(theirs);
    }
  });
});
