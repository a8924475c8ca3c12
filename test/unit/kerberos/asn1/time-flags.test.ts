import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../../emulator/core/errors.ts';
import * as k from '../../../../emulator/kerberos/asn1/index.ts';
import { hex } from './helpers.ts';

describe('KerberosTime', () => {
  it('truncates milliseconds instead of writing fractions', () => {
    const ms = Date.UTC(2024, 0, 2, 3, 4, 5, 999);
    const der = k.encode(k.KerberosTime, ms);
    // 18 0f "20240102030405Z": 15 content octets, no ".999".
    expect(hex(der)).toBe('180f' + Buffer.from('20240102030405Z').toString('hex'));
    expect(k.decode(k.KerberosTime, der)).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
  });

  it('truncates toward the past before 1970 too', () => {
    expect(k.truncateToSecond(-1)).toBe(-1000);
    expect(k.formatKerberosTime(-1)).toBe('19691231235959Z');
  });

  it('formats and parses across the calendar like Date does', () => {
    for (const ms of [0, 951782400000, 4102444799000, Date.UTC(1601, 0, 1), Date.UTC(9999, 11, 31, 23, 59, 59)]) {
      const s = k.formatKerberosTime(ms);
      expect(s).toBe(new Date(ms).toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z'));
      expect(k.parseKerberosTime(new TextEncoder().encode(s))).toBe(ms);
    }
  });

  it('rejects values it cannot write', () => {
    expect(() => k.formatKerberosTime(NaN)).toThrow(RangeError);
    expect(() => k.formatKerberosTime(Date.UTC(10000, 0, 1))).toThrow(RangeError);
  });
});

describe('flag helpers', () => {
  it('KDCOptions by name match the RFC 4120 5.4.1 bit numbers (0x40810010 = forwardable renewable canonicalize renewable-ok)', () => {
    const f = k.KDC_OPTIONS.from(['forwardable', 'renewable', 'canonicalize', 'renewable-ok']);
    expect(f).toBe(0x40810010);
    expect(k.KDC_OPTIONS.names(f)).toEqual(['forwardable', 'renewable', 'canonicalize', 'renewable-ok']);
    expect(hex(k.encode(k.KDCOptions, f))).toBe('03050040810010');
    expect(k.KDC_OPTIONS.has(f, 'validate')).toBe(false);
    expect(k.KDC_OPTIONS.set(0, 'validate')).toBe(1);
    expect(k.KDC_OPTIONS.set(0, 'reserved')).toBe(0x80000000);
  });

  it('TicketFlags by name match RFC 4120 5.3', () => {
    const f = k.TICKET_FLAGS.from(['forwardable', 'renewable', 'initial', 'pre-authent']);
    expect(f).toBe(0x40e00000);
    expect(k.TICKET_FLAGS.has(f, 'initial')).toBe(true);
    expect(k.TICKET_FLAGS.clear(f, 'initial')).toBe(0x40a00000);
    expect(k.TICKET_FLAGS.set(f, 'enc-pa-rep')).toBe(0x40e10000);
    expect(k.TICKET_FLAGS.set(f, 'forwardable', false)).toBe(0x00e00000);
  });

  it('reports bits it has no name for', () => {
    expect(k.KDC_OPTIONS.unnamed(0x01000000 | 0x40000000)).toEqual([7]);
    expect(k.AP_OPTIONS.from(['mutual-required'])).toBe(0x20000000);
    expect(k.PA_PAC_OPTIONS_FLAGS.from(['Branch-Aware'])).toBe(0x40000000);
  });
});

describe('PA-DATA registry', () => {
  it('KERB-KEY-LIST-REQ {23} is 3003020117 (MS-KILE 2.2.11)', () => {
    const pa = k.paData(k.PA.KERB_KEY_LIST_REQ, [23]);
    expect(pa.padataType).toBe(161);
    expect(hex(pa.padataValue)).toBe('3003020117');
    expect(k.paValue(pa, k.PA.KERB_KEY_LIST_REQ)).toEqual([23]);
  });

  it('PA-SUPPORTED-ETYPES is a little-endian 32-bit mask, not ASN.1', () => {
    const pa = k.paData(k.PA.PA_SUPPORTED_ETYPES, 0x1f);
    expect(hex(pa.padataValue)).toBe('1f000000');
    expect(k.paValue({ padataType: 165, padataValue: Uint8Array.of(0x1c, 0, 0, 0x80) }, 165)).toBe(0x8000001c);
    expect(() => k.paValue({ padataType: 165, padataValue: Uint8Array.of(1, 2, 3) }, 165)).toThrow(DecodeError);
  });

  it('paValue refuses the wrong type, decodePaData keeps unknown types raw', () => {
    const pa = k.paData(k.PA.PA_PAC_REQUEST, { includePac: false });
    expect(hex(pa.padataValue)).toBe('3005a003010100');
    expect(() => k.paValue(pa, k.PA.PA_ETYPE_INFO2)).toThrow(DecodeError);
    expect(k.decodePaData(pa)).toEqual({ padataType: 128, name: 'PA-PAC-REQUEST', known: true, value: { includePac: false } });
    expect(k.decodePaData({ padataType: 150, padataValue: new Uint8Array(0) })).toEqual({
      padataType: 150,
      known: false,
      raw: new Uint8Array(0),
    });
    expect(k.findPaValue([pa], k.PA.PA_PAC_REQUEST)).toEqual({ includePac: false });
    expect(k.findPaValue([pa], k.PA.PA_PAC_OPTIONS)).toBeUndefined();
  });
});

describe('authorization data helpers', () => {
  it('wraps and finds the PAC inside AD-IF-RELEVANT', () => {
    const pac = Uint8Array.of(1, 2, 3, 4);
    const ad = k.pacAuthorizationData(pac);
    expect(ad).toHaveLength(1);
    expect(ad[0].adType).toBe(k.AD_TYPE.AD_IF_RELEVANT);
    expect(hex(ad[0].adData)).toBe('3010300ea00402020080a10604040102' + '0304');
    expect(k.findPac(ad)).toEqual(pac);
    expect(k.findPac([k.adWin2kPac(pac)])).toEqual(pac);
    expect(k.findPac([{ adType: 129, adData: new Uint8Array(0) }])).toBeUndefined();
    expect(k.decodeAdIfRelevant(ad[0])).toEqual([{ adType: 128, adData: pac }]);
  });
});
