/** Answering pings from the directory (MS-ADTS 6.3.3.2): domain match, NtVer forms, users, sites. */
import { describe, expect, it } from 'vitest';
import { guidToBytes, sidToBytes } from '../../../../emulator/directory/ids.ts';
import type { Filter } from '../../../../emulator/ldap/codec/index.ts';
import {
  answerNetlogonSearch,
  decodeNetlogonResponse,
  DS_FLAG as F,
  evaluateNetlogonSearch,
  NETLOGON_OPCODE as OP,
  USER_ACCOUNT as UA,
  type NetlogonContext,
  type SamLogonResponseEx,
} from '../../../../emulator/ldap/netlogon/index.ts';
import { directoryFromYaml, hex, multiUpnDirectory } from './fixture.ts';

const te = new TextEncoder();
const le32 = (n: number) => Uint8Array.of(n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24);
const eq = (attribute: string, value: string | Uint8Array): Filter => ({
  type: 'equalityMatch',
  attribute,
  value: typeof value === 'string' ? te.encode(value) : value,
});
const ping = (...filters: Filter[]): Filter => ({ type: 'and', filters });

const dir = multiUpnDirectory();
const ctx: NetlogonContext = { directory: dir, dc: dir.dcs[0], clientAddress: '127.0.0.1' };
const answer = (f: Filter, c: NetlogonContext = ctx) => {
  const b = answerNetlogonSearch(c, f);
  return b ? decodeNetlogonResponse(b).response : null;
};
const ex = (f: Filter, c: NetlogonContext = ctx) => answer(f, c) as SamLogonResponseEx;

describe('domain selection', () => {
  it('answers a ping without DnsDomain (net ads lookup sends NtVer and AAC only)', () => {
    expect(ex(ping(eq('NtVer', le32(6)), eq('AAC', le32(0)))).dnsDomainName).toBe('fabrikam.local');
  });
  it.each([
    ['DnsDomain in any case, with a trailing dot', ping(eq('DnsDomain', 'FABRIKAM.local.'), eq('NtVer', le32(6))), true],
    ['another DnsDomain', ping(eq('DnsDomain', 'contoso.com'), eq('NtVer', le32(6))), false],
    ['the NetBIOS name as DnsDomain', ping(eq('DnsDomain', 'FABRIKAM'), eq('NtVer', le32(6))), false],
    ['our DomainGuid alone', ping(eq('DomainGuid', guidToBytes(dir.domain.guid)), eq('NtVer', le32(6))), true],
    ['a foreign DomainGuid alone', ping(eq('DomainGuid', new Uint8Array(16).fill(7)), eq('NtVer', le32(6))), false],
    ['a foreign DomainGuid with our DnsDomain', ping(eq('DnsDomain', 'fabrikam.local'), eq('DomainGuid', new Uint8Array(16)), eq('NtVer', le32(6))), true],
    ['a wrong DnsDomain with our DomainGuid', ping(eq('DnsDomain', 'x.test'), eq('DomainGuid', guidToBytes(dir.domain.guid)), eq('NtVer', le32(6))), true],
    ['our DomainSid alone', ping(eq('DomainSid', sidToBytes(dir.domain.sid)), eq('NtVer', le32(6))), true],
    ['a foreign DomainSid alone', ping(eq('DomainSid', sidToBytes('S-1-5-21-1-2-3')), eq('NtVer', le32(6))), false],
    ['an unparsable DomainSid alone', ping(eq('DomainSid', Uint8Array.of(1, 9)), eq('NtVer', le32(6))), false],
    ['a DomainGuid of the wrong length (ignored)', ping(eq('DomainGuid', new Uint8Array(3)), eq('NtVer', le32(6))), true],
  ])('%s', (_t, f, answered) => {
    expect(answerNetlogonSearch(ctx, f) !== null).toBe(answered);
  });
  it.each([
    ['an OR', { type: 'or', filters: [eq('NtVer', le32(6))] } as Filter],
    ['a single equality', eq('NtVer', le32(6))],
    ['an AND holding a presence test', ping(eq('NtVer', le32(6)), { type: 'present', attribute: 'objectClass' })],
  ])('%s is not a ping', (_t, f) => {
    expect(evaluateNetlogonSearch(ctx, f)).toEqual({ answered: false, reason: 'not-a-ping' });
  });
  it('never answers as the AzureADKerberos object (no host)', () => {
    const az = dir.azureAdKerberos!.computer;
    const fake = { ...dir.dcs[0], computer: az };
    expect(evaluateNetlogonSearch({ ...ctx, dc: fake }, ping(eq('NtVer', le32(6))))).toMatchObject({ answered: false, reason: 'no-host' });
  });
});

describe('NtVer decides the form', () => {
  const v = (n: number) => answer(ping(eq('NtVer', le32(n))))!;
  it.each([
    [0x06, 'ex', 0x05],
    [0x04, 'ex', 0x05],
    [0x0e, 'ex', 0x0d],
    [0x08, 'ex', 0x0d],
    [0x16, 'ex', 0x15],
    [0x1e, 'ex', 0x1d],
    [0x20000006, 'ex', 0x05],
    [0x02, 'v5', 0x03],
    [0x03, 'v5', 0x03],
    [0x01, 'nt40', 0x01],
    [0x00, 'nt40', 0x01],
    [0x10, 'nt40', 0x01],
  ])('NtVer 0x%s', (n, form, ntVersion) => {
    expect(v(n)).toMatchObject({ form, ntVersion, lmNtToken: 0xffff, lm20Token: 0xffff });
  });
  it('without NtVer (or a malformed one) answers the v5 form, as Samba 4.17', () => {
    expect(answer(ping(eq('DnsDomain', 'fabrikam.local')))?.form).toBe('v5');
    expect(answer(ping(eq('NtVer', Uint8Array.of(6, 0))))?.form).toBe('v5');
  });
  it('puts the DC address in DcSockAddr and NextClosestSiteName only when asked', () => {
    expect(v(0x0e)).toMatchObject({ dcSockAddr: '127.0.0.1' });
    expect('nextClosestSiteName' in v(0x0e)).toBe(false);
    expect(v(0x16)).toMatchObject({ nextClosestSiteName: '' });
    expect('dcSockAddr' in v(0x16)).toBe(false);
  });
  it('fills the v5 and NT40 forms with the UNC server name and the NetBIOS domain', () => {
    expect(v(0x02)).toMatchObject({
      opcode: OP.LOGON_SAM_LOGON_RESPONSE, unicodeLogonServer: '\\\\DC1', unicodeUserName: '', unicodeDomainName: 'FABRIKAM',
      domainGuid: dir.domain.guid, dnsForestName: 'fabrikam.local', dnsHostName: 'dc1.fabrikam.local', dcIpAddress: '127.0.0.1',
    });
    expect(v(0x01)).toEqual({
      form: 'nt40', opcode: OP.LOGON_SAM_LOGON_RESPONSE, unicodeLogonServer: '\\\\DC1', unicodeUserName: '',
      unicodeDomainName: 'FABRIKAM', ntVersion: 1, lmNtToken: 0xffff, lm20Token: 0xffff,
    });
  });
});

describe('the EX response of the scenario DC, byte for byte', () => {
  it('matches the hand-assembled structure', () => {
    const got = answerNetlogonSearch(ctx, ping(eq('NtVer', le32(6)), eq('AAC', le32(0))))!;
    const want =
      '1700' + '0000' + 'fdf30300' + hex(guidToBytes(dir.domain.guid)) +
      '0866616272696b616d056c6f63616c00' + // DnsForestName at 24
      'c018' + // DnsDomainName -> 24
      '03646331c018' + // DnsHostName dc1 -> 24
      '0846414252494b414d00' + // FABRIKAM
      '0344433100' + // DC1
      '00' + // UserName
      '1744656661756c742d46697273742d536974652d4e616d6500' + // DcSiteName at 64
      'c040' + // ClientSiteName -> 64
      '05000000' + 'ffff' + 'ffff';
    expect(hex(got)).toBe(want);
  });
});

describe('the User term', () => {
  const user = (name: string, aac?: number, ntVer = 6) =>
    answer(ping(eq('NtVer', le32(ntVer)), eq('User', name), ...(aac === undefined ? [] : [eq('AAC', le32(aac))])))!;
  it.each([
    ['alice', UA.USER_NORMAL_ACCOUNT, OP.LOGON_SAM_LOGON_RESPONSE_EX],
    ['ALICE', UA.USER_NORMAL_ACCOUNT, OP.LOGON_SAM_LOGON_RESPONSE_EX],
    ['alice', UA.USER_NORMAL_ACCOUNT | UA.USER_WORKSTATION_TRUST_ACCOUNT, OP.LOGON_SAM_LOGON_RESPONSE_EX],
    ['alice', undefined, OP.LOGON_SAM_USER_UNKNOWN_EX],
    ['alice', 0, OP.LOGON_SAM_USER_UNKNOWN_EX],
    ['alice', 0x200, OP.LOGON_SAM_USER_UNKNOWN_EX],
    ['alice', UA.USER_WORKSTATION_TRUST_ACCOUNT, OP.LOGON_SAM_USER_UNKNOWN_EX],
    ['nobody', UA.USER_NORMAL_ACCOUNT, OP.LOGON_SAM_USER_UNKNOWN_EX],
    ['krbtgt', UA.USER_NORMAL_ACCOUNT, OP.LOGON_SAM_USER_UNKNOWN_EX],
    ['DC1$', UA.USER_SERVER_TRUST_ACCOUNT, OP.LOGON_SAM_LOGON_RESPONSE_EX],
    ['DC1', UA.USER_SERVER_TRUST_ACCOUNT, OP.LOGON_SAM_USER_UNKNOWN_EX],
    ['FS1$', UA.USER_WORKSTATION_TRUST_ACCOUNT, OP.LOGON_SAM_LOGON_RESPONSE_EX],
    ['AzureADKerberos$', UA.USER_WORKSTATION_TRUST_ACCOUNT, OP.LOGON_SAM_LOGON_RESPONSE_EX],
  ])('%s with AAC %s -> opcode %s', (name, aac, opcode) => {
    const r = user(name, aac) as SamLogonResponseEx;
    expect(r.opcode).toBe(opcode);
    expect(r.userName).toBe(name);
  });
  it('uses LOGON_SAM_USER_UNKNOWN (21) in the older forms', () => {
    expect(user('nobody', UA.USER_NORMAL_ACCOUNT, 2)).toMatchObject({ form: 'v5', opcode: OP.LOGON_SAM_USER_UNKNOWN, unicodeUserName: 'nobody' });
    expect(user('nobody', UA.USER_NORMAL_ACCOUNT, 1)).toMatchObject({ form: 'nt40', opcode: OP.LOGON_SAM_USER_UNKNOWN });
    expect(user('alice', UA.USER_NORMAL_ACCOUNT, 1)).toMatchObject({ form: 'nt40', opcode: OP.LOGON_SAM_LOGON_RESPONSE });
  });
});

describe('sites and DS_CLOSEST_FLAG', () => {
  const sites = directoryFromYaml(`
name: sites
seed: sites-test
domain: { dnsName: fabrikam.local, netbiosName: FABRIKAM }
sites:
  - { name: HQ, subnets: [10.0.0.0/16] }
  - { name: Branch, subnets: [10.0.5.0/24, "fd00::/8"] }
  - { name: Empty }
dcs:
  - { name: dc1, address: 10.0.0.10, os: Windows Server 2022, site: HQ }
  - { name: rodc1, address: 10.0.5.10, os: "2012 R2", site: Branch, readOnly: true }
users:
  - { sam: dave, password: "x-Passw0rd!", enabled: false }
`);
  const [hq, branch] = sites.dcs;
  const at = (dc: typeof hq, clientAddress?: string) =>
    ex(ping(eq('NtVer', le32(0x0e))), { directory: sites, dc, ...(clientAddress !== undefined ? { clientAddress } : {}) });
  it.each([
    ['10.0.1.2', 'HQ', true],
    ['10.0.5.7', 'Branch', false],
    ['::ffff:10.0.5.7', 'Branch', false],
    ['fd00::1', 'Branch', false],
    ['192.0.2.1', '', false],
    ['2001:db8::1', '', false],
  ])('client %s is in site %j', (addr, site, closest) => {
    const r = at(hq, addr);
    expect(r.clientSiteName).toBe(site);
    expect(r.dcSiteName).toBe('HQ');
    expect((r.flags & F.DS_CLOSEST_FLAG) !== 0).toBe(closest);
  });
  it('answers as the RODC of the branch: its site, its address, no WRITABLE, SELECT_SECRET', () => {
    const r = at(branch, '10.0.5.7');
    expect(r).toMatchObject({ dnsHostName: 'rodc1.fabrikam.local', netbiosComputerName: 'RODC1', dcSiteName: 'Branch', clientSiteName: 'Branch', dcSockAddr: '10.0.5.10' });
    expect(r.flags & (F.DS_WRITABLE_FLAG | F.DS_PDC_FLAG | F.DS_FULL_SECRET_DOMAIN_6_FLAG)).toBe(0);
    expect(r.flags & (F.DS_SELECT_SECRET_DOMAIN_6_FLAG | F.DS_CLOSEST_FLAG | F.DS_DS_9_FLAG)).toBe(F.DS_SELECT_SECRET_DOMAIN_6_FLAG | F.DS_CLOSEST_FLAG | F.DS_DS_9_FLAG);
  });
  it('falls back to the DC site without a client address, or when no site has subnets', () => {
    expect(at(hq).clientSiteName).toBe('HQ');
    const noSubnets = { ...sites, sites: sites.sites.map((s) => ({ ...s, subnets: [] })) };
    const r = ex(ping(eq('NtVer', le32(6))), { directory: noSubnets, dc: branch, clientAddress: '192.0.2.1' });
    expect(r.clientSiteName).toBe('Branch');
    expect(r.flags & F.DS_CLOSEST_FLAG).toBe(F.DS_CLOSEST_FLAG);
  });
  it('treats a disabled account as unknown', () => {
    const r = ex(ping(eq('NtVer', le32(6)), eq('User', 'dave'), eq('AAC', le32(UA.USER_NORMAL_ACCOUNT))), { directory: sites, dc: hq });
    expect(r.opcode).toBe(OP.LOGON_SAM_USER_UNKNOWN_EX);
  });
});
