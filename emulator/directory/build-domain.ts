/**
 * The domain naming context's own objects: the domain head (with its password policy and
 * wellKnownObjects), the default containers, the scenario's OUs, the DNS application partition
 * heads, and the AzureAD service connection point (PROTOCOL.md section 3).
 */
import type { BuildContext } from './build-context.ts';
import { AttrBag, baseAttrs, INSTANCE_TYPE } from './entry-builder.ts';
import { sidToBytes, toFiletime } from './ids.ts';
import { FUNCTIONAL_LEVELS } from './os.ts';
import type { Container, DirectoryEntry } from './model.ts';
import type { DcPlan } from './build-config.ts';
import { AZUREAD_KERBEROS_SCP_CN } from './wellknown.ts';

/** Well-known object GUIDs of the domain NC (MS-ADTS 6.1.1.4, the `<WKGUID=...>` names). */
export const WKGUID = {
  USERS: 'A9D1CA15768811D1ADED00C04FD8D5CD',
  COMPUTERS: 'AA312825768811D1ADED00C04FD8D5CD',
  SYSTEM: 'AB1D30F3768811D1ADED00C04FD8D5CD',
  DOMAIN_CONTROLLERS: 'A361B2FFFFD211D1AA4B00C04FD7D83A',
  INFRASTRUCTURE: '2FBAC1870ADE11D297C400C04FD8D5CD',
  FOREIGN_SECURITY_PRINCIPALS: '22B70C67D56E4EFB91E9300FCA3DC1AA',
} as const;

/** "never" for the interval attributes of the domain object (maxPwdAge, lockoutDuration, forceLogoff). */
const INTERVAL_NEVER = '-9223372036854775808';
const SYSTEM_CONTAINER_FLAGS = -1946157056; // FLAG_DISALLOW_DELETE | DOMAIN_DISALLOW_RENAME | DOMAIN_DISALLOW_MOVE
const interval = (ms: number | null) => (ms === null || ms === 0 ? INTERVAL_NEVER : String(-BigInt(ms) * 10000n));

export interface DomainSkeleton {
  domainGuid: string;
  containers: Container[];
  entries: DirectoryEntry[];
}

export function buildDomainSkeleton(ctx: BuildContext, plans: readonly DcPlan[]): DomainSkeleton {
  const s = ctx.scenario;
  const pp = s.domain.passwordPolicy;
  const pdc = plans.find((p) => p.pdc)!;
  const entries: DirectoryEntry[] = [];
  const containers: Container[] = [];

  const head = ctx.meta(ctx.domainDn);
  const firstLabel = s.domain.dnsName.split('.')[0];
  const wko = (g: string, dn: string) => `B:32:${g}:${dn}`;
  entries.push(
    baseAttrs(head, ['top', 'domain', 'domainDNS'], ctx.category('Domain-DNS'), firstLabel, INSTANCE_TYPE.DOMAIN_NC_HEAD)
      .set('objectSid', sidToBytes(ctx.domainSid))
      .set('msDS-Behavior-Version', levelOf(s.domain.functionalLevel))
      .set('nTMixedDomain', 0)
      .set('maxPwdAge', interval(pp.maxPasswordAgeDays * 86_400_000))
      .set('minPwdAge', 0)
      .set('minPwdLength', pp.minPasswordLength)
      .set('pwdHistoryLength', 24)
      .set('pwdProperties', 1)
      .set('lockoutThreshold', pp.lockoutThreshold)
      .set('lockoutDuration', interval(pp.lockoutDurationMinutes * 60_000))
      .set('lockOutObservationWindow', interval(pp.lockoutObservationMinutes * 60_000))
      .set('forceLogoff', INTERVAL_NEVER)
      .set('ms-DS-MachineAccountQuota', 10)
      .set('fSMORoleOwner', pdc.ntdsSettingsDn)
      .set('creationTime', toFiletime(head.whenCreated))
      .set('uASCompat', 1)
      .set('serverState', 1)
      .set('systemFlags', SYSTEM_CONTAINER_FLAGS)
      .set('isCriticalSystemObject', true)
      .set('subRefs', `DC=ForestDnsZones,${ctx.domainDn}`, `DC=DomainDnsZones,${ctx.domainDn}`, ctx.configDn)
      .set(
        'wellKnownObjects',
        wko(WKGUID.USERS, ctx.usersDn),
        wko(WKGUID.COMPUTERS, ctx.computersDn),
        wko(WKGUID.SYSTEM, ctx.systemDn),
        wko(WKGUID.DOMAIN_CONTROLLERS, ctx.dcOuDn),
        wko(WKGUID.INFRASTRUCTURE, `CN=Infrastructure,${ctx.domainDn}`),
        wko(WKGUID.FOREIGN_SECURITY_PRINCIPALS, `CN=ForeignSecurityPrincipals,${ctx.domainDn}`),
      )
      .entry(ctx.domainDn),
  );

  const container = (dn: string, name: string, objectClass: string[], category: string, extra?: (b: AttrBag) => void) => {
    const meta = ctx.meta(dn);
    containers.push({ ...meta, kind: 'container', objectClass, name });
    const bag = baseAttrs(meta, objectClass, ctx.category(category), name);
    extra?.(bag);
    entries.push(bag.entry(dn));
  };
  const sys = (b: AttrBag) => b.set('systemFlags', SYSTEM_CONTAINER_FLAGS).set('isCriticalSystemObject', true);
  container(ctx.usersDn, 'Users', ['top', 'container'], 'Container', (b) => sys(b.set('description', 'Default container for upgraded user accounts')));
  container(ctx.computersDn, 'Computers', ['top', 'container'], 'Container', (b) => sys(b.set('description', 'Default container for upgraded computer accounts')));
  container(ctx.dcOuDn, 'Domain Controllers', ['top', 'organizationalUnit'], 'Organizational-Unit', (b) => sys(b.set('description', 'Default container for domain controllers')));
  container(ctx.builtinDn, 'Builtin', ['top', 'builtinDomain'], 'Builtin-Domain', (b) => sys(b.set('objectSid', sidToBytes('S-1-5-32'))));
  container(ctx.systemDn, 'System', ['top', 'container'], 'Container', (b) => sys(b.set('description', 'Builtin system settings')));
  container(`CN=ForeignSecurityPrincipals,${ctx.domainDn}`, 'ForeignSecurityPrincipals', ['top', 'container'], 'Container', (b) => sys(b.set('description', 'Default container for security identifiers (SIDs) associated with objects from external, trusted domains')));
  container(`CN=Infrastructure,${ctx.domainDn}`, 'Infrastructure', ['top', 'infrastructureUpdate'], 'Infrastructure-Update', (b) => sys(b.set('fSMORoleOwner', pdc.ntdsSettingsDn)));
  for (const zone of ['DomainDnsZones', 'ForestDnsZones']) {
    const dn = `DC=${zone},${ctx.domainDn}`;
    const meta = ctx.meta(dn);
    containers.push({ ...meta, kind: 'container', objectClass: ['top', 'domainDNS'], name: zone });
    entries.push(baseAttrs(meta, ['top', 'domainDNS'], ctx.category('Domain-DNS'), zone, INSTANCE_TYPE.NC_HEAD_BELOW_HELD).entry(dn));
  }
  for (const ou of s.ous) {
    const name = ou.slice(ou.lastIndexOf('/') + 1);
    container(ctx.ouDn(ou), name, ['top', 'organizationalUnit'], 'Organizational-Unit');
  }
  if (s.azureADKerberos.present) container(`CN=AzureAD,${ctx.systemDn}`, 'AzureAD', ['top', 'container'], 'Container');
  return { domainGuid: head.guid, containers, entries };
}

/** The serviceConnectionPoint Set-AzureADKerberosServer writes under CN=AzureAD,CN=System. */
export function buildAzureScp(ctx: BuildContext, krbtgtSid: string, computerSid: string): { dn: string; scpId: string; entry: DirectoryEntry } {
  const dn = `CN=${AZUREAD_KERBEROS_SCP_CN},CN=AzureAD,${ctx.systemDn}`;
  const meta = ctx.meta(dn);
  const scpId = ctx.guid('azuread-kerberos-scp-id');
  const keywords = JSON.stringify({ Id: scpId, UserAccountSid: krbtgtSid, ComputerAccountSid: computerSid });
  const entry = baseAttrs(meta, ['top', 'leaf', 'connectionPoint', 'serviceConnectionPoint'], ctx.category('Service-Connection-Point'), AZUREAD_KERBEROS_SCP_CN)
    .set('description', 'Azure AD Kerberos Server service connection point')
    .set('keywords', keywords)
    .set('showInAdvancedViewOnly', true)
    .entry(dn);
  return { dn, scpId, entry };
}

/** msDS-Behavior-Version of a functional level label. */
export function levelOf(label: string): number {
  return FUNCTIONAL_LEVELS[label] ?? 7;
}
