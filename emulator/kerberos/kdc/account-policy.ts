/**
 * Account policy (MS-KILE 3.3.5.7.1 "Check Account Policy"), one definition for the AS exchange
 * and the RODC partial-TGT exchange (PROTOCOL.md section 4 step 7). Each failure records the
 * directory fact that decided and carries the NTSTATUS e-data AD sends:
 *   restrictions   disabled        -> KDC_ERR_CLIENT_REVOKED  STATUS_ACCOUNT_DISABLED
 *                  locked out      -> KDC_ERR_CLIENT_REVOKED  STATUS_ACCOUNT_LOCKED_OUT
 *                  account expired -> KDC_ERR_CLIENT_REVOKED  STATUS_ACCOUNT_EXPIRED
 *   password       must change     -> KDC_ERR_KEY_EXPIRED     STATUS_PASSWORD_MUST_CHANGE
 *                  expired         -> KDC_ERR_KEY_EXPIRED     STATUS_PASSWORD_EXPIRED
 * The AS exchange runs the two halves apart (restrictions before pre-authentication, the
 * password after it, so only the password's owner learns it expired); the RODC exchange runs both.
 */
import { accountState, type AccountState } from '../../directory/account-state.ts';
import type { Account } from '../../directory/model.ts';
import type { KdcContext } from './context.ts';
import type { ExchangeRecord } from './exchange.ts';
import { kdcErrorWithStatus, NTSTATUS } from './krb-error.ts';

/** Disabled, locked out or expired: KDC_ERR_CLIENT_REVOKED. Returns the account's state at `now`. */
export function checkAccountRestrictions(ctx: KdcContext, a: Account, now: number, ex: ExchangeRecord): AccountState {
  const st = accountState(ctx.directory.domain, a, now);
  if (!st.enabled) {
    ex.fact = `${a.samAccountName}: userAccountControl 0x${a.userAccountControl.toString(16)} has ACCOUNTDISABLE`;
    throw kdcErrorWithStatus('KDC_ERR_CLIENT_REVOKED', 'CLIENT DISABLED', NTSTATUS.STATUS_ACCOUNT_DISABLED);
  }
  if (st.locked) {
    ex.fact = `${a.samAccountName}: lockoutTime ${new Date(a.lockoutTime ?? 0).toISOString()} is within the lockout duration`;
    throw kdcErrorWithStatus('KDC_ERR_CLIENT_REVOKED', 'CLIENT LOCKED OUT', NTSTATUS.STATUS_ACCOUNT_LOCKED_OUT);
  }
  if (st.accountExpired) {
    ex.fact = `${a.samAccountName}: accountExpires ${new Date(a.accountExpires ?? 0).toISOString()} has passed`;
    throw kdcErrorWithStatus('KDC_ERR_CLIENT_REVOKED', 'CLIENT EXPIRED', NTSTATUS.STATUS_ACCOUNT_EXPIRED);
  }
  return st;
}

/** Password that must change or has expired (`st` from checkAccountRestrictions): KDC_ERR_KEY_EXPIRED. */
export function checkPasswordCurrent(a: Account, st: AccountState, ex: ExchangeRecord): void {
  if (!st.passwordExpired) return;
  if (st.mustChangePassword) {
    ex.fact = `${a.samAccountName}: pwdLastSet is 0 or PASSWORD_EXPIRED is set (must change password)`;
    throw kdcErrorWithStatus('KDC_ERR_KEY_EXPIRED', 'CLIENT KEY EXPIRED', NTSTATUS.STATUS_PASSWORD_MUST_CHANGE);
  }
  ex.fact = `${a.samAccountName}: password expired at ${new Date(st.passwordExpiresAt ?? 0).toISOString()} (maxPwdAge)`;
  throw kdcErrorWithStatus('KDC_ERR_KEY_EXPIRED', 'CLIENT KEY EXPIRED', NTSTATUS.STATUS_PASSWORD_EXPIRED);
}

/** The whole policy at `now`: restrictions, then the password. */
export function checkAccountPolicy(ctx: KdcContext, a: Account, now: number, ex: ExchangeRecord): AccountState {
  const st = checkAccountRestrictions(ctx, a, now, ex);
  checkPasswordCurrent(a, st, ex);
  return st;
}
