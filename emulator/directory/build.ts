/**
 * Builds the directory from a resolved scenario: domain skeleton, principals, configuration NC,
 * the AzureAD service connection point; then freezes everything and indexes it. Deterministic:
 * the same scenario always yields the same SIDs, GUIDs, USNs and timestamps.
 */
import type { Scenario } from '../scenario/defaults.ts';
import { BuildContext } from './build-context.ts';
import { buildConfiguration, planDcs } from './build-config.ts';
import { buildAzureScp, buildDomainSkeleton, levelOf } from './build-domain.ts';
import { buildPrincipals } from './build-principals.ts';
import { buildDfsrObjects } from './build-dfsr.ts';
import { splitDn } from './dn.ts';
import { computerEntry, groupEntry, lightValues, userEntry } from './entries.ts';
import { DirectoryIndex } from './index.ts';
import { LazyAttributes } from './entry-builder.ts';
import type {
  AzureAdKerberosServer,
  ComputerAccount,
  Directory,
  DirectoryEntry,
  DomainController,
  DomainInfo,
  FunctionalLevel,
  Group,
  Principal,
  UserAccount,
} from './model.ts';
import { osInfo } from './os.ts';
import { dcSpns } from './spn.ts';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o) && !(o instanceof Uint8Array)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

export function buildDirectory(scenario: Scenario): Directory {
  const ctx = new BuildContext(scenario);
  const s = scenario;
  const plans = planDcs(ctx);
  const skeleton = buildDomainSkeleton(ctx, plans);
  const p = buildPrincipals(ctx);

  // DC computer objects: SPNs with the DSA GUID, operatingSystem from the OS table.
  s.dcs.forEach((dc, i) => {
    const c = p.dcComputers[i];
    const os = osInfo(dc.os)!;
    c.spns = dcSpns({ name: dc.name, fqdn: c.dnsHostName!, domain: s.domain.dnsName, netbios: s.domain.netbiosName, dsaGuid: plans[i].ntdsSettingsGuid, gc: dc.globalCatalog, readOnly: dc.readOnly });
    c.operatingSystem = os.operatingSystem;
    c.operatingSystemVersion = os.operatingSystemVersion;
  });
  const config = buildConfiguration(ctx, plans, p.dcComputers.map((c) => c.dn));
  const scp = p.azure ? buildAzureScp(ctx, p.azure.krbtgt.sid, p.azure.computer.sid) : undefined;
  const dfsr = buildDfsrObjects(ctx, s.dcs.map((dc, i) => ({ name: dc.name, dn: p.dcComputers[i].dn })), p.azure?.computer.dn);

  const users = deepFreeze(p.users) as UserAccount[];
  const computers = deepFreeze(p.computers) as ComputerAccount[];
  const groups = deepFreeze(p.groups) as Group[];

  const dcs: DomainController[] = s.dcs.map((dc, i) => ({
    name: dc.name,
    hostName: `${dc.name}.${s.domain.dnsName}`,
    address: dc.address,
    site: dc.site,
    readOnly: dc.readOnly,
    globalCatalog: dc.globalCatalog,
    pdc: plans[i].pdc,
    os: osInfo(dc.os)!,
    keyListPatch: dc.keyListPatch,
    rodcPacRequestorEnforced: dc.rodcPacRequestorEnforced,
    ...(dc.rodcNumber !== undefined ? { rodcNumber: dc.rodcNumber } : {}),
    computer: p.dcComputers[i] as ComputerAccount,
    serverDn: plans[i].serverDn,
    ntdsSettingsDn: plans[i].ntdsSettingsDn,
    ntdsSettingsGuid: plans[i].ntdsSettingsGuid,
    invocationId: plans[i].invocationId,
  }));

  const serverBl = new Map(dcs.map((d) => [d.computer.dn, { serverReferenceBl: d.serverDn, os: d.os }]));
  // Account and group entries assemble their attributes on first use (entry-builder.ts).
  const lazy = (p: Principal, build: () => DirectoryEntry): DirectoryEntry => ({
    dn: p.dn,
    attributes: new LazyAttributes(p, () => build().attributes, (key) => lightValues(ctx, p, key)),
  });
  const principalEntries: DirectoryEntry[] = [
    ...users.map((u) => lazy(u, () => userEntry(ctx, u))),
    ...computers.map((c) => lazy(c, () => computerEntry(ctx, c, serverBl.get(c.dn)))),
    ...groups.map((g) => lazy(g, () => groupEntry(ctx, g))),
  ];
  const all = [...skeleton.entries, ...principalEntries, ...config.entries, ...(scp ? [scp.entry] : []), ...dfsr];
  // Parents before children: a stable sort by depth keeps creation order within a level.
  const depth = new Map(all.map((e) => [e, splitDn(e.dn).length]));
  const entries = Object.freeze([...all].sort((a, b) => depth.get(a)! - depth.get(b)!));

  const pp = s.domain.passwordPolicy;
  const domain: DomainInfo = {
    dnsName: s.domain.dnsName,
    netbiosName: s.domain.netbiosName,
    realm: s.domain.dnsName.toUpperCase(),
    dn: ctx.domainDn,
    sid: ctx.domainSid,
    guid: skeleton.domainGuid,
    functionalLevel: levelOf(s.domain.functionalLevel) as FunctionalLevel,
    forestName: s.domain.dnsName,
    forestFunctionalLevel: levelOf(s.domain.forestFunctionalLevel) as FunctionalLevel,
    configurationDn: ctx.configDn,
    schemaDn: ctx.schemaDn,
    domainDnsZonesDn: `DC=DomainDnsZones,${ctx.domainDn}`,
    forestDnsZonesDn: `DC=ForestDnsZones,${ctx.domainDn}`,
    upnSuffixes: s.upnSuffixes,
    passwordPolicy: {
      maxPwdAgeMs: pp.maxPasswordAgeDays === 0 ? null : pp.maxPasswordAgeDays * 86_400_000,
      minPwdAgeMs: 0,
      minPwdLength: pp.minPasswordLength,
      lockoutThreshold: pp.lockoutThreshold,
      lockoutDurationMs: pp.lockoutDurationMinutes === 0 ? null : pp.lockoutDurationMinutes * 60_000,
      lockoutObservationWindowMs: pp.lockoutObservationMinutes * 60_000,
    },
    epoch: s.epoch,
  };

  let azureAdKerberos: AzureAdKerberosServer | undefined;
  if (p.azure && scp) {
    azureAdKerberos = {
      id: s.azureADKerberos.id,
      computer: p.azure.computer as ComputerAccount,
      krbtgt: p.azure.krbtgt as UserAccount,
      serviceConnectionPointDn: scp.dn,
      scpId: scp.scpId,
      keyVersion: p.azure.krbtgt.secrets.current.kvno,
    };
  }

  // Every principal has its entry in `entries` (principalEntries above): the index finds it by DN there.
  const index = new DirectoryIndex(entries, [...users, ...computers, ...groups]);
  const dir: Directory = {
    domain,
    sites: config.sites,
    dcs,
    users,
    computers,
    groups,
    containers: skeleton.containers,
    krbtgt: p.krbtgt as UserAccount,
    ...(azureAdKerberos ? { azureAdKerberos } : {}),
    entries,
    highestCommittedUsn: ctx.highestUsn,
    entryByDn: (dn) => index.entryByDn(dn),
    entryByGuid: (g) => index.entryByGuid(g),
    principalByDn: (dn) => index.principalByDn(dn),
    principalBySid: (sid) => index.principalBySid(sid),
    accountBySam: (sam) => index.accountBySam(sam),
    groupBySam: (sam) => index.groupBySam(sam),
    accountByUpn: (upn) => index.accountByUpn(upn),
    accountBySpn: (spn) => index.accountBySpn(spn),
    accountBySecondaryKrbTgtNumber: (n) => index.accountBySecondaryKrbTgtNumber(n),
  };
  return deepFreeze(dir);
}
