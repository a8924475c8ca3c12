import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../../emulator/core/errors.ts';
import * as k from '../../../../emulator/kerberos/asn1/index.ts';
import { fromHex } from './helpers.ts';
import * as s from './samples.ts';

function decodeError(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error('expected a DecodeError');
}

/** A definite-length DER header for `len` content octets. */
function header(tag: number, len: number): number[] {
  if (len < 0x80) return [tag, len];
  const b: number[] = [];
  for (let n = len; n > 0; n = Math.floor(n / 256)) b.unshift(n % 256);
  return [tag, 0x80 | b.length, ...b];
}

describe('decoder limits', () => {
  it('rejects input over MAX_MESSAGE_BYTES before parsing', () => {
    const len = k.MAX_MESSAGE_BYTES;
    const big = Uint8Array.from([...header(0x04, len), ...new Uint8Array(len)]);
    expect(big.length).toBeGreaterThan(k.MAX_MESSAGE_BYTES);
    expect(decodeError(() => k.decode(k.OctetString, big)).offset).toBe(0);
    // Just under the limit is fine.
    const ok = Uint8Array.from([...header(0x04, len - 8), ...new Uint8Array(len - 8)]);
    expect(k.decode(k.OctetString, ok)).toHaveLength(len - 8);
  });

  it('rejects a length field that claims more than is there (no allocation of the claimed size)', () => {
    for (const h of ['3084ffffffff', '6a84ffffffff3000', '04847fffffff00', '3088ffffffffffffffff', '30', '3081', '']) {
      decodeError(() => k.decodeAsReq(fromHex(h)));
    }
  });

  it('rejects deep nesting', () => {
    const depth = 200;
    const deep = new Uint8Array(depth * 2);
    for (let i = 0; i < depth; i++) deep.set([0x30, 0x80], i * 2);
    decodeError(() => k.decodeKerberosMessage(Uint8Array.of(0x6a, 0x80, ...deep)));
    decodeError(() => k.decode(k.PrincipalName, deep));
  });

  it('rejects element counts over the SEQUENCE OF bound', () => {
    const n = 65; // MAX_ETYPES is 64
    const body = { ...s.reqBody, etype: Array.from({ length: n }, () => 18) };
    expect(() => k.encodeKdcReqBody(body)).toThrow(RangeError);
    // Build the over-long list by hand: 65 x 02 01 12 inside the [8] SEQUENCE OF.
    const okDer = k.encodeKdcReqBody({ ...s.reqBody, etype: [18] });
    const hexStr = Buffer.from(okDer).toString('hex');
    const etypes = Array.from({ length: n }, () => '020112').join('');
    const seqOf = Buffer.from([...header(0x30, n * 3)]).toString('hex') + etypes;
    const wrapped = Buffer.from(header(0xa8, seqOf.length / 2)).toString('hex') + seqOf;
    const inner = hexStr.replace(/^30(81..|82....|..)/, '').replace('a8053003020112', wrapped);
    const der = Buffer.from([...header(0x30, inner.length / 2)]).toString('hex') + inner;
    const e = decodeError(() => k.decodeKdcReqBody(fromHex(der)));
    expect(e.what).toBe('KDC-REQ-BODY.etype');
  });

  it('rejects too many TLVs overall', () => {
    // 9000 empty OCTET STRINGs in one SEQUENCE OF: over MAX_NODES (8192) though under 64 KiB.
    const kids = new Uint8Array(9000 * 2);
    for (let i = 0; i < 9000; i++) kids.set([0x04, 0x00], i * 2);
    decodeError(() => k.decode(k.sequenceOf(k.OctetString, { max: 100000 }), Uint8Array.from([...header(0x30, kids.length), ...kids])));
  });

  it('rejects non-Uint8Array input with DecodeError', () => {
    decodeError(() => k.decodeAsReq('6a00' as unknown as Uint8Array));
    decodeError(() => k.decodeKerberosMessage(undefined as unknown as Uint8Array));
  });

  it('every truncation of a valid message fails with DecodeError', () => {
    const der = k.encodeTgsReq(s.tgsReq);
    for (let n = 0; n < der.length; n++) decodeError(() => k.decodeTgsReq(der.subarray(0, n)));
  });
});
