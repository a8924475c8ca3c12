/**
 * The DC locator against labs on free ports: DNS SRV then the LDAP ping to each DC as itself (the
 * scenario's other DCs answer at 127.0.0.x), selection by the reply's DS_FLAG word, the second
 * round in the client's site, and the trace of every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningLab } from '../../../emulator/lab.ts';
import { DS_FLAG } from '../../../emulator/ldap/netlogon/index.ts';
import { DSGETDC, locateDc, srvName } from '../../../clients/locator/index.ts';
import { endpoints, startTestLab } from './lab.ts';

const KDC_KEYLIST = DSGETDC.DS_KDC_REQUIRED | DSGETDC.DS_KEY_LIST_SUPPORT_REQUIRED;

describe('srvName (MS-ADTS 6.3.6.1)', () => {
  it('asks _ldap, _kerberos, pdc and gc names, site-specific when a site is given', () => {
    expect(srvName('Fabrikam.Local.', 'fabrikam.local', 0)?.name).toBe('_ldap._tcp.dc._msdcs.fabrikam.local');
    expect(srvName('fabrikam.local', 'fabrikam.local', 0, 'HQ')?.name).toBe('_ldap._tcp.HQ._sites.dc._msdcs.fabrikam.local');
    expect(srvName('fabrikam.local', 'fabrikam.local', DSGETDC.DS_KDC_REQUIRED)).toEqual({ name: '_kerberos._tcp.dc._msdcs.fabrikam.local', service: 'kerberos' });
    expect(srvName('fabrikam.local', 'fabrikam.local', DSGETDC.DS_KDC_REQUIRED, 'Branch')?.name).toBe('_kerberos._tcp.Branch._sites.dc._msdcs.fabrikam.local');
    expect(srvName('fabrikam.local', 'fabrikam.local', DSGETDC.DS_PDC_REQUIRED)?.name).toBe('_ldap._tcp.pdc._msdcs.fabrikam.local');
    expect(srvName('fabrikam.local', 'fabrikam.local', DSGETDC.DS_PDC_REQUIRED, 'HQ')).toBeUndefined();
    expect(srvName('fabrikam.local', 'fabrikam.local', DSGETDC.DS_GC_SERVER_REQUIRED, 'HQ')?.name).toBe('_ldap._tcp.HQ._sites.gc._msdcs.fabrikam.local');
  });
});

describe('locateDc on multi-upn-suffix (one patched writable DC)', () => {
  let lab: RunningLab;
  beforeAll(async () => {
    lab = await startTestLab('multi-upn-suffix.yaml');
  });
  afterAll(() => lab.close());

  it('finds dc1 for /kdc /keylist through _kerberos._tcp.dc._msdcs and the ping, with every step traced', async () => {
    const { dns, ldapPort } = endpoints(lab);
    const r = await locateDc({ dns, ldapPort, domain: 'fabrikam.local', flags: KDC_KEYLIST });
    if (!r.ok) throw new Error(r.fact);
    expect(r.dc).toMatchObject({
      domainControllerName: '\\\\dc1.fabrikam.local',
      domainControllerAddress: '\\\\127.0.0.1',
      domainName: 'fabrikam.local',
      dnsForestName: 'fabrikam.local',
      domainGuid: lab.world.directory.domain.guid,
      dcSiteName: 'Default-First-Site-Name',
      clientSiteName: 'Default-First-Site-Name',
    });
    for (const f of [DS_FLAG.DS_KDC_FLAG, DS_FLAG.DS_KEY_LIST_FLAG, DS_FLAG.DS_WRITABLE_FLAG, DS_FLAG.DS_CLOSEST_FLAG, DS_FLAG.DS_DNS_CONTROLLER_FLAG, DS_FLAG.DS_DNS_DOMAIN_FLAG, DS_FLAG.DS_DNS_FOREST_FLAG]) {
      expect((r.dc.flags & f) >>> 0).toBe(f);
    }
    expect(r.trace.map((e) => [e.service, e.step, e.verdict])).toEqual([
      ['locator', 'dns-srv', 'ok'],
      ['locator', 'dns-a', 'ok'],
      ['locator', 'cldap-ping', 'ok'],
      ['locator', 'select', 'ok'],
    ]);
    expect(r.trace[0].detail).toMatchObject({ name: '_kerberos._tcp.dc._msdcs.fabrikam.local', targets: [{ target: 'dc1.fabrikam.local', port: lab.port('kdc') }] });
    expect(r.trace[2]).toMatchObject({ code: 'LOGON_SAM_LOGON_RESPONSE_EX', wire: 23, detail: { port: ldapPort } });
    // The lab's CLDAP server saw the ping the locator sent.
    expect(lab.trace.events().some((e) => e.service === 'cldap')).toBe(true);
  });

  it('answers ERROR_NO_SUCH_DOMAIN (1355) for a domain the lab DNS does not serve (the UPN suffix as hint: REFUSED, not authoritative)', async () => {
    const { dns, ldapPort } = endpoints(lab);
    const r = await locateDc({ dns, ldapPort, domain: 'east.contoso.com', flags: KDC_KEYLIST, service: 'device' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.status, r.statusName]).toEqual([1355, 'ERROR_NO_SUCH_DOMAIN']);
    expect(r.trace[0]).toMatchObject({ service: 'device', step: 'dns-srv', verdict: 'error', code: 'REFUSED' });
    expect(r.trace.at(-1)).toMatchObject({ step: 'select', verdict: 'error', code: 'ERROR_NO_SUCH_DOMAIN', wire: 1355 });
  });

  it('emits each event to onEvent as it happens, stamped with the injected clock', async () => {
    const { dns, ldapPort } = endpoints(lab);
    const seen: string[] = [];
    const r = await locateDc({ dns, ldapPort, domain: 'fabrikam.local', now: () => 42, onEvent: (e) => seen.push(`${e.step}@${e.t}`) });
    expect(seen).toEqual(r.trace.map((e) => `${e.step}@42`));
    expect(r.trace[0].detail).toMatchObject({ name: '_ldap._tcp.dc._msdcs.fabrikam.local' });
  });
});

describe('locateDc on old-dcs-only (2016 without KB4534307, 2012 R2)', () => {
  let lab: RunningLab;
  beforeAll(async () => {
    lab = await startTestLab('old-dcs-only.yaml');
  });
  afterAll(() => lab.close());

  it('pings both DCs, each as itself, generic then in the client site, and finds none with DS_KEY_LIST_FLAG', async () => {
    const { dns, ldapPort } = endpoints(lab);
    const r = await locateDc({ dns, ldapPort, domain: 'fabrikam.local', flags: KDC_KEYLIST });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(1355);
    expect(r.trace.filter((e) => e.step === 'dns-srv').map((e) => (e.detail as { name: string }).name)).toEqual([
      '_kerberos._tcp.dc._msdcs.fabrikam.local',
      '_kerberos._tcp.Default-First-Site-Name._sites.dc._msdcs.fabrikam.local',
    ]);
    const pings = r.trace.filter((e) => e.step === 'cldap-ping');
    expect(pings.map((e) => [(e.detail as { host: string }).host, (e.detail as { address: string }).address, e.verdict])).toEqual([
      ['dc1.fabrikam.local', '127.0.0.1', 'ok'],
      ['dc2.fabrikam.local', '127.0.0.2', 'ok'],
      ['dc1.fabrikam.local', '127.0.0.1', 'ok'],
      ['dc2.fabrikam.local', '127.0.0.2', 'ok'],
    ]);
    for (const p of pings) expect(((p.detail as { flags: number }).flags & DS_FLAG.DS_KEY_LIST_FLAG) >>> 0).toBe(0);
    // dc2 is 2012 R2: DS_9 but not DS_10.
    expect((pings[1].detail as { flags: number }).flags & (DS_FLAG.DS_DS_9_FLAG | DS_FLAG.DS_DS_10_FLAG)).toBe(DS_FLAG.DS_DS_9_FLAG);
    expect(r.fact).toContain('DS_KEY_LIST_FLAG');
  });

  it('finds dc1 when key-list support is not required (nltest /dsgetdc /kdc)', async () => {
    const { dns, ldapPort } = endpoints(lab);
    const r = await locateDc({ dns, ldapPort, domain: 'fabrikam.local', flags: DSGETDC.DS_KDC_REQUIRED });
    expect(r.ok && r.dc.hostName).toBe('dc1.fabrikam.local');
  });

  it('asks _ldap._tcp.pdc._msdcs for /pdc and gets the PDC emulator', async () => {
    const { dns, ldapPort } = endpoints(lab);
    const old = await locateDc({ dns, ldapPort, domain: 'fabrikam.local', flags: DSGETDC.DS_PDC_REQUIRED });
    expect(old.ok && old.dc.hostName).toBe('dc1.fabrikam.local');
    expect(old.ok && (old.dc.flags & DS_FLAG.DS_PDC_FLAG)).toBe(DS_FLAG.DS_PDC_FLAG);
    expect(old.trace[0].detail).toMatchObject({ name: '_ldap._tcp.pdc._msdcs.fabrikam.local' });
  });
});

describe('locateDc on rodc-only-site (the client is in Branch, whose only DC is an RODC)', () => {
  let lab: RunningLab;
  beforeAll(async () => {
    lab = await startTestLab('rodc-only-site.yaml');
  });
  afterAll(() => lab.close());

  it('takes dc1 from the generic records, then asks Branch, finds rodc1 without DS_WRITABLE_FLAG and keeps dc1', async () => {
    const { dns, ldapPort } = endpoints(lab);
    const r = await locateDc({ dns, ldapPort, domain: 'fabrikam.local', flags: KDC_KEYLIST | DSGETDC.DS_WRITABLE_REQUIRED });
    if (!r.ok) throw new Error(r.fact);
    expect(r.dc).toMatchObject({ hostName: 'dc1.fabrikam.local', dcSiteName: 'HQ', clientSiteName: 'Branch' });
    expect(r.dc.flags & DS_FLAG.DS_CLOSEST_FLAG).toBe(0);
    const srv = r.trace.filter((e) => e.step === 'dns-srv').map((e) => (e.detail as { name: string }).name);
    expect(srv).toEqual(['_kerberos._tcp.dc._msdcs.fabrikam.local', '_kerberos._tcp.Branch._sites.dc._msdcs.fabrikam.local']);
    const rodcPing = r.trace.find((e) => e.step === 'cldap-ping' && (e.detail as { host: string }).host === 'rodc1.fabrikam.local');
    expect(rodcPing).toMatchObject({ verdict: 'ok', detail: { address: '127.0.0.3', dcSiteName: 'Branch', clientSiteName: 'Branch' } });
    expect(((rodcPing!.detail as { flags: number }).flags & DS_FLAG.DS_WRITABLE_FLAG)).toBe(0);
  });

  it('takes the branch RODC when writability is not required (it is the closest DC)', async () => {
    const { dns, ldapPort } = endpoints(lab);
    const r = await locateDc({ dns, ldapPort, domain: 'fabrikam.local', flags: DSGETDC.DS_KDC_REQUIRED });
    if (!r.ok) throw new Error(r.fact);
    expect(r.dc).toMatchObject({ hostName: 'rodc1.fabrikam.local', address: '127.0.0.3', dcSiteName: 'Branch' });
    expect(r.dc.flags & DS_FLAG.DS_CLOSEST_FLAG).toBe(DS_FLAG.DS_CLOSEST_FLAG);
  });

  it('asks the site-specific name first when the client knows its site', async () => {
    const { dns, ldapPort } = endpoints(lab);
    const r = await locateDc({ dns, ldapPort, domain: 'fabrikam.local', siteName: 'Branch' });
    if (!r.ok) throw new Error(r.fact);
    expect(r.dc.hostName).toBe('rodc1.fabrikam.local');
    expect(r.trace.filter((e) => e.step === 'dns-srv').map((e) => (e.detail as { name: string }).name)).toEqual(['_ldap._tcp.Branch._sites.dc._msdcs.fabrikam.local']);
  });
});

describe('the device hint and flags', () => {
  it('searches the partial TGT realm by default and the UPN suffix when the scenario says so', async () => {
    const { locatorHint, CLOUD_TRUST_LOCATOR_FLAGS } = await import('../../../clients/locator/index.ts');
    expect(locatorHint('onPremisesDomainName', 'FABRIKAM.LOCAL', 'bob@east.contoso.com')).toBe('fabrikam.local');
    expect(locatorHint('upnSuffix', 'FABRIKAM.LOCAL', 'bob@East.Contoso.com')).toBe('east.contoso.com');
    expect(() => locatorHint('upnSuffix', 'FABRIKAM.LOCAL', 'bob')).toThrow(RangeError);
    expect(CLOUD_TRUST_LOCATOR_FLAGS & (DSGETDC.DS_KDC_REQUIRED | DSGETDC.DS_KEY_LIST_SUPPORT_REQUIRED | DSGETDC.DS_WRITABLE_REQUIRED)).toBe(0x01001400);
  });
});
