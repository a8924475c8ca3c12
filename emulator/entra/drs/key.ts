/**
 * Windows Hello for Business key registration (`POST /EnrollmentServer/key/?api-version=1.0`,
 * roadlib `register_winhello_key`): `{"kngc": <base64 RSA1 blob>}` with a DRS bearer token. The
 * key is stored under its kid (standard base64 SHA-256 of the blob) for the token's user. The real
 * reply format is not public; the lab answers with the kid and the user.
 */
import type { EntraContext } from '../context.ts';
import { helloKid, parseRsa1Blob } from '../crypto/rsa-blob.ts';
import { oauthError } from '../errors.ts';
import { malformed } from '../prt/request.ts';
import type { DrsCaller } from './bearer.ts';

export function registerHelloKey(ctx: EntraContext, caller: DrsCaller, body: unknown): { reply: Record<string, unknown>; kid: string } {
  const kngc = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).kngc : undefined;
  if (typeof kngc !== 'string' || kngc === '') throw oauthError('AADSTS900144', 'the key registration has no kngc', ['kngc']);
  const blob = new Uint8Array(Buffer.from(kngc, 'base64'));
  try {
    parseRsa1Blob(blob);
  } catch (err) {
    throw malformed(`kngc is no BCRYPT_RSAPUBLIC_BLOB: ${(err as Error).message}`);
  }
  const kid = helloKid(blob);
  ctx.stores.helloKeys.put({ kid, blob, userObjectId: caller.user.objectId, ...(caller.deviceId ? { deviceId: caller.deviceId } : {}), createdAt: ctx.clock.now() });
  return { reply: { kid, upn: caller.user.userPrincipalName, status: 'registered' }, kid };
}
