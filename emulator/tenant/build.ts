/**
 * Builds the tenant from a resolved scenario and the built directory. Synced users copy their
 * onPremises* attributes from AD at build time (Entra Connect's export) unless the scenario
 * overrides them or marks them missing with null; the KerberosDomain holds its own copy of the
 * key. After the build nothing links back to the directory: the two may drift on purpose.
 */
import type { Directory, UserAccount } from '../directory/model.ts';
import { deriveGuid, guidToBytes } from '../directory/ids.ts';
import { toSecrets } from '../directory/secrets.ts';
import { hasFlag, UF } from '../directory/uac.ts';
import type { Scenario } from '../scenario/defaults.ts';
import type { CloudUser, KerberosDomain, RegisteredDevice, Tenant, TenantDomain } from './model.ts';

type TenantUserEntry = Scenario['tenant']['users'][number];
const ON_PREM_KEYS = ['onPremisesSamAccountName', 'onPremisesDomainName', 'onPremisesSecurityIdentifier', 'onPremisesUserPrincipalName'] as const;

/** The value for one onPremises* attribute: the override, missing (null), or derived from AD. */
function onPrem(entry: TenantUserEntry | undefined, key: (typeof ON_PREM_KEYS)[number], derived: string | undefined): string | undefined {
  const v = entry?.[key];
  if (v === null) return undefined;
  return v ?? derived;
}

function syncedUser(s: Scenario, dir: Directory, domains: readonly TenantDomain[], ad: UserAccount, entry: TenantUserEntry | undefined): CloudUser {
  const adUpn = ad.upn ?? `${ad.samAccountName}@${dir.domain.dnsName}`;
  let upn = entry?.upn ?? adUpn;
  const suffix = upn.slice(upn.lastIndexOf('@') + 1).toLowerCase();
  // Entra Connect replaces a suffix the tenant has not verified with the initial domain.
  if (!domains.some((d) => d.isVerified && d.name === suffix)) upn = `${upn.slice(0, upn.lastIndexOf('@'))}@${s.tenant.initialDomain}`;
  const derived = {
    onPremisesSamAccountName: ad.samAccountName,
    onPremisesDomainName: dir.domain.dnsName,
    onPremisesSecurityIdentifier: ad.sid,
    onPremisesUserPrincipalName: ad.upn,
  };
  const attrs: Partial<Record<(typeof ON_PREM_KEYS)[number], string>> = {};
  for (const k of ON_PREM_KEYS) {
    const v = onPrem(entry, k, derived[k]);
    if (v !== undefined) attrs[k] = v;
  }
  const password = entry?.password ?? ad.secrets.current.password;
  return Object.freeze({
    objectId: deriveGuid(s.seed, `cloud-user:${ad.samAccountName.toLowerCase()}`),
    userPrincipalName: upn,
    displayName: entry?.displayName ?? ad.displayName ?? ad.samAccountName,
    accountEnabled: entry?.enabled ?? !hasFlag(ad.userAccountControl, UF.ACCOUNTDISABLE),
    ...(password !== undefined ? { password } : {}),
    onPremisesSyncEnabled: true,
    ...attrs,
    onPremisesImmutableId: Buffer.from(guidToBytes(ad.guid)).toString('base64'),
    onPremisesDistinguishedName: ad.dn,
    syncedFrom: ad.samAccountName,
  });
}

function cloudOnlyUser(s: Scenario, e: TenantUserEntry): CloudUser {
  const upn = e.upn!;
  const attrs: Partial<Record<(typeof ON_PREM_KEYS)[number], string>> = {};
  for (const k of ON_PREM_KEYS) {
    const v = e[k];
    if (typeof v === 'string') attrs[k] = v;
  }
  return Object.freeze({
    objectId: deriveGuid(s.seed, `cloud-user:${upn.toLowerCase()}`),
    userPrincipalName: upn,
    displayName: e.displayName ?? upn.slice(0, upn.indexOf('@')),
    accountEnabled: e.enabled ?? true,
    ...(e.password !== undefined ? { password: e.password } : {}),
    onPremisesSyncEnabled: false,
    ...attrs,
  });
}

export function buildTenant(s: Scenario, dir: Directory): Tenant {
  const t = s.tenant;
  const domains: TenantDomain[] = [
    { name: t.initialDomain, isVerified: true, authenticationType: 'Managed', isDefault: false, isInitial: true },
    ...t.domains.map((d) => ({ name: d.name, isVerified: d.verified, authenticationType: d.authentication === 'federated' ? ('Federated' as const) : ('Managed' as const), isDefault: d.default, isInitial: false })),
  ];
  if (!domains.some((d) => d.isDefault)) domains[0] = { ...domains[0], isDefault: true };

  // The users are built on first use (then kept): `ctlab up` needs the KerberosDomain objects
  // before ready, and 100,000 synced users cost most of a second there.
  type UserTable = { users: readonly CloudUser[]; byUpn: Map<string, CloudUser>; byId: Map<string, CloudUser> };
  let built: UserTable | undefined;
  const userTable = (): UserTable => {
    if (built) return built;
    const entries = new Map<string, TenantUserEntry>();
    for (const e of t.users) if (!e.cloudOnly && e.user !== undefined) entries.set(e.user.toLowerCase(), e);
    const users: CloudUser[] = [];
    for (const u of s.users) {
      const entry = entries.get(u.sam.toLowerCase());
      const wanted = entry ? entry.synced : t.syncAllUsers;
      if (!wanted) continue;
      const ad = dir.accountBySam(u.sam);
      if (ad?.kind === 'user') users.push(syncedUser(s, dir, domains, ad, entry));
    }
    for (const e of t.users) if (e.cloudOnly) users.push(cloudOnlyUser(s, e));
    built = {
      users: Object.freeze(users),
      byUpn: new Map(users.map((u) => [u.userPrincipalName.toLowerCase(), u])),
      byId: new Map(users.map((u) => [u.objectId, u])),
    };
    return built;
  };

  const devices: RegisteredDevice[] = t.devices.map((d) =>
    Object.freeze({
      deviceId: (d.deviceId ?? deriveGuid(s.seed, `device:${d.name.toLowerCase()}`)).toLowerCase(),
      objectId: deriveGuid(s.seed, `device-object:${d.name.toLowerCase()}`),
      displayName: d.name,
      trustType: d.trustType,
      accountEnabled: d.enabled,
    }),
  );

  const kd = t.kerberosDomain;
  const kerberosDomains: KerberosDomain[] = [];
  if (kd.present) {
    const secrets = toSecrets(kd.secret);
    kerberosDomains.push(
      Object.freeze({
        domainDnsName: kd.domainDnsName,
        id: kd.id,
        displayName: `krbtgt_${kd.id}`,
        keyVersion: kd.secret.keyVersion,
        // Set-AzureADKerberosServer publishes AD's key with its time: CloudKeyUpdatedOn = KeyUpdatedOn.
        keyUpdatedOn: dir.azureAdKerberos?.krbtgt.pwdLastSet ?? s.epoch,
        current: secrets.current,
        ...(secrets.previous ? { previous: secrets.previous } : {}),
      }),
    );
  }

  const byDomain = new Map(domains.map((d) => [d.name.toLowerCase(), d]));
  return Object.freeze({
    id: t.id,
    displayName: t.displayName,
    initialDomain: t.initialDomain,
    domains: Object.freeze(domains.map((d) => Object.freeze(d))),
    get users() {
      return userTable().users;
    },
    devices: Object.freeze(devices),
    kerberosDomains: Object.freeze(kerberosDomains),
    userByUpn: (upn: string) => userTable().byUpn.get(upn.toLowerCase()),
    userById: (id: string) => userTable().byId.get(id.toLowerCase()),
    domain: (name: string) => byDomain.get(name.toLowerCase()),
    kerberosDomainFor: (dns: string) => kerberosDomains.find((k) => k.domainDnsName === dns.toLowerCase()),
  });
}
