/**
 * Token groups: the SIDs an account's logon token carries, i.e. its primary group plus the
 * transitive closure of its group memberships (nested groups, the primary group's own
 * memberships, cycles tolerated). The `tokenGroups` constructed attribute and the password
 * replication policy use the full set; a PAC's LOGON_INFO wants the global/universal part.
 */
import { sidToBytes } from './ids.ts';
import type { Account, Directory, Group, GroupScope, Principal, SidString } from './model.ts';

export interface TokenGroups {
  /** The account's own objectSid. */
  readonly sid: SidString;
  /** SID of the primary group (undefined for groups, which have none). */
  readonly primaryGroupSid?: SidString;
  /** Every group in the token, primary group first, then breadth-first over memberOf; deduplicated. */
  readonly groups: readonly Group[];
  /** The account's SID followed by every group SID: the list PRP evaluation matches against. */
  readonly sids: readonly SidString[];
}

type Lookups = Pick<Directory, 'domain' | 'principalByDn' | 'principalBySid'>;

/**
 * Expands the token of a user, computer or group. `scopes` keeps only groups of those scopes in
 * the result (expansion still walks through every group).
 */
export function tokenGroups(dir: Lookups, principal: Principal, opts: { scopes?: readonly GroupScope[] } = {}): TokenGroups {
  const seen = new Set<string>();
  const ordered: Group[] = [];
  const queue: Group[] = [];
  const push = (g: Principal | undefined) => {
    if (!g || g.kind !== 'group' || seen.has(g.dn.toLowerCase())) return;
    seen.add(g.dn.toLowerCase());
    ordered.push(g);
    queue.push(g);
  };
  let primaryGroupSid: SidString | undefined;
  if (principal.kind !== 'group') {
    primaryGroupSid = `${dir.domain.sid}-${(principal as Account).primaryGroupRid}`;
    push(dir.principalBySid(primaryGroupSid));
  }
  for (const dn of principal.memberOfDns) push(dir.principalByDn(dn));
  while (queue.length) {
    const g = queue.shift()!;
    for (const dn of g.memberOfDns) push(dir.principalByDn(dn));
  }
  const groups = opts.scopes ? ordered.filter((g) => opts.scopes!.includes(g.scope)) : ordered;
  return Object.freeze({
    sid: principal.sid,
    ...(primaryGroupSid ? { primaryGroupSid } : {}),
    groups: Object.freeze(groups),
    sids: Object.freeze([principal.sid, ...groups.map((g) => g.sid)]),
  });
}

/**
 * Values of the constructed `tokenGroups` attribute (MS-ADTS 3.1.1.4.5.19): the binary SIDs of
 * every group in the token, the account's own SID excluded. LDAP returns it on base-scope reads.
 */
export function tokenGroupsValues(dir: Lookups, principal: Principal): Uint8Array[] {
  return tokenGroups(dir, principal).groups.map((g) => sidToBytes(g.sid));
}
