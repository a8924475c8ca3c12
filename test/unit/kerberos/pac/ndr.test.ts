import { describe, expect, it } from 'vitest';
import { hex } from '../../../../emulator/core/bytes.ts';
import { deferredArray, NdrReader } from '../../../../emulator/kerberos/pac/ndr/reader.ts';
import { decodeTypeSerialization1, encodeTypeSerialization1 } from '../../../../emulator/kerberos/pac/ndr/serialization.ts';
import {
  readGroupArray,
  readSid,
  readSidAndAttributesArray,
  readUnicodeString,
  resolveSidAndAttributes,
  unicodeValue,
  writeGroupArray,
  writeSid,
  writeSidAndAttributesArray,
  writeUnicodeString,
} from '../../../../emulator/kerberos/pac/ndr/types.ts';
import { NdrWriter } from '../../../../emulator/kerberos/pac/ndr/writer.ts';
import { expectDecodeError } from '../../../support/errors.ts';
import { h } from './helpers.ts';

/** Hand-computed per MS-RPCE 2.2.6 (headers) and C706 14.3 (NDR). */
const COMMON = '01100800cccccccc';

describe('type serialization version 1 (MS-RPCE 2.2.6)', () => {
  it('writes the common header, private header with ObjectBufferLength, data padded to 8', () => {
    // top-level unique pointer (referent 0x00020000) to a struct { ULONG a; } = 8 bytes of NDR.
    const b = encodeTypeSerialization1((w) => w.pointer(true, () => w.u32(0x11223344)));
    expect(hex(b)).toBe(COMMON + '08000000' + '00000000' + '00000200' + '44332211');
  });

  it('pads an odd-sized object to 8 and counts the padding in ObjectBufferLength', () => {
    const b = encodeTypeSerialization1((w) => w.pointer(true, () => w.u16(0xabcd)));
    expect(hex(b)).toBe(COMMON + '08000000' + '00000000' + '00000200' + 'cdab0000');
    const b2 = encodeTypeSerialization1((w) => w.pointer(true, () => w.bytes(h('0102030405'))));
    expect(hex(b2)).toBe(COMMON + '10000000' + '00000000' + '00000200' + '0102030405000000' + '00000000');
  });

  it('rejects other versions, big-endian data, wrong header length and an overlong object', () => {
    const ok = h(COMMON + '08000000cccccccc0000020044332211');
    const read = (b: Uint8Array) => decodeTypeSerialization1(b, 'T', (r) => r.u32());
    expect(read(ok)).toBe(0x00020000);
    const bad = (i: number, v: number) => {
      const c = ok.slice();
      c[i] = v;
      return c;
    };
    expect(expectDecodeError(() => read(bad(0, 2))).offset).toBe(0);
    expect(expectDecodeError(() => read(bad(1, 0x00))).offset).toBe(1);
    expect(expectDecodeError(() => read(bad(2, 16))).offset).toBe(2);
    expect(expectDecodeError(() => read(bad(8, 9))).offset).toBe(8);
    expect(expectDecodeError(() => read(ok.subarray(0, 12))).what).toBe('T');
  });
});

describe('NDR pointers and referent ids', () => {
  it('hands out referent ids depth-first in the order pointees are written, as Windows does', () => {
    // struct { p1 -> array{ q -> x }, p2 -> y }: p1=0x20000, q=0x20004 (written during p1's pointee), p2=0x20008
    const w = new NdrWriter();
    w.pointer(true, () => {
      w.u32(1);
      w.pointer(true, () => w.u32(0xaaaaaaaa));
    });
    w.pointer(true, () => w.u32(0xbbbbbbbb));
    w.flush();
    expect(hex(w.finish())).toBe(
      '00000200' + '08000200' + // p1, p2 (p2 patched after q was numbered)
        '01000000' + '04000200' + // p1's pointee: 1, q
        'aaaaaaaa' + // q's pointee right after p1's pointee
        'bbbbbbbb', // then p2's pointee
    );
  });

  it('writes 0 for a NULL pointer and no pointee', () => {
    const w = new NdrWriter();
    w.pointer(false, () => w.u32(1));
    w.flush();
    expect(hex(w.finish())).toBe('00000000');
  });

  it('aligns relative to the NDR stream origin, not the buffer start', () => {
    const w = new NdrWriter(16);
    w.zeros(17); // 16 header bytes + 1
    w.align(4);
    expect(w.pos).toBe(20);
  });
});

describe('NDR MS-DTYP types', () => {
  it('RPC_UNICODE_STRING: Length/MaximumLength in bytes, conformant-varying WCHAR array', () => {
    const w = new NdrWriter();
    writeUnicodeString(w, 'ab', 6);
    w.flush();
    expect(hex(w.finish())).toBe('0400' + '0600' + '00000200' + '03000000' + '00000000' + '02000000' + '61006200');
    const r = new NdrReader(w.finish(), 'T', 0);
    const s = readUnicodeString(r, 'S');
    r.flush();
    expect([s.length, s.maximumLength, unicodeValue(s)]).toEqual([4, 6, 'ab']);
  });

  it('RPC_UNICODE_STRING: rejects counts that disagree with Length/MaximumLength', () => {
    const read = (hexs: string) => {
      const r = new NdrReader(h(hexs), 'T', 0);
      readUnicodeString(r, 'S');
      r.flush();
    };
    read('0400060000000200030000000000000002000000' + '61006200');
    expect(expectDecodeError(() => read('0400060000000200040000000000000002000000' + '61006200')).what).toBe('T'); // max
    expectDecodeError(() => read('0400060000000200030000000100000002000000' + '61006200')); // offset
    expectDecodeError(() => read('0400060000000200030000000000000003000000' + '610062006300')); // actual
    expectDecodeError(() => read('04000600000002000300000000000000020000006100')); // truncated
  });

  it('RPC_SID: conformance hoisted before Revision, big-endian authority, LE sub-authorities', () => {
    const w = new NdrWriter();
    writeSid(w, 'S-1-5-21-1-2-3');
    expect(hex(w.finish())).toBe('04000000' + '0104' + '000000000005' + '15000000' + '01000000' + '02000000' + '03000000');
    const r = new NdrReader(w.finish(), 'T', 0);
    expect(readSid(r)).toBe('S-1-5-21-1-2-3');
  });

  it('RPC_SID: rejects a count mismatch, revision 2, more than 15 sub-authorities', () => {
    const sid = (c: string, rev: string, n: string, subs: string) => () => readSid(new NdrReader(h(c + rev + n + '000000000005' + subs), 'T', 0));
    expectDecodeError(sid('02000000', '01', '01', '15000000'));
    expect(expectDecodeError(sid('01000000', '02', '01', '15000000')).what).toBe('SID');
    expectDecodeError(sid('10000000', '01', '10', '00000000'.repeat(16)));
  });

  it('GROUP_MEMBERSHIP array: conformance then RelativeId/Attributes pairs', () => {
    const w = new NdrWriter();
    writeGroupArray(w, [{ relativeId: 513, attributes: 7 }, { relativeId: 0x455, attributes: 0x20000007 }]);
    expect(hex(w.finish())).toBe('02000000' + '01020000' + '07000000' + '55040000' + '07000020');
    expect(readGroupArray(new NdrReader(w.finish(), 'T', 0))).toEqual([
      { relativeId: 513, attributes: 7 },
      { relativeId: 0x455, attributes: 0x20000007 },
    ]);
  });

  it('a conformant array larger than the input is refused before allocating', () => {
    expect(expectDecodeError(() => readGroupArray(new NdrReader(h('ffffff7f01000000'), 'T', 0))).offset).toBe(4);
  });

  it('KERB_SID_AND_ATTRIBUTES array: pointers and attributes, then the SIDs', () => {
    const w = new NdrWriter();
    w.pointer(true, () => writeSidAndAttributesArray(w, [{ sid: 'S-1-18-1', attributes: 7 }, { sid: 'S-1-5-9', attributes: 5 }]));
    w.flush();
    expect(hex(w.finish())).toBe(
      '00000200' + '02000000' + '04000200' + '07000000' + '08000200' + '05000000' +
        '01000000' + '0101000000000012' + '01000000' + '01000000' + '0101000000000005' + '09000000',
    );
    const r = new NdrReader(w.finish(), 'T', 0);
    const d = r.pointer(() => readSidAndAttributesArray(r));
    r.flush();
    expect(resolveSidAndAttributes(r, d.value ?? [], 'X')).toEqual([
      { sid: 'S-1-18-1', attributes: 7 },
      { sid: 'S-1-5-9', attributes: 5 },
    ]);
  });

  it('deferredArray: count must match a present array, and be 0 for a NULL pointer', () => {
    const r = new NdrReader(new Uint8Array(0), 'T', 0);
    expect(deferredArray({ present: false }, 0, r, 'X')).toEqual([]);
    expectDecodeError(() => deferredArray({ present: false }, 2, r, 'X'));
    expectDecodeError(() => deferredArray({ present: true, value: [1] }, 2, r, 'X'));
    expect(deferredArray({ present: true, value: [1, 2] }, 2, r, 'X')).toEqual([1, 2]);
  });
});
