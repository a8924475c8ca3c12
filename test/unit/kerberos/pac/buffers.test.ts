import { describe, expect, it } from 'vitest';
import { hex } from '../../../../emulator/core/bytes.ts';
import {
  decodeAttributesInfo,
  decodeClientInfo,
  decodeLogonInfo,
  decodeRequestor,
  decodeSignatureData,
  decodeUpnDnsInfo,
  encodeAttributesInfo,
  encodeClientInfo,
  encodeLogonInfo,
  encodeRequestor,
  encodeSignatureData,
  encodeUpnDnsInfo,
  FILETIME_NEVER,
  type KerbValidationInfo,
  UPN_DNS_FLAGS,
} from '../../../../emulator/kerberos/pac/index.ts';
import { expectDecodeError } from '../../../support/errors.ts';
import { h } from './helpers.ts';

function sampleLogonInfo(): KerbValidationInfo {
  return {
    logonTime: 0x01d2c680dc4f8e05n,
    logoffTime: FILETIME_NEVER,
    kickOffTime: FILETIME_NEVER,
    passwordLastSet: 0x01d2c6399c9627ccn,
    passwordCanChange: 0n,
    passwordMustChange: FILETIME_NEVER,
    effectiveName: 'alice',
    fullName: 'Alice Ähnlich',
    logonScript: '',
    profilePath: '',
    homeDirectory: '',
    homeDirectoryDrive: '',
    logonCount: 3,
    badPasswordCount: 1,
    userId: 1105,
    primaryGroupId: 513,
    groupIds: [{ relativeId: 513, attributes: 7 }, { relativeId: 1108, attributes: 7 }],
    userFlags: 0x220,
    userSessionKey: new Uint8Array(16),
    logonServer: 'DC1',
    logonDomainName: 'CONTOSO',
    logonDomainId: 'S-1-5-21-1-2-3',
    reserved1: new Uint8Array(8),
    userAccountControl: 0x210,
    subAuthStatus: 0,
    lastSuccessfulILogon: 0n,
    lastFailedILogon: 0n,
    failedILogonCount: 0,
    reserved3: 0,
    extraSids: [{ sid: 'S-1-18-1', attributes: 7 }, { sid: 'S-1-5-21-9-9-9-1000', attributes: 0x20000007 }],
    resourceGroupDomainSid: 'S-1-5-21-4-5-6',
    resourceGroupIds: [{ relativeId: 1107, attributes: 0x20000007 }],
    stringMaxLengths: { logonServer: 8, logonDomainName: 16 },
  };
}

describe('KERB_VALIDATION_INFO (MS-PAC 2.5)', () => {
  it('round-trips every field, including extra SIDs, resource groups and MaximumLength', () => {
    const v = sampleLogonInfo();
    const b = encodeLogonInfo(v);
    expect(decodeLogonInfo(b)).toEqual(v);
    expect(hex(encodeLogonInfo(decodeLogonInfo(b)))).toBe(hex(b));
  });

  it('lays the fixed part out at the offsets MS-PAC 2.5 implies (216-byte struct after the top pointer)', () => {
    const b = encodeLogonInfo(sampleLogonInfo());
    const u32 = (o: number) => new DataView(b.buffer, b.byteOffset).getUint32(o, true);
    const u16 = (o: number) => new DataView(b.buffer, b.byteOffset).getUint16(o, true);
    const S = 0x14; // 16 header bytes + 4-byte top-level pointer
    expect(u32(0x10)).toBe(0x00020000);
    expect(u32(S + 0)).toBe(0xdc4f8e05); // LogonTime low
    expect(u32(S + 4)).toBe(0x01d2c680); // LogonTime high
    expect([u16(S + 48), u16(S + 50), u32(S + 52)]).toEqual([10, 10, 0x00020004]); // EffectiveName
    expect([u16(S + 96), u16(S + 98)]).toEqual([3, 1]); // LogonCount, BadPasswordCount
    expect([u32(S + 100), u32(S + 104), u32(S + 108)]).toEqual([1105, 513, 2]); // UserId, PrimaryGroupId, GroupCount
    expect(u32(S + 112)).toBe(0x0002001c); // GroupIds: 8th pointer (top, 6 strings, groups)
    expect(u32(S + 116)).toBe(0x220); // UserFlags
    expect([u16(S + 136), u16(S + 138)]).toEqual([6, 8]); // LogonServer Length, MaximumLength
    expect([u16(S + 144), u16(S + 146)]).toEqual([14, 16]); // LogonDomainName
    expect(u32(S + 164)).toBe(0x210); // UserAccountControl after LogonDomainId (4) and Reserved1 (8)
    expect([u32(S + 196), u32(S + 200)]).toEqual([2, 0x0002002c]); // SidCount, ExtraSids
    expect([u32(S + 204), u32(S + 208), u32(S + 212)]).toEqual([0x00020038, 1, 0x0002003c]); // RG sid after the 2 extra SIDs
    expect(u32(8)).toBe(b.length - 16); // ObjectBufferLength
    expect(b.length % 8).toBe(0);
  });

  it('writes NULL pointers for empty arrays and a missing domain SID, and reads them back', () => {
    const v = { ...sampleLogonInfo(), groupIds: [], extraSids: [], resourceGroupDomainSid: null, resourceGroupIds: [], logonDomainId: null };
    const b = encodeLogonInfo(v);
    const u32 = (o: number) => new DataView(b.buffer, b.byteOffset).getUint32(o, true);
    expect([u32(0x14 + 108), u32(0x14 + 112)]).toEqual([0, 0]);
    expect(decodeLogonInfo(b)).toEqual(v);
  });

  it('rejects a GroupCount that disagrees with the array, a NULL top pointer and truncation', () => {
    const b = encodeLogonInfo(sampleLogonInfo());
    const c = b.slice();
    c[0x14 + 108] = 3; // GroupCount 3, array of 2
    expect(expectDecodeError(() => decodeLogonInfo(c)).what).toBe('KERB_VALIDATION_INFO');
    const n = b.slice();
    n.fill(0, 16, 20);
    expectDecodeError(() => decodeLogonInfo(n));
    for (const cut of [10, 20, 100, 240, b.length - 40]) expectDecodeError(() => decodeLogonInfo(b.subarray(0, cut)));
  });

  it('refuses to encode a USER_SESSION_KEY that is not 16 bytes', () => {
    expect(() => encodeLogonInfo({ ...sampleLogonInfo(), userSessionKey: new Uint8Array(8) })).toThrow(RangeError);
  });
});

describe('PAC_CLIENT_INFO (MS-PAC 2.7)', () => {
  it('is ClientId (FILETIME LE), NameLength in bytes, UTF-16LE name', () => {
    const b = encodeClientInfo({ clientId: 0x01d2c680dcd18d80n, name: 'bob' });
    expect(hex(b)).toBe('808dd1dc80c6d201' + '0600' + '62006f006200');
    expect(decodeClientInfo(b)).toEqual({ clientId: 0x01d2c680dcd18d80n, name: 'bob' });
  });
  it('rejects a NameLength past the end or odd', () => {
    expectDecodeError(() => decodeClientInfo(h('808dd1dc80c6d201' + '0800' + '62006f006200')));
    expectDecodeError(() => decodeClientInfo(h('808dd1dc80c6d201' + '0500' + '62006f006200')));
    expectDecodeError(() => decodeClientInfo(h('808dd1dc80c6d2')));
  });
});

describe('UPN_DNS_INFO (MS-PAC 2.10)', () => {
  it('basic form: header, UPN at 16, DNS name at the next 8-byte boundary, padded to 8', () => {
    const v = { upn: 'a@b', dnsDomainName: 'B.C', flags: 0 };
    const b = encodeUpnDnsInfo(v);
    expect(hex(b)).toBe('0600' + '1000' + '0600' + '1800' + '00000000' + '00000000' + '610040006200' + '0000' + '42002e004300' + '0000');
    expect(decodeUpnDnsInfo(b)).toEqual(v);
  });

  it('extended form (flag S) with SamName and Sid, and flag U', () => {
    const v = { upn: 'bob@contoso.com', dnsDomainName: 'CONTOSO.COM', flags: UPN_DNS_FLAGS.S | UPN_DNS_FLAGS.U, samName: 'bob', sid: 'S-1-5-21-1-2-3-1105' };
    const b = encodeUpnDnsInfo(v);
    const u16 = (o: number) => new DataView(b.buffer, b.byteOffset).getUint16(o, true);
    expect([u16(0), u16(2)]).toEqual([30, 24]); // UPN after the 20-byte extended header, aligned to 24
    expect([u16(12), u16(14), u16(16)]).toEqual([6, 80, 28]); // SamName; Sid is 28 bytes
    expect(decodeUpnDnsInfo(b)).toEqual(v);
    expect(b.length % 8).toBe(0);
  });

  it('rejects offsets past the end, odd lengths and a missing extension', () => {
    expectDecodeError(() => decodeUpnDnsInfo(h('0600' + '1000' + '0600' + 'f000' + '00000000' + '00000000' + '610040006200')));
    expectDecodeError(() => decodeUpnDnsInfo(h('0500' + '1000' + '0000' + '1000' + '00000000' + '00000000' + '610040006200')));
    expectDecodeError(() => decodeUpnDnsInfo(h('0000' + '0c00' + '0000' + '0c00' + '02000000')));
    expect(() => encodeUpnDnsInfo({ upn: 'a', dnsDomainName: 'b', flags: UPN_DNS_FLAGS.S })).toThrow(RangeError);
  });
});

describe('PAC_ATTRIBUTES_INFO (2.14) and PAC_REQUESTOR (2.15)', () => {
  it('attributes: FlagsLength in bits, then flag words', () => {
    const b = encodeAttributesInfo({ flagsLength: 2, flags: [1] });
    expect(hex(b)).toBe('02000000' + '01000000');
    expect(decodeAttributesInfo(b)).toEqual({ flagsLength: 2, flags: [1] });
    expect(decodeAttributesInfo(h('21000000' + '0100000002000000'))).toEqual({ flagsLength: 33, flags: [1, 2] });
    expectDecodeError(() => decodeAttributesInfo(h('ffffffff01000000')));
  });
  it('requestor: a binary SID', () => {
    const b = encodeRequestor({ sid: 'S-1-5-21-1-2-3-1105' });
    expect(hex(b)).toBe('0105000000000005' + '15000000' + '01000000' + '02000000' + '03000000' + '51040000');
    expect(decodeRequestor(b)).toEqual({ sid: 'S-1-5-21-1-2-3-1105' });
    expect(expectDecodeError(() => decodeRequestor(b.subarray(0, 20))).what).toBe('SID');
  });
});

describe('PAC_SIGNATURE_DATA (MS-PAC 2.8)', () => {
  it('SignatureType as a signed 32-bit value, fixed-size Signature, optional RODCIdentifier', () => {
    const plain = { signatureType: 16, signature: h('1e251d98d552be7df384f550') };
    expect(hex(encodeSignatureData(plain))).toBe('10000000' + '1e251d98d552be7df384f550');
    expect(decodeSignatureData(encodeSignatureData(plain))).toEqual(plain);
    const rodc = { signatureType: -138, signature: h('340be28b48765d0519ee9346cf53d822'), rodcIdentifier: 0x1234 };
    const b = encodeSignatureData(rodc);
    expect(hex(b)).toBe('76ffffff' + '340be28b48765d0519ee9346cf53d822' + '3412');
    expect(decodeSignatureData(b)).toEqual(rodc);
  });
  it('an unknown type keeps all its bytes; a known type with 1 or 3 extra bytes is malformed', () => {
    expect(decodeSignatureData(h('63000000aabbcc'))).toEqual({ signatureType: 99, signature: h('aabbcc') });
    expectDecodeError(() => decodeSignatureData(h('10000000' + '00'.repeat(13))));
    expectDecodeError(() => decodeSignatureData(h('10000000' + '00'.repeat(15))));
    expectDecodeError(() => decodeSignatureData(h('10000000' + '00'.repeat(11))));
  });
});
