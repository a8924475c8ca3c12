/** The user checks every grant shares: known (AADSTS50034), enabled (50057), password (50126). */
import type { CloudUser } from '../../tenant/model.ts';
import type { EntraContext } from '../context.ts';
import { oauthError } from '../errors.ts';

export function findUser(ctx: EntraContext, upn: string | undefined): CloudUser {
  if (!upn) throw oauthError('AADSTS900144', "no 'username' in the request", ['username']);
  const user = ctx.tenant.userByUpn(upn);
  if (!user) throw oauthError('AADSTS50034', `no user ${upn} in tenant ${ctx.tenant.initialDomain} (UPN lookup is case-insensitive)`, [upn, ctx.tenant.initialDomain], { upn });
  return user;
}

export function checkEnabled(user: CloudUser): void {
  if (!user.accountEnabled) throw oauthError('AADSTS50057', `${user.userPrincipalName} has accountEnabled false`, [], { upn: user.userPrincipalName });
}

export function checkPassword(user: CloudUser, password: string | undefined): void {
  if (password === undefined || password === '') throw oauthError('AADSTS900144', "no 'password' in the request", ['password']);
  if (user.password === undefined) throw oauthError('AADSTS50056', `${user.userPrincipalName} has no password in the tenant (no password hash synced or set)`, [], { upn: user.userPrincipalName });
  if (user.password !== password) throw oauthError('AADSTS50126', `the password given for ${user.userPrincipalName} is not the tenant's`, [], { upn: user.userPrincipalName });
}
