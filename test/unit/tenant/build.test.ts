import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';
import { buildWorld, loadWorld } from '../../../emulator/world.ts';

const SCENARIOS = join(import.meta.dirname, '../../../scenarios');
const world = (text: string) => buildWorld(parseScenarioText(text, 'tenant.yaml'));

const BASE = `
domain:
  dnsName: fabrikam.local
upnSuffixes: [contoso.com, east.contoso.com]
users:
  - { sam: alice, upn: alice@contoso.com, password: "A-1!" }
  - { sam: bob, upn: bob@east.contoso.com, password: "B-1!" }
  - { sam: carol, upn: carol@contoso.com, password: "C-1!" }
azureADKerberos:
  id: 30775
  keyVersion: 12
  password: ad-key
`;

describe('tenant of multi-upn-suffix.yaml', () => {
  const w = loadWorld(join(SCENARIOS, 'multi-upn-suffix.yaml'));
  const t = w.tenant;

  it('has the tenant id, the initial domain and both suffixes verified and managed', () => {
    expect(t.id).toBe('6f0c2a1e-5b7d-4c3a-9e2f-0a1b2c3d4e5f');
    expect(t.domain('CONTOSO.com')).toMatchObject({ isVerified: true, authenticationType: 'Managed', isDefault: true });
    expect(t.domain('east.contoso.com')).toMatchObject({ isVerified: true, authenticationType: 'Managed' });
    expect(t.domain('contosolab.onmicrosoft.com')).toMatchObject({ isInitial: true });
  });

  it('syncs every user with the four onPremises* attributes copied from AD', () => {
    expect(t.users.map((u) => u.userPrincipalName)).toEqual(['alice@contoso.com', 'bob@east.contoso.com', 'carol@contoso.com']);
    for (const u of t.users) {
      const ad = w.directory.accountBySam(u.syncedFrom!)!;
      expect(u).toMatchObject({
        onPremisesSyncEnabled: true,
        onPremisesSamAccountName: ad.samAccountName,
        onPremisesDomainName: 'fabrikam.local',
        onPremisesSecurityIdentifier: ad.sid,
        onPremisesUserPrincipalName: ad.upn,
        onPremisesDistinguishedName: ad.dn,
      });
    }
    expect(t.userByUpn('BOB@east.contoso.com')?.onPremisesDomainName).toBe('fabrikam.local');
  });

  it('has a KerberosDomain equal to the AD AzureADKerberos object', () => {
    const kd = t.kerberosDomainFor('FABRIKAM.LOCAL')!;
    const az = w.directory.azureAdKerberos!;
    expect(kd).toMatchObject({ domainDnsName: 'fabrikam.local', id: 30775, displayName: 'krbtgt_30775', keyVersion: az.keyVersion });
    expect(kd.current.password).toBe(az.krbtgt.secrets.current.password);
  });
});

describe('tenant overrides', () => {
  it('null marks an onPremises* attribute missing; a value overrides it', () => {
    const w = world(`${BASE}tenant:\n  users:\n    - { user: bob, onPremisesDomainName: null, onPremisesSamAccountName: robert }\n`);
    const bob = w.tenant.userByUpn('bob@east.contoso.com')!;
    expect(bob.onPremisesDomainName).toBeUndefined();
    expect('onPremisesDomainName' in bob).toBe(false);
    expect(bob.onPremisesSamAccountName).toBe('robert');
    expect(bob.onPremisesSecurityIdentifier).toBe(w.directory.accountBySam('bob')!.sid);
  });

  it('synced: false filters a user out; syncAllUsers: false syncs only the listed ones', () => {
    const a = world(`${BASE}tenant:\n  users:\n    - { user: carol, synced: false }\n`);
    expect(a.tenant.users.map((u) => u.syncedFrom)).toEqual(['alice', 'bob']);
    const b = world(`${BASE}tenant:\n  syncAllUsers: false\n  users:\n    - { user: bob }\n`);
    expect(b.tenant.users.map((u) => u.syncedFrom)).toEqual(['bob']);
  });

  it('adds cloud-only users without onPremises* attributes', () => {
    const w = world(`${BASE}tenant:\n  users:\n    - { cloudOnly: true, upn: dave@contoso.com, password: "D-1!" }\n`);
    const dave = w.tenant.userByUpn('dave@contoso.com')!;
    expect(dave).toMatchObject({ onPremisesSyncEnabled: false, password: 'D-1!' });
    expect(dave.onPremisesSamAccountName).toBeUndefined();
  });

  it('moves a user whose suffix the tenant has not verified to the initial domain, as Entra Connect does', () => {
    const w = world(`${BASE}tenant:\n  initialDomain: fab.onmicrosoft.com\n  domains:\n    - { name: contoso.com }\n    - { name: east.contoso.com, verified: false }\n`);
    expect(w.tenant.users.map((u) => u.userPrincipalName)).toEqual(['alice@contoso.com', 'bob@fab.onmicrosoft.com', 'carol@contoso.com']);
    expect(w.tenant.userByUpn('bob@fab.onmicrosoft.com')!.onPremisesUserPrincipalName).toBe('bob@east.contoso.com');
  });

  it('lets the KerberosDomain drift from AD (own password and CloudKeyVersion) or be absent', () => {
    const w = world(`${BASE}tenant:\n  kerberosDomain:\n    password: rotated-in-cloud-only\n    keyVersion: 13\n`);
    const kd = w.tenant.kerberosDomains[0];
    expect(kd.keyVersion).toBe(13);
    expect(kd.current).toMatchObject({ kvno: 13, password: 'rotated-in-cloud-only' });
    expect(w.directory.azureAdKerberos!.krbtgt.secrets.current).toMatchObject({ kvno: 12, password: 'ad-key' });
    expect(world(`${BASE}tenant:\n  kerberosDomain:\n    present: false\n`).tenant.kerberosDomains).toEqual([]);
    expect(world(`${BASE.replace('  id: 30775', '  present: false')}`).tenant.kerberosDomainFor('fabrikam.local')).toBeUndefined();
  });

  it('derives stable ids and is immutable', () => {
    const a = world(BASE).tenant;
    const b = world(BASE).tenant;
    expect(a.id).toBe(b.id);
    expect(a.users.map((u) => u.objectId)).toEqual(b.users.map((u) => u.objectId));
    expect(Object.isFrozen(a.users[0])).toBe(true);
  });
});
