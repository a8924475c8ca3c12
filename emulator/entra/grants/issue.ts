/**
 * The reply of the ordinary grants (password, refresh_token): token_type Bearer, the RS256 access
 * token for the resource (v1 `resource`) or the scope's resource (v2 `scope`), a refresh token,
 * an id token and client_info when asked. v1 writes the numbers as strings, as Entra does.
 */
import type { CloudUser } from '../../tenant/model.ts';
import type { EntraContext } from '../context.ts';
import { accessTokenClaims, clientInfo, idTokenClaims } from '../tokens.ts';
import type { TokenRequest } from './types.ts';

/** The audience a v2 scope names: the resource part of its first non-OIDC scope (`https://graph.microsoft.com/.default` → `https://graph.microsoft.com`). */
export function audienceOfScope(scope: string): string {
  const oidc = new Set(['openid', 'profile', 'offline_access', 'email']);
  const first = scope.split(/\s+/).find((s) => s && !oidc.has(s));
  if (!first) return '00000003-0000-0000-c000-000000000000';
  const slash = first.lastIndexOf('/');
  return slash > 0 && first.includes('://') ? first.slice(0, slash) : first.replace(/\/\.default$/, '');
}

export async function issueUserTokens(ctx: EntraContext, req: TokenRequest, user: CloudUser, clientId: string, amr: string[]): Promise<Record<string, unknown>> {
  const now = Math.floor(ctx.clock.now() / 1000);
  const life = ctx.config.accessTokenLifetimeS;
  const scope = req.form.scope;
  const audience = req.v2 ? audienceOfScope(scope ?? '') : (req.form.resource ?? '00000002-0000-0000-c000-000000000000');
  const claims = { tenant: ctx.tenant, user, clientId, audience, v2: req.v2, nowSeconds: now, lifetimeSeconds: life, amr, uti: Buffer.from(ctx.rng.bytes(16)).toString('base64url') };
  const refresh = Buffer.from(ctx.rng.bytes(48)).toString('base64url');
  ctx.stores.grants.put(refresh, { kind: 'refresh', userObjectId: user.objectId, clientId, issuedAt: now * 1000, expiresAt: (now + ctx.config.refreshTokenLifetimeS) * 1000 });
  const accessToken = await ctx.signer.sign(accessTokenClaims(claims));
  const idToken = await ctx.signer.sign(idTokenClaims(claims));
  const n = (v: number) => (req.v2 ? v : String(v));
  return {
    token_type: 'Bearer',
    scope: req.v2 ? (scope ?? '') : 'user_impersonation',
    expires_in: n(life),
    ext_expires_in: n(life),
    ...(req.v2 ? {} : { expires_on: n(now + life), not_before: n(now), resource: audience }),
    access_token: accessToken,
    refresh_token: refresh,
    id_token: idToken,
    ...(req.form.client_info === '1' ? { client_info: clientInfo(ctx.tenant, user) } : {}),
  };
}
