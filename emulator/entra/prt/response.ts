/**
 * The PRT response (PROTOCOL.md section 1, MS-OAPXBC 3.2.5.1.2): token_type "pop", the PRT as
 * refresh_token with its lifetimes, id_token, client_info, session_key_jwe (compact JWE
 * {"enc":"A256GCM","alg":"RSA-OAEP"} whose content-encryption key IS the 32-byte session key,
 * wrapped with RSA-OAEP (SHA-1) to the device's transport key) and, when tgt=true, tgt_ad,
 * tgt_cloud and kerberos_top_level_names.
 */
import { CompactEncrypt } from 'jose';
import type { CloudUser } from '../../tenant/model.ts';
import type { EntraContext } from '../context.ts';
import { publicKeyFromRsa1 } from '../crypto/rsa-blob.ts';
import type { EntraDevice } from '../stores/index.ts';
import { clientInfo, idTokenClaims } from '../tokens.ts';
import { tgtAd, tgtCloud } from './tgt.ts';
import { X509Certificate } from 'node:crypto';

export const KERBEROS_TOP_LEVEL_NAMES = '.windows.net,.windows.net:1433,.windows.net:3342,.azure.net,.azure.net:1433,.azure.net:3342';
export const PRT_CLIENT_ID = '38aa3b87-a06d-4817-b275-7a316988d93b';

export interface PrtIssue {
  readonly user: CloudUser;
  readonly device: EntraDevice;
  readonly clientId: string;
  readonly amr: string[];
  readonly wantTgt: boolean;
  readonly wantClientInfo: boolean;
}

export interface PrtReply {
  readonly body: Record<string, unknown>;
  readonly facts: string[];
  readonly detail: Record<string, unknown>;
}

function transportKey(device: EntraDevice) {
  if (device.transportKey) return publicKeyFromRsa1(device.transportKey);
  return new X509Certificate(device.certificate!).publicKey;
}

export async function issuePrt(ctx: EntraContext, p: PrtIssue): Promise<PrtReply> {
  const nowMs = ctx.clock.now();
  const now = Math.floor(nowMs / 1000);
  const sessionKey = ctx.rng.bytes(32);
  const prt = Buffer.from(ctx.rng.bytes(64)).toString('base64url');
  const life = ctx.config.prtLifetimeS;
  ctx.stores.grants.put(prt, { kind: 'prt', userObjectId: p.user.objectId, deviceId: p.device.deviceId, sessionKey, issuedAt: nowMs, expiresAt: nowMs + life * 1000 });
  const sessionKeyJwe = await new CompactEncrypt(new TextEncoder().encode('{}'))
    .setProtectedHeader({ enc: 'A256GCM', alg: 'RSA-OAEP' })
    .setContentEncryptionKey(sessionKey)
    .encrypt(transportKey(p.device));
  const idToken = await ctx.signer.sign(
    idTokenClaims({ tenant: ctx.tenant, user: p.user, clientId: p.clientId, audience: p.clientId, v2: false, nowSeconds: now, lifetimeSeconds: ctx.config.accessTokenLifetimeS, amr: p.amr, deviceId: p.device.deviceId, uti: Buffer.from(ctx.rng.bytes(16)).toString('base64url') }),
  );
  const body: Record<string, unknown> = {
    token_type: 'pop',
    expires_in: String(life),
    ext_expires_in: String(life),
    expires_on: String(now + life),
    refresh_token: prt,
    refresh_token_expires_in: life,
    id_token: idToken,
    ...(p.wantClientInfo ? { client_info: clientInfo(ctx.tenant, p.user) } : {}),
    session_key_jwe: sessionKeyJwe,
    device_tenant_id: ctx.tenant.id,
  };
  const facts = [`PRT for ${p.user.userPrincipalName} on device ${p.device.deviceId}`];
  const detail: Record<string, unknown> = { upn: p.user.userPrincipalName, deviceId: p.device.deviceId };
  if (p.wantTgt) {
    const ad = await tgtAd(ctx, p.user, sessionKey);
    const cloud = await tgtCloud(ctx, p.user, sessionKey);
    body.tgt_ad = JSON.stringify(ad.tgt);
    body.tgt_cloud = JSON.stringify(cloud.tgt);
    body.kerberos_top_level_names = KERBEROS_TOP_LEVEL_NAMES;
    facts.push(ad.fact, cloud.fact);
    detail.tgtAd = ad.tgt.error ?? 'issued';
    if (ad.kvno !== undefined) detail.tgtAdKvno = ad.kvno;
  }
  return { body, facts, detail };
}
