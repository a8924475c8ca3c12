import { describe, expect, it } from 'vitest';
import { multiUpn } from './fixture.ts';

const D = 'DC=fabrikam,DC=local';

describe('directory lookups', () => {
  const d = multiUpn();
  const alice = d.accountBySam('alice')!;

  it('finds entries by DN regardless of case and spacing', () => {
    expect(d.entryByDn(`cn=ALICE, cn=users, dc=Fabrikam, dc=LOCAL`)?.dn).toBe(alice.dn);
    expect(d.entryByDn('CN=nobody,CN=Users,DC=fabrikam,DC=local')).toBeUndefined();
    expect(d.entryByDn('not a dn')).toBeUndefined();
  });

  it('finds by GUID and SID', () => {
    expect(d.entryByGuid(alice.guid)?.dn).toBe(alice.dn);
    expect(d.entryByGuid(alice.guid.toUpperCase())?.dn).toBe(alice.dn);
    expect(d.principalBySid(alice.sid)).toBe(alice);
    expect(d.entryByGuid(d.domain.guid)?.dn).toBe(D);
  });

  it('finds accounts by sAMAccountName case-insensitively, computers with or without $', () => {
    expect(d.accountBySam('ALICE')).toBe(alice);
    expect(d.accountBySam('fs1')?.samAccountName).toBe('FS1$');
    expect(d.accountBySam('fs1$')?.samAccountName).toBe('FS1$');
    expect(d.accountBySam('krbtgt_30775')).toBe(d.azureAdKerberos!.krbtgt);
    expect(d.accountBySam('domain admins')).toBeUndefined();
    expect(d.groupBySam('domain admins')?.rid).toBe(512);
  });

  it('finds accounts by UPN case-insensitively, under either suffix', () => {
    expect(d.accountByUpn('Alice@Contoso.com')).toBe(alice);
    expect(d.accountByUpn('bob@EAST.contoso.com')?.samAccountName).toBe('bob');
    expect(d.accountByUpn('alice@fabrikam.local')).toBeUndefined();
  });

  it('finds SPNs case-insensitively, with host/ standing for cifs/, http/ and the other sPNMappings', () => {
    expect(d.accountBySpn('cifs/fs1.fabrikam.local')?.samAccountName).toBe('FS1$');
    expect(d.accountBySpn('CIFS/FS1.FABRIKAM.LOCAL')?.samAccountName).toBe('FS1$');
    expect(d.accountBySpn('http/fs1.fabrikam.local')?.samAccountName).toBe('FS1$');
    expect(d.accountBySpn('host/FS1')?.samAccountName).toBe('FS1$');
    expect(d.accountBySpn('ldap/dc1.fabrikam.local')?.samAccountName).toBe('DC1$');
    expect(d.accountBySpn('kadmin/changepw')).toBe(d.krbtgt);
    // ldap is not an sPNMappings alias of host: a member server has no ldap/ SPN.
    expect(d.accountBySpn('ldap/fs1.fabrikam.local')).toBeUndefined();
    expect(d.accountBySpn('cifs/nowhere.fabrikam.local')).toBeUndefined();
  });

  it('finds the RODC krbtgt by msDS-SecondaryKrbTgtNumber', () => {
    expect(d.accountBySecondaryKrbTgtNumber(30775)).toBe(d.azureAdKerberos!.krbtgt);
    expect(d.accountBySecondaryKrbTgtNumber(1)).toBeUndefined();
  });
});
