/**
 * Active Directory string-to-key salts (MS-KILE 3.1.1.2; the RFC 4120 section 4 default
 * "REALM || name components" as AD spells it):
 * - users, and the krbtgt accounts: upper-case realm + sAMAccountName exactly as stored;
 * - computers: upper-case realm + "host" + lower-case sAMAccountName without its trailing "$"
 *   + "." + lower-case realm.
 */
export function adSalt(a: { realm: string; sAMAccountName: string; isComputer: boolean }): string {
  const realm = a.realm.toUpperCase();
  if (!a.isComputer) return realm + a.sAMAccountName;
  const name = a.sAMAccountName.endsWith('$') ? a.sAMAccountName.slice(0, -1) : a.sAMAccountName;
  return `${realm}host${name.toLowerCase()}.${a.realm.toLowerCase()}`;
}
