/**
 * A minimal device for tests and the bench of the token endpoint (the real-client checks are the
 * Python client in test/interop/py/entra_client.py): an RSA device key, a PKCS#10 request made
 * with pkijs, the registration call, nonces, and request JWTs signed with jose.
 */
import { createPrivateKey, createPublicKey, webcrypto, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { CompactSign } from 'jose';
import * as pkijs from 'pkijs';
import { rsa1BlobFromKey } from '../../emulator/entra/index.ts';

export const DRS_CLIENT = '1b730954-1685-4b74-9bfd-dac224a7b894';
export const DRS_RESOURCE = 'urn:ms-drs:enterpriseregistration.windows.net';
export const PRT_CLIENT = '38aa3b87-a06d-4817-b275-7a316988d93b';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface RsaKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly crypto: webcrypto.CryptoKeyPair;
}

export async function rsaKey(): Promise<RsaKey> {
  const pair = (await webcrypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey), crypto: pair };
}

export async function csrFor(key: RsaKey, cn = '7E980AD9-B86D-4306-9425-9AC066FB014A'): Promise<Uint8Array> {
  const csr = new pkijs.CertificationRequest();
  csr.subject.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: cn }) }));
  await csr.subjectPublicKeyInfo.importKey(key.crypto.publicKey);
  await csr.sign(key.crypto.privateKey, 'SHA-256');
  return new Uint8Array(csr.toSchema().toBER(false));
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
