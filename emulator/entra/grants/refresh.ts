/** `grant_type=refresh_token` with a refresh token this endpoint issued (AADSTS70000 otherwise). */
import { oauthError } from '../errors.ts';
import type { Grant } from './types.ts';
import { param } from './types.ts';
import { issueUserTokens } from './issue.ts';
import { checkEnabled } from './user.ts';

export const refreshGrant: Grant = async (ctx, req) => {
  const token = param(req, 'refresh_token');
  const clientId = param(req, 'client_id');
  const g = ctx.stores.grants.get(token);
  if (!g) throw oauthError('AADSTS70000', 'the refresh token was not issued by this endpoint (or the lab restarted)', ['the refresh token is unknown']);
  if (g.kind === 'prt') throw oauthError('AADSTS70000', 'a PRT is redeemed only inside a device-signed request (PRT renewal), not as a plain refresh_token', ['a Primary Refresh Token cannot be used as a refresh token']);
  if (ctx.clock.now() >= g.expiresAt) throw oauthError('AADSTS70000', 'the refresh token has expired', ['the refresh token has expired']);
  const user = ctx.tenant.userById(g.userObjectId);
  if (!user) throw oauthError('AADSTS50034', 'the user of the refresh token is no longer in the tenant', [g.userObjectId, ctx.tenant.initialDomain]);
  checkEnabled(user);
  ctx.stores.grants.remove(token);
  const body = await issueUserTokens(ctx, req, user, clientId, ['pwd']);
  return { body, step: 'token', fact: `refresh token of ${user.userPrincipalName} redeemed`, detail: { grant: 'refresh_token', upn: user.userPrincipalName, clientId } };
};
