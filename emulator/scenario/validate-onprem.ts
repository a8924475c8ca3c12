/**
 * Cross-reference checks of the on-premises half of a parsed scenario: names unique where AD
 * requires it, every reference resolvable, settings that cannot coexist flagged. Returns every
 * problem found, each with the path of the offending value.
 */
import { ALL_WELL_KNOWN_GROUPS } from '../directory/wellknown.ts';
import { normalizeOsLabel, osInfo, supportsKeyList } from '../directory/os.ts';
import type { RawIssue } from './errors.ts';
import { closest } from './zod-issues.ts';
import { computerSam, type NameTable } from './names.ts';
import type { ParsedScenario } from './schema.ts';

type Path = (string | number)[];

/** Tracks first use of a case-insensitive key and reports the duplicates. */
export class Unique {
  /** First use by key: the path (formatted only when a duplicate needs it) or a reserved name. */
  private readonly seen = new Map<string, Path | string>();
  private readonly out: RawIssue[];
  private readonly reason: RawIssue['reason'];
  private readonly what: string;
  constructor(
    out: RawIssue[],
    reason: RawIssue['reason'],
    what: string,
  ) {
    this.out = out;
    this.reason = reason;
    this.what = what;
  }
  add(value: string, path: Path, pathText: (p: Path) => string): void {
    const k = value.toLowerCase();
    const first = this.seen.get(k);
    if (first !== undefined) this.out.push({ path, reason: this.reason, expected: `a unique ${this.what}, but ${JSON.stringify(value)} is already used`, hint: `first used at ${typeof first === 'string' ? first : pathText(first)}` });
    else this.seen.set(k, path);
  }
  reserve(value: string, by: string): void {
    this.seen.set(value.toLowerCase(), by);
  }
}

export function unknownGroupIssue(names: NameTable, name: string, path: Path): RawIssue {
  const guess = closest(name, names.groupNames());
  return { path, reason: 'UNKNOWN_GROUP', expected: `the name of a group, got ${JSON.stringify(name)}`, hint: guess ? `did you mean ${JSON.stringify(guess)}? (define new groups under groups:)` : 'define it under groups: or use a well-known group such as Domain Admins' };
}

export function validateOnPrem(s: ParsedScenario, names: NameTable, pathText: (p: Path) => string): RawIssue[] {
  const out: RawIssue[] = [];
  const domain = s.domain.dnsName.toLowerCase();

  // UPN suffixes
  const suffixes = new Unique(out, 'DUPLICATE_NAME', 'UPN suffix');
  suffixes.reserve(domain, 'domain.dnsName');
  s.upnSuffixes.forEach((u, i) => suffixes.add(u, ['upnSuffixes', i], pathText));
  s.unpublishedUpnSuffixes.forEach((u, i) => suffixes.add(u, ['unpublishedUpnSuffixes', i], pathText));
  const knownSuffixes = new Set([domain, ...s.upnSuffixes.map((u) => u.toLowerCase()), ...s.unpublishedUpnSuffixes.map((u) => u.toLowerCase())]);

  // Sites
  const sites = new Unique(out, 'DUPLICATE_NAME', 'site name');
  s.sites.forEach((site, i) => sites.add(site.name, ['sites', i, 'name'], pathText));
  const siteNames = new Set(s.sites.map((x) => x.name.toLowerCase()));

  // One sAMAccountName namespace for every account and group, as in AD.
  const sams = new Unique(out, 'DUPLICATE_SAM', 'sAMAccountName');
  for (const b of ['Administrator', 'Guest', 'krbtgt', 'AzureADKerberos$']) sams.reserve(b, `the built-in ${b}`);
  for (const g of ALL_WELL_KNOWN_GROUPS) sams.reserve(g.name, `the well-known group ${g.name}`);

  // DCs
  const rodcNumbers = new Unique(out, 'DUPLICATE_RODC_NUMBER', 'RODC number');
  if (s.azureADKerberos.present && s.azureADKerberos.id !== undefined) rodcNumbers.reserve(String(s.azureADKerberos.id), 'azureADKerberos.id');
  s.dcs.forEach((dc, i) => {
    sams.add(computerSam(dc.name), ['dcs', i, 'name'], pathText);
    if (dc.site !== undefined && !siteNames.has(dc.site.toLowerCase())) {
      out.push({ path: ['dcs', i, 'site'], reason: 'UNKNOWN_SITE', expected: `the name of a site, got ${JSON.stringify(dc.site)}`, hint: `sites: ${s.sites.map((x) => x.name).join(', ')}` });
    }
    if (!dc.readOnly && dc.rodcNumber !== undefined) {
      out.push({ path: ['dcs', i, 'rodcNumber'], reason: 'CONFLICT', expected: 'no rodcNumber on a writable DC', hint: 'set readOnly: true for an RODC' });
    }
    if (dc.readOnly && dc.rodcNumber !== undefined) {
      rodcNumbers.add(String(dc.rodcNumber), ['dcs', i, 'rodcNumber'], pathText);
      sams.add(`krbtgt_${dc.rodcNumber}`, ['dcs', i, 'rodcNumber'], pathText);
    }
    const os = normalizeOsLabel(dc.os) ? osInfo(dc.os) : undefined;
    if (os && dc.keyListPatch === true && !supportsKeyList(os)) {
      out.push({ path: ['dcs', i, 'keyListPatch'], reason: 'CONFLICT', expected: `no key-list patch on Windows Server ${os.label}`, hint: 'KERB-KEY-LIST needs Server 2016 with KB4534307 or later' });
    }
  });
  if (!s.dcs.some((d) => !d.readOnly)) {
    out.push({ path: ['dcs'], reason: 'NO_WRITABLE_DC', expected: 'at least one writable DC (readOnly: false)', hint: 'the partial-TGT exchange needs a writable DC' });
  }

  // OUs: parents first, no duplicates.
  const ous = new Unique(out, 'DUPLICATE_NAME', 'OU path');
  const ouSet = new Set<string>();
  s.ous.forEach((ou, i) => {
    ous.add(ou, ['ous', i], pathText);
    const parent = ou.includes('/') ? ou.slice(0, ou.lastIndexOf('/')) : undefined;
    if (parent !== undefined && !ouSet.has(parent.toLowerCase())) {
      out.push({ path: ['ous', i], reason: 'UNKNOWN_OU', expected: `parent OU ${JSON.stringify(parent)} listed before ${JSON.stringify(ou)}`, hint: 'list parents first: [Corp, Corp/Staff]' });
    }
    ouSet.add(ou.toLowerCase());
  });
  const checkOu = (ou: string | undefined, path: Path) => {
    if (ou !== undefined && !ouSet.has(ou.toLowerCase())) out.push({ path, reason: 'UNKNOWN_OU', expected: `an OU listed under ous:, got ${JSON.stringify(ou)}`, hint: s.ous.length ? `ous: ${s.ous.join(', ')}` : 'add it to ous:' });
  };

  const rids = new Unique(out, 'DUPLICATE_RID', 'RID');
  const spns = new Unique(out, 'DUPLICATE_SPN', 'servicePrincipalName');
  const checkGroups = (list: readonly string[], base: Path) =>
    list.forEach((g, j) => {
      if (!names.group(g)) out.push(unknownGroupIssue(names, g, [...base, j]));
    });

  const checkActors = (list: readonly string[], base: Path) =>
    list.forEach((a, j) => {
      if (!names.account(a)) {
        const guess = closest(a, names.accountNames());
        out.push({ path: [...base, j], reason: 'UNKNOWN_MEMBER', expected: `a user or computer name, got ${JSON.stringify(a)}`, hint: guess ? `did you mean ${JSON.stringify(guess)}?` : undefined });
      }
    });

  // Groups
  s.groups.forEach((g, i) => {
    sams.add(g.name, ['groups', i, 'name'], pathText);
    checkOu(g.ou, ['groups', i, 'ou']);
    if (g.rid !== undefined) rids.add(String(g.rid), ['groups', i, 'rid'], pathText);
    g.members.forEach((m, j) => {
      if (!names.member(m)) {
        const guess = closest(m, [...names.accountNames(), ...names.groupNames()]);
        out.push({ path: ['groups', i, 'members', j], reason: 'UNKNOWN_MEMBER', expected: `a user, computer or group name, got ${JSON.stringify(m)}`, hint: guess ? `did you mean ${JSON.stringify(guess)}?` : undefined });
      }
    });
    checkGroups(g.memberOf, ['groups', i, 'memberOf']);
  });

  // Users
  const upns = new Unique(out, 'DUPLICATE_UPN', 'userPrincipalName');
  s.users.forEach((u, i) => {
    sams.add(u.sam, ['users', i, 'sam'], pathText);
    if (u.upn !== undefined) {
      upns.add(u.upn, ['users', i, 'upn'], pathText);
      const suffix = u.upn.slice(u.upn.lastIndexOf('@') + 1).toLowerCase();
      if (!knownSuffixes.has(suffix)) {
        out.push({ path: ['users', i, 'upn'], reason: 'UNKNOWN_UPN_SUFFIX', expected: `a UPN whose suffix is the domain or one of upnSuffixes, got ${JSON.stringify(suffix)}`, hint: `known suffixes: ${[...knownSuffixes].join(', ')}; add ${suffix} to upnSuffixes` });
      }
    }
    checkGroups(u.groups, ['users', i, 'groups']);
    const pg = names.group(u.primaryGroup);
    if (!pg) out.push(unknownGroupIssue(names, u.primaryGroup, ['users', i, 'primaryGroup']));
    else {
      const scope = pg.kind === 'wellKnown' ? pg.group.scope : s.groups[pg.index].scope;
      if (scope !== 'global' && scope !== 'universal') out.push({ path: ['users', i, 'primaryGroup'], reason: 'CONFLICT', expected: `a global or universal group as primary group, ${JSON.stringify(u.primaryGroup)} is ${scope}`, hint: 'AD accepts only global or universal groups as primary group' });
    }
    checkOu(u.ou, ['users', i, 'ou']);
    if (u.rid !== undefined) rids.add(String(u.rid), ['users', i, 'rid'], pathText);
    u.spns.forEach((spn, j) => spns.add(spn, ['users', i, 'spns', j], pathText));
    if (u.passwordExpired && u.passwordNeverExpires) out.push({ path: ['users', i, 'passwordExpired'], reason: 'CONFLICT', expected: 'passwordExpired and passwordNeverExpires not both true', hint: 'DONT_EXPIRE_PASSWORD overrides a pwdLastSet of 0' });
    if (u.lockoutTime !== undefined && !u.locked) out.push({ path: ['users', i, 'lockoutTime'], reason: 'CONFLICT', expected: 'lockoutTime only with locked: true' });
    checkActors(u.allowedToActOnBehalfOf, ['users', i, 'allowedToActOnBehalfOf']);
  });

  // Computers
  s.computers.forEach((c, i) => {
    sams.add(computerSam(c.name), ['computers', i, 'name'], pathText);
    checkOu(c.ou, ['computers', i, 'ou']);
    checkGroups(c.groups, ['computers', i, 'groups']);
    if (c.rid !== undefined) rids.add(String(c.rid), ['computers', i, 'rid'], pathText);
    c.spns.forEach((spn, j) => spns.add(spn, ['computers', i, 'spns', j], pathText));
    checkActors(c.allowedToActOnBehalfOf, ['computers', i, 'allowedToActOnBehalfOf']);
  });

  // AzureADKerberos
  const az = s.azureADKerberos;
  if (az.present) {
    if (az.id !== undefined) sams.add(`krbtgt_${az.id}`, ['azureADKerberos', 'id'], pathText);
    for (const key of ['neverReveal', 'revealOnDemand'] as const) {
      az[key]?.forEach((g, j) => {
        if (!names.member(g)) out.push(unknownGroupIssue(names, g, ['azureADKerberos', key, j]));
      });
    }
  }

  // Kerberos policy: MS-GPSB 2.2.2, MaxServiceAge "less than or equal to the setting for MaxTicketAge".
  const kp = s.kerberos;
  if (kp.maxServiceAgeMinutes !== undefined && kp.maxServiceAgeMinutes > kp.maxTicketAgeHours * 60) {
    out.push({ path: ['kerberos', 'maxServiceAgeMinutes'], reason: 'CONFLICT', expected: `a service ticket lifetime of at most maxTicketAgeHours x 60 = ${kp.maxTicketAgeHours * 60} minutes`, hint: 'Windows refuses a service ticket lifetime longer than the user ticket lifetime' });
  }
  return out;
}
