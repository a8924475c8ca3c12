/**
 * The AD-side store of the Kerberos server objects and the live directory view over it: built from
 * the scenario, a rotation seen in every lookup and in the LDAP entries (msDS-KeyVersionNumber,
 * pwdLastSet, whenChanged, uSNChanged), removal hiding the objects, other objects untouched.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromFiletime, toGeneralizedTime } from '../../../emulator/directory/ids.ts';
import type { DirectoryEntry } from '../../../emulator/directory/model.ts';
import { rotateAdKerberosServer } from '../../../emulator/stores/ad-kerberos-objects.ts';
import { MemoryAdKerberosServerStore } from '../../../emulator/stores/ad-kerberos-server.ts';
import { createLabStores } from '../../../emulator/stores/lab-stores.ts';
import { MemoryKerberosDomainStore } from '../../../emulator/stores/kerberos-domains.ts';
import { loadWorld } from '../../../emulator/world.ts';

const world = loadWorld(join(import.meta.dirname, '../../fixtures/rodc-exchange.yaml'));
const KRBTGT_DN = 'CN=krbtgt_AzureAD,CN=Users,DC=fabrikam,DC=local';
const attr = (e: DirectoryEntry | undefined, name: string) => e?.attributes.get(name.toLowerCase())?.values.map(String);
const T = Date.parse('2025-06-01T08:30:00Z');

describe('AdKerberosServerStore from the scenario', () => {
  it('holds the scenario objects with current and N-1 keys', () => {
    const { adKerberosServer } = createLabStores(world, 'dc1.fabrikam.local');
    const s = adKerberosServer.get()!;
    expect(s.id).toBe(30775);
    expect(s.krbtgt).toBe(world.directory.azureAdKerberos!.krbtgt);
    expect(s.krbtgt.secrets.current.kvno).toBe(2);
    expect(s.krbtgt.secrets.previous?.kvno).toBe(1);
    expect(s.keyUpdatedFrom).toBe('dc1.fabrikam.local');
    expect(s.entries.map((e) => e.dn)).toEqual([
      'CN=AzureAD,CN=System,DC=fabrikam,DC=local',
      'CN=900274c4-b7d2-43c8-90ee-00a9f650e335,CN=AzureAD,CN=System,DC=fabrikam,DC=local',
      KRBTGT_DN,
      'CN=AzureADKerberos,OU=Domain Controllers,DC=fabrikam,DC=local',
    ]);
  });

  it('counts revisions on put and remove only', () => {
    const st = new MemoryAdKerberosServerStore();
    expect(st.remove()).toBe(false);
    expect(st.revision()).toBe(0);
    st.put(createLabStores(world, 'dc1').adKerberosServer.get()!);
    expect(st.remove()).toBe(true);
    expect(st.revision()).toBe(2);
  });

  it('KerberosDomainStore: case-insensitive, put replaces, remove reports', () => {
    const st = new MemoryKerberosDomainStore(world.tenant.kerberosDomains);
    expect(st.get('FABRIKAM.LOCAL')?.keyVersion).toBe(2);
    st.put({ ...st.get('fabrikam.local')!, keyVersion: 9 });
    expect(st.list().map((k) => k.keyVersion)).toEqual([9]);
    expect(st.remove('Fabrikam.Local')).toBe(true);
    expect(st.get('fabrikam.local')).toBeUndefined();
  });
});

describe('the live directory', () => {
  it('a rotation shows in lookups and in the entry LDAP serves: msDS-KeyVersionNumber, pwdLastSet, whenChanged, uSNChanged', () => {
    const stores = createLabStores(world, 'dc1.fabrikam.local');
    const d = stores.directory;
    expect(attr(d.entryByDn(KRBTGT_DN), 'msDS-KeyVersionNumber')).toEqual(['2']);
    const rev = d.revision();
    const usn = d.highestCommittedUsn + 1;
    stores.adKerberosServer.put(
      rotateAdKerberosServer(world.scenario, stores.adKerberosServer.get()!, { material: { kvno: 3, password: 'New-Key-3' }, origin: { kind: 'rotation', serial: 1 }, now: T, dc: 'dc1.fabrikam.local', usn }),
    );
    expect(d.revision()).toBeGreaterThan(rev);
    const e = d.entryByDn(KRBTGT_DN);
    expect(attr(e, 'msDS-KeyVersionNumber')).toEqual(['3']);
    expect(fromFiletime(attr(e, 'pwdLastSet')![0])).toBe(T);
    expect(attr(e, 'whenChanged')).toEqual([toGeneralizedTime(T)]);
    expect(attr(e, 'uSNChanged')).toEqual([String(usn)]);
    expect(d.highestCommittedUsn).toBe(usn);
    const k = d.accountBySam('krbtgt_30775')!;
    expect(k.kind === 'user' && k.secrets.current.kvno).toBe(3);
    expect(k.kind === 'user' && k.secrets.previous?.password).toBe('AzureAD-Kerberos-Server-Key-1');
    expect(d.accountBySecondaryKrbTgtNumber(30775)).toBe(k);
    expect(d.principalBySid(k.sid)).toBe(k);
    expect(d.users.filter((u) => u.samAccountName === 'krbtgt_30775')).toEqual([k]);
    expect(d.entries.filter((x) => x.dn === KRBTGT_DN)).toEqual([e]);
    expect(d.azureAdKerberos?.keyVersion).toBe(3);
    // The scenario's directory is untouched, and so is everything else.
    expect(world.directory.azureAdKerberos!.krbtgt.secrets.current.kvno).toBe(2);
    expect(d.accountBySam('alice')).toBe(world.directory.accountBySam('alice'));
    expect(d.entries.length).toBe(world.directory.entries.length);
  });

  it('removal hides the objects from every lookup and from entries, users and computers', () => {
    const stores = createLabStores(world, 'dc1.fabrikam.local');
    const d = stores.directory;
    const k = d.azureAdKerberos!.krbtgt;
    const c = d.azureAdKerberos!.computer;
    stores.adKerberosServer.remove();
    expect(d.azureAdKerberos).toBeUndefined();
    expect(d.accountBySam('AzureADKerberos')).toBeUndefined();
    expect(d.accountBySam('AzureADKerberos$')).toBeUndefined();
    expect(d.principalByDn(c.dn)).toBeUndefined();
    expect(d.principalBySid(k.sid)).toBeUndefined();
    expect(d.entryByGuid(k.guid)).toBeUndefined();
    expect(d.entryByDn('CN=AzureAD,CN=System,DC=fabrikam,DC=local')).toBeUndefined();
    expect(d.users).not.toContain(k);
    expect(d.computers).not.toContain(c);
    expect(d.entries.length).toBe(world.directory.entries.length - 4);
  });
});
