/**
 * The configuration naming context: CN=Partitions (uPNSuffixes, crossRefs with nETBIOSName and
 * dnsRoot), CN=Sites with each DC's server and NTDS Settings objects, subnets, and the Directory
 * Service object with sPNMappings. AzureADKerberos has none of these (PROTOCOL.md section 3).
 */
import type { BuildContext } from './build-context.ts';
import { baseAttrs, INSTANCE_TYPE } from './entry-builder.ts';
import { guidToBytes } from './ids.ts';
import type { DirectoryEntry, Site } from './model.ts';
import { osInfo } from './os.ts';
import { levelOf } from './build-domain.ts';
import { SPN_MAPPINGS_VALUE } from './spn.ts';

/** Where a DC's configuration objects live; computed from the scenario alone, before anything is built. */
export interface DcPlan {
  index: number;
  serverDn: string;
  ntdsSettingsDn: string;
  ntdsSettingsGuid: string;
  invocationId: string;
  pdc: boolean;
}

export function planDcs(ctx: BuildContext): DcPlan[] {
  const firstWritable = ctx.scenario.dcs.findIndex((d) => !d.readOnly);
  return ctx.scenario.dcs.map((dc, index) => {
    const serverDn = `CN=${dc.name.toUpperCase()},CN=Servers,CN=${dc.site},${ctx.sitesDn}`;
    const ntdsSettingsDn = `CN=NTDS Settings,${serverDn}`;
    return {
      index,
      serverDn,
      ntdsSettingsDn,
      ntdsSettingsGuid: ctx.guid(`object:${ntdsSettingsDn.toLowerCase()}`),
      invocationId: ctx.guid(`invocation:${dc.name}`),
      pdc: index === firstWritable,
    };
  });
}

export interface Configuration {
  sites: Site[];
  entries: DirectoryEntry[];
}

export function buildConfiguration(ctx: BuildContext, plans: readonly DcPlan[], dcComputerDns: readonly string[]): Configuration {
  const s = ctx.scenario;
  const entries: DirectoryEntry[] = [];
  const pdc = plans.find((p) => p.pdc)!;
  const forestLevel = levelOf(s.domain.forestFunctionalLevel);
  const add = (dn: string, name: string, objectClass: string[], category: string, instanceType?: number) => {
    const meta = ctx.meta(dn);
    const bag = baseAttrs(meta, objectClass, ctx.category(category), name, instanceType);
    return { meta, bag, done: () => entries.push(bag.entry(dn)) };
  };

  add(ctx.configDn, 'Configuration', ['top', 'configuration'], 'Configuration', INSTANCE_TYPE.NC_HEAD_BELOW_HELD).done();
  const schema = add(ctx.schemaDn, 'Schema', ['top', 'dMD'], 'DMD', INSTANCE_TYPE.NC_HEAD_BELOW_HELD);
  schema.bag.set('fSMORoleOwner', pdc.ntdsSettingsDn).set('objectVersion', 88);
  schema.done();

  // CN=Partitions: uPNSuffixes and one crossRef per naming context.
  const parts = add(ctx.partitionsDn, 'Partitions', ['top', 'crossRefContainer'], 'Cross-Ref-Container');
  parts.bag.setAll('uPNSuffixes', s.upnSuffixes).set('msDS-Behavior-Version', forestLevel).set('fSMORoleOwner', pdc.ntdsSettingsDn).set('systemFlags', -2147483648);
  parts.done();
  const writableNtds = plans.filter((p) => !s.dcs[p.index].readOnly).map((p) => p.ntdsSettingsDn);
  const crossRef = (cn: string, ncName: string, dnsRoot: string, systemFlags: number, netbios?: string, replicas?: string[]) => {
    const x = add(`CN=${cn},${ctx.partitionsDn}`, cn, ['top', 'crossRef'], 'Cross-Ref');
    x.bag.set('nCName', ncName).set('dnsRoot', dnsRoot).set('systemFlags', systemFlags).set('nETBIOSName', netbios).setAll('msDS-NC-Replica-Locations', replicas);
    x.done();
  };
  const dom = s.domain.dnsName;
  crossRef('Enterprise Configuration', ctx.configDn, dom, 1);
  crossRef('Enterprise Schema', ctx.schemaDn, dom, 1);
  crossRef(s.domain.netbiosName, ctx.domainDn, dom, 3, s.domain.netbiosName);
  crossRef(ctx.guid('crossref:DomainDnsZones'), `DC=DomainDnsZones,${ctx.domainDn}`, `DomainDnsZones.${dom}`, 5, undefined, writableNtds);
  crossRef(ctx.guid('crossref:ForestDnsZones'), `DC=ForestDnsZones,${ctx.domainDn}`, `ForestDnsZones.${dom}`, 5, undefined, writableNtds);

  // CN=Sites: sites, their servers and NTDS Settings, subnets.
  add(ctx.sitesDn, 'Sites', ['top', 'sitesContainer'], 'Sites-Container').done();
  const sites: Site[] = [];
  const subnetsDn = `CN=Subnets,${ctx.sitesDn}`;
  for (const site of s.sites) {
    const siteDn = `CN=${site.name},${ctx.sitesDn}`;
    const x = add(siteDn, site.name, ['top', 'site'], 'Site');
    x.bag.setAll('siteObjectBL', site.subnets.map((n) => `CN=${n},${subnetsDn}`));
    x.done();
    sites.push(Object.freeze({ ...x.meta, kind: 'site' as const, name: site.name, subnets: Object.freeze([...site.subnets]) }));
    add(`CN=NTDS Site Settings,${siteDn}`, 'NTDS Site Settings', ['top', 'applicationSiteSettings', 'nTDSSiteSettings'], 'NTDS-Site-Settings').done();
    add(`CN=Servers,${siteDn}`, 'Servers', ['top', 'serversContainer'], 'Servers-Container').done();
    s.dcs.forEach((dc, i) => {
      if (dc.site !== site.name) return;
      const plan = plans[i];
      const os = osInfo(dc.os)!;
      const server = add(plan.serverDn, dc.name.toUpperCase(), ['top', 'server'], 'Server');
      server.bag.set('dNSHostName', `${dc.name}.${dom}`).set('serverReference', dcComputerDns[i]).set('systemFlags', 1375731712);
      server.done();
      const ntds = add(plan.ntdsSettingsDn, 'NTDS Settings', ['top', 'applicationSettings', dc.readOnly ? 'nTDSDSARO' : 'nTDSDSA'], dc.readOnly ? 'NTDS-DSA-RO' : 'NTDS-DSA');
      const masters = [ctx.configDn, ctx.schemaDn, ctx.domainDn];
      ntds.bag
        .set('options', dc.globalCatalog ? 1 : 0)
        .set('invocationId', guidToBytes(plan.invocationId))
        .set('msDS-Behavior-Version', os.dcFunctionality)
        .set('dMDLocation', ctx.schemaDn)
        .set('msDS-HasDomainNCs', ctx.domainDn)
        .set('msDS-isRODC', dc.readOnly)
        .set('systemFlags', 33554432)
        .setAll('hasMasterNCs', dc.readOnly ? [] : masters)
        .setAll('msDS-hasMasterNCs', dc.readOnly ? [] : [...masters, `DC=DomainDnsZones,${ctx.domainDn}`, `DC=ForestDnsZones,${ctx.domainDn}`])
        .setAll('msDS-hasFullReplicaNCs', dc.readOnly ? masters : []);
      ntds.done();
    });
  }
  add(subnetsDn, 'Subnets', ['top', 'subnetContainer'], 'Subnet-Container').done();
  for (const site of s.sites) {
    for (const net of site.subnets) {
      const x = add(`CN=${net},${subnetsDn}`, net, ['top', 'subnet'], 'Subnet');
      x.bag.set('siteObject', `CN=${site.name},${ctx.sitesDn}`);
      x.done();
    }
  }

  // CN=Services: the Directory Service object with sPNMappings.
  const services = `CN=Services,${ctx.configDn}`;
  add(services, 'Services', ['top', 'container'], 'Container').done();
  add(`CN=Windows NT,${services}`, 'Windows NT', ['top', 'container'], 'Container').done();
  const ds = add(`CN=Directory Service,CN=Windows NT,${services}`, 'Directory Service', ['top', 'nTDSService'], 'NTDS-Service');
  ds.bag.set('sPNMappings', SPN_MAPPINGS_VALUE).set('tombstoneLifetime', 180);
  ds.done();
  return { sites, entries };
}
