/**
 * Principal names to directory accounts, as AD resolves them (MS-KILE 3.3.5.1 ff., RFC 6806):
 * case-insensitive throughout, realms too.
 *   Clients: NT-ENTERPRISE `user@suffix` by userPrincipalName, then the implicit UPN
 *   `sAMAccountName@<domain DNS name>`; other single names by sAMAccountName (computers with or
 *   without `$`), then as a UPN when they hold an `@`; multi-component names by SPN.
 *   Servers: `krbtgt` and `krbtgt/<our realm>` are the domain krbtgt; multi-component names by
 *   servicePrincipalName (host/ covering its aliases, kadmin/changepw on krbtgt as AD has it);
 *   single names by sAMAccountName or UPN.
 */
import type { Account, Directory } from '../../directory/model.ts';
import { NAME_TYPE, type PrincipalName } from '../asn1/index.ts';
import { krbError } from '../error-codes.ts';

/** How a name was found: the directory attribute that matched (for traces). */
export type LookupAttribute = 'sAMAccountName' | 'userPrincipalName' | 'implicitUpn' | 'servicePrincipalName' | 'krbtgt';

export interface PrincipalLookup {
  readonly account: Account;
  readonly by: LookupAttribute;
  /** The canonical name (RFC 6806): NT-PRINCIPAL sAMAccountName for clients, krbtgt/REALM for the TGS. */
  readonly canonical: PrincipalName;
}

/** True when `realm` names this domain: the realm or the NetBIOS name, any case. */
export function isOurRealm(dir: Pick<Directory, 'domain'>, realm: string): boolean {
  const r = realm.toUpperCase();
  return r === dir.domain.realm.toUpperCase() || r === dir.domain.netbiosName.toUpperCase();
}

/** Throws KDC_ERR_WRONG_REALM unless `realm` is ours. */
export function requireOurRealm(dir: Pick<Directory, 'domain'>, realm: string): void {
  if (!isOurRealm(dir, realm)) throw krbError('KDC_ERR_WRONG_REALM', `REALM ${realm} IS NOT SERVED HERE`);
}

function samName(account: Account): PrincipalName {
  return { nameType: NAME_TYPE.NT_PRINCIPAL, nameString: [account.samAccountName] };
}

/**
 * A UPN names an account only when its suffix is the domain's or one the forest publishes in
 * uPNSuffixes: a suffix missing from the list (scenario unpublishedUpnSuffixes) breaks the UPN
 * logon, not the partial-TGT exchange, which names the account by sAMAccountName (PROTOCOL.md
 * section 6 (e) [I]).
 */
function publishedSuffix(dir: Directory, suffix: string): boolean {
  return suffix === dir.domain.dnsName.toLowerCase() || dir.domain.upnSuffixes.some((u) => u.toLowerCase() === suffix);
}

function byUpnOrImplicit(dir: Directory, name: string): PrincipalLookup | undefined {
  const at = name.lastIndexOf('@');
  const suffix = at > 0 ? name.slice(at + 1).toLowerCase() : '';
  const a = dir.accountByUpn(name);
  if (a && publishedSuffix(dir, suffix)) return { account: a, by: 'userPrincipalName', canonical: samName(a) };
  if (at <= 0) return undefined;
  if (suffix !== dir.domain.dnsName.toLowerCase() && suffix !== dir.domain.netbiosName.toLowerCase()) return undefined;
  const b = dir.accountBySam(name.slice(0, at));
  return b ? { account: b, by: 'implicitUpn', canonical: samName(b) } : undefined;
}

/** Resolves a client name; undefined when the directory has no such account. */
export function findClient(dir: Directory, cname: PrincipalName): PrincipalLookup | undefined {
  const parts = cname.nameString;
  if (parts.length === 0) return undefined;
  if (parts.length === 1) {
    const name = parts[0];
    if (cname.nameType === NAME_TYPE.NT_ENTERPRISE) {
      if (name.includes('@')) return byUpnOrImplicit(dir, name);
    }
    const a = dir.accountBySam(name);
    if (a) return { account: a, by: 'sAMAccountName', canonical: samName(a) };
    return name.includes('@') ? byUpnOrImplicit(dir, name) : undefined;
  }
  const a = dir.accountBySpn(parts.join('/'));
  return a ? { account: a, by: 'servicePrincipalName', canonical: samName(a) } : undefined;
}

/** True for `krbtgt` or `krbtgt/<our realm>` (any case): the ticket-granting service. */
export function isTgsName(dir: Pick<Directory, 'domain'>, sname: PrincipalName): boolean {
  const p = sname.nameString;
  if (p.length === 0 || p[0].toLowerCase() !== 'krbtgt') return false;
  return p.length === 1 || (p.length === 2 && isOurRealm(dir, p[1]));
}

/** Resolves a server name; undefined when unknown (the caller answers KDC_ERR_S_PRINCIPAL_UNKNOWN). */
export function findServer(dir: Directory, sname: PrincipalName): PrincipalLookup | undefined {
  const p = sname.nameString;
  if (p.length === 0) return undefined;
  if (isTgsName(dir, sname)) {
    return {
      account: dir.krbtgt,
      by: 'krbtgt',
      canonical: { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', dir.domain.realm.toUpperCase()] },
    };
  }
  if (p.length >= 2) {
    const a = dir.accountBySpn(p.join('/'));
    return a ? { account: a, by: 'servicePrincipalName', canonical: sname } : undefined;
  }
  const a = dir.accountBySam(p[0]);
  if (a) return { account: a, by: 'sAMAccountName', canonical: samName(a) };
  const u = p[0].includes('@') ? dir.accountByUpn(p[0]) : undefined;
  return u ? { account: u, by: 'userPrincipalName', canonical: samName(u) } : undefined;
}
