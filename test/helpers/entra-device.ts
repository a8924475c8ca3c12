/**
 * A minimal device for tests and the bench of the token endpoint (the real-client checks are the
 * Python client in test/interop/py/entra_client.py): an RSA device key, a PKCS#10 request made
 * with pkijs, the registration call, nonces, and request JWTs signed with jose.
 */
import type { KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { rsa1BlobFromKey } from '../../emulator/entra/index.ts';
import { DRS_CLIENT, DRS_RESOURCE, JWT_BEARER, PRT_CLIENT } from '../../clients/device/entra.ts';
import { certificateRequest, generateRsaKey as rsaKey, type DeviceKey as RsaKey } from '../../clients/device/keys.ts';

// The device's own constants, keys and CSR (clients/device), so the tests drive the endpoint with
// the same bytes the emulated device sends.
export { DRS_CLIENT, DRS_RESOURCE, JWT_BEARER, PRT_CLIENT } from '../../clients/device/entra.ts';
export { generateRsaKey as rsaKey, type DeviceKey as RsaKey } from '../../clients/device/keys.ts';

/** A PKCS#10 request for `key` (a fixed subject unless given; the endpoint ignores it). */
export function csrFor(key: RsaKey, cn = '7E980AD9-B86D-4306-9425-9AC066FB014A'): Promise<Uint8Array> {
  return certificateRequest(key, cn);
}

export async function postForm(base: string, path: string, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(base + path, { method: 'POST', body: new URLSearchParams(form) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

export async function postJson(base: string, path: string, json: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(base + path, { method: 'POST', headers, body: JSON.stringify(json) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

export async function drsToken(base: string, upn: string, password: string): Promise<string> {
  const r = await postForm(base, '/common/oauth2/token', { grant_type: 'password', client_id: DRS_CLIENT, resource: DRS_RESOURCE, username: upn, password });
  if (r.status !== 200) throw new Error(`ROPC for ${upn}: ${JSON.stringify(r.body)}`);
  return String(r.body.access_token);
}

export interface TestDevice {
  readonly deviceId: string;
  readonly certificate: Uint8Array;
  readonly key: RsaKey;
}

export async function registerDevice(base: string, token: string, key?: RsaKey): Promise<TestDevice> {
  const k = key ?? (await rsaKey());
  const body = {
    CertificateRequest: { Type: 'pkcs10', Data: Buffer.from(await csrFor(k)).toString('base64') },
    TransportKey: Buffer.from(rsa1BlobFromKey(k.publicKey)).toString('base64'),
    TargetDomain: 'fabrikam.local',
    DeviceType: 'Windows',
    OSVersion: '10.0.19041.928',
    DeviceDisplayName: 'WS1',
    JoinType: 0,
  };
  const r = await postJson(base, '/EnrollmentServer/device/?api-version=2.0', body, token);
  if (r.status !== 200) throw new Error(`registration: ${JSON.stringify(r.body)}`);
  const cert = r.body.Certificate as { RawBody: string };
  return { deviceId: String(r.body.DeviceId), certificate: new Uint8Array(Buffer.from(cert.RawBody, 'base64')), key: k };
}

export async function nonce(base: string): Promise<string> {
  const r = await postForm(base, '/common/oauth2/token', { grant_type: 'srv_challenge' });
  return String(r.body.Nonce);
}

/** A request JWT signed with `signer` (default: the device key), x5c = the device certificate. */
export function signRequest(device: TestDevice, payload: Record<string, unknown>, opts: { signer?: KeyObject; x5cArray?: boolean; certificate?: Uint8Array } = {}): Promise<string> {
  const x5c = Buffer.from(opts.certificate ?? device.certificate).toString('base64');
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5c: opts.x5cArray ? [x5c] : (x5c as never), kdf_ver: 2 })
    .sign(opts.signer ?? device.key.privateKey);
}

export function prtForm(request: string, tgt = 'True'): Record<string, string> {
  return { windows_api_version: '2.2', grant_type: JWT_BEARER, request, client_info: '1', tgt };
}

export function passwordPayload(upn: string, password: string, requestNonce: string): Record<string, unknown> {
  return { client_id: PRT_CLIENT, request_nonce: requestNonce, scope: 'openid aza ugs', group_sids: [], win_ver: '10.0.19041.868', grant_type: 'password', username: upn, password };
}
