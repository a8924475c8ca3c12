/**
 * Device registration (`POST /EnrollmentServer/device/?api-version=1.0|2.0`, roadlib
 * `register_device`): JSON with `CertificateRequest {Type: "pkcs10", Data: base64 DER CSR}`,
 * `TransportKey` (base64 BCRYPT_RSAPUBLIC_BLOB, or the base64 JSON JWK macOS and Android send),
 * `TargetDomain`, `DeviceType`, `OSVersion`, `DeviceDisplayName`, `JoinType`, `attributes`.
 * The lab CA issues the device certificate, subject exactly `CN=<deviceId>`; the reply carries
 * `Certificate.RawBody` (base64 DER) and `Thumbprint`, the user, and the device and tenant ids.
 * `DELETE /EnrollmentServer/device/{id}` removes it (TLS client certificate of the device, as
 * roadlib does, or a DRS bearer token of its owner).
 */
import { createHash, createPublicKey } from 'node:crypto';
import { guidFromBytes } from '../../directory/ids.ts';
import { checkCsr } from '../ca.ts';
import type { EntraContext } from '../context.ts';
import { parseRsa1Blob, rsa1BlobFromKey } from '../crypto/rsa-blob.ts';
import { oauthError } from '../errors.ts';
import { malformed } from '../prt/request.ts';
import type { EntraDevice } from '../stores/index.ts';
import type { DrsCaller } from './bearer.ts';

const JOIN_TYPES: Readonly<Record<number, EntraDevice['trustType']>> = { 0: 'AzureAd', 4: 'Workplace', 6: 'ServerAd' };

function transportKeyBlob(b64: unknown): Uint8Array {
  if (typeof b64 !== 'string' || b64 === '') throw malformed('the registration has no TransportKey');
  const raw = new Uint8Array(Buffer.from(b64, 'base64'));
  if (raw[0] === 0x7b) {
    // '{': a JWK as macOS and Android clients send it (n and e in standard base64).
    try {
      const jwk = JSON.parse(Buffer.from(raw).toString('utf8')) as { n?: string; e?: string };
      const key = createPublicKey({ key: { kty: 'RSA', n: Buffer.from(jwk.n ?? '', 'base64').toString('base64url'), e: Buffer.from(jwk.e ?? '', 'base64').toString('base64url') }, format: 'jwk' });
      return rsa1BlobFromKey(key);
    } catch {
      throw malformed('the TransportKey JWK is not an RSA public key');
    }
  }
  try {
    parseRsa1Blob(raw);
  } catch (err) {
    throw malformed(`the TransportKey is no BCRYPT_RSAPUBLIC_BLOB: ${(err as Error).message}`);
  }
  return raw;
}

export async function registerDevice(ctx: EntraContext, caller: DrsCaller, body: unknown): Promise<{ reply: Record<string, unknown>; device: EntraDevice }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw malformed('the registration body is not a JSON object');
  const b = body as Record<string, unknown>;
  const req = b.CertificateRequest as Record<string, unknown> | undefined;
  if (typeof req !== 'object' || req === null) throw oauthError('AADSTS900144', 'the registration has no CertificateRequest', ['CertificateRequest']);
  if (String(req.Type).toLowerCase() !== 'pkcs10') throw malformed(`CertificateRequest.Type is ${String(req.Type)}, not pkcs10`);
  if (typeof req.Data !== 'string' || req.Data === '') throw oauthError('AADSTS900144', 'the registration has no CertificateRequest.Data', ['CertificateRequest.Data']);
  let spki;
  try {
    spki = await checkCsr(new Uint8Array(Buffer.from(req.Data, 'base64')));
  } catch (err) {
    throw malformed((err as Error).message);
  }
  const transportKey = transportKeyBlob(b.TransportKey);
  const joinType = typeof b.JoinType === 'number' ? b.JoinType : Number(b.JoinType ?? 0);
  const deviceId = guidFromBytes(ctx.rng.bytes(16)).toLowerCase();
  const now = ctx.clock.now();
  const certificate = await ctx.ca.issue({
    subjectCn: deviceId,
    spki,
    serial: ctx.rng.bytes(16),
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 10 * 365 * 86_400_000),
    eku: ['1.3.6.1.5.5.7.3.2'],
  });
  const device: EntraDevice = {
    deviceId,
    objectId: guidFromBytes(ctx.rng.bytes(16)).toLowerCase(),
    displayName: typeof b.DeviceDisplayName === 'string' ? b.DeviceDisplayName : deviceId,
    trustType: JOIN_TYPES[joinType] ?? 'AzureAd',
    accountEnabled: true,
    certificate,
    transportKey,
    ownerObjectId: caller.user.objectId,
    ...(typeof b.DeviceType === 'string' ? { deviceType: b.DeviceType } : {}),
    ...(typeof b.OSVersion === 'string' ? { osVersion: b.OSVersion } : {}),
    registeredAt: now,
  };
  ctx.stores.devices.put(device);
  const reply = {
    Certificate: { Thumbprint: createHash('sha1').update(certificate).digest('hex').toUpperCase(), RawBody: Buffer.from(certificate).toString('base64') },
    User: { Upn: caller.user.userPrincipalName },
    MembershipChanges: [],
    DeviceId: deviceId,
    TenantId: ctx.tenant.id,
  };
  return { reply, device };
}

/** DELETE: the caller proves ownership with the device's certificate (TLS) or the owner's DRS token. */
export function deleteDevice(ctx: EntraContext, deviceId: string, proof: { clientCertificate?: Uint8Array; caller?: DrsCaller }): EntraDevice {
  const device = ctx.stores.devices.get(deviceId);
  if (!device) throw oauthError('AADSTS700003', `no device ${deviceId} is registered`, [ctx.tenant.id], { deviceId });
  const byCert = proof.clientCertificate && device.certificate && Buffer.compare(Buffer.from(proof.clientCertificate), Buffer.from(device.certificate)) === 0;
  const byOwner = proof.caller && proof.caller.user.objectId === device.ownerObjectId;
  if (!byCert && !byOwner) throw oauthError('AADSTS50097', `neither the device's certificate nor a token of its owner came with the DELETE of ${deviceId}`, ['the device must authenticate']);
  ctx.stores.devices.remove(deviceId);
  return device;
}
