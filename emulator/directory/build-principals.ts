/**
 * Builds the security principals: built-in accounts and groups, DC computer accounts, RODC and
 * AzureADKerberos krbtgt accounts, and the scenario's groups, users and computers; then resolves
 * group membership both ways (member / memberOf) and the RODC links (msDS-KrbTgtLink / ...Bl).
 */
import type { Scenario } from '../scenario/defaults.ts';
import { computerSam } from '../scenario/names.ts';
import type { BuildContext } from './build-context.ts';
import { escapeRdnValue } from './dn.ts';
import type { ComputerAccount, Group, GroupScope, UserAccount } from './model.ts';
import { toSecrets } from './secrets.ts';
import { GROUP_TYPE, UAC_AZUREAD_KERBEROS, UAC_DC, UAC_KRBTGT, UAC_RODC, UAC_USER, UAC_WORKSTATION, UF } from './uac.ts';
import {
  AZUREAD_KERBEROS_NEVER_REVEAL,
  AZUREAD_KERBEROS_REVEAL_ON_DEMAND,
  BUILTIN_GROUPS,
  DOMAIN_GROUPS,
  RID,
  RODC_NEVER_REVEAL,
  RODC_REVEAL_ON_DEMAND,
} from './wellknown.ts';

/** A mutable copy of a model type, used only while building. */
export type Draft<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
export type UserDraft = Draft<UserAccount>;
export type ComputerDraft = Draft<ComputerAccount>;
export type GroupDraft = Draft<Group>;

export interface Principals {
  users: UserDraft[];
  computers: ComputerDraft[];
  groups: GroupDraft[];
  krbtgt: UserDraft;
  /** DC computer account per scenario DC (same order). */
  dcComputers: ComputerDraft[];
  azure?: { computer: ComputerDraft; krbtgt: UserDraft };
}

const GROUP_TYPES: Record<GroupScope, number> = {
  global: (GROUP_TYPE.SECURITY_ENABLED | GROUP_TYPE.ACCOUNT_GROUP) | 0,
  domainLocal: (GROUP_TYPE.SECURITY_ENABLED | GROUP_TYPE.RESOURCE_GROUP) | 0,
  universal: (GROUP_TYPE.SECURITY_ENABLED | GROUP_TYPE.UNIVERSAL_GROUP) | 0,
  builtin: (GROUP_TYPE.SECURITY_ENABLED | GROUP_TYPE.RESOURCE_GROUP | GROUP_TYPE.BUILTIN_LOCAL_GROUP) | 0,
};

const time = (iso: string | undefined | null): number | null => (iso ? Date.parse(iso) : null);

export function buildPrincipals(ctx: BuildContext): Principals {
  const s = ctx.scenario;
  const dom = s.domain.dnsName;
  const sid = (rid: number) => `${ctx.domainSid}-${rid}`;
  const byName = new Map<string, string>(); // lower-case name -> DN, for well-known references
  const groups: GroupDraft[] = [];
  const users: UserDraft[] = [];
  const computers: ComputerDraft[] = [];
  const members = new Map<string, Set<string>>(); // group DN -> member DNs

  const group = (cn: string, rid: number, scope: GroupScope, parent: string, wellKnown: boolean, description?: string): GroupDraft => {
    const dn = `CN=${escapeRdnValue(cn)},${parent}`;
    const g: GroupDraft = {
      ...ctx.meta(dn),
      kind: 'group',
      cn,
      samAccountName: cn,
      sid: scope === 'builtin' ? `S-1-5-32-${rid}` : sid(rid),
      rid,
      scope,
      groupType: GROUP_TYPES[scope],
      wellKnown,
      ...(description !== undefined ? { description } : {}),
      memberDns: [],
      memberOfDns: [],
    };
    groups.push(g);
    members.set(dn, new Set());
    return g;
  };
  const addMember = (groupDn: string, memberDn: string) => members.get(groupDn)!.add(memberDn);

  const baseAccount = (dn: string, cn: string, sam: string, rid: number) => ({
    ...ctx.meta(dn),
    cn,
    samAccountName: sam,
    sid: sid(rid),
    rid,
    memberOfDns: [] as string[],
    spns: [] as string[],
    accountExpires: null,
    lockoutTime: null,
  });

  const user = (cn: string, sam: string, rid: number, parent: string, o: Partial<UserDraft> & Pick<UserDraft, 'secrets' | 'userAccountControl'>): UserDraft => {
    const base = baseAccount(`CN=${escapeRdnValue(cn)},${parent}`, cn, sam, rid);
    const u: UserDraft = { ...base, kind: 'user', role: 'normal', primaryGroupRid: RID.DOMAIN_USERS, pwdLastSet: base.whenCreated, krbTgtLinkBlDns: [], ...o };
    users.push(u);
    return u;
  };
  const computer = (cn: string, rid: number, parent: string, o: Partial<ComputerDraft> & Pick<ComputerDraft, 'secrets' | 'userAccountControl'>): ComputerDraft => {
    const base = baseAccount(`CN=${escapeRdnValue(cn)},${parent}`, cn, computerSam(cn), rid);
    const c: ComputerDraft = { ...base, kind: 'computer', role: 'normal', primaryGroupRid: RID.DOMAIN_COMPUTERS, pwdLastSet: base.whenCreated, ...o };
    computers.push(c);
    return c;
  };

  // Built-in accounts (CN=Users) and well-known groups, as every domain has them.
  const admin = user('Administrator', 'Administrator', RID.ADMINISTRATOR, ctx.usersDn, { role: 'builtin', userAccountControl: UAC_USER, description: 'Built-in account for administering the computer/domain', secrets: toSecrets(s.builtin.administrator) });
  const guest = user('Guest', 'Guest', RID.GUEST, ctx.usersDn, { role: 'builtin', userAccountControl: UF.ACCOUNTDISABLE | UF.PASSWD_NOTREQD | UF.NORMAL_ACCOUNT | UF.DONT_EXPIRE_PASSWORD, primaryGroupRid: RID.DOMAIN_GUESTS, description: 'Built-in account for guest access to the computer/domain', secrets: toSecrets(s.builtin.guest) });
  const krbtgt = user('krbtgt', 'krbtgt', RID.KRBTGT, ctx.usersDn, { role: 'krbtgt', userAccountControl: UAC_KRBTGT, description: 'Key Distribution Center Service Account', secrets: toSecrets(s.builtin.krbtgt), spns: ['kadmin/changepw'] });
  for (const a of [admin, guest, krbtgt]) byName.set(a.samAccountName.toLowerCase(), a.dn);
  for (const wk of BUILTIN_GROUPS) byName.set(wk.name.toLowerCase(), group(wk.name, wk.rid, 'builtin', ctx.builtinDn, true, wk.description).dn);
  for (const wk of DOMAIN_GROUPS) byName.set(wk.name.toLowerCase(), group(wk.name, wk.rid, wk.scope, ctx.usersDn, true, wk.description).dn);
  for (const wk of [...BUILTIN_GROUPS, ...DOMAIN_GROUPS]) for (const m of wk.members) addMember(byName.get(wk.name.toLowerCase())!, byName.get(m.toLowerCase())!);

  // DC computer accounts (OU=Domain Controllers); RODCs get their krbtgt_<n> and PRP defaults.
  const dcComputers = s.dcs.map((dc) => {
    const fqdn = `${dc.name}.${dom}`;
    const c = computer(dc.name.toUpperCase(), ctx.rid(), ctx.dcOuDn, {
      role: dc.readOnly ? 'rodc' : 'dc',
      userAccountControl: dc.readOnly ? UAC_RODC : UAC_DC,
      primaryGroupRid: dc.readOnly ? RID.READONLY_DOMAIN_CONTROLLERS : RID.DOMAIN_CONTROLLERS,
      dnsHostName: fqdn,
      secrets: toSecrets(dc.secret),
    });
    byName.set(c.samAccountName.toLowerCase(), c.dn);
    return c;
  });
  const nameToDn = (n: string): string | undefined => byName.get(n.toLowerCase());
  s.dcs.forEach((dc, i) => {
    if (!dc.readOnly) return;
    const c = dcComputers[i];
    const n = dc.rodcNumber!;
    const k = user(`krbtgt_${n}`, `krbtgt_${n}`, ctx.rid(), ctx.usersDn, { role: 'rodcKrbtgt', userAccountControl: UAC_KRBTGT, secondaryKrbTgtNumber: n, description: 'Key Distribution Center service account for read-only domain controller', secrets: toSecrets(dc.secret), krbTgtLinkBlDns: [c.dn] });
    addMember(nameToDn('Denied RODC Password Replication Group')!, k.dn);
    c.krbTgtLinkDn = k.dn;
    c.neverRevealGroupDns = RODC_NEVER_REVEAL.map((g) => nameToDn(g)!);
    c.revealOnDemandGroupDns = RODC_REVEAL_ON_DEMAND.map((g) => nameToDn(g)!);
  });

  // The AzureADKerberos RODC object and krbtgt_AzureAD (PROTOCOL.md section 3).
  let azure: Principals['azure'];
  const az = s.azureADKerberos;
  if (az.present) {
    const comp = computer('AzureADKerberos', ctx.rid(), ctx.dcOuDn, {
      samAccountName: 'AzureADKerberos$',
      role: 'azureAdKerberos',
      userAccountControl: az.missingPartialSecrets ? UAC_WORKSTATION : UAC_AZUREAD_KERBEROS,
      primaryGroupRid: RID.READONLY_DOMAIN_CONTROLLERS,
      secrets: toSecrets({ password: `${az.secret.password}#computer`, keyVersion: 2 }),
    });
    const k = user('krbtgt_AzureAD', `krbtgt_${az.id}`, ctx.rid(), ctx.usersDn, {
      role: 'rodcKrbtgt',
      userAccountControl: UAC_KRBTGT,
      secondaryKrbTgtNumber: az.id,
      description: 'Key Distribution Center service account for Azure AD Kerberos',
      secrets: toSecrets(az.secret),
      krbTgtLinkBlDns: az.missingKrbtgtLink ? [] : [comp.dn],
    });
    if (!az.missingKrbtgtLink) comp.krbTgtLinkDn = k.dn;
    azure = { computer: comp, krbtgt: k };
  }

  // Scenario objects: groups, users, computers (explicit RIDs honoured).
  const ouOr = (ou: string | undefined, dflt: string) => (ou ? ctx.ouDn(ou) : dflt);
  for (const g of s.groups) byName.set(g.name.toLowerCase(), group(g.name, ctx.rid(g.rid), g.scope, ouOr(g.ou, ctx.usersDn), false, g.description).dn);
  // Primary groups by name (a lookup per user, not a walk of every group: 100,000 users x 500 groups).
  const groupByCn = new Map<string, GroupDraft>();
  for (const g of groups) if (!groupByCn.has(g.cn.toLowerCase())) groupByCn.set(g.cn.toLowerCase(), g);
  for (const u of s.users) {
    const pg = groupByCn.get(u.primaryGroup.toLowerCase())!;
    const uac =
      UAC_USER |
      (u.enabled ? 0 : UF.ACCOUNTDISABLE) |
      (u.passwordNeverExpires ? UF.DONT_EXPIRE_PASSWORD : 0) |
      (u.smartcardRequired ? UF.SMARTCARD_REQUIRED : 0) |
      (u.notDelegated ? UF.NOT_DELEGATED : 0) |
      (u.trustedToAuthForDelegation ? UF.TRUSTED_TO_AUTH_FOR_DELEGATION : 0) |
      (u.dontRequirePreauth ? UF.DONT_REQ_PREAUTH : 0);
    const d = user(u.sam, u.sam, ctx.rid(u.rid), ouOr(u.ou, ctx.usersDn), {
      upn: u.upn,
      displayName: u.displayName,
      ...(u.givenName !== undefined ? { givenName: u.givenName } : {}),
      ...(u.surname !== undefined ? { sn: u.surname } : {}),
      ...(u.mail !== undefined ? { mail: u.mail } : {}),
      ...(u.description !== undefined ? { description: u.description } : {}),
      ...(u.supportedEncryptionTypes !== undefined ? { supportedEncryptionTypes: u.supportedEncryptionTypes } : {}),
      ...(u.allowedToDelegateTo.length > 0 ? { allowedToDelegateTo: [...u.allowedToDelegateTo] } : {}),
      userAccountControl: uac,
      primaryGroupRid: pg.rid,
      secrets: toSecrets(u.secret),
      spns: [...u.spns],
    });
    d.pwdLastSet = u.passwordExpired ? null : (time(u.pwdLastSet) ?? d.whenCreated);
    d.accountExpires = time(u.accountExpires);
    d.lockoutTime = u.locked ? (time(u.lockoutTime) ?? s.epoch) : null;
    byName.set(u.sam.toLowerCase(), d.dn);
  }
  for (const c of s.computers) {
    const name = c.name.toUpperCase();
    const fqdn = c.dnsHostName;
    const defaults = c.defaultSpns ? [`HOST/${name}`, `HOST/${fqdn}`, `RestrictedKrbHost/${name}`, `RestrictedKrbHost/${fqdn}`] : [];
    const d = computer(name, ctx.rid(c.rid), ouOr(c.ou, ctx.computersDn), {
      userAccountControl: UAC_WORKSTATION | (c.enabled ? 0 : UF.ACCOUNTDISABLE) | (c.trustedToAuthForDelegation ? UF.TRUSTED_TO_AUTH_FOR_DELEGATION : 0),
      ...(c.allowedToDelegateTo.length > 0 ? { allowedToDelegateTo: [...c.allowedToDelegateTo] } : {}),
      dnsHostName: fqdn,
      ...(c.os !== undefined ? { operatingSystem: c.os } : {}),
      ...(c.supportedEncryptionTypes !== undefined ? { supportedEncryptionTypes: c.supportedEncryptionTypes } : {}),
      secrets: toSecrets(c.secret),
      spns: dedupe([...defaults, ...c.spns]),
    });
    byName.set(computerSam(name).toLowerCase(), d.dn);
  }

  // Resource-based constrained delegation: the SIDs each target lets act on behalf of others.
  const accountByDn = new Map<string, UserDraft | ComputerDraft>([...users, ...computers].map((a) => [a.dn, a]));
  const rbcd = (target: string, actors: readonly string[]) => {
    if (actors.length === 0) return;
    const t = accountByDn.get(memberDn(byName, target)!)!;
    t.allowedToActOnBehalfOfSids = actors.map((n) => accountByDn.get(memberDn(byName, n)!)!.sid);
  };
  for (const u of s.users) rbcd(u.sam, u.allowedToActOnBehalfOf);
  for (const c of s.computers) rbcd(computerSam(c.name.toUpperCase()), c.allowedToActOnBehalfOf);

  // Memberships from the scenario, then both directions of every link.
  resolveScenarioMemberships(s, byName, addMember);
  if (azure) {
    const lists = (names: readonly string[] | undefined, dflt: readonly string[]) => (names ?? dflt).map((n) => memberDn(byName, n)!);
    azure.computer.neverRevealGroupDns = lists(az.neverReveal, AZUREAD_KERBEROS_NEVER_REVEAL);
    azure.computer.revealOnDemandGroupDns = lists(az.revealOnDemand, AZUREAD_KERBEROS_REVEAL_ON_DEMAND);
  }
  const all = new Map<string, { memberOfDns: string[] }>([...users, ...computers, ...groups].map((p) => [p.dn, p]));
  for (const g of groups) {
    g.memberDns = [...members.get(g.dn)!];
    for (const m of g.memberDns) all.get(m)!.memberOfDns.push(g.dn);
  }
  return { users, computers, groups, krbtgt, dcComputers, ...(azure ? { azure } : {}) };
}

function dedupe(list: string[]): string[] {
  const seen = new Set<string>();
  return list.filter((x) => (seen.has(x.toLowerCase()) ? false : (seen.add(x.toLowerCase()), true)));
}

/**
 * DN of a member reference: a group name, user sam, built-in account, or a computer/DC as `fs1`
 * or `FS1$` (the same rules as the validator's NameTable; validation makes names unique).
 */
function memberDn(byName: Map<string, string>, name: string): string | undefined {
  return byName.get(name.toLowerCase()) ?? (name.endsWith('$') ? undefined : byName.get(`${name.toLowerCase()}$`));
}

function resolveScenarioMemberships(s: Scenario, byName: Map<string, string>, add: (g: string, m: string) => void): void {
  const dn = (n: string) => memberDn(byName, n)!;
  for (const g of s.groups) {
    const gdn = byName.get(g.name.toLowerCase())!;
    for (const m of g.members) add(gdn, dn(m));
    for (const parent of g.memberOf) add(byName.get(parent.toLowerCase())!, gdn);
  }
  for (const u of s.users) for (const g of u.groups) add(byName.get(g.toLowerCase())!, byName.get(u.sam.toLowerCase())!);
  for (const c of s.computers) for (const g of c.groups) add(byName.get(g.toLowerCase())!, byName.get(computerSam(c.name).toLowerCase())!);
}
