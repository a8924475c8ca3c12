import { describe, expect, it } from 'vitest';
import { hex } from '../../../../emulator/core/bytes.ts';
import { decodePac, decodePacType, encodePacType, PAC_TYPE } from '../../../../emulator/kerberos/pac/index.ts';
import { expectDecodeError } from '../../../support/errors.ts';
import { h } from './helpers.ts';

describe('PACTYPE and PAC_INFO_BUFFER (MS-PAC 2.3, 2.4)', () => {
  it('writes cBuffers, Version 0, the info buffers and 8-byte aligned, zero-padded buffers', () => {
    const b = encodePacType([
      { type: 0x63, data: h('aabbcc') },
      { type: 0x64, data: h('0102030405060708') },
    ]);
    expect(hex(b)).toBe(
      '02000000' + '00000000' +
        '63000000' + '03000000' + '2800000000000000' + // header end 8+32=40=0x28
        '64000000' + '08000000' + '3000000000000000' + // 40+3 -> 48=0x30
        'aabbcc0000000000' + '0102030405060708',
    );
  });

  it('keeps unknown and passthrough buffer types byte for byte, in order', () => {
    const bufs = [
      { type: 0x99, data: h('deadbeef01') },
      { type: PAC_TYPE.CREDENTIALS_INFO, data: h('00000000120000000102') },
      { type: PAC_TYPE.DELEGATION_INFO, data: h('0b0b') },
      { type: PAC_TYPE.CLIENT_CLAIMS_INFO, data: h('0d') },
      { type: PAC_TYPE.DEVICE_INFO, data: h('0e0e0e') },
      { type: PAC_TYPE.DEVICE_CLAIMS_INFO, data: h('0f0f0f0f') },
      { type: 0x7fffffff, data: new Uint8Array(0) },
    ];
    const b = encodePacType(bufs);
    const back = decodePacType(b);
    expect(back.map((x) => [x.type, hex(x.data)])).toEqual(bufs.map((x) => [x.type, hex(x.data)]));
    expect(hex(encodePacType(back))).toBe(hex(b));
    const pac = decodePac(b);
    expect(hex(pac.credentialsInfo ?? new Uint8Array(1))).toBe('00000000120000000102');
    expect([pac.delegationInfo, pac.clientClaimsInfo, pac.deviceInfo, pac.deviceClaimsInfo].map((d) => hex(d ?? h('ff')))).toEqual([
      '0b0b', '0d', '0e0e0e', '0f0f0f0f',
    ]);
    expect(pac.logonInfo).toBeUndefined();
  });

  it('thousands of overlapping buffers over one region are views, not copies', () => {
    const n = 4000;
    const b = new Uint8Array(8 + 16 * n + 65536);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, n, true);
    for (let i = 0; i < n; i++) {
      dv.setUint32(8 + 16 * i, 0x99, true);
      dv.setUint32(12 + 16 * i, 65536, true);
      dv.setUint32(16 + 16 * i, 8 + 16 * n, true);
    }
    const out = decodePacType(b);
    expect(out).toHaveLength(n);
    expect(out.every((x) => x.data.buffer === b.buffer && x.data.length === 65536)).toBe(true);
  });

  const one = (type: string, size: string, offset: string, tail = '') => h('01000000' + '00000000' + type + size + offset + tail);
  it('rejects Version != 0, cBuffers 0 or too large, misaligned, header-overlapping and out-of-range buffers', () => {
    expectDecodeError(() => decodePacType(h('01000000' + '01000000' + '63000000' + '00000000' + '1800000000000000')));
    expectDecodeError(() => decodePacType(h('00000000' + '00000000')));
    expect(expectDecodeError(() => decodePacType(h('ffffffff' + '00000000' + '00'.repeat(32)))).offset).toBe(0);
    expectDecodeError(() => decodePacType(one('63000000', '01000000', '1900000000000000', '00'.repeat(16))));
    expectDecodeError(() => decodePacType(one('63000000', '01000000', '1000000000000000', '00'.repeat(16))));
    expectDecodeError(() => decodePacType(one('63000000', '09000000', '1800000000000000', '00'.repeat(8))));
    expectDecodeError(() => decodePacType(one('63000000', '01000000', '1800000001000000', '00'.repeat(8))));
    expectDecodeError(() => decodePacType(h('02000000000000006300000000000000')));
    expect(decodePacType(one('63000000', '08000000', '1800000000000000', '00'.repeat(8)))[0].data.length).toBe(8);
  });

  it('a repeated signature or CLIENT_INFO buffer is refused; a repeated unknown buffer is kept', () => {
    const sig = h('10000000' + '00'.repeat(12));
    expect(expectDecodeError(() => decodePac(encodePacType([{ type: 6, data: sig }, { type: 6, data: sig }]))).what).toBe('PAC');
    const ok = decodePac(encodePacType([{ type: 0x55, data: sig }, { type: 0x55, data: sig }]));
    expect(ok.buffers).toHaveLength(2);
  });
});
