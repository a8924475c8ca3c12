import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../emulator/core/bytes.ts';
import { LdapFramer, LdapFramingError } from '../../../../emulator/ldap/codec/index.ts';

const unbind = fromHex('30050201034200');
// A 300-byte PDU: long-form length 82 01 28 (296 content bytes).
const long = fromHex('30820128' + '04820124' + '61'.repeat(292));

describe('LdapFramer (RFC 4511 5.1 definite-length PDUs)', () => {
  it('returns several PDUs from one chunk', () => {
    const f = new LdapFramer();
    const both = new Uint8Array([...unbind, ...unbind, ...long]);
    const out = f.push(both);
    expect(out.map((p) => p.length)).toEqual([7, 7, 300]);
    expect(f.pending).toBe(0);
  });
  it('reassembles a PDU delivered one byte at a time, including the length octets', () => {
    const f = new LdapFramer();
    const got: Uint8Array[] = [];
    for (const b of long) got.push(...f.push(new Uint8Array([b])));
    expect(got).toHaveLength(1);
    expect(hex(got[0])).toBe(hex(long));
  });
  it('keeps the tail of a split second PDU', () => {
    const f = new LdapFramer();
    expect(f.push(new Uint8Array([...unbind, ...unbind.subarray(0, 3)]))).toHaveLength(1);
    expect(f.pending).toBe(3);
    const rest = f.push(unbind.subarray(3));
    expect(rest.map(hex)).toEqual([hex(unbind)]);
  });
  it('refuses a PDU above the maximum size as soon as its length is known', () => {
    const f = new LdapFramer(100);
    expect(() => f.push(fromHex('3082ffff'))).toThrow(LdapFramingError);
  });
  it('refuses a non-SEQUENCE start, indefinite length and 5-octet lengths', () => {
    expect(() => new LdapFramer().push(fromHex('0401'))).toThrow(LdapFramingError);
    expect(() => new LdapFramer().push(fromHex('3080'))).toThrow(LdapFramingError);
    expect(() => new LdapFramer().push(fromHex('3085'))).toThrow(LdapFramingError);
  });
  it('a framing error still hands over the PDUs completed before it', () => {
    const f = new LdapFramer();
    let err: unknown;
    try {
      f.push(new Uint8Array([...unbind, ...unbind, 0x04, 0x00]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LdapFramingError);
    expect((err as LdapFramingError).frames.map(hex)).toEqual([hex(unbind), hex(unbind)]);
  });
  it('an oversized PDU exactly at the limit passes', () => {
    expect(new LdapFramer(300).push(long)).toHaveLength(1);
    expect(() => new LdapFramer(299).push(long)).toThrow(LdapFramingError);
  });
});
