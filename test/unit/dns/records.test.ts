import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../emulator/core/errors.ts';
import { buildDirectory } from '../../../emulator/directory/build.ts';
import type { Directory } from '../../../emulator/directory/model.ts';
import { locatorRecords } from '../../../emulator/dns/records.ts';
import { rrText, type ZoneData } from '../../../emulator/dns/rr.ts';
import { loadScenario, parseScenarioText } from '../../../emulator/scenario/load.ts';
import { PORTS } from './fixture.ts';

const multi = buildDirectory(loadScenario('scenarios/multi-upn-suffix.yaml'));

/** `name TYPE rdata` lines, sorted, for set comparisons. */
function lines(z: ZoneData): string[] {
  return z.records.map((r) => rrText(r).replace(/ \d+ IN /, ' ')).sort();
}

function srvNamesFor(z: ZoneData, host: string): string[] {
  return z.records
    .filter((r) => r.data.type === 'SRV' && r.data.target === host)
    .map((r) => r.name)
    .sort();
}

describe('locator records of scenarios/multi-upn-suffix.yaml', () => {
  const z = locatorRecords(multi, PORTS);
  const dc1 = multi.dcs[0];
  const site = 'Default-First-Site-Name';
  const g = multi.domain.guid;
  const ntds = dc1.ntdsSettingsGuid;

  it('registers exactly the records a writable GC PDC registers (MS-ADTS 6.3.6.1, Samba dns_update_list)', () => {
    const srv = (name: string, port: number): string => `${name}. SRV 0 100 ${port} dc1.fabrikam.local.`;
    const expected = [
      'dc1.fabrikam.local. A 127.0.0.1',
      'fabrikam.local. A 127.0.0.1',
      'gc._msdcs.fabrikam.local. A 127.0.0.1',
      'DomainDnsZones.fabrikam.local. A 127.0.0.1',
      'ForestDnsZones.fabrikam.local. A 127.0.0.1',
      `${ntds}._msdcs.fabrikam.local. CNAME dc1.fabrikam.local.`,
      srv('_ldap._tcp.fabrikam.local', PORTS.ldap),
      srv(`_ldap._tcp.${site}._sites.fabrikam.local`, PORTS.ldap),
      srv('_ldap._tcp.pdc._msdcs.fabrikam.local', PORTS.ldap),
      srv('_ldap._tcp.gc._msdcs.fabrikam.local', PORTS.gc),
      srv(`_ldap._tcp.${site}._sites.gc._msdcs.fabrikam.local`, PORTS.gc),
      srv('_gc._tcp.fabrikam.local', PORTS.gc),
      srv(`_gc._tcp.${site}._sites.fabrikam.local`, PORTS.gc),
      srv(`_ldap._tcp.${g}.domains._msdcs.fabrikam.local`, PORTS.ldap),
      srv('_ldap._tcp.dc._msdcs.fabrikam.local', PORTS.ldap),
      srv(`_ldap._tcp.${site}._sites.dc._msdcs.fabrikam.local`, PORTS.ldap),
      srv('_kerberos._tcp.fabrikam.local', PORTS.kerberos),
      srv('_kerberos._udp.fabrikam.local', PORTS.kerberos),
      srv(`_kerberos._tcp.${site}._sites.fabrikam.local`, PORTS.kerberos),
      srv('_kerberos._tcp.dc._msdcs.fabrikam.local', PORTS.kerberos),
      srv(`_kerberos._tcp.${site}._sites.dc._msdcs.fabrikam.local`, PORTS.kerberos),
      srv('_kpasswd._tcp.fabrikam.local', PORTS.kpasswd),
      srv('_kpasswd._udp.fabrikam.local', PORTS.kpasswd),
      srv('_ldap._tcp.DomainDnsZones.fabrikam.local', PORTS.ldap),
      srv(`_ldap._tcp.${site}._sites.DomainDnsZones.fabrikam.local`, PORTS.ldap),
      srv('_ldap._tcp.ForestDnsZones.fabrikam.local', PORTS.ldap),
      srv(`_ldap._tcp.${site}._sites.ForestDnsZones.fabrikam.local`, PORTS.ldap),
      'fabrikam.local. SOA dc1.fabrikam.local. hostmaster.fabrikam.local. 1 900 600 86400 3600',
      'fabrikam.local. NS dc1.fabrikam.local.',
      '_msdcs.fabrikam.local. SOA dc1.fabrikam.local. hostmaster._msdcs.fabrikam.local. 1 900 600 86400 3600',
      '_msdcs.fabrikam.local. NS dc1.fabrikam.local.',
    ];
    expect(lines(z)).toEqual(expected.sort());
  });

  it('uses TTL 600 for DC records and 3600 for SOA/NS; priority 0, weight 100', () => {
    for (const r of z.records) {
      expect(r.ttl).toBe(r.data.type === 'SOA' || r.data.type === 'NS' ? 3600 : 600);
      if (r.data.type === 'SRV') expect([r.data.priority, r.data.weight]).toEqual([0, 100]);
    }
  });

  it('owns the domain zone and _msdcs.<forest>, both with dc1 as primary', () => {
    expect(z.zones.map((x) => x.name)).toEqual(['fabrikam.local', '_msdcs.fabrikam.local']);
    for (const zone of z.zones) {
      expect(zone.soa.data).toMatchObject({ type: 'SOA', mname: 'dc1.fabrikam.local' });
      expect(zone.ns.map((n) => n.data)).toEqual([{ type: 'NS', host: 'dc1.fabrikam.local' }]);
    }
  });

  it('registers nothing for the AzureADKerberos object (no host)', () => {
    expect(multi.azureAdKerberos).toBeDefined();
    const text = lines(z).join('\n').toLowerCase();
    expect(text).not.toContain('azureadkerberos');
    expect(new Set(z.records.filter((r) => r.data.type === 'SRV').map((r) => (r.data.type === 'SRV' ? r.data.target : '')))).toEqual(new Set(['dc1.fabrikam.local']));
  });

  it('is deterministic: the same directory gives the same records', () => {
    expect(locatorRecords(buildDirectory(loadScenario('scenarios/multi-upn-suffix.yaml')), PORTS)).toEqual(z);
  });

  it('refuses SRV ports outside 1..65535 with a UsageError', () => {
    expect(() => locatorRecords(multi, { ...PORTS, gc: 0 })).toThrow(UsageError);
    expect(() => locatorRecords(multi, { ...PORTS, kpasswd: 70000 })).toThrow(UsageError);
  });
});

/** A two-site world: dc1 writable GC PDC in HQ, rodc1 read-only GC in Branch, dc2 writable non-GC in Branch. */
const rodcScenario = `
name: rodc-split
domain:
  dnsName: corp.example
sites:
  - name: HQ
  - name: Branch
dcs:
  - { name: dc1, address: 10.0.0.1, site: HQ }
  - { name: rodc1, address: 10.0.1.1, site: Branch, readOnly: true }
  - { name: dc2, address: 10.0.1.2, site: Branch, globalCatalog: false }
`;

describe('writable / read-only split (Samba dns_update_list)', () => {
  const dir: Directory = buildDirectory(parseScenarioText(rodcScenario, 'rodc-split.yaml'));
  const z = locatorRecords(dir, PORTS);
  const rodc = dir.dcs.find((d) => d.name === 'rodc1')!;

  it('has the DCs as the test means them', () => {
    expect(dir.dcs.map((d) => [d.hostName, d.readOnly, d.globalCatalog, d.pdc, d.site])).toEqual([
      ['dc1.corp.example', false, true, true, 'HQ'],
      ['rodc1.corp.example', true, true, false, 'Branch'],
      ['dc2.corp.example', false, false, false, 'Branch'],
    ]);
  });

  it('the RODC registers only site-specific SRV records, its A record and its DSA CNAME', () => {
    expect(srvNamesFor(z, 'rodc1.corp.example')).toEqual(
      [
        '_ldap._tcp.Branch._sites.corp.example',
        '_kerberos._tcp.Branch._sites.corp.example',
        '_ldap._tcp.Branch._sites.dc._msdcs.corp.example',
        '_kerberos._tcp.Branch._sites.dc._msdcs.corp.example',
        '_gc._tcp.Branch._sites.corp.example',
        '_ldap._tcp.Branch._sites.gc._msdcs.corp.example',
        '_ldap._tcp.Branch._sites.DomainDnsZones.corp.example',
        '_ldap._tcp.Branch._sites.ForestDnsZones.corp.example',
      ].sort(),
    );
    const addr = z.records.filter((r) => (r.data.type === 'A' || r.data.type === 'AAAA') && r.data.address === '10.0.1.1').map((r) => r.name);
    expect(addr).toEqual(['rodc1.corp.example']);
    expect(z.records.filter((r) => r.data.type === 'CNAME' && r.data.target === 'rodc1.corp.example').map((r) => r.name)).toEqual([
      `${rodc.ntdsSettingsGuid}._msdcs.corp.example`,
    ]);
  });

  it('a writable non-GC DC registers the generic records but no GC records; only the PDC has pdc._msdcs', () => {
    const dc2 = srvNamesFor(z, 'dc2.corp.example');
    expect(dc2).toContain('_kerberos._tcp.corp.example');
    expect(dc2).toContain('_kpasswd._udp.corp.example');
    expect(dc2).toContain('_ldap._tcp.dc._msdcs.corp.example');
    expect(dc2.filter((n) => n.includes('_gc.') || n.includes('gc._msdcs'))).toEqual([]);
    expect(z.records.filter((r) => r.name === '_ldap._tcp.pdc._msdcs.corp.example').map((r) => (r.data.type === 'SRV' ? r.data.target : ''))).toEqual([
      'dc1.corp.example',
    ]);
  });

  it('generic records list the writable DCs only', () => {
    const targets = (name: string): string[] =>
      z.records
        .filter((r) => r.name === name && r.data.type === 'SRV')
        .map((r) => (r.data.type === 'SRV' ? r.data.target : ''))
        .sort();
    expect(targets('_kerberos._tcp.corp.example')).toEqual(['dc1.corp.example', 'dc2.corp.example']);
    expect(targets('_ldap._tcp.gc._msdcs.corp.example')).toEqual(['dc1.corp.example']);
    expect(targets('_kerberos._tcp.Branch._sites.dc._msdcs.corp.example')).toEqual(['dc2.corp.example', 'rodc1.corp.example']);
    expect(z.records.filter((r) => r.name === 'corp.example' && r.data.type === 'A').map((r) => (r.data.type === 'A' ? r.data.address : ''))).toEqual([
      '10.0.0.1',
      '10.0.1.2',
    ]);
  });

  it('SOA primary is the first writable DC; every writable DC is an NS, the RODC is not', () => {
    for (const zone of z.zones) {
      expect(zone.soa.data).toMatchObject({ mname: 'dc1.corp.example' });
      expect(zone.ns.map((n) => (n.data.type === 'NS' ? n.data.host : ''))).toEqual(['dc1.corp.example', 'dc2.corp.example']);
    }
  });
});
