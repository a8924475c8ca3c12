/**
 * ROPC (`grant_type=password`): username and password against the tenant's users (the PHS copy).
 * How tools get a device-registration token: client 1b730954-1685-4b74-9bfd-dac224a7b894 with
 * `resource=urn:ms-drs:enterpriseregistration.windows.net` (PROTOCOL.md section 1).
 */
import type { Grant } from './types.ts';
import { param } from './types.ts';
import { issueUserTokens } from './issue.ts';
import { checkEnabled, checkPassword, findUser } from './user.ts';

export const passwordGrant: Grant = async (ctx, req) => {
  const clientId = param(req, 'client_id');
  const user = findUser(ctx, param(req, 'username'));
  checkEnabled(user);
  checkPassword(user, param(req, 'password'));
  const body = await issueUserTokens(ctx, req, user, clientId, ['pwd']);
  return { body, step: 'token', fact: `ROPC for ${user.userPrincipalName}, audience ${String(body.resource ?? body.scope)}`, detail: { grant: 'password', upn: user.userPrincipalName, clientId } };
};
