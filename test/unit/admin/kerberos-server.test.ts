/**
 * The Kerberos server admin operations (emulator/admin/kerberos-server.ts) on the two stores, and
 * what the KDC does next: the partial TGT the cloud seals with its current key is exchanged, or
 * refused with KRB_AP_ERR_BAD_INTEGRITY when a rotation reached only the cloud (PROTOCOL.md
 * sections 3, 4 step 2 and 6).
 */
import { describe, expect, it } from 'vitest';
import { AdminError, ROTATION_INTERVAL_MS } from '../../../emulator/admin/index.ts';
import { rotationPassword } from '../../../emulator/admin/key-material.ts';
import { adminLab, NOW } from './fixture.ts';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    if (err instanceof AdminError) return `${err.code} ${err.httpStatus}`;
    throw err;
  }
  throw new Error('expected an AdminError');
};

describe('get', () => {
  it('reports both sides from the scenario: Id, accounts, versions, KeyUpdatedFrom', () => {
    const { admin } = adminLab();
    const v = admin.get().kerberosServer;
    expect(v).toEqual({
      Id: 30775,
      UserAccount: 'CN=krbtgt_AzureAD,CN=Users,DC=fabrikam,DC=local',
      ComputerAccount: 'CN=AzureADKerberos,OU=Domain Controllers,DC=fabrikam,DC=local',
      DisplayName: 'krbtgt_30775',
      DomainDnsName: 'fabrikam.local',
      KeyVersion: 2,
      KeyUpdatedOn: v.CloudKeyUpdatedOn,
      KeyUpdatedFrom: 'dc1.fabrikam.local',
      CloudDisplayName: 'krbtgt_30775',
      CloudDomainDnsName: 'fabrikam.local',
      CloudId: 30775,
      CloudKeyVersion: 2,
      CloudKeyUpdatedOn: v.KeyUpdatedOn,
      CloudTrustDisplay: null,
    });
    expect(Date.parse(String(v.KeyUpdatedOn))).toBeLessThan(NOW);
  });

  it('a scenario with a cloud-only rotation shows KeyVersion != CloudKeyVersion', () => {
    const v = adminLab('rodc-cloud-rotated.yaml').admin.get().kerberosServer;
    expect(v.KeyVersion).not.toBe(v.CloudKeyVersion);
  });
});

describe('rotate', () => {
  it('both sides: AD version + 1 with the old key as N-1, the cloud gets the same key and version; the KDC follows', () => {
    const l = adminLab();
    expect(l.exchange()).toBe('ok');
    const before = l.stores.adKerberosServer.get()!.krbtgt.secrets.current;
    const s = l.admin.rotate();
    expect([s.kerberosServer.KeyVersion, s.kerberosServer.CloudKeyVersion]).toEqual([3, 3]);
    expect(s.kerberosServer.KeyUpdatedOn).toBe(new Date(NOW).toISOString());
    const ad = l.stores.adKerberosServer.get()!.krbtgt.secrets;
    expect(ad.previous).toBe(before);
    expect(ad.current).toEqual({ kvno: 3, password: rotationPassword('rodc-exchange', 30775, 3, 1) });
    const kd = l.stores.kerberosDomains.get('fabrikam.local')!;
    expect(kd.current).toBe(ad.current);
    expect(kd.keyVersion).toBe(3);
    expect(s.keyGenerations.onPrem).toEqual({ current: { keyVersion: 3, origin: 'rotation', serial: 1 }, previous: { keyVersion: 2, origin: 'scenario' } });
    expect(l.exchange()).toBe('ok');
    expect(l.kdcEvents.at(-1)!.detail).toMatchObject({ rodcKey: 'current', rodcKeyGeneration: 3, rodcKeyMatch: 'exact' });
    expect(l.adminEvents.at(-1)).toMatchObject({ step: 'rotate', verdict: 'ok', detail: { keyVersion: 3, cloudKeyVersion: 3 } });
  });

  it('a second rotation within 24 hours of KeyUpdatedOn is refused unless forced', () => {
    const l = adminLab();
    l.admin.rotate();
    l.clock.advance(ROTATION_INTERVAL_MS - 1000);
    expect(code(() => l.admin.rotate())).toBe('ROTATION_TOO_SOON 409');
    expect(l.admin.get().kerberosServer.KeyVersion).toBe(3);
    expect(l.admin.rotate({ force: true }).kerberosServer.KeyVersion).toBe(4);
    l.clock.advance(ROTATION_INTERVAL_MS);
    expect(l.admin.rotate().kerberosServer.KeyVersion).toBe(5);
  });

  it('cloud only: CloudKeyVersion moves, AD does not, and the next partial TGT gets KRB_AP_ERR_BAD_INTEGRITY; a full rotation repairs it', () => {
    const l = adminLab();
    const s = l.admin.rotate({ cloudOnly: true });
    expect([s.kerberosServer.KeyVersion, s.kerberosServer.CloudKeyVersion]).toEqual([2, 3]);
    expect(l.exchange()).toBe('KRB_AP_ERR_BAD_INTEGRITY');
    expect(l.kdcEvents.at(-1)!.fact).toMatch(/does not hold/);
    const r = l.admin.rotate({ force: true });
    expect([r.kerberosServer.KeyVersion, r.kerberosServer.CloudKeyVersion]).toEqual([3, 3]);
    expect(l.exchange()).toBe('ok');
  });

  it('cloud only, then a full rotation: the cloud keeps one key per version (its previous is not labelled with the current version)', () => {
    const l = adminLab();
    l.admin.rotate({ cloudOnly: true });
    const r = l.admin.rotate({ force: true });
    expect([r.kerberosServer.KeyVersion, r.kerberosServer.CloudKeyVersion]).toEqual([3, 3]);
    const kd = l.stores.kerberosDomains.get('fabrikam.local')!;
    expect(kd.current).toEqual(l.stores.adKerberosServer.get()!.krbtgt.secrets.current);
    // The cloud-only key 3 was replaced by AD's key 3; the cloud's secondary is still the scenario's key 2.
    expect(kd.previous?.kvno).toBe(2);
    expect(r.keyGenerations.cloud).toEqual({ current: { keyVersion: 3, origin: 'rotation', serial: 2 }, previous: { keyVersion: 2, origin: 'scenario' } });
    expect(l.exchange()).toBe('ok');
  });

  it('on-prem only: the cloud key is AD N-1 and still opens (AD keeps the previous key); a second on-prem rotation breaks it', () => {
    const l = adminLab();
    expect(l.admin.rotate({ onPremOnly: true }).kerberosServer).toMatchObject({ KeyVersion: 3, CloudKeyVersion: 2 });
    expect(l.exchange()).toBe('ok');
    expect(l.kdcEvents.at(-1)!.detail).toMatchObject({ rodcKey: 'previous', rodcKeyGeneration: 2 });
    l.admin.rotate({ onPremOnly: true, force: true });
    expect(l.exchange()).toBe('KRB_AP_ERR_BAD_INTEGRITY');
  });

  it('one-sided rotations to the same version give different keys (cloud-only, then on-prem-only)', () => {
    const l = adminLab();
    l.admin.rotate({ cloudOnly: true });
    l.admin.rotate({ onPremOnly: true });
    const v = l.admin.get().kerberosServer;
    expect([v.KeyVersion, v.CloudKeyVersion]).toEqual([3, 3]);
    expect(l.stores.kerberosDomains.get('fabrikam.local')!.current).not.toEqual(l.stores.adKerberosServer.get()!.krbtgt.secrets.current);
    expect(l.exchange()).toBe('KRB_AP_ERR_BAD_INTEGRITY');
  });

  it('refuses onPremOnly with cloudOnly, and a side that has no object', () => {
    const l = adminLab();
    expect(code(() => l.admin.rotate({ onPremOnly: true, cloudOnly: true }))).toBe('BAD_REQUEST 400');
    l.admin.remove();
    expect(code(() => l.admin.rotate())).toBe('NOT_CONFIGURED 404');
    expect(code(() => l.admin.rotate({ cloudOnly: true }))).toBe('NOT_CONFIGURED 404');
  });
});

describe('remove and set', () => {
  it('remove empties every field; the KDC no longer knows the RODC number; set restores both sides and the exchange works', () => {
    const l = adminLab();
    const r = l.admin.remove();
    expect(r.removed).toEqual({ onPrem: true, cloud: true });
    expect(Object.values(r.kerberosServer).every((v) => v === null)).toBe(true);
    expect(l.stores.directory.accountBySam('krbtgt_30775')).toBeUndefined();
    expect(l.stores.directory.accountBySecondaryKrbTgtNumber(30775)).toBeUndefined();
    expect(l.stores.directory.entryByDn('CN=AzureADKerberos,OU=Domain Controllers,DC=fabrikam,DC=local')).toBeUndefined();
    expect(code(() => l.admin.remove())).toBe('NOT_CONFIGURED 404');
    const s = l.admin.set().kerberosServer;
    expect(s).toMatchObject({ Id: 30775, KeyVersion: 2, CloudKeyVersion: 2, DisplayName: 'krbtgt_30775' });
    expect(s.KeyUpdatedOn).toBe(s.CloudKeyUpdatedOn);
    expect(l.exchange()).toBe('ok');
  });

  it('set on a domain without the objects creates them with fresh RIDs, linked and with the PRP, and publishes the key', () => {
    const l = adminLab('rodc-no-azuread.yaml');
    expect(l.admin.get().kerberosServer.Id).toBeNull();
    const before = new Set([...l.world.directory.users, ...l.world.directory.computers, ...l.world.directory.groups].map((p) => p.rid));
    const s = l.admin.set().kerberosServer;
    expect(s.KeyVersion).toBe(s.CloudKeyVersion);
    const d = l.stores.directory;
    const az = d.azureAdKerberos!;
    expect(before.has(az.krbtgt.rid) || before.has(az.computer.rid)).toBe(false);
    expect(az.computer.krbTgtLinkDn).toBe(az.krbtgt.dn);
    expect(az.krbtgt.krbTgtLinkBlDns).toEqual([az.computer.dn]);
    expect(d.principalBySid(az.krbtgt.sid)).toBe(az.krbtgt);
    expect(d.accountBySecondaryKrbTgtNumber(az.id)).toBe(az.krbtgt);
    const scp = d.entryByDn(az.serviceConnectionPointDn)!;
    expect(JSON.parse(String(scp.attributes.get('keywords')!.values[0]))).toMatchObject({ UserAccountSid: az.krbtgt.sid, ComputerAccountSid: az.computer.sid });
    expect(l.exchange()).toBe('ok');
    expect(l.exchange('carol')).toBe('KDC_ERR_TGT_REVOKED');
  });

  it('set with both sides present publishes AD\'s key to the cloud, repairing a one-sided rotation', () => {
    const l = adminLab('rodc-cloud-rotated.yaml');
    expect(l.exchange()).toBe('KRB_AP_ERR_BAD_INTEGRITY');
    const s = l.admin.set().kerberosServer;
    expect(s.CloudKeyVersion).toBe(s.KeyVersion);
    expect(l.exchange()).toBe('ok');
  });
});
