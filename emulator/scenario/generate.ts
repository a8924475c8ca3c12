/**
 * Expands a scenario's `generate:` section (schema-generate.ts) into ordinary OUs, groups, users,
 * computers and tenant sync entries, appended after the explicit ones, so every later step
 * (cross-checks, defaults, directory and tenant builders) treats them alike.
 *
 * Deterministic: the same seed and section give the same population. Which entries get a trait
 * (disabled, locked, a UPN suffix, ...) is decided by a low-discrepancy sequence per trait,
 * frac(offset + n x alpha) with the offset drawn from the seed and a different irrational alpha per
 * trait: shares come out exact to within one entry and are spread through the population.
 *
 * `ranges` says which indexes were generated, so validate.ts can name a generated entry (and the
 * explicit one it collides with) instead of an index that is not in the file.
 */
import { derive } from '../directory/ids.ts';
import type { RawIssue } from './errors.ts';
import type { ParsedScenario } from './schema.ts';
import { TenantUserSchema } from './schema-cloud.ts';
import type { GenerateSpec } from './schema-generate.ts';
import { ComputerSchema, GroupSchema, UserSchema } from './schema-onprem.ts';

export type GeneratedList = 'ous' | 'groups' | 'users' | 'computers';

/** Entries `from` (inclusive) to `to` (exclusive) of `list` came from `generate.<list>`. */
export interface GeneratedRange {
  readonly list: GeneratedList;
  readonly from: number;
  readonly to: number;
  /** The generated entry's name (sAMAccountName, computer or group name, OU path). */
  name(index: number): string;
}

export interface Expansion {
  readonly scenario: ParsedScenario;
  readonly ranges: readonly GeneratedRange[];
  /** Problems of the section itself (names too long, unknown UPN suffix), on generate.* paths. */
  readonly issues: readonly RawIssue[];
}

const ALPHA = {
  upn: 0.6180339887498949, // golden ratio
  disabled: 0.4142135623730951, // sqrt 2
  locked: 0.7320508075688772, // sqrt 3
  passwordExpired: 0.2360679774997898, // sqrt 5
  accountExpired: 0.6457513110645907, // sqrt 7
  synced: 0.3166247903554, // sqrt 11
  nested: 0.6055512754639891, // sqrt 13
  parent: 0.1231056256176606, // sqrt 17
  spn: 0.3588989435406736, // sqrt 19
} as const;

/** A trait sequence: u(n) in [0, 1), well spread, starting at a seed-derived offset. */
function sequence(seed: string, what: string, alpha: number): (n: number) => number {
  const h = derive(seed, `generate:${what}`);
  const offset = (((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0) / 2 ** 32;
  return (n) => {
    const x = offset + n * alpha;
    return x - Math.floor(x);
  };
}

function numbered(prefix: string, start: number, count: number): (k: number) => string {
  const width = String(start + Math.max(count, 1) - 1).length;
  return (k) => `${prefix}${String(start + k).padStart(width, '0')}`;
}

/** Parent paths of an OU path, outermost first (`A/B/C` -> A, A/B). */
function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** Expands `s.generate` (no-op without one). Pure. */
export function expandGenerate(s: ParsedScenario): Expansion {
  const g: GenerateSpec | undefined = s.generate;
  if (!g) return { scenario: s, ranges: [], issues: [] };
  const seed = s.seed ?? s.domain.dnsName.toLowerCase();
  const issues: RawIssue[] = [];
  const ranges: GeneratedRange[] = [];
  const ous = [...s.ous];
  const groups = [...s.groups];
  const users = [...s.users];
  const computers = [...s.computers];
  const tenantUsers = [...s.tenant.users];

  // OUs
  let generatedOus: string[] = [];
  if (g.ous && g.ous.count > 0) {
    const parent = g.ous.parent;
    const known = new Set(ous.map((o) => o.toLowerCase()));
    if (parent !== undefined) for (const p of [...ancestors(parent), parent]) if (!known.has(p.toLowerCase())) (ous.push(p), known.add(p.toLowerCase()));
    const name = numbered(g.ous.prefix, 1, g.ous.count);
    generatedOus = Array.from({ length: g.ous.count }, (_, k) => (parent !== undefined ? `${parent}/${name(k)}` : name(k)));
    const from = ous.length;
    ous.push(...generatedOus);
    ranges.push({ list: 'ous', from, to: ous.length, name: (i) => ous[i] });
  }

  // Groups
  let groupNames: string[] = [];
  if (g.groups && g.groups.count > 0) {
    const spec = g.groups;
    const name = numbered(spec.prefix, 1, spec.count);
    const nested = sequence(seed, 'groups:nested', ALPHA.nested);
    const parentOf = sequence(seed, 'groups:parent', ALPHA.parent);
    const base = GroupSchema.parse({ name: 'x', scope: spec.scope });
    groupNames = Array.from({ length: spec.count }, (_, k) => name(k));
    if (name(spec.count - 1).length > 64) issues.push({ path: ['generate', 'groups', 'prefix'], reason: 'BAD_FORMAT', expected: 'a prefix short enough for group names of at most 64 characters' });
    const from = groups.length;
    for (let k = 0; k < spec.count; k++) {
      const memberOf = k > 0 && nested(k) < spec.nested ? [groupNames[Math.floor(parentOf(k) * k)]] : [];
      groups.push({ ...base, name: groupNames[k], members: [], memberOf, ...(spec.ous ? { ou: spec.ous[k % spec.ous.length] } : {}) });
    }
    ranges.push({ list: 'groups', from, to: groups.length, name: (i) => groups[i].name });
  }

  // Users
  if (g.users && g.users.count > 0) {
    const spec = g.users;
    const name = numbered(spec.prefix, spec.start, spec.count);
    if (name(spec.count - 1).length > 20) {
      issues.push({ path: ['generate', 'users', 'prefix'], reason: 'BAD_FORMAT', expected: `a prefix short enough for sAMAccountNames of at most 20 characters (the last is ${JSON.stringify(name(spec.count - 1))})` });
    }
    const domain = s.domain.dnsName.toLowerCase();
    const knownSuffixes = new Set([domain, ...s.upnSuffixes.map((u) => u.toLowerCase())]);
    const shares = spec.upnSuffixes ?? [{ suffix: domain, share: 1 }];
    shares.forEach((x, i) => {
      if (!knownSuffixes.has(x.suffix.toLowerCase())) {
        issues.push({ path: ['generate', 'users', 'upnSuffixes', i, 'suffix'], reason: 'UNKNOWN_UPN_SUFFIX', expected: `the domain name or one of upnSuffixes, got ${JSON.stringify(x.suffix)}`, hint: `known: ${[...knownSuffixes].join(', ')}` });
      }
    });
    const total = shares.reduce((a, x) => a + x.share, 0);
    const cumulative: number[] = [];
    let acc = 0;
    for (const x of shares) cumulative.push((acc += x.share / total));
    const upn = sequence(seed, 'users:upn', ALPHA.upn);
    const trait = (what: keyof typeof ALPHA) => sequence(seed, `users:${what}`, ALPHA[what]);
    const disabled = trait('disabled');
    const locked = trait('locked');
    const pwExpired = trait('passwordExpired');
    const acExpired = trait('accountExpired');
    const synced = trait('synced');
    const ouList = spec.ous ?? (generatedOus.length ? generatedOus : undefined);
    const epoch = s.epoch;
    const base = UserSchema.parse({ sam: 'x' });
    const perUser = groupNames.length ? Math.min(spec.groupsPerUser, groupNames.length) : 0;
    const unsyncedBase = s.tenant.syncAllUsers ? TenantUserSchema.parse({ user: 'x', synced: false }) : TenantUserSchema.parse({ user: 'x' });
    const from = users.length;
    for (let k = 0; k < spec.count; k++) {
      const sam = name(k);
      const u = upn(k);
      let b = 0;
      while (b < cumulative.length - 1 && u >= cumulative[b]) b++;
      const memberships = spec.groups.length || perUser ? [...spec.groups] : base.groups;
      for (let m = 0; m < perUser; m++) memberships.push(groupNames[(k * perUser + m) % groupNames.length]);
      users.push({
        ...base,
        sam,
        upn: `${sam}@${shares[b].suffix.toLowerCase()}`,
        groups: memberships,
        enabled: !(disabled(k) < spec.disabled),
        locked: locked(k) < spec.locked,
        passwordExpired: pwExpired(k) < spec.passwordExpired,
        accountExpires: acExpired(k) < spec.accountExpired ? epoch : null,
        ...(spec.password !== undefined ? { password: spec.password.replaceAll('{sam}', sam).replaceAll('{n}', String(spec.start + k)) } : {}),
        ...(ouList ? { ou: ouList[k % ouList.length] } : {}),
      });
      // syncAllUsers: list the filtered-out ones; otherwise list the synced ones.
      const isSynced = synced(k) < spec.synced;
      if (s.tenant.syncAllUsers ? !isSynced : isSynced) tenantUsers.push({ ...unsyncedBase, user: sam });
    }
    ranges.push({ list: 'users', from, to: users.length, name: (i) => users[i].sam });
  }

  // Computers
  if (g.computers && g.computers.count > 0) {
    const spec = g.computers;
    const name = numbered(spec.prefix, 1, spec.count);
    if (name(spec.count - 1).length > 15) {
      issues.push({ path: ['generate', 'computers', 'prefix'], reason: 'BAD_FORMAT', expected: `a prefix short enough for computer names of at most 15 characters (the last is ${JSON.stringify(name(spec.count - 1))})` });
    }
    const spn = sequence(seed, 'computers:spn', ALPHA.spn);
    const disabled = sequence(seed, 'computers:disabled', ALPHA.disabled);
    const domain = s.domain.dnsName.toLowerCase();
    const base = ComputerSchema.parse({ name: 'x' });
    const from = computers.length;
    for (let k = 0; k < spec.count; k++) {
      const n = name(k);
      const fqdn = `${n.toLowerCase()}.${domain}`;
      const spns = spec.spns.length && spn(k) < spec.spnShare ? spec.spns.map((t) => t.replaceAll('{name}', n.toLowerCase()).replaceAll('{fqdn}', fqdn).replaceAll('{domain}', domain)) : [];
      computers.push({
        ...base,
        name: n,
        spns,
        enabled: !(disabled(k) < spec.disabled),
        ...(spec.os !== undefined ? { os: spec.os } : {}),
        ...(spec.ous ? { ou: spec.ous[k % spec.ous.length] } : {}),
      });
    }
    ranges.push({ list: 'computers', from, to: computers.length, name: (i) => computers[i].name });
  }

  const { generate: _g, ...rest } = s;
  return { scenario: { ...rest, ous, groups, users, computers, tenant: { ...s.tenant, users: tenantUsers } }, ranges, issues };
}
