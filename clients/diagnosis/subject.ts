/**
 * The scenario facts a diagnosis reads about one user: the AD account (and its index, for paths
 * such as `users[2].groups`), the tenant entry, and the transitive groups the scenario gives it
 * (its groups, its primary group, scenario groups listing it, memberOf chains and the well-known
 * nesting such as Domain Admins in Administrators). Pure.
 */
import type { Scenario } from '../../emulator/scenario/defaults.ts';
import { BUILTIN_GROUPS, DOMAIN_GROUPS } from '../../emulator/directory/wellknown.ts';

export interface Subject {
  /** The name the expectation or command used (sam or UPN). */
  readonly name: string;
  readonly user?: Scenario['users'][number];
  readonly userIndex: number;
  readonly tenantUser?: Scenario['tenant']['users'][number];
  readonly tenantIndex: number;
  /** Every group the user is in, lower-cased name -> the name as written. */
  readonly groups: ReadonlyMap<string, string>;
}

const lc = (s: string) => s.toLowerCase();

/** Finds the user by sAMAccountName or UPN (AD first, then the tenant's cloud-only users). */
export function subjectOf(s: Scenario, name: string): Subject {
  const n = lc(name);
  const userIndex = s.users.findIndex((u) => lc(u.sam) === n || lc(u.upn) === n);
  const user = userIndex >= 0 ? s.users[userIndex] : undefined;
  const tenantIndex = s.tenant.users.findIndex((t) => (user && t.user !== undefined && lc(t.user) === lc(user.sam)) || (t.upn !== undefined && lc(t.upn) === n));
  const tenantUser = tenantIndex >= 0 ? s.tenant.users[tenantIndex] : undefined;
  return { name, ...(user ? { user } : {}), userIndex, ...(tenantUser ? { tenantUser } : {}), tenantIndex, groups: user ? groupsOf(s, user) : new Map() };
}

function groupsOf(s: Scenario, user: Scenario['users'][number]): Map<string, string> {
  const parents = new Map<string, Set<string>>(); // member (lower) -> groups it is in (as written)
  const link = (member: string, group: string) => {
    const k = lc(member);
    if (!parents.has(k)) parents.set(k, new Set());
    parents.get(k)!.add(group);
  };
  for (const g of [...DOMAIN_GROUPS, ...BUILTIN_GROUPS]) for (const m of g.members) link(m, g.name);
  for (const g of s.groups) {
    for (const m of g.members) link(m, g.name);
    for (const p of g.memberOf) link(g.name, p);
  }
  const out = new Map<string, string>();
  const queue = [...user.groups, user.primaryGroup, ...(parents.get(lc(user.sam)) ?? [])];
  while (queue.length) {
    const g = queue.shift()!;
    if (out.has(lc(g))) continue;
    out.set(lc(g), g);
    queue.push(...(parents.get(lc(g)) ?? []));
  }
  return out;
}

/** `users[2]` or `users[?]` when the user is not an AD user. */
export function userPath(sub: Subject, field: string): string {
  return `users[${sub.userIndex >= 0 ? sub.userIndex : '?'}].${field}`;
}

export function tenantPath(sub: Subject, field: string): string {
  return sub.tenantIndex >= 0 ? `tenant.users[${sub.tenantIndex}].${field}` : `tenant.users[].${field}`;
}
