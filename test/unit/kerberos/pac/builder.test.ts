import { describe, expect, it } from 'vitest';
import {
  buildPacContents,
  buildSignedPac,
  decodePac,
  FILETIME_NEVER,
  filetimeFromMs,
  LOGON_FLAGS,
  msFromFiletime,
  type PacUserDescription,
  samrAccountControlFromUac,
  UPN_DNS_FLAGS,
  USER_ACCOUNT,
  verifyPac,
} from '../../../../emulator/kerberos/pac/index.ts';

const AUTH = Date.UTC(2025, 0, 2, 3, 4, 5);
const base: PacUserDescription = {
  samAccountName: 'alice',
  fullName: 'Alice Example',
  netbiosDomainName: 'CONTOSO',
  dnsDomainName: 'contoso.com',
  logonServer: 'DC1',
  domainSid: 'S-1-5-21-1004336348-1177238915-682003330',
  userRid: 1105,
  groups: [1108, { relativeId: 1109, attributes: 7 }],
  upn: 'alice@contoso.com',
  userAccountControl: samrAccountControlFromUac(0x10200),
  authTime: AUTH,
  passwordLastSet: AUTH - 86_400_000,
};

describe('PAC builder', () => {
  it('maps a user description to LOGON_INFO, CLIENT_INFO and an extended UPN_DNS_INFO', () => {
    const c = buildPacContents(base);
    const li = c.logonInfo;
    expect(li.effectiveName).toBe('alice');
    expect(li.fullName).toBe('Alice Example');
    expect([li.userId, li.primaryGroupId, li.logonDomainId]).toEqual([1105, 513, base.domainSid]);
    expect(li.groupIds).toEqual([
      { relativeId: 513, attributes: 7 },
      { relativeId: 1108, attributes: 7 },
      { relativeId: 1109, attributes: 7 },
    ]);
    expect(li.userFlags).toBe(0);
    expect(li.userAccountControl).toBe(USER_ACCOUNT.USER_NORMAL_ACCOUNT | USER_ACCOUNT.USER_DONT_EXPIRE_PASSWORD);
    expect(li.logonTime).toBe(filetimeFromMs(AUTH));
    expect([li.logoffTime, li.kickOffTime, li.passwordMustChange]).toEqual([FILETIME_NEVER, FILETIME_NEVER, FILETIME_NEVER]);
    expect(msFromFiletime(li.passwordLastSet)).toBe(AUTH - 86_400_000);
    expect(li.passwordCanChange).toBe(li.passwordLastSet);
    expect(li.stringMaxLengths).toEqual({ logonServer: 8, logonDomainName: 16 });
    expect(c.clientInfo).toEqual({ clientId: filetimeFromMs(AUTH), name: 'alice' });
    expect(c.upnDnsInfo).toEqual({
      upn: 'alice@contoso.com',
      dnsDomainName: 'CONTOSO.COM',
      flags: UPN_DNS_FLAGS.S,
      samName: 'alice',
      sid: `${base.domainSid}-1105`,
    });
    expect(c.attributesInfo).toBeUndefined();
    expect(c.requestor).toBeUndefined();
  });

  it('sets LOGON_EXTRA_SIDS and LOGON_RESOURCE_GROUPS from the lists, with SE_GROUP_RESOURCE on resource groups', () => {
    const li = buildPacContents({
      ...base,
      extraSids: ['S-1-18-1', { sid: 'S-1-5-21-9-9-9-500', attributes: 0x20000007 }],
      resourceGroups: { domainSid: 'S-1-5-21-4-5-6', groups: [1200] },
    }).logonInfo;
    expect(li.userFlags).toBe(LOGON_FLAGS.LOGON_EXTRA_SIDS | LOGON_FLAGS.LOGON_RESOURCE_GROUPS);
    expect(li.extraSids).toEqual([{ sid: 'S-1-18-1', attributes: 7 }, { sid: 'S-1-5-21-9-9-9-500', attributes: 0x20000007 }]);
    expect([li.resourceGroupDomainSid, li.resourceGroupIds]).toEqual(['S-1-5-21-4-5-6', [{ relativeId: 1200, attributes: 0x20000007 }]]);
    const none = buildPacContents({ ...base, resourceGroups: { domainSid: 'S-1-5-21-4-5-6', groups: [] } }).logonInfo;
    expect([none.userFlags, none.resourceGroupDomainSid]).toEqual([0, null]);
  });

  it('constructs a UPN with flag U when the account has none; basic form on request', () => {
    const c = buildPacContents({ ...base, upn: undefined, upnDnsExtended: false });
    expect(c.upnDnsInfo).toEqual({ upn: 'alice@contoso.com', dnsDomainName: 'CONTOSO.COM', flags: UPN_DNS_FLAGS.U });
  });

  it('adds PAC_ATTRIBUTES_INFO and PAC_REQUESTOR on request; the signed PAC decodes back and verifies', () => {
    const serverKey = { etype: 18, bytes: new Uint8Array(32).fill(5) };
    const kdcKey = { etype: 18, bytes: new Uint8Array(32).fill(6) };
    const pac = buildSignedPac({ ...base, pacAttributes: 1, requestor: true }, { serverKey, kdcKey, rodcIdentifier: 0x1f });
    const d = decodePac(pac);
    expect(d.buffers.map((b) => b.type)).toEqual([1, 10, 12, 0x11, 0x12, 6, 7]);
    expect(d.attributesInfo).toEqual({ flagsLength: 2, flags: [1] });
    expect(d.requestor).toEqual({ sid: `${base.domainSid}-1105` });
    expect(d.logonInfo?.effectiveName).toBe('alice');
    expect(d.upnDnsInfo?.sid).toBe(`${base.domainSid}-1105`);
    const r = verifyPac(pac, { serverKey, kdcKey });
    expect([r.server, r.kdc, r.rodcIdentifier]).toEqual(['valid', 'valid', 0x1f]);
  });

  it('maps AD userAccountControl to MS-SAMR USER_ACCOUNT codes', () => {
    expect(samrAccountControlFromUac(0x200)).toBe(0x10);
    expect(samrAccountControlFromUac(0x10200)).toBe(0x210); // as in the gokrb5 AD PAC (UserAccountControl 528)
    expect(samrAccountControlFromUac(0x1000)).toBe(0x80);
    expect(samrAccountControlFromUac(0x202)).toBe(0x11);
    expect(samrAccountControlFromUac(0x04000000 | 0x1000)).toBe(0x100080);
  });
});
