/**
 * The tenant's token-signing key and the JWTs the endpoint issues (RS256 with jose): access tokens
 * (`aud` = the resource asked for), id tokens, and the JWKS that publishes the key. The key is
 * generated when first used and kept while the lab runs (tokens live as long as the lab does).
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { CloudUser, Tenant } from '../tenant/model.ts';

export class TokenSigner {
  #key: { readonly kid: string; readonly privateKey: KeyObject; readonly publicKey: KeyObject } | undefined;
  /**
   * The key pair is generated on first use (the first token or JWKS request), not when the
   * service starts: an RSA-2048 generation is 50-200 ms of every `ctlab up` otherwise.
   */
  #pair() {
    if (this.#key) return this.#key;
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = createHash('sha1').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64url');
    return (this.#key = { kid, privateKey, publicKey });
  }
  get kid(): string {
    return this.#pair().kid;
  }
  get privateKey(): KeyObject {
    return this.#pair().privateKey;
  }
  get publicKey(): KeyObject {
    return this.#pair().publicKey;
  }
  sign(payload: JWTPayload): Promise<string> {
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid, x5t: this.kid }).sign(this.privateKey);
  }
  /** Verifies a token this signer issued (signature and exp); throws on any failure. */
  async verify(token: string, nowSeconds: number): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.publicKey, { algorithms: ['RS256'], currentDate: new Date(nowSeconds * 1000) });
    return payload;
  }
  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, x5t: this.kid, n: jwk.n, e: jwk.e }] };
  }
}

/** v1 issuer (sts.windows.net) or v2 issuer (login.microsoftonline.com/.../v2.0). */
export const issuerFor = (tenantId: string, v2: boolean) => (v2 ? `https://login.microsoftonline.com/${tenantId}/v2.0` : `https://sts.windows.net/${tenantId}/`);

export interface TokenClaimsInput {
  readonly tenant: Tenant;
  readonly user: CloudUser;
  readonly clientId: string;
  readonly audience: string;
  readonly v2: boolean;
  readonly nowSeconds: number;
  readonly lifetimeSeconds: number;
  readonly amr: readonly string[];
  readonly deviceId?: string;
  readonly scope?: string;
  /** The token's unique id (22 base64url characters of 16 random bytes), from the injected randomness. */
  readonly uti: string;
}

export function accessTokenClaims(i: TokenClaimsInput): JWTPayload {
  const u = i.user;
  return {
    aud: i.audience,
    iss: issuerFor(i.tenant.id, i.v2),
    iat: i.nowSeconds,
    nbf: i.nowSeconds,
    exp: i.nowSeconds + i.lifetimeSeconds,
    amr: [...i.amr],
    ...(i.v2 ? { azp: i.clientId } : { appid: i.clientId }),
    ...(i.deviceId ? { deviceid: i.deviceId } : {}),
    name: u.displayName,
    oid: u.objectId,
    scp: i.scope ?? 'user_impersonation',
    sub: u.objectId,
    tid: i.tenant.id,
    unique_name: u.userPrincipalName,
    upn: u.userPrincipalName,
    ...(u.onPremisesSecurityIdentifier ? { onprem_sid: u.onPremisesSecurityIdentifier } : {}),
    uti: i.uti,
    ver: i.v2 ? '2.0' : '1.0',
  };
}

export function idTokenClaims(i: TokenClaimsInput): JWTPayload {
  const u = i.user;
  return {
    aud: i.clientId,
    iss: issuerFor(i.tenant.id, i.v2),
    iat: i.nowSeconds,
    nbf: i.nowSeconds,
    exp: i.nowSeconds + i.lifetimeSeconds,
    amr: [...i.amr],
    ...(i.deviceId ? { deviceid: i.deviceId } : {}),
    name: u.displayName,
    oid: u.objectId,
    // preferred_username in v1 too: libhimmelblau reads the PRT's id token for it (its spn).
    preferred_username: u.userPrincipalName,
    ...(i.v2 ? {} : { unique_name: u.userPrincipalName, upn: u.userPrincipalName }),
    ...(u.onPremisesSecurityIdentifier ? { onprem_sid: u.onPremisesSecurityIdentifier } : {}),
    sub: u.objectId,
    tid: i.tenant.id,
    ver: i.v2 ? '2.0' : '1.0',
  };
}

/** client_info=1: base64url JSON {uid, utid}. */
export const clientInfo = (tenant: Tenant, user: CloudUser) => Buffer.from(JSON.stringify({ uid: user.objectId, utid: tenant.id })).toString('base64url');
