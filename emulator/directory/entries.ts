/**
 * The LDAP-neutral view of security principals: every user, computer and group as
 * `{ dn, attributes }` with AD's attribute names and value forms (entry-builder.ts). Constructed
 * attributes that depend on the request (tokenGroups) are computed by tokens.ts on demand.
 */
import type { BuildContext } from './build-context.ts';
import { AttrBag, baseAttrs } from './entry-builder.ts';
import { FILETIME_NEVER, guidToBytes, sidToBytes, toFiletime } from './ids.ts';
import type { Account, AttributeValue, DirectoryEntry, Group, OsInfo, Principal } from './model.ts';
import { SAM_ACCOUNT_TYPE } from './uac.ts';

const USER_CLASSES = ['top', 'person', 'organizationalPerson', 'user'];
const COMPUTER_CLASSES = ['top', 'person', 'organizationalPerson', 'user', 'computer'];
const GROUP_CLASSES = ['top', 'group'];
const CATEGORY = { user: 'Person', computer: 'Computer', group: 'Group' } as const;

const ft = (ms: number | null, zero = '0'): string => (ms === null ? zero : toFiletime(ms));

/** Attributes shared by users and computers. */
function accountAttrs(ctx: BuildContext, a: Account, objectClass: string[], category: string): AttrBag {
  return baseAttrs(a, objectClass, ctx.category(category), a.cn)
    .set('sAMAccountName', a.samAccountName)
    .set('sAMAccountType', a.kind === 'computer' ? SAM_ACCOUNT_TYPE.SAM_MACHINE_ACCOUNT : SAM_ACCOUNT_TYPE.SAM_USER_OBJECT)
    .set('objectSid', sidToBytes(a.sid))
    .set('userAccountControl', a.userAccountControl)
    .set('primaryGroupID', a.primaryGroupRid)
    .set('userPrincipalName', a.upn)
    .set('displayName', a.displayName)
    .set('description', a.description)
    .setAll('memberOf', a.memberOfDns)
    .setAll('servicePrincipalName', a.spns)
    .set('msDS-KeyVersionNumber', a.secrets.current.kvno)
    .set('msDS-SupportedEncryptionTypes', a.supportedEncryptionTypes)
    .set('pwdLastSet', ft(a.pwdLastSet))
    .set('accountExpires', ft(a.accountExpires, FILETIME_NEVER))
    .set('lockoutTime', a.lockoutTime === null ? undefined : ft(a.lockoutTime))
    .set('badPwdCount', 0)
    .set('badPasswordTime', 0)
    .set('logonCount', 0)
    .set('lastLogon', 0)
    .set('lastLogoff', 0)
    .set('codePage', 0)
    .set('countryCode', 0)
    .set('isCriticalSystemObject', a.role === 'normal' ? undefined : true);
}

export function userEntry(ctx: BuildContext, u: Account & { kind: 'user' }): DirectoryEntry {
  return accountAttrs(ctx, u, USER_CLASSES, CATEGORY.user)
    .set('givenName', u.givenName)
    .set('sn', u.sn)
    .set('mail', u.mail)
    .set('msDS-SecondaryKrbTgtNumber', u.secondaryKrbTgtNumber)
    .setAll('msDS-KrbTgtLinkBl', u.krbTgtLinkBlDns)
    .set('showInAdvancedViewOnly', u.role === 'krbtgt' || u.role === 'rodcKrbtgt' ? true : undefined)
    .entry(u.dn);
}

export interface ComputerExtras {
  /** serverReferenceBL of a DC's computer object (its server object under CN=Sites). */
  serverReferenceBl?: string;
  os?: OsInfo;
}

export function computerEntry(ctx: BuildContext, c: Account & { kind: 'computer' }, extras: ComputerExtras = {}): DirectoryEntry {
  return accountAttrs(ctx, c, COMPUTER_CLASSES, CATEGORY.computer)
    .set('dNSHostName', c.dnsHostName)
    .set('operatingSystem', c.operatingSystem ?? extras.os?.operatingSystem)
    .set('operatingSystemVersion', c.operatingSystemVersion ?? extras.os?.operatingSystemVersion)
    .set('msDS-KrbTgtLink', c.krbTgtLinkDn)
    .setAll('msDS-NeverRevealGroup', c.neverRevealGroupDns)
    .setAll('msDS-RevealOnDemandGroup', c.revealOnDemandGroupDns)
    .set('serverReferenceBL', extras.serverReferenceBl)
    .entry(c.dn);
}

export function groupEntry(ctx: BuildContext, g: Group): DirectoryEntry {
  const alias = g.scope === 'domainLocal' || g.scope === 'builtin';
  return baseAttrs(g, GROUP_CLASSES, ctx.category(CATEGORY.group), g.cn)
    .set('sAMAccountName', g.samAccountName)
    .set('sAMAccountType', alias ? SAM_ACCOUNT_TYPE.SAM_ALIAS_OBJECT : SAM_ACCOUNT_TYPE.SAM_GROUP_OBJECT)
    .set('groupType', g.groupType)
    .set('objectSid', sidToBytes(g.sid))
    .set('description', g.description)
    .setAll('member', g.memberDns)
    .setAll('memberOf', g.memberOfDns)
    .set('isCriticalSystemObject', g.wellKnown ? true : undefined)
    .set('systemFlags', g.scope === 'builtin' ? -1946157056 : undefined)
    .entry(g.dn);
}

/**
 * The values of one of LIGHT_ATTRIBUTES (entry-builder.ts) of a principal's entry, as userEntry,
 * computerEntry and groupEntry write them, without assembling the entry (the RDN of every
 * principal is `CN=`, so cn and name are its cn); undefined when the entry has none.
 */
export function lightValues(ctx: BuildContext, p: Principal, key: string): readonly AttributeValue[] | undefined {
  switch (key) {
    case 'objectclass':
      return p.kind === 'user' ? USER_CLASSES : p.kind === 'computer' ? COMPUTER_CLASSES : GROUP_CLASSES;
    case 'cn':
    case 'name':
      return [p.cn];
    case 'distinguishedname':
      return [p.dn];
    case 'objectguid':
      return [guidToBytes(p.guid)];
    case 'objectcategory':
      return [ctx.category(CATEGORY[p.kind])];
    case 'samaccountname':
      return [p.samAccountName];
    case 'objectsid':
      return [sidToBytes(p.sid)];
    case 'userprincipalname':
      return p.kind !== 'group' && p.upn ? [p.upn] : undefined;
    case 'serviceprincipalname':
      return p.kind !== 'group' && p.spns.length ? p.spns : undefined;
  }
  return undefined;
}
