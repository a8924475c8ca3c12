/**
 * The DC-locator zone data derived from the directory model, as a DC registers it: MS-ADTS 6.3.6.1
 * (the DNS record registrations of a DC) with Samba's source4/setup/dns_update_list as the model of
 * which records a writable DC, a read-only DC, the PDC and a global catalog register. Pure: the same
 * directory and ports always give the same records, in the same order.
 *
 * Ports are the ports the lab actually listens on, so a client that follows the SRV records reaches
 * the lab on its high default ports too (`_kpasswd` points at the kpasswd port the lab reserves).
 * The AzureADKerberos object registers nothing: it is not a DC and has no host name (PROTOCOL.md 5).
 */
import { isIPv4, isIPv6 } from 'node:net';
import { UsageError } from '../core/errors.ts';
import type { DomainController, DomainInfo } from '../directory/model.ts';
import type { ResourceRecord, Zone, ZoneData } from './rr.ts';

/** The ports SRV records advertise. */
export interface LocatorPorts {
  readonly kerberos: number;
  readonly ldap: number;
  readonly gc: number;
  readonly kpasswd: number;
}

/** What the locator records need from the directory (a `Directory` satisfies it). */
export interface LocatorSource {
  readonly domain: Pick<DomainInfo, 'dnsName' | 'forestName' | 'guid'>;
  readonly dcs: readonly Pick<
    DomainController,
    'hostName' | 'address' | 'site' | 'readOnly' | 'globalCatalog' | 'pdc' | 'ntdsSettingsGuid'
  >[];
}

/** TTL netlogon registers DC records with (600 s); SOA and NS keep AD-integrated zones' 3600 s. */
export const LOCATOR_TTL = 600;
export const ZONE_TTL = 3600;
/** SRV priority and weight every DC registers (netlogon's LdapSrvPriority 0 / LdapSrvWeight 100). */
export const SRV_PRIORITY = 0;
export const SRV_WEIGHT = 100;
/** SOA timers of an AD-integrated zone as the Windows DNS server creates it. */
export const SOA_TIMERS = { serial: 1, refresh: 900, retry: 600, expire: 86400, minimum: 3600 } as const;

type Dc = LocatorSource['dcs'][number];

function checkPorts(ports: LocatorPorts): void {
  for (const [k, v] of Object.entries(ports)) {
    if (!Number.isInteger(v) || v < 1 || v > 65535) throw new UsageError(`SRV port ${k} must be 1..65535, got ${String(v)}`);
  }
}

function lower(s: string): string {
  return s.toLowerCase().replace(/\.$/, '');
}

/** Zones the lab is authoritative for: the domain, `_msdcs.<forest>`, and the forest when it differs. */
function zoneNames(dom: string, forest: string): string[] {
  const names = [dom, `_msdcs.${forest}`];
  if (forest !== dom) names.push(forest);
  return names;
}

function isUnder(name: string, apex: string): boolean {
  const n = name.toLowerCase();
  return n === apex || n.endsWith(`.${apex}`);
}

/**
 * Derives every zone and record. Order: the DC records per DC (writable ones in Samba's list order),
 * then each zone's SOA and NS. Identical records registered by several DCs appear once.
 */
export function locatorRecords(dir: LocatorSource, ports: LocatorPorts): ZoneData {
  checkPorts(ports);
  const dom = lower(dir.domain.dnsName);
  const forest = lower(dir.domain.forestName || dir.domain.dnsName);
  const domGuid = dir.domain.guid.toLowerCase();
  const out: ResourceRecord[] = [];
  const seen = new Set<string>();
  const add = (rr: ResourceRecord): void => {
    const key = `${rr.name.toLowerCase()}|${JSON.stringify(rr.data)}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(rr);
  };
  const addr = (name: string, dc: Dc): void => {
    if (isIPv4(dc.address)) add({ name, ttl: LOCATOR_TTL, data: { type: 'A', address: dc.address } });
    else if (isIPv6(dc.address)) add({ name, ttl: LOCATOR_TTL, data: { type: 'AAAA', address: dc.address } });
    else throw new UsageError(`DC ${dc.hostName}: address ${dc.address} is not an IPv4 or IPv6 address`);
  };
  const srv = (name: string, port: number, dc: Dc): void =>
    add({ name, ttl: LOCATOR_TTL, data: { type: 'SRV', priority: SRV_PRIORITY, weight: SRV_WEIGHT, port, target: lower(dc.hostName) } });

  for (const dc of dir.dcs) {
    if (!dc.hostName) continue; // a DC without a host registers nothing (as AzureADKerberos would)
    const host = lower(dc.hostName);
    const site = dc.site;
    // Every DC: its host record and the DSA GUID alias (MS-NRPC DsrUpdateReadOnlyServerDnsRecords
    // lets an RODC register its site-specific and CNAME records through a writable DC).
    addr(host, dc);
    add({ name: `${dc.ntdsSettingsGuid.toLowerCase()}._msdcs.${forest}`, ttl: LOCATOR_TTL, data: { type: 'CNAME', target: host } });
    if (!dc.readOnly) {
      addr(dom, dc);
      srv(`_ldap._tcp.${dom}`, ports.ldap, dc);
      srv(`_ldap._tcp.dc._msdcs.${dom}`, ports.ldap, dc);
      srv(`_ldap._tcp.${domGuid}.domains._msdcs.${forest}`, ports.ldap, dc);
      srv(`_kerberos._tcp.${dom}`, ports.kerberos, dc);
      srv(`_kerberos._udp.${dom}`, ports.kerberos, dc);
      srv(`_kerberos._tcp.dc._msdcs.${dom}`, ports.kerberos, dc);
      srv(`_kpasswd._tcp.${dom}`, ports.kpasswd, dc);
      srv(`_kpasswd._udp.${dom}`, ports.kpasswd, dc);
    }
    // Writable and read-only DCs: the site-specific records.
    srv(`_ldap._tcp.${site}._sites.${dom}`, ports.ldap, dc);
    srv(`_ldap._tcp.${site}._sites.dc._msdcs.${dom}`, ports.ldap, dc);
    srv(`_kerberos._tcp.${site}._sites.${dom}`, ports.kerberos, dc);
    srv(`_kerberos._tcp.${site}._sites.dc._msdcs.${dom}`, ports.kerberos, dc);
    if (dc.pdc && !dc.readOnly) srv(`_ldap._tcp.pdc._msdcs.${dom}`, ports.ldap, dc);
    if (dc.globalCatalog) {
      if (!dc.readOnly) {
        addr(`gc._msdcs.${forest}`, dc);
        srv(`_gc._tcp.${forest}`, ports.gc, dc);
        srv(`_ldap._tcp.gc._msdcs.${forest}`, ports.gc, dc);
      }
      srv(`_gc._tcp.${site}._sites.${forest}`, ports.gc, dc);
      srv(`_ldap._tcp.${site}._sites.gc._msdcs.${forest}`, ports.gc, dc);
    }
    // Application partitions: every DC hosts DomainDnsZones and ForestDnsZones (AD-integrated DNS).
    if (!dc.readOnly) {
      addr(`DomainDnsZones.${dom}`, dc);
      srv(`_ldap._tcp.DomainDnsZones.${dom}`, ports.ldap, dc);
    }
    srv(`_ldap._tcp.${site}._sites.DomainDnsZones.${dom}`, ports.ldap, dc);
    if (!dc.readOnly) {
      addr(`ForestDnsZones.${forest}`, dc);
      srv(`_ldap._tcp.ForestDnsZones.${forest}`, ports.ldap, dc);
    }
    srv(`_ldap._tcp.${site}._sites.ForestDnsZones.${forest}`, ports.ldap, dc);
  }

  // SOA and NS: the primary is the first writable DC (the first DC when every DC is read-only);
  // every writable DC is a name server of the zones, as each registers its own NS record.
  const withHost = dir.dcs.filter((d) => d.hostName);
  const writable = withHost.filter((d) => !d.readOnly);
  const servers = (writable.length ? writable : withHost.slice(0, 1)).map((d) => lower(d.hostName));
  const zones: Zone[] = zoneNames(dom, forest).map((apex) => ({
    name: apex,
    soa: {
      name: apex,
      ttl: ZONE_TTL,
      data: { type: 'SOA', mname: servers[0] ?? `localhost`, rname: `hostmaster.${apex}`, ...SOA_TIMERS },
    },
    ns: servers.map((host) => ({ name: apex, ttl: ZONE_TTL, data: { type: 'NS' as const, host } })),
  }));
  for (const z of zones) {
    add(z.soa);
    for (const ns of z.ns) add(ns);
  }
  for (const rr of out) {
    if (!zones.some((z) => isUnder(rr.name, z.name))) throw new UsageError(`record ${rr.name} lies outside every zone`);
  }
  return { zones, records: out };
}
