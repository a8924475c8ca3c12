/**
 * Password replication policy of an RODC (and of AzureADKerberos), as PROTOCOL.md section 4 step 5
 * describes and Samba's rodc_helper implements: krbtgt accounts and trust accounts never; the RODC
 * must be marked PARTIAL_SECRETS_ACCOUNT; the RODC itself yes; then msDS-NeverRevealGroup wins,
 * msDS-RevealOnDemandGroup allows, anything else is denied. A pure function of the directory.
 */
import type { Account, ComputerAccount, Directory, SidString } from './model.ts';
import { tokenGroups } from './tokens.ts';
import { hasFlag, UF } from './uac.ts';

export type PrpReason =
  /** Allowed: the account matched msDS-RevealOnDemandGroup. */
  | 'REVEAL_ON_DEMAND'
  /** Allowed: the account is the RODC's own computer account. */
  | 'RODC_SELF'
  /** Denied: a token SID matched msDS-NeverRevealGroup. */
  | 'NEVER_REVEAL'
  /** Denied: nothing in msDS-RevealOnDemandGroup matched. */
  | 'NOT_IN_REVEAL_ON_DEMAND'
  /** Denied: the domain krbtgt, a krbtgt_<n> (has msDS-KrbTgtLinkBl) or another RODC (has msDS-KrbTgtLink). */
  | 'KRBTGT_LINKED'
  /** Denied: an interdomain trust account. */
  | 'INTERDOMAIN_TRUST_ACCOUNT'
  /** Denied: the "RODC" lacks PARTIAL_SECRETS_ACCOUNT in userAccountControl. */
  | 'NOT_AN_RODC';

export interface PrpDecision {
  readonly allowed: boolean;
  readonly reason: PrpReason;
  /** The SID that decided (a token SID found in the list), when a list decided. */
  readonly decidingSid?: SidString;
  /** The list entry (DN of msDS-NeverRevealGroup / msDS-RevealOnDemandGroup) that decided. */
  readonly decidingDn?: string;
}

type Lookups = Pick<Directory, 'domain' | 'principalByDn' | 'principalBySid'>;

/** The first entry of `listDns` whose SID is in `sids` (list order, so the answer is stable). */
function firstMatch(dir: Lookups, listDns: readonly string[] | undefined, sids: ReadonlySet<string>): { dn: string; sid: SidString } | undefined {
  for (const dn of listDns ?? []) {
    const p = dir.principalByDn(dn);
    if (p && sids.has(p.sid.toUpperCase())) return { dn, sid: p.sid };
  }
  return undefined;
}

export function evaluateReplicationPolicy(dir: Lookups, rodc: ComputerAccount, account: Account): PrpDecision {
  const deny = (reason: PrpReason, m?: { dn: string; sid: SidString }): PrpDecision =>
    Object.freeze({ allowed: false, reason, ...(m ? { decidingDn: m.dn, decidingSid: m.sid } : {}) });

  if (account.role === 'krbtgt' || account.role === 'rodcKrbtgt' || (account.kind === 'user' && account.krbTgtLinkBlDns.length > 0)) return deny('KRBTGT_LINKED');
  if (account.kind === 'computer' && account.krbTgtLinkDn !== undefined && account.dn !== rodc.dn) return deny('KRBTGT_LINKED');
  if (hasFlag(account.userAccountControl, UF.INTERDOMAIN_TRUST_ACCOUNT)) return deny('INTERDOMAIN_TRUST_ACCOUNT');
  if (!hasFlag(rodc.userAccountControl, UF.PARTIAL_SECRETS_ACCOUNT)) return deny('NOT_AN_RODC');
  if (account.sid === rodc.sid) return Object.freeze({ allowed: true, reason: 'RODC_SELF' as const });

  const sids = new Set(tokenGroups(dir, account).sids.map((s) => s.toUpperCase()));
  const never = firstMatch(dir, rodc.neverRevealGroupDns, sids);
  if (never) return deny('NEVER_REVEAL', never);
  const reveal = firstMatch(dir, rodc.revealOnDemandGroupDns, sids);
  if (reveal) return Object.freeze({ allowed: true, reason: 'REVEAL_ON_DEMAND' as const, decidingDn: reveal.dn, decidingSid: reveal.sid });
  return deny('NOT_IN_REVEAL_ON_DEMAND');
}
