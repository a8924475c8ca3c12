/**
 * The device's calls to Entra ID, in the order Windows makes them (PROTOCOL.md section 1): a DRS
 * token by ROPC (client 1b730954-..., resource urn:ms-drs:enterpriseregistration.windows.net),
 * the device registration (CSR + transport key), optionally the Windows Hello key (kngc), a
 * srv_challenge nonce, and the PRT request: a request JWT signed RS256 with the device key, the
 * certificate in x5c, carrying the inner password or jwt-bearer (Hello assertion) grant, sent
 * with tgt=true. Each call returns the endpoint's answer as data; an OAuth error is `Refusal`.
 */
import { X509Certificate } from 'node:crypto';
import { CompactSign } from 'jose';
import { aadstsOf, postForm, postJson, type HttpTarget } from './http.ts';
import { certificateRequest, generateRsaKey, helloKeyId, rsa1Blob, type DeviceKey } from './keys.ts';

export const DRS_CLIENT = '1b730954-1685-4b74-9bfd-dac224a7b894';
export const DRS_RESOURCE = 'urn:ms-drs:enterpriseregistration.windows.net';
export const PRT_CLIENT = '38aa3b87-a06d-4817-b275-7a316988d93b';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const TOKEN_PATH = '/common/oauth2/token';

/** What the endpoint refused, as the device saw it. */
export interface Refusal {
  readonly ok: false;
  readonly code: string;
  readonly wire?: number;
  readonly httpStatus: number;
  readonly fact: string;
}

export type Answer<T> = ({ readonly ok: true } & T) | Refusal;

export interface HelloKey {
  readonly key: DeviceKey;
  readonly kid: string;
}

/** A device registered in the tenant, with the keys only it holds. */
export interface RegisteredDevice {
  readonly deviceId: string;
  readonly tenantId: string;
  /** DER. */
  readonly certificate: Uint8Array;
  readonly deviceKey: DeviceKey;
  readonly transportKey: DeviceKey;
  readonly hello?: HelloKey;
}

function refusal(what: string, status: number, body: Record<string, unknown>): Refusal {
  const a = aadstsOf(body);
  if (a) return { ok: false, code: a.code, wire: a.wire, httpStatus: status, fact: `${what}: ${a.description}` };
  return { ok: false, code: `HTTP_${status}`, httpStatus: status, fact: `${what}: HTTP ${status} without an AADSTS code` };
}

/** ROPC for the Device Registration Service (what dsregcmd's join and roadtx use). */
export async function drsToken(t: HttpTarget, upn: string, password: string): Promise<Answer<{ accessToken: string }>> {
  const r = await postForm(t, TOKEN_PATH, { grant_type: 'password', client_id: DRS_CLIENT, resource: DRS_RESOURCE, username: upn, password });
  if (r.status !== 200 || typeof r.body.access_token !== 'string') return refusal(`the DRS token for ${upn}`, r.status, r.body);
  return { ok: true, accessToken: r.body.access_token };
}

/** Registers a new device: fresh device and transport keys, a CSR, the certificate back. */
export async function registerDevice(t: HttpTarget, accessToken: string, opts: { name: string; joinType?: number; domain?: string }): Promise<Answer<{ device: RegisteredDevice }>> {
  const deviceKey = await generateRsaKey();
  const transportKey = await generateRsaKey();
  const csr = await certificateRequest(deviceKey, opts.name);
  const body = {
    CertificateRequest: { Type: 'pkcs10', Data: Buffer.from(csr).toString('base64') },
    TransportKey: Buffer.from(rsa1Blob(transportKey.publicKey)).toString('base64'),
    TargetDomain: opts.domain ?? 'contoso.com',
    DeviceType: 'Windows',
    OSVersion: '10.0.19041.928',
    DeviceDisplayName: opts.name,
    JoinType: opts.joinType ?? 0,
    attributes: { ReuseDevice: 'true', ReturnClientSid: 'true' },
  };
  const r = await postJson(t, '/EnrollmentServer/device/?api-version=2.0', body, accessToken);
  const cert = r.body.Certificate as { RawBody?: unknown } | undefined;
  if (r.status !== 200 || typeof r.body.DeviceId !== 'string' || typeof cert?.RawBody !== 'string') return refusal('device registration', r.status, r.body);
  const certificate = new Uint8Array(Buffer.from(cert.RawBody, 'base64'));
  const x = new X509Certificate(certificate);
  if (!x.publicKey.equals(deviceKey.publicKey)) return { ok: false, code: 'CERTIFICATE_KEY_MISMATCH', httpStatus: r.status, fact: 'the certificate the DRS returned is not for the device key of the request' };
  return { ok: true, device: { deviceId: r.body.DeviceId, tenantId: String(r.body.TenantId ?? ''), certificate, deviceKey, transportKey } };
}

/** Provisions a Windows Hello key for the token's user (kngc). */
export async function registerHello(t: HttpTarget, accessToken: string): Promise<Answer<{ hello: HelloKey }>> {
  const key = await generateRsaKey();
  const blob = rsa1Blob(key.publicKey);
  const r = await postJson(t, '/EnrollmentServer/key/?api-version=1.0', { kngc: Buffer.from(blob).toString('base64') }, accessToken);
  if (r.status !== 200) return refusal('Windows Hello key registration', r.status, r.body);
  const kid = helloKeyId(blob);
  if (r.body.kid !== kid) return { ok: false, code: 'KID_MISMATCH', httpStatus: r.status, fact: `the DRS named the key ${String(r.body.kid)}, not ${kid}` };
  return { ok: true, hello: { key, kid } };
}

export async function requestNonce(t: HttpTarget): Promise<Answer<{ nonce: string }>> {
  const r = await postForm(t, TOKEN_PATH, { grant_type: 'srv_challenge' });
  if (r.status !== 200 || typeof r.body.Nonce !== 'string') return refusal('srv_challenge', r.status, r.body);
  return { ok: true, nonce: r.body.Nonce };
}

const x5cOf = (d: RegisteredDevice) => Buffer.from(d.certificate).toString('base64');

function sign(payload: Record<string, unknown>, key: DeviceKey, header: Record<string, unknown>): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'RS256', ...header }).sign(key.privateKey);
}

export type PrtCredential = { readonly password: string } | { readonly hello: HelloKey; readonly assertionNonce: string };

/** The PRT request (MS-OAPXBC 3.2.5.1.2) with tgt=true; the answer's body when 200. */
export async function requestPrt(t: HttpTarget, d: RegisteredDevice, upn: string, nonce: string, cred: PrtCredential, nowMs: number): Promise<Answer<{ body: Record<string, unknown> }>> {
  const payload: Record<string, unknown> = { client_id: PRT_CLIENT, request_nonce: nonce, scope: 'openid aza ugs', group_sids: [], win_ver: '10.0.19041.868' };
  if ('password' in cred) Object.assign(payload, { grant_type: 'password', username: upn, password: cred.password });
  else {
    const now = Math.floor(nowMs / 1000);
    const assertion = await sign({ iss: upn, aud: 'common', iat: now - 60, exp: now + 3600, request_nonce: cred.assertionNonce, scope: 'openid aza ugs' }, cred.hello.key, { typ: 'JWT', kid: cred.hello.kid, use: 'ngc' });
    Object.assign(payload, { grant_type: JWT_BEARER, username: upn, assertion });
  }
  const request = await sign(payload, d.deviceKey, { typ: 'JWT', x5c: x5cOf(d), kdf_ver: 2 });
  const r = await postForm(t, TOKEN_PATH, { windows_api_version: '2.2', grant_type: JWT_BEARER, request, client_info: '1', tgt: 'true' });
  if (r.status !== 200) return refusal(`the PRT request for ${upn}`, r.status, r.body);
  return { ok: true, body: r.body };
}
