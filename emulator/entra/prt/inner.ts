/**
 * The inner grant of a PRT request (the request JWT's own `grant_type`), a registry keyed by the
 * wire value:
 *   password                                          username + password (AADSTS50034/50057/50126)
 *   urn:ietf:params:oauth:grant-type:jwt-bearer       a Windows Hello assertion: header kid = base64
 *       SHA-256 of the registered key blob, use "ngc"; payload iss = UPN, request_nonce (its own),
 *       iat/exp (AADSTS135010 unknown key, 50006 bad signature, 50013 invalid assertion, 50027 nonce)
 *   refresh_token                                     PRT renewal with a PRT of the same device
 */
import { compactVerify } from 'jose';
import type { CloudUser } from '../../tenant/model.ts';
import type { EntraContext } from '../context.ts';
import { publicKeyFromRsa1 } from '../crypto/rsa-blob.ts';
import { oauthError } from '../errors.ts';
import { consumeNonce } from '../grants/nonce.ts';
import { checkEnabled, checkPassword, findUser } from '../grants/user.ts';
import type { EntraDevice } from '../stores/index.ts';
import { jsonPayload, jwtHeader, malformed } from './request.ts';

export interface InnerGrantResult {
  readonly user: CloudUser;
  readonly amr: string[];
  readonly how: string;
}

type InnerGrant = (ctx: EntraContext, p: Record<string, unknown>, device: EntraDevice) => Promise<InnerGrantResult>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const passwordInner: InnerGrant = async (ctx, p) => {
  const user = findUser(ctx, str(p.username));
  checkEnabled(user);
  checkPassword(user, str(p.password));
  return { user, amr: ['pwd'], how: 'password' };
};

const helloInner: InnerGrant = async (ctx, p) => {
  const assertion = str(p.assertion);
  if (!assertion) throw oauthError('AADSTS900144', 'the request JWT has no assertion for its jwt-bearer grant', ['assertion']);
  const header = jwtHeader(assertion, 'Hello assertion');
  const kid = str(header.kid);
  if (!kid) throw malformed('the Hello assertion header has no kid');
  const key = ctx.stores.helloKeys.get(kid);
  if (!key) throw oauthError('AADSTS135010', `no Windows Hello key with kid ${kid} is registered`, [kid], { kid });
  let bytes: Uint8Array;
  try {
    ({ payload: bytes } = await compactVerify(assertion, publicKeyFromRsa1(key.blob), { algorithms: ['RS256'] }));
  } catch {
    throw oauthError('AADSTS50006', `the Hello assertion's signature does not verify with the registered key ${kid}`, ['the Hello assertion'], { kid });
  }
  const a = jsonPayload(bytes, 'Hello assertion');
  const user = findUser(ctx, str(a.iss));
  if (user.objectId !== key.userObjectId) throw oauthError('AADSTS50013', `Hello key ${kid} belongs to another user than the assertion's iss ${user.userPrincipalName}`, ['the key is not the user\'s'], { kid });
  const now = Math.floor(ctx.clock.now() / 1000);
  const skew = ctx.config.assertionSkewS;
  if (typeof a.exp === 'number' && now > a.exp + skew) throw oauthError('AADSTS50013', `the Hello assertion expired at ${new Date(a.exp * 1000).toISOString()}`, ['the assertion has expired'], { kid });
  if (typeof a.iat === 'number' && a.iat > now + skew) throw oauthError('AADSTS50013', `the Hello assertion is issued in the future (${new Date(a.iat * 1000).toISOString()})`, ['the assertion is not yet valid'], { kid });
  consumeNonce(ctx, a.request_nonce, 'Hello assertion');
  checkEnabled(user);
  return { user, amr: ['ngcmfa'], how: `Windows Hello key ${kid}` };
};

const refreshInner: InnerGrant = async (ctx, p, device) => {
  const token = str(p.refresh_token);
  if (!token) throw oauthError('AADSTS900144', 'the request JWT has no refresh_token', ['refresh_token']);
  const g = ctx.stores.grants.get(token);
  if (!g || g.kind !== 'prt') throw oauthError('AADSTS70000', 'the refresh_token is not a PRT this endpoint issued', ['the PRT is unknown']);
  if (g.deviceId !== device.deviceId) throw oauthError('AADSTS70000', `the PRT was issued to device ${g.deviceId}, not ${device.deviceId}`, ['the PRT belongs to another device']);
  if (ctx.clock.now() >= g.expiresAt) throw oauthError('AADSTS70000', 'the PRT has expired', ['the PRT has expired']);
  const user = ctx.tenant.userById(g.userObjectId);
  if (!user) throw oauthError('AADSTS50034', 'the PRT\'s user is no longer in the tenant', [g.userObjectId, ctx.tenant.initialDomain]);
  checkEnabled(user);
  return { user, amr: ['pwd', 'rsa'], how: 'PRT renewal' };
};

export const INNER_GRANTS: Readonly<Record<string, InnerGrant>> = {
  password: passwordInner,
  'urn:ietf:params:oauth:grant-type:jwt-bearer': helloInner,
  refresh_token: refreshInner,
};

export function innerGrant(ctx: EntraContext, p: Record<string, unknown>, device: EntraDevice): Promise<InnerGrantResult> {
  const type = str(p.grant_type);
  if (!type) throw oauthError('AADSTS900144', 'the request JWT has no grant_type', ['grant_type']);
  const g = Object.hasOwn(INNER_GRANTS, type) ? INNER_GRANTS[type] : undefined;
  if (!g) throw oauthError('AADSTS70003', `the request JWT's grant_type '${type}' is not password, jwt-bearer or refresh_token`, [type]);
  return g(ctx, p, device);
}
