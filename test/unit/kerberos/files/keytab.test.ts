import { describe, expect, it } from 'vitest';
import { decodeKeytab, encodeKeytab, type KeytabEntry } from '../../../../emulator/kerberos/files/index.ts';
import { codeOf } from './helpers.ts';

const key = (n: number, fill: number) => new Uint8Array(n).fill(fill);

const ENTRIES: KeytabEntry[] = [
  { principal: { nameType: 1, components: ['alice'], realm: 'CONTOSO.COM' }, timestamp: 1_700_000_000, kvno: 2, enctype: 18, key: key(32, 1) },
  { principal: { nameType: 2, components: ['krbtgt', 'CONTOSO.COM'], realm: 'CONTOSO.COM' }, timestamp: 0, kvno: 300, enctype: 17, key: key(16, 2) },
  // RODC krbtgt kvno: RODC number in the high 16 bits.
  { principal: { nameType: 2, components: ['krbtgt_30775'], realm: 'CONTOSO.COM' }, timestamp: 0xffffffff, kvno: (30775 << 16) | 1, enctype: 23, key: key(16, 3) },
  { principal: { nameType: -130, components: ['ü@contoso.com'], realm: 'CONTOSO.COM' }, timestamp: 1, kvno: 0xffffffff, enctype: 18, key: key(32, 4) },
  { principal: { nameType: 1, components: [], realm: '' }, timestamp: 1, kvno: 0, enctype: 17, key: new Uint8Array(0) },
];

describe('keytab codec', () => {
  it('round-trips principals, 32-bit kvnos, name types, timestamps and keys', () => {
    expect(decodeKeytab(encodeKeytab(ENTRIES))).toEqual(ENTRIES);
  });

  it('writes kvno & 0xff in the 8-bit field and the full kvno after the key', () => {
    const bytes = encodeKeytab([ENTRIES[2]]);
    // header 2 + size 4 + count 2 + realm 2+11 + comp 2+12 + name type 4 + timestamp 4 = 43: vno8
    expect(bytes[43]).toBe(1);
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(bytes.length - 4)).toBe(0x78370001);
    expect(view.getInt32(2)).toBe(bytes.length - 6);
  });

  it('an empty keytab is just the version', () => {
    expect([...encodeKeytab([])]).toEqual([5, 2]);
    expect(decodeKeytab(new Uint8Array([5, 2]))).toEqual([]);
  });

  it('stops at a zero entry size, as MIT does', () => {
    const one = encodeKeytab([ENTRIES[0]]);
    const withEnd = new Uint8Array([...one, 0, 0, 0, 0, ...encodeKeytab([ENTRIES[1]]).subarray(2)]);
    expect(decodeKeytab(withEnd)).toEqual([ENTRIES[0]]);
  });

  it('skips bytes after the 32-bit kvno inside an entry frame', () => {
    const one = encodeKeytab([ENTRIES[0]]);
    const grown = new Uint8Array([...one, 0, 0, 0, 9]);
    new DataView(grown.buffer).setInt32(2, one.length - 6 + 4);
    expect(decodeKeytab(grown)).toEqual([ENTRIES[0]]);
  });

  it('every truncation of a valid keytab fails with DecodeError except at entry boundaries', () => {
    const bytes = encodeKeytab(ENTRIES.slice(0, 3));
    const boundaries = [0, 1, 2].map((k) => encodeKeytab(ENTRIES.slice(0, k)).length);
    for (let n = 0; n < bytes.length; n++) {
      const expected = boundaries.includes(n) ? 'no error' : 'DECODE_ERROR';
      expect(codeOf(() => decodeKeytab(bytes.subarray(0, n))), `prefix ${n}`).toBe(expected);
    }
  });

  it('rejects values the format cannot hold with RangeError', () => {
    const base = ENTRIES[0];
    expect(codeOf(() => encodeKeytab([{ ...base, kvno: 2 ** 32 }]))).toBe('RangeError');
    expect(codeOf(() => encodeKeytab([{ ...base, kvno: -1 }]))).toBe('RangeError');
    expect(codeOf(() => encodeKeytab([{ ...base, timestamp: 1.5 }]))).toBe('RangeError');
    expect(codeOf(() => encodeKeytab([{ ...base, enctype: 0x10000 }]))).toBe('RangeError');
    expect(codeOf(() => encodeKeytab([{ ...base, key: new Uint8Array(0x10000) }]))).toBe('RangeError');
    const long = { ...base, principal: { ...base.principal, realm: 'x'.repeat(0x10000) } };
    expect(codeOf(() => encodeKeytab([long]))).toBe('RangeError');
  });
});
