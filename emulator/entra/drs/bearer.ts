/**
 * The Device Registration Service's caller: a bearer access token this endpoint issued for the DRS
 * resource (`urn:ms-drs:enterpriseregistration.windows.net`, the ROPC token tools get, or the DRS
 * application id 01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9 that AADInternals names), unexpired.
 * Anything else is AADSTS50097 with HTTP 401.
 */
import type { CloudUser } from '../../tenant/model.ts';
import type { EntraContext } from '../context.ts';
import { oauthError } from '../errors.ts';

export const DRS_RESOURCE = 'urn:ms-drs:enterpriseregistration.windows.net';
/** The Device Registration Service's application id: AADInternals asks for the resource by it. */
export const DRS_APP_ID = '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9';

export interface DrsCaller {
  readonly user: CloudUser;
  readonly deviceId?: string;
}

export async function drsCaller(ctx: EntraContext, authorization: string | undefined): Promise<DrsCaller> {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!m) throw oauthError('AADSTS50097', 'no Authorization: Bearer token for the device registration service', ['no bearer token']);
  let claims;
  try {
    claims = await ctx.signer.verify(m[1], Math.floor(ctx.clock.now() / 1000));
  } catch {
    throw oauthError('AADSTS50097', 'the bearer token was not issued by this endpoint, is malformed or has expired', ['the bearer token is not valid']);
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(DRS_RESOURCE) && !aud.includes(DRS_APP_ID)) throw oauthError('AADSTS50097', `the bearer token is for ${String(claims.aud)}, not ${DRS_RESOURCE}`, ['the bearer token is not for the device registration service']);
  const user = typeof claims.oid === 'string' ? ctx.tenant.userById(claims.oid) : undefined;
  if (!user) throw oauthError('AADSTS50097', "the bearer token's user is not in the tenant", ['unknown user']);
  return { user, ...(typeof claims.deviceid === 'string' ? { deviceId: claims.deviceid } : {}) };
}
