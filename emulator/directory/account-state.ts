/**
 * An account's state at a given time, as the KDC's account-policy check (MS-KILE 3.3.5.7.1) and
 * LDAP bind need it: enabled, locked out, account expired, password expired / must change.
 */
import type { Account, DomainInfo } from './model.ts';
import { hasFlag, UF } from './uac.ts';

export interface AccountState {
  readonly enabled: boolean;
  /** lockoutTime set and still within lockoutDuration (or no duration: until an admin unlocks). */
  readonly locked: boolean;
  /** accountExpires is at or before the time asked. */
  readonly accountExpired: boolean;
  /** pwdLastSet = 0 or PASSWORD_EXPIRED: the password must be changed before use. */
  readonly mustChangePassword: boolean;
  /** mustChangePassword, or maxPwdAge elapsed since pwdLastSet (users without DONT_EXPIRE_PASSWORD). */
  readonly passwordExpired: boolean;
  /** When the password expires (epoch ms), null when it never does. */
  readonly passwordExpiresAt: number | null;
}

export function accountState(domain: Pick<DomainInfo, 'passwordPolicy'>, a: Account, atMs: number): AccountState {
  const pp = domain.passwordPolicy;
  const uac = a.userAccountControl;
  const locked = a.lockoutTime !== null && (pp.lockoutDurationMs === null || atMs < a.lockoutTime + pp.lockoutDurationMs);
  const mustChange = a.pwdLastSet === null || hasFlag(uac, UF.PASSWORD_EXPIRED);
  // Machine, trust and krbtgt passwords are not aged by maxPwdAge; only people's are.
  const ages = a.kind === 'user' && a.role !== 'krbtgt' && a.role !== 'rodcKrbtgt' && !hasFlag(uac, UF.DONT_EXPIRE_PASSWORD);
  const expiresAt = ages && pp.maxPwdAgeMs !== null && a.pwdLastSet !== null ? a.pwdLastSet + pp.maxPwdAgeMs : null;
  return Object.freeze({
    enabled: !hasFlag(uac, UF.ACCOUNTDISABLE),
    locked,
    accountExpired: a.accountExpires !== null && atMs >= a.accountExpires,
    mustChangePassword: mustChange,
    passwordExpired: mustChange || (expiresAt !== null && atMs >= expiresAt),
    passwordExpiresAt: mustChange ? null : expiresAt,
  });
}
