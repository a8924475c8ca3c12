/**
 * The PRT request JWT (MS-OAPXBC 3.2.5.1.2; roadlib `request_token_with_devicecert_signed_payload`):
 * RS256, signed with the device key; header `x5c` = the device certificate as one base64 string
 * or a one-element array, `kdf_ver`. The payload has no iat/exp/aud/iss and none is demanded.
 *   malformed JWT / no x5c / not RS256   AADSTS9002313
 *   no device with the certificate's CN   AADSTS700003
 *   device disabled                       AADSTS135011
 *   not the registered certificate        AADSTS50155
 *   signature does not verify             AADSTS50006
 */
import { X509Certificate } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { certificateSubjectCn } from '../ca.ts';
import type { EntraContext } from '../context.ts';
import { oauthError } from '../errors.ts';
import type { EntraDevice } from '../stores/index.ts';

export interface VerifiedPrtRequest {
  readonly device: EntraDevice;
  readonly header: ProtectedHeaderParameters;
  readonly payload: Record<string, unknown>;
}

export const malformed = (what: string) => oauthError('AADSTS9002313', what, [what]);

export function jwtHeader(jwt: string, what: string): ProtectedHeaderParameters {
  try {
    return decodeProtectedHeader(jwt);
  } catch {
    throw malformed(`the ${what} is not a compact JWS`);
  }
}

export function jsonPayload(bytes: Uint8Array, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw malformed(`the ${what}'s payload is not JSON`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw malformed(`the ${what}'s payload is not a JSON object`);
  return v as Record<string, unknown>;
}

function x5cCertificate(header: ProtectedHeaderParameters): Uint8Array {
  const x5c = header.x5c as unknown;
  const first = Array.isArray(x5c) ? x5c[0] : x5c;
  if (typeof first !== 'string' || first === '') throw malformed('the request JWT header has no x5c device certificate');
  return new Uint8Array(Buffer.from(first, 'base64'));
}

export async function verifyPrtRequest(ctx: EntraContext, jwt: string): Promise<VerifiedPrtRequest> {
  const header = jwtHeader(jwt, 'request JWT');
  if (header.alg !== 'RS256') throw malformed(`the request JWT is signed with ${String(header.alg)}, not RS256`);
  const der = x5cCertificate(header);
  let deviceId: string | undefined;
  let cert: X509Certificate;
  try {
    deviceId = certificateSubjectCn(der);
    cert = new X509Certificate(der);
  } catch {
    throw malformed('the x5c of the request JWT is not a DER X.509 certificate');
  }
  if (!deviceId) throw malformed('the x5c certificate has no CN');
  const device = ctx.stores.devices.get(deviceId);
  if (!device || !device.certificate) throw oauthError('AADSTS700003', `no device ${deviceId} is registered in tenant ${ctx.tenant.id}`, [ctx.tenant.id], { deviceId });
  if (!device.accountEnabled) throw oauthError('AADSTS135011', `device ${deviceId} (${device.displayName}) has accountEnabled false`, [], { deviceId });
  if (Buffer.compare(Buffer.from(device.certificate), Buffer.from(der)) !== 0) {
    throw oauthError('AADSTS50155', `the x5c certificate names device ${deviceId} but is not the certificate the lab CA issued to it`, ['the device certificate is not the registered one'], { deviceId });
  }
  let payloadBytes: Uint8Array;
  try {
    ({ payload: payloadBytes } = await compactVerify(jwt, cert.publicKey, { algorithms: ['RS256'] }));
  } catch {
    throw oauthError('AADSTS50006', `the request JWT's signature does not verify with the key of device ${deviceId}'s certificate`, ['the request JWT'], { deviceId });
  }
  return { device, header, payload: jsonPayload(payloadBytes, 'request JWT') };
}
