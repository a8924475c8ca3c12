/**
 * How names in a scenario resolve: group references (scenario groups and AD's well-known groups),
 * member references (users by sam, computers as `fs1` or `FS1$`, built-in accounts, groups), and
 * the derived names the directory will create. Shared by the validator and the builders so both
 * read a file the same way.
 */
import { ALL_WELL_KNOWN_GROUPS, type WellKnownGroup } from '../directory/wellknown.ts';
import type { ParsedScenario } from './schema.ts';

export type GroupRef = { kind: 'wellKnown'; group: WellKnownGroup } | { kind: 'scenario'; index: number };
export type AccountRef =
  | { kind: 'user'; index: number }
  | { kind: 'computer'; index: number }
  | { kind: 'dc'; index: number }
  | { kind: 'builtin'; name: 'Administrator' | 'Guest' | 'krbtgt' };
export type MemberRef = { kind: 'group'; ref: GroupRef } | { kind: 'account'; ref: AccountRef };

/** AD's default NetBIOS name: the first DNS label, upper case, cut to 15 characters. */
export function defaultNetbiosName(dnsName: string): string {
  return dnsName.split('.')[0].toUpperCase().slice(0, 15);
}

/** sAMAccountName of a computer or DC: NAME$ (upper case, as a domain join writes it). */
export function computerSam(name: string): string {
  return `${name.toUpperCase()}$`;
}

const lc = (s: string) => s.toLowerCase();

export class NameTable {
  private readonly groups = new Map<string, GroupRef>();
  private readonly accounts = new Map<string, AccountRef>();
  private readonly display: { groups: string[]; accounts: string[] } = { groups: [], accounts: [] };

  constructor(s: ParsedScenario) {
    for (const g of ALL_WELL_KNOWN_GROUPS) this.setGroup(g.name, { kind: 'wellKnown', group: g });
    s.groups.forEach((g, index) => this.setGroup(g.name, { kind: 'scenario', index }));
    for (const name of ['Administrator', 'Guest', 'krbtgt'] as const) this.accounts.set(lc(name), { kind: 'builtin', name });
    s.dcs.forEach((d, index) => this.setAccount(computerSam(d.name), { kind: 'dc', index }));
    s.users.forEach((u, index) => this.setAccount(u.sam, { kind: 'user', index }));
    s.computers.forEach((c, index) => this.setAccount(computerSam(c.name), { kind: 'computer', index }));
  }

  private setGroup(name: string, ref: GroupRef): void {
    if (this.groups.has(lc(name))) return;
    this.groups.set(lc(name), ref);
    this.display.groups.push(name);
  }

  private setAccount(sam: string, ref: AccountRef): void {
    if (this.accounts.has(lc(sam))) return;
    this.accounts.set(lc(sam), ref);
    this.display.accounts.push(sam);
  }

  group(name: string): GroupRef | undefined {
    return this.groups.get(lc(name));
  }

  /** A user by sam, a computer/DC by `name` or `NAME$`, or a built-in account. */
  account(name: string): AccountRef | undefined {
    return this.accounts.get(lc(name)) ?? (name.endsWith('$') ? undefined : this.accounts.get(lc(`${name}$`)));
  }

  /** Accounts win over groups only when no group has the name (AD forbids the clash anyway). */
  member(name: string): MemberRef | undefined {
    const g = this.group(name);
    if (g) return { kind: 'group', ref: g };
    const a = this.account(name);
    return a ? { kind: 'account', ref: a } : undefined;
  }

  /** Group names as written (for "did you mean" hints). */
  groupNames(): readonly string[] {
    return this.display.groups;
  }

  accountNames(): readonly string[] {
    return this.display.accounts;
  }
}

/** Scope of a referenced group. */
export function groupScope(s: ParsedScenario, ref: GroupRef): string {
  return ref.kind === 'wellKnown' ? ref.group.scope : s.groups[ref.index].scope;
}
