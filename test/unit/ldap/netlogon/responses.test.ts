/** Encoder/decoder edges of MS-ADTS 6.3.1.7 to 6.3.1.9 and the ping terms (6.3.3.1). */
import { describe, expect, it } from 'vitest';
import { guidToBytes, sidToBytes } from '../../../../emulator/directory/ids.ts';
import {
  decodeNetlogonResponse,
  encodeSamLogonResponseEx,
  extractPingTerms,
  NetlogonDecodeError,
  NetlogonEncodeError,
  type SamLogonResponseEx,
} from '../../../../emulator/ldap/netlogon/index.ts';
import { hex, unhex } from './fixture.ts';

const base: Omit<SamLogonResponseEx, 'form'> = {
  opcode: 23, flags: 0x3f3fd, domainGuid: '01234567-89ab-cdef-0123-456789abcdef',
  dnsForestName: 'a.test', dnsDomainName: 'a.test', dnsHostName: 'dc.a.test', netbiosDomainName: 'A',
  netbiosComputerName: 'DC', userName: '', dcSiteName: 'S', clientSiteName: 'S', ntVersion: 5, lmNtToken: 0xffff, lm20Token: 0xffff,
};

describe('encodeSamLogonResponseEx', () => {
  it('writes DcSockAddr as a 16-byte SOCKADDR_IN when NtVersion has 5EX_WITH_IP', () => {
    const b = encodeSamLogonResponseEx({ ...base, ntVersion: 0x0d, dcSockAddr: '10.1.2.3' });
    expect(hex(b.subarray(b.length - 25))).toBe('10' + '0200' + '0000' + '0a010203' + '0000000000000000' + '0d000000ffffffff');
  });
  it('refuses WITH_IP without an address, and a non-IPv4 address', () => {
    expect(() => encodeSamLogonResponseEx({ ...base, ntVersion: 0x0d })).toThrow(NetlogonEncodeError);
    expect(() => encodeSamLogonResponseEx({ ...base, ntVersion: 0x0d, dcSockAddr: '::1' })).toThrow(NetlogonEncodeError);
    expect(() => encodeSamLogonResponseEx({ ...base, ntVersion: 0x0d, dcSockAddr: '1.2.3.256' })).toThrow(NetlogonEncodeError);
  });
  it('round-trips with both optional fields', () => {
    const r = { ...base, ntVersion: 0x1d, dcSockAddr: '127.0.0.1', nextClosestSiteName: 'Other' };
    expect(decodeNetlogonResponse(encodeSamLogonResponseEx(r)).response).toEqual({ form: 'ex', ...r });
  });
});

describe('decodeNetlogonResponse rejects malformed blobs', () => {
  const good = encodeSamLogonResponseEx(base);
  const cases: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['shorter than the tail', unhex('17000000')],
    ['unknown opcode', unhex('1800' + hex(good.subarray(2)))],
    ['Sbz not zero', unhex('17000100' + hex(good.subarray(4)))],
    ['truncated in the names', unhex(hex(good.subarray(0, 30)) + hex(good.subarray(good.length - 8)))],
    ['stray bytes before NtVersion', unhex(hex(good.subarray(0, good.length - 8)) + '00' + hex(good.subarray(good.length - 8)))],
    ['bad DcSockAddrSize', unhex(hex(good.subarray(0, good.length - 8)) + '08' + '0200000001020304' + '0d000000ffffffff')],
    ['v5 with a non-zero NullGuid', unhex('1300' + '0000'.repeat(3) + hex(guidToBytes(base.domainGuid)) + '01' + '00'.repeat(15) + '000000' + '00000000' + '00000000' + '03000000ffffffff')],
  ];
  it.each(cases)('%s', (_t, b) => {
    expect(() => decodeNetlogonResponse(b)).toThrow(NetlogonDecodeError);
  });
});

describe('extractPingTerms', () => {
  const te = new TextEncoder();
  const eq = (attribute: string, value: Uint8Array | string) => ({
    type: 'equalityMatch' as const, attribute, value: typeof value === 'string' ? te.encode(value) : value,
  });
  it('reads every term, names case-insensitive, and ignores unknown ones', () => {
    const t = extractPingTerms({
      type: 'and',
      filters: [
        eq('dnsdomain', 'fabrikam.local.'), eq('HOST', 'WS1'), eq('User', 'alice'), eq('DomainGuid', guidToBytes(base.domainGuid)),
        eq('DomainSid', sidToBytes('S-1-5-21-1-2-3')), eq('NtVer', Uint8Array.of(0x16, 0, 0, 0x20)), eq('AAC', Uint8Array.of(0x10, 0, 0, 0)),
        eq('DnsHostName', 'dc1.fabrikam.local'), eq('Whatever', 'x'),
      ],
    });
    expect(t).toEqual({
      dnsDomain: 'fabrikam.local', host: 'WS1', user: 'alice', domainGuid: base.domainGuid, domainSid: 'S-1-5-21-1-2-3',
      ntVer: 0x20000016, aac: 0x10, dnsHostName: 'dc1.fabrikam.local',
    });
  });
  it('drops malformed NtVer/AAC/DomainGuid values and an empty User; marks a bad DomainSid', () => {
    const t = extractPingTerms({
      type: 'and',
      filters: [eq('NtVer', Uint8Array.of(6)), eq('AAC', new Uint8Array(5)), eq('DomainGuid', new Uint8Array(15)), eq('User', ''), eq('DomainSid', Uint8Array.of(1))],
    });
    expect(t).toEqual({ domainSid: 'invalid' });
  });
  it('is null for anything but an AND of equality matches', () => {
    expect(extractPingTerms(eq('NtVer', Uint8Array.of(6, 0, 0, 0)))).toBeNull();
    expect(extractPingTerms({ type: 'and', filters: [{ type: 'present', attribute: 'NtVer' }] })).toBeNull();
    expect(extractPingTerms({ type: 'and', filters: [] })).toEqual({});
  });
});
