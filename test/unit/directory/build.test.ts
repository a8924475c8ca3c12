import { describe, expect, it } from 'vitest';
import { sidFromBytes, guidFromBytes } from '../../../emulator/directory/ids.ts';
import { UF } from '../../../emulator/directory/uac.ts';
import { attr, attrs, fromText, multiUpn } from './fixture.ts';

const D = 'DC=fabrikam,DC=local';

describe('directory build is deterministic', () => {
  it('two builds of one file have identical entries, SIDs, GUIDs, USNs and times', () => {
    const a = multiUpn();
    const b = multiUpn();
    expect(a.entries.length).toBe(b.entries.length);
    const flat = (d: typeof a) => d.entries.map((e) => [e.dn, [...e.attributes.values()].map((x) => [x.name, x.values.map((v) => (typeof v === 'string' ? v : Buffer.from(v).toString('hex')))])]);
    expect(flat(a)).toEqual(flat(b));
    expect(a.domain.sid).toBe(b.domain.sid);
    expect(a.accountBySam('alice')!.sid).toBe(b.accountBySam('alice')!.sid);
  });

  it('a different seed gives a different domain SID and GUIDs', () => {
    const base = 'domain:\n  dnsName: fabrikam.local\n';
    const a = fromText(`seed: one\n${base}`);
    const b = fromText(`seed: two\n${base}`);
    expect(a.domain.sid).not.toBe(b.domain.sid);
    expect(a.domain.guid).not.toBe(b.domain.guid);
  });

  it('honours an explicit domain SID and RIDs', () => {
    const d = fromText('domain:\n  dnsName: x.local\n  sid: S-1-5-21-1-2-3\nusers:\n  - sam: u\n    rid: 4242\n');
    expect(d.accountBySam('u')!.sid).toBe('S-1-5-21-1-2-3-4242');
    expect(sidFromBytes(Buffer.from(attr(d, d.accountBySam('u')!.dn, 'objectSid')!, 'hex'))).toBe('S-1-5-21-1-2-3-4242');
  });
});

describe('well-known objects', () => {
  const d = multiUpn();
  const sid = (rid: number) => `${d.domain.sid}-${rid}`;

  it('has Administrator, Guest and krbtgt with their RIDs', () => {
    expect(d.accountBySam('Administrator')!.sid).toBe(sid(500));
    expect(d.accountBySam('Guest')!.sid).toBe(sid(501));
    expect(d.krbtgt.sid).toBe(sid(502));
    expect(d.krbtgt.userAccountControl & UF.ACCOUNTDISABLE).toBe(UF.ACCOUNTDISABLE);
  });

  it('has the well-known groups with their RIDs, builtin ones under S-1-5-32', () => {
    for (const rid of [512, 513, 515, 516, 517, 518, 519, 520, 521, 571, 572]) expect(d.principalBySid(sid(rid))?.kind).toBe('group');
    for (const rid of [544, 548, 549, 551]) expect(d.principalBySid(`S-1-5-32-${rid}`)?.dn).toMatch(/,CN=Builtin,DC=fabrikam,DC=local$/);
    expect(d.groupBySam('Domain Admins')!.memberOfDns).toContain(`CN=Administrators,CN=Builtin,${D}`);
  });

  it('publishes uPNSuffixes and the domain crossRef on CN=Partitions', () => {
    expect(attrs(d, `CN=Partitions,CN=Configuration,${D}`, 'uPNSuffixes')).toEqual(['contoso.com', 'east.contoso.com']);
    const x = `CN=FABRIKAM,CN=Partitions,CN=Configuration,${D}`;
    expect([attr(d, x, 'nETBIOSName'), attr(d, x, 'dnsRoot'), attr(d, x, 'nCName')]).toEqual(['FABRIKAM', 'fabrikam.local', D]);
  });

  it('has the writable DC in OU=Domain Controllers with server and NTDS Settings objects', () => {
    const dc = d.dcs[0];
    expect(dc.computer.dn).toBe(`CN=DC1,OU=Domain Controllers,${D}`);
    expect(dc.hostName).toBe('dc1.fabrikam.local');
    expect(dc.pdc).toBe(true);
    expect(attr(d, dc.computer.dn, 'userAccountControl')).toBe(String(UF.SERVER_TRUST_ACCOUNT | UF.TRUSTED_FOR_DELEGATION));
    expect(attr(d, dc.computer.dn, 'operatingSystem')).toBe('Windows Server 2022 Datacenter');
    expect(attr(d, dc.serverDn, 'serverReference')).toBe(dc.computer.dn);
    expect(guidFromBytes(Buffer.from(attr(d, dc.ntdsSettingsDn, 'objectGUID')!, 'hex'))).toBe(dc.ntdsSettingsGuid);
    expect(attrs(d, dc.ntdsSettingsDn, 'objectClass')).toContain('nTDSDSA');
  });
});

describe('cloud-trust objects (PROTOCOL.md section 3)', () => {
  const d = multiUpn();
  const az = d.azureAdKerberos!;

  it('AzureADKerberos computer: sAMAccountName, UAC 67112960, RODC primary group, no host, no NTDS objects', () => {
    expect(az.computer.dn).toBe(`CN=AzureADKerberos,OU=Domain Controllers,${D}`);
    expect(attr(d, az.computer.dn, 'sAMAccountName')).toBe('AzureADKerberos$');
    expect(attr(d, az.computer.dn, 'userAccountControl')).toBe('67112960');
    expect(attr(d, az.computer.dn, 'primaryGroupID')).toBe('521');
    expect(attr(d, az.computer.dn, 'dNSHostName')).toBeUndefined();
    expect(d.entries.some((e) => /^CN=AzureADKerberos,CN=Servers/i.test(e.dn))).toBe(false);
    expect(attr(d, az.computer.dn, 'msDS-KrbTgtLink')).toBe(`CN=krbtgt_AzureAD,CN=Users,${D}`);
  });

  it('AzureADKerberos replication policy defaults: Domain Admins and friends never, Domain Users on demand', () => {
    const never = attrs(d, az.computer.dn, 'msDS-NeverRevealGroup');
    expect(never).toEqual(expect.arrayContaining([`CN=Domain Admins,CN=Users,${D}`, `CN=Administrators,CN=Builtin,${D}`, `CN=Account Operators,CN=Builtin,${D}`, `CN=Server Operators,CN=Builtin,${D}`, `CN=Backup Operators,CN=Builtin,${D}`]));
    expect(never).toHaveLength(9);
    expect(attrs(d, az.computer.dn, 'msDS-RevealOnDemandGroup')).toEqual([`CN=Domain Users,CN=Users,${D}`]);
  });

  it('krbtgt_AzureAD: krbtgt_<Id>, disabled, secondary number, back-link, key version', () => {
    const k = az.krbtgt;
    expect(k.dn).toBe(`CN=krbtgt_AzureAD,CN=Users,${D}`);
    expect(attr(d, k.dn, 'sAMAccountName')).toBe('krbtgt_30775');
    expect(attr(d, k.dn, 'userAccountControl')).toBe('514');
    expect(attr(d, k.dn, 'msDS-SecondaryKrbTgtNumber')).toBe('30775');
    expect(attrs(d, k.dn, 'msDS-KrbTgtLinkBl')).toEqual([az.computer.dn]);
    expect(attr(d, k.dn, 'msDS-KeyVersionNumber')).toBe('2');
    expect(k.secrets.current.password).toBe('AzureAD-Kerberos-Server-Key-1');
    expect(az.keyVersion).toBe(2);
  });

  it('the service connection point under CN=AzureAD,CN=System names both SIDs', () => {
    expect(az.serviceConnectionPointDn).toBe(`CN=900274c4-b7d2-43c8-90ee-00a9f650e335,CN=AzureAD,CN=System,${D}`);
    const kw = JSON.parse(attr(d, az.serviceConnectionPointDn, 'keywords')!);
    expect(kw).toEqual({ Id: az.scpId, UserAccountSid: az.krbtgt.sid, ComputerAccountSid: az.computer.sid });
  });

  it('fault knobs remove the krbtgt link or the PARTIAL_SECRETS flag', () => {
    const f = fromText('domain:\n  dnsName: x.local\nazureADKerberos:\n  id: 9\n  missingKrbtgtLink: true\n  missingPartialSecrets: true\n');
    const a = f.azureAdKerberos!;
    expect(a.computer.krbTgtLinkDn).toBeUndefined();
    expect(attr(f, a.computer.dn, 'msDS-KrbTgtLink')).toBeUndefined();
    expect(attrs(f, a.krbtgt.dn, 'msDS-KrbTgtLinkBl')).toEqual([]);
    expect(a.computer.userAccountControl & UF.PARTIAL_SECRETS_ACCOUNT).toBe(0);
    expect(f.accountBySecondaryKrbTgtNumber(9)).toBe(a.krbtgt);
  });

  it('absent when the scenario says so', () => {
    const f = fromText('domain:\n  dnsName: x.local\nazureADKerberos:\n  present: false\n');
    expect(f.azureAdKerberos).toBeUndefined();
    expect(f.accountBySam('AzureADKerberos$')).toBeUndefined();
    expect(f.entries.some((e) => /CN=AzureAD,CN=System/i.test(e.dn))).toBe(false);
  });

  it('an RODC from the scenario gets its krbtgt_<n>, link and the normal RODC policy', () => {
    const f = fromText('domain:\n  dnsName: x.local\ndcs:\n  - name: dc1\n  - name: rodc1\n    readOnly: true\n    rodcNumber: 1234\n');
    const r = f.dcs[1];
    expect(r.computer.userAccountControl).toBe(0x05001000);
    expect(r.computer.krbTgtLinkDn).toBe('CN=krbtgt_1234,CN=Users,DC=x,DC=local');
    expect(f.accountBySecondaryKrbTgtNumber(1234)!.samAccountName).toBe('krbtgt_1234');
    expect(attrs(f, r.ntdsSettingsDn, 'objectClass')).toContain('nTDSDSARO');
    expect(r.computer.revealOnDemandGroupDns).toEqual(['CN=Allowed RODC Password Replication Group,CN=Users,DC=x,DC=local']);
  });
});

describe('entries', () => {
  const d = multiUpn();
  it('lists parents before children and every entry has objectGUID, objectClass and distinguishedName', () => {
    const seen = new Set<string>();
    for (const e of d.entries) {
      const parent = e.dn.slice(e.dn.indexOf(',') + 1).toLowerCase();
      if (e.dn.toLowerCase() !== d.domain.dn.toLowerCase()) expect(seen.has(parent)).toBe(true);
      seen.add(e.dn.toLowerCase());
      expect(e.attributes.get('objectguid')!.values[0]).toBeInstanceOf(Uint8Array);
      expect(e.attributes.get('objectclass')!.values.length).toBeGreaterThan(0);
      expect(e.attributes.get('distinguishedname')!.values[0]).toBe(e.dn);
    }
  });
  it('keeps the schema spelling of attribute names and the LDAP forms of values', () => {
    const alice = d.accountBySam('alice')!;
    const e = d.entryByDn(alice.dn)!;
    expect(e.attributes.get('samaccountname')!.name).toBe('sAMAccountName');
    expect(attr(d, alice.dn, 'sAMAccountType')).toBe('805306368');
    expect(attr(d, alice.dn, 'whenCreated')).toMatch(/^2024\d{10}\.0Z$/);
    expect(attr(d, alice.dn, 'accountExpires')).toBe('9223372036854775807');
    expect(attrs(d, d.accountBySam('carol')!.dn, 'memberOf')).toEqual([`CN=Domain Admins,CN=Users,${D}`]);
    expect(attrs(d, `CN=Domain Admins,CN=Users,${D}`, 'member')).toEqual(expect.arrayContaining([d.accountBySam('carol')!.dn, d.accountBySam('Administrator')!.dn]));
  });
  it('is immutable', () => {
    expect(Object.isFrozen(d.users)).toBe(true);
    expect(Object.isFrozen(d.accountBySam('alice'))).toBe(true);
    expect(() => (d.users as unknown[]).push(1)).toThrow(TypeError);
  });
});
