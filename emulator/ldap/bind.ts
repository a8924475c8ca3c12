/**
 * Simple bind with AD's name forms and failure codes (MS-ADTS 5.1.1.1.1 / 3.1.1.3.1.1.1):
 * a DN, a UPN (explicit, any configured suffix, or the implicit `sam@dnsdomain`), `NETBIOS\sam`
 * (or `dns.domain\sam`), or a bare sAMAccountName. An empty name and password is anonymous; a
 * name with an empty password is an unauthenticated bind, which AD treats as anonymous.
 * Failures are invalidCredentials (49) with the `data` code AD reports.
 */
import { equalBytes, utf8 } from '../core/bytes.ts';
import { accountState } from '../directory/account-state.ts';
import { normalizeDn } from '../directory/dn.ts';
import type { Account, Directory } from '../directory/model.ts';
import { ldapError } from './codec/index.ts';
import { BIND_DATA, DIAG, type BindData } from './diagnostics.ts';

export type BindResult = { readonly anonymous: true } | { readonly anonymous: false; readonly account: Account };

function fail(data: BindData): never {
  throw ldapError('invalidCredentials', DIAG.bindFailed(data));
}

/** The account a bind name designates, or undefined. */
export function resolveBindName(directory: Directory, name: string): Account | undefined {
  const n = name.trim();
  const d = directory.domain;
  const backslash = n.indexOf('\\');
  if (backslash > 0 && !n.includes('=')) {
    const dom = n.slice(0, backslash).toLowerCase();
    if (dom !== d.netbiosName.toLowerCase() && dom !== d.dnsName.toLowerCase()) return undefined;
    return directory.accountBySam(n.slice(backslash + 1));
  }
  if (n.includes('=') && normalizeDn(n) !== undefined) {
    const p = directory.principalByDn(n);
    return p && p.kind !== 'group' ? p : undefined;
  }
  const at = n.lastIndexOf('@');
  if (at > 0) {
    const explicit = directory.accountByUpn(n);
    if (explicit) return explicit;
    // The implicit UPN sam@dnsDomainName always works (MS-ADTS 5.1.1.1.1).
    if (n.slice(at + 1).toLowerCase() === d.dnsName.toLowerCase()) {
      const a = directory.accountBySam(n.slice(0, at));
      return a && a.samAccountName.toLowerCase() === n.slice(0, at).toLowerCase() ? a : undefined;
    }
    return undefined;
  }
  const a = directory.accountBySam(n);
  return a && a.samAccountName.toLowerCase().replace(/\$$/, '') === n.toLowerCase().replace(/\$$/, '') ? a : undefined;
}

/** Checks a simple bind; returns the identity or throws LdapError(invalidCredentials). */
export function simpleBind(directory: Directory, name: string, password: Uint8Array, nowMs: number): BindResult {
  if (password.length === 0) {
    // RFC 4513 5.1.1/5.1.2: anonymous, or unauthenticated (name, no password), which AD allows as anonymous.
    return { anonymous: true };
  }
  if (name.trim() === '') fail(BIND_DATA.invalidPassword);
  const account = resolveBindName(directory, name);
  if (!account) fail(BIND_DATA.noSuchUser);
  const state = accountState(directory.domain, account, nowMs);
  if (state.locked) fail(BIND_DATA.accountLocked);
  const stored = account.secrets.current.password;
  if (stored === undefined || !equalBytes(utf8(stored), password)) fail(BIND_DATA.invalidPassword);
  if (!state.enabled) fail(BIND_DATA.accountDisabled);
  if (state.accountExpired) fail(BIND_DATA.accountExpired);
  if (state.mustChangePassword) fail(BIND_DATA.mustChangePassword);
  if (state.passwordExpired) fail(BIND_DATA.passwordExpired);
  return { anonymous: false, account };
}
