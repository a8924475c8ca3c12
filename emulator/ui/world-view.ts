/**
 * The training page's "world at a glance": the AD side and the cloud side of one running lab as
 * plain JSON, with every place the two disagree listed as a finding (PROTOCOL.md sections 5 and 6).
 * Read from the world (the scenario as built) and the run-time stores the admin API changes, so a
 * rotation or a removal shows at the next read. Never keys or passwords: versions, names and SIDs.
 */
import type { DomainController, UserAccount } from '../directory/model.ts';
import type { LabStores } from '../stores/lab-stores.ts';
import type { CloudUser } from '../tenant/model.ts';
import type { World } from '../world.ts';

/** How many users the page lists (a generated scenario may hold 100,000). */
export const USER_LIMIT = 200;

export interface Finding {
  /** Where the disagreement is: 'kerberos-server', 'user:alice', 'dc:DC1', 'tenant'. */
  readonly where: string;
  /** The fields that disagree, as the cmdlet or Graph name them. */
  readonly fields: readonly string[];
  /** One sentence a trainer can read out. */
  readonly text: string;
}

export interface UserRow {
  readonly samAccountName: string;
  readonly upn: string | null;
  readonly sid: string;
  readonly enabled: boolean;
  /** The synced Entra user, or null when it is not in the tenant. */
  readonly cloud: {
    readonly userPrincipalName: string;
    readonly onPremisesSyncEnabled: boolean;
    readonly onPremisesSamAccountName: string | null;
    readonly onPremisesDomainName: string | null;
    readonly onPremisesSecurityIdentifier: string | null;
    readonly onPremisesUserPrincipalName: string | null;
  } | null;
  /** The onPremises* fields that are missing or differ from AD. */
  readonly mismatched: readonly string[];
}

const ACCOUNTDISABLE = 0x2;
const cnOf = (dn: string): string => /^CN=([^,]+)/i.exec(dn)?.[1] ?? dn;

function dcRow(dc: DomainController) {
  return {
    name: dc.name,
    hostName: dc.hostName,
    address: dc.address,
    site: dc.site,
    readOnly: dc.readOnly,
    keyListPatch: dc.keyListPatch,
    globalCatalog: dc.globalCatalog,
    pdc: dc.pdc,
    rodcNumber: dc.rodcNumber ?? null,
    os: dc.os.label,
  };
}

function userRow(u: UserAccount, cloud: CloudUser | undefined, domainDnsName: string): UserRow {
  const mismatched: string[] = [];
  if (cloud) {
    const want: [string, string | undefined, string | undefined][] = [
      ['onPremisesSamAccountName', cloud.onPremisesSamAccountName, u.samAccountName],
      ['onPremisesDomainName', cloud.onPremisesDomainName, domainDnsName],
      ['onPremisesSecurityIdentifier', cloud.onPremisesSecurityIdentifier, u.sid],
    ];
    for (const [name, has, should] of want) if (has === undefined || has.toLowerCase() !== should?.toLowerCase()) mismatched.push(name);
  }
  return {
    samAccountName: u.samAccountName,
    upn: u.upn ?? null,
    sid: u.sid,
    enabled: (u.userAccountControl & ACCOUNTDISABLE) === 0,
    cloud: cloud
      ? {
          userPrincipalName: cloud.userPrincipalName,
          onPremisesSyncEnabled: cloud.onPremisesSyncEnabled,
          onPremisesSamAccountName: cloud.onPremisesSamAccountName ?? null,
          onPremisesDomainName: cloud.onPremisesDomainName ?? null,
          onPremisesSecurityIdentifier: cloud.onPremisesSecurityIdentifier ?? null,
          onPremisesUserPrincipalName: cloud.onPremisesUserPrincipalName ?? null,
        }
      : null,
    mismatched,
  };
}

/** The world as the page shows it, read now. */
export function worldView(world: World, stores: LabStores) {
  const dir = world.directory;
  const tenant = world.tenant;
  const domain = dir.domain;
  const live = stores.directory;
  const ad = stores.adKerberosServer.get();
  const cloud = stores.kerberosDomains.get(domain.dnsName);
  const findings: Finding[] = [];

  const az = live.azureAdKerberos;
  const rodcObject = ad
    ? {
        id: ad.id,
        computer: ad.computer.dn,
        krbtgt: ad.krbtgt.dn,
        krbtgtSamAccountName: ad.krbtgt.samAccountName,
        keyVersion: ad.krbtgt.secrets.current.kvno,
        previousKeyVersion: ad.krbtgt.secrets.previous?.kvno ?? null,
        keyUpdatedOn: new Date(ad.keyUpdatedOn).toISOString(),
        keyUpdatedFrom: ad.keyUpdatedFrom,
        krbTgtLink: az?.computer.krbTgtLinkDn ?? ad.computer.krbTgtLinkDn ?? null,
        neverReveal: (ad.computer.neverRevealGroupDns ?? []).map(cnOf),
        revealOnDemand: (ad.computer.revealOnDemandGroupDns ?? []).map(cnOf),
      }
    : null;
  const kerberosDomain = cloud
    ? {
        domainDnsName: cloud.domainDnsName,
        cloudId: cloud.id,
        cloudDisplayName: cloud.displayName,
        cloudKeyVersion: cloud.keyVersion,
        cloudPreviousKeyVersion: cloud.previous?.kvno ?? null,
        cloudKeyUpdatedOn: new Date(cloud.keyUpdatedOn).toISOString(),
      }
    : null;

  if (!rodcObject && kerberosDomain) findings.push({ where: 'kerberos-server', fields: ['KeyVersion'], text: 'The tenant has a KerberosDomain but AD has no AzureADKerberos object: the DC cannot open partial TGTs.' });
  if (rodcObject && !kerberosDomain) findings.push({ where: 'kerberos-server', fields: ['CloudKeyVersion'], text: `AD has AzureADKerberos but the tenant has no KerberosDomain for ${domain.dnsName}: Entra issues no partial TGT.` });
  if (!rodcObject && !kerberosDomain) findings.push({ where: 'kerberos-server', fields: ['KeyVersion', 'CloudKeyVersion'], text: 'Kerberos server not configured on either side (Set-AzureADKerberosServer has not run).' });
  if (rodcObject && kerberosDomain) {
    const { keyVersion: kv, previousKeyVersion: prev } = rodcObject;
    const ckv = kerberosDomain.cloudKeyVersion;
    if (kv !== ckv)
      findings.push({
        where: 'kerberos-server',
        fields: ['KeyVersion', 'CloudKeyVersion'],
        text:
          ckv === prev
            ? `KeyVersion ${kv} ≠ CloudKeyVersion ${ckv}: partial TGTs are sealed with AD's previous key, which the DC still opens; one more on-prem rotation breaks sign-in.`
            : `KeyVersion ${kv} ≠ CloudKeyVersion ${ckv}: partial TGTs are sealed with a key AD does not hold.`,
      });
    if (rodcObject.id !== kerberosDomain.cloudId)
      findings.push({ where: 'kerberos-server', fields: ['Id', 'CloudId'], text: `Id ${rodcObject.id} ≠ CloudId ${kerberosDomain.cloudId}: the kvno names another RODC.` });
  }
  const dcs = dir.dcs.map(dcRow);
  if (!dcs.some((d) => !d.readOnly && d.keyListPatch)) findings.push({ where: 'dcs', fields: ['keyListPatch'], text: 'No writable DC has the key-list patch: the partial-TGT exchange has no DC to go to.' });

  const people = dir.users.filter((u) => u.role === 'normal');
  const users = people.slice(0, USER_LIMIT).map((u) => {
    const c = tenant.users.find((cu) => cu.syncedFrom === u.samAccountName);
    return userRow(u, c, domain.dnsName);
  });
  const never = new Set((ad?.computer.neverRevealGroupDns ?? []).map((dn) => dn.toLowerCase()));
  for (const a of people.slice(0, USER_LIMIT)) {
    // The account itself on the list (msDS-NeverRevealGroup may name a user), else one of its groups.
    const self = never.has(a.dn.toLowerCase());
    const g = self ? a.dn : a.memberOfDns.find((dn) => never.has(dn.toLowerCase()));
    if (g) findings.push({ where: `user:${a.samAccountName}`, fields: ['msDS-NeverRevealGroup'], text: `${a.samAccountName} ${self ? "is itself on AzureADKerberos' msDS-NeverRevealGroup" : `is in ${cnOf(g)}, which AzureADKerberos never reveals`}: the DC refuses to exchange its partial TGT (KDC_ERR_TGT_REVOKED).` });
  }
  for (const u of users) {
    if (u.cloud && u.mismatched.length) findings.push({ where: `user:${u.samAccountName}`, fields: u.mismatched, text: `${u.cloud.userPrincipalName}: ${u.mismatched.join(', ')} missing or not what AD holds.` });
    const suffix = u.upn?.split('@')[1];
    if (u.cloud && suffix && !tenant.domain(suffix)) findings.push({ where: `user:${u.samAccountName}`, fields: ['userPrincipalName'], text: `${u.upn}: the UPN suffix ${suffix} is not a domain of the tenant.` });
  }
  const cloudOnly = tenant.users.filter((cu) => !cu.onPremisesSyncEnabled).slice(0, USER_LIMIT).map((cu) => ({ userPrincipalName: cu.userPrincipalName, accountEnabled: cu.accountEnabled }));

  return {
    scenario: { name: world.scenario.name, file: world.scenario.file },
    forest: domain.forestName,
    domain: { dnsName: domain.dnsName, netbiosName: domain.netbiosName, realm: domain.realm, sid: domain.sid, functionalLevel: domain.functionalLevel },
    upnSuffixes: domain.upnSuffixes,
    dcs,
    azureAdKerberos: rodcObject,
    tenant: {
      id: tenant.id,
      displayName: tenant.displayName,
      initialDomain: tenant.initialDomain,
      domains: tenant.domains.map((d) => ({ name: d.name, isVerified: d.isVerified, authenticationType: d.authenticationType, isDefault: d.isDefault })),
    },
    kerberosDomain,
    users,
    usersTotal: people.length,
    cloudOnlyUsers: cloudOnly,
    findings,
  };
}

export type WorldView = ReturnType<typeof worldView>;
