/**
 * Every endpoint of the fake Entra ID with curl, over plain HTTP and over HTTPS verified with the
 * CA file `ctlab ca` wrote (also by the real host names through --resolve); openssl makes the
 * device's CSR and checks the certificate it gets back against the same CA; dig asks the lab's
 * DNS for the Entra host names (entra.dnsRecords in the fixture). Refusals are checked as Entra
 * writes them: status, `error`, `error_codes`, `error_description` starting `AADSTSnnnnn:`.
 */
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsa1BlobFromKey } from '../../emulator/entra/index.ts';
import { startLab, type RunningLab } from '../../emulator/lab.ts';
import { PATH, runProcess } from '../support/process.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE = new URL('../fixtures/entra-lab.yaml', import.meta.url).pathname;
const DRS = { grant_type: 'password', client_id: '1b730954-1685-4b74-9bfd-dac224a7b894', resource: 'urn:ms-drs:enterpriseregistration.windows.net', username: 'alice@contoso.com', password: 'Alice-Passw0rd!' };

let lab: RunningLab;
let tmp: string;
let caFile: string;

const run = (cmd: string, args: string[]) => runProcess(cmd, args, { cwd: tmp, env: { PATH, LANG: 'C.UTF-8' }, timeoutMs: 30_000 });

interface CurlReply {
  status: number;
  body: Record<string, unknown>;
}

/** curl a path over one scheme; `args` adds method, data and headers. */
async function curl(scheme: 'http' | 'https', path: string, args: string[] = []): Promise<CurlReply> {
  const svc = lab.labFile().services[scheme === 'https' ? 'entra' : 'entra-http'];
  const tls = scheme === 'https' ? ['--cacert', caFile] : [];
  const r = await run('curl', ['-sS', '--max-time', '20', ...tls, '-w', '\n%{http_code}', ...args, `${svc.url}${path}`]);
  if (r.code !== 0) throw new Error(`curl ${path} exited ${r.code}: ${r.stderr}`);
  const cut = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(cut + 1)), body: JSON.parse(r.stdout.slice(0, cut)) as Record<string, unknown> };
}

const form = (fields: Record<string, string>) => Object.entries(fields).flatMap(([k, v]) => ['--data-urlencode', `${k}=${v}`]);
const claims = (jwt: unknown) => JSON.parse(Buffer.from(String(jwt).split('.')[1], 'base64url').toString()) as Record<string, unknown>;

function expectAadsts(r: CurlReply, status: number, code: number, error: string) {
  expect(r.status).toBe(status);
  expect(r.body.error).toBe(error);
  expect(r.body.error_codes).toEqual([code]);
  expect(String(r.body.error_description)).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(r.body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(r.body.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(r.body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'entra-curl-'));
  caFile = join(tmp, 'ca.pem');
  const ca = await runProcess(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'ca', '--scenario', FIXTURE, '-o', caFile], { cwd: ROOT, env: { PATH } });
  if (ca.code !== 0) throw new Error(`ctlab ca failed: ${ca.stderr}`);
  lab = await startLab(FIXTURE, { bind: '127.0.0.1', ports: { dns: 0, kerberos: 0, ldap: 0, gc: 0, kpasswd: 0, entra: 0, entraHttp: 0 } });
});
afterAll(async () => {
  await lab?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe.each(['http', 'https'] as const)('curl over %s', (scheme) => {
  it('openid-configuration for the tenant id, a verified domain, common (v1 and v2.0) and the JWKS it names', async () => {
    for (const seg of [lab.world.tenant.id, 'contoso.com', 'common', 'organizations']) {
      const r = await curl(scheme, `/${seg}/.well-known/openid-configuration`);
      expect(r.status, seg).toBe(200);
      expect(String(r.body.token_endpoint)).toMatch(new RegExp(`^${scheme}://127\\.0\\.0\\.1:\\d+/.+/oauth2/token$`));
    }
    const v2 = await curl(scheme, '/common/v2.0/.well-known/openid-configuration');
    expect(v2.body.issuer).toBe('https://login.microsoftonline.com/{tenantid}/v2.0');
    const jwks = await curl(scheme, new URL(String(v2.body.jwks_uri)).pathname);
    expect((jwks.body.keys as { kty: string; use: string }[])[0]).toMatchObject({ kty: 'RSA', use: 'sig' });
    expectAadsts(await curl(scheme, '/nowhere.example/.well-known/openid-configuration'), 400, 90002, 'invalid_request');
  });

  it('DRS discovery (MS-DVRD) names the join and key endpoints and the DRS resource', async () => {
    const r = await curl(scheme, '/contoso.com/EnrollmentServer/contract?api-version=1.4');
    expect(r.status).toBe(200);
    expect(r.body.DeviceJoinService).toMatchObject({ JoinEndpoint: `${lab.labFile().services[scheme === 'https' ? 'entra' : 'entra-http'].url}/EnrollmentServer/device/`, JoinResourceId: 'urn:ms-drs:enterpriseregistration.windows.net' });
    expect(String((r.body.KeyProvisioningService as Record<string, string>).KeyProvisionEndpoint)).toMatch(/\/EnrollmentServer\/key\/$/);
    expectAadsts(await curl(scheme, '/nowhere.example/EnrollmentServer/contract?api-version=1.4'), 400, 90002, 'invalid_request');
    const discover = await curl(scheme, '/contoso.com/Discover?api-version=1.9&managed=True');
    expect(discover.body.TenantInfo).toEqual({ TenantId: lab.world.tenant.id, TenantName: 'fabrikamlab.onmicrosoft.com', DisplayName: lab.world.tenant.displayName });
    const nonceUrl = new URL(String((discover.body.NonceService as Record<string, string>).Endpoint));
    const drsNonce = await curl(scheme, `${nonceUrl.pathname}?api-version=1.0`);
    expect(String(drsNonce.body.Value).length).toBeGreaterThan(40);
  });

  it('a srv_challenge posted without a Content-Type (as libhimmelblau does) still gets a nonce', async () => {
    const r = await curl(scheme, '/common/oauth2/token', ['-H', 'Content-Type:', '--data-binary', 'grant_type=srv_challenge']);
    expect(r.status).toBe(200);
    expect(String(r.body.Nonce).length).toBeGreaterThan(40);
  });

  it('UserRealm: Managed, Federated and Unknown from the tenant domains (api-version 1.0 and 2.0)', async () => {
    expect((await curl(scheme, '/common/UserRealm/alice@contoso.com?api-version=1.0')).body).toMatchObject({ account_type: 'Managed', domain_name: 'contoso.com' });
    expect((await curl(scheme, '/common/UserRealm/x@federated.example?api-version=1.0')).body).toMatchObject({ account_type: 'Federated' });
    expect((await curl(scheme, '/common/UserRealm/x@unknown.example?api-version=1.0')).body).toMatchObject({ account_type: 'Unknown' });
    expect((await curl(scheme, '/common/UserRealm/alice@contoso.com?api-version=2.0')).body).toMatchObject({ NameSpaceType: 'Managed', Login: 'alice@contoso.com' });
  });

  it('srv_challenge, ROPC at v1 (resource) and v2 (scope), refresh_token once', async () => {
    const n = await curl(scheme, '/common/oauth2/token', form({ grant_type: 'srv_challenge' }));
    expect(String(n.body.Nonce).length).toBeGreaterThan(40);
    const v1 = await curl(scheme, '/fabrikamlab.onmicrosoft.com/oauth2/token', form(DRS));
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ token_type: 'Bearer', resource: DRS.resource });
    expect(claims(v1.body.access_token)).toMatchObject({ aud: DRS.resource, tid: lab.world.tenant.id, upn: 'alice@contoso.com' });
    const v2 = await curl(scheme, '/organizations/oauth2/v2.0/token', form({ ...DRS, resource: '', scope: 'https://graph.microsoft.com/.default openid', client_info: '1' }));
    expect(v2.body.expires_in).toBeTypeOf('number');
    expect(claims(v2.body.access_token).aud).toBe('https://graph.microsoft.com');
    expect(claims(v2.body.id_token)).toMatchObject({ aud: DRS.client_id, preferred_username: 'alice@contoso.com' });
    const refreshed = await curl(scheme, '/common/oauth2/token', form({ grant_type: 'refresh_token', client_id: DRS.client_id, refresh_token: String(v1.body.refresh_token), resource: DRS.resource }));
    expect(refreshed.status).toBe(200);
    expectAadsts(await curl(scheme, '/common/oauth2/token', form({ grant_type: 'refresh_token', client_id: DRS.client_id, refresh_token: String(v1.body.refresh_token) })), 400, 70000, 'invalid_grant');
  });

  it('device registration with an openssl CSR, Hello key registration, DELETE', async () => {
    const token = String((await curl(scheme, '/common/oauth2/token', form(DRS))).body.access_token);
    const key = join(tmp, `${scheme}-device.key`);
    const csr = join(tmp, `${scheme}-device.csr`);
    expect((await run('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-subj', '/CN=7E980AD9-B86D-4306-9425-9AC066FB014A', '-outform', 'DER', '-out', csr])).code).toBe(0);
    const blob = Buffer.from(rsa1BlobFromKey(createPublicKey(readFileSync(key)))).toString('base64');
    const body = join(tmp, `${scheme}-register.json`);
    writeFileSync(body, JSON.stringify({ CertificateRequest: { Type: 'pkcs10', Data: readFileSync(csr).toString('base64') }, TransportKey: blob, TargetDomain: 'fabrikam.local', DeviceType: 'Windows', OSVersion: '10.0.19041.928', DeviceDisplayName: 'WS-CURL', JoinType: 0 }));
    const auth = ['-H', `Authorization: Bearer ${token}`, '-H', 'Content-Type: application/json'];
    const reg = await curl(scheme, '/EnrollmentServer/device/?api-version=2.0', [...auth, '--data-binary', `@${body}`]);
    expect(reg.status).toBe(200);
    const certDer = join(tmp, `${scheme}-device.der`);
    const certPem = join(tmp, `${scheme}-device.pem`);
    writeFileSync(certDer, Buffer.from(String((reg.body.Certificate as { RawBody: string }).RawBody), 'base64'));
    expect((await run('openssl', ['x509', '-inform', 'DER', '-in', certDer, '-out', certPem])).code).toBe(0);
    expect((await run('openssl', ['x509', '-in', certPem, '-noout', '-subject', '-nameopt', 'RFC2253'])).stdout.trim()).toBe(`subject=CN=${String(reg.body.DeviceId)}`);
    expect((await run('openssl', ['verify', '-CAfile', caFile, certPem])).stdout.trim()).toBe(`${certPem}: OK`);

    const keyReg = await curl(scheme, '/EnrollmentServer/key/?api-version=1.0', [...auth, '--data', JSON.stringify({ kngc: blob })]);
    expect(keyReg.status).toBe(200);
    expect(keyReg.body.kid).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expectAadsts(await curl(scheme, '/EnrollmentServer/key/?api-version=1.0', ['-H', 'Content-Type: application/json', '--data', JSON.stringify({ kngc: blob })]), 401, 50097, 'invalid_request');

    // DELETE: over HTTPS with the device certificate as TLS client certificate (as roadlib does), over HTTP with the owner's token.
    const proof = scheme === 'https' ? ['--cert', certPem, '--key', key] : ['-H', `Authorization: Bearer ${token}`];
    const del = await curl(scheme, `/EnrollmentServer/device/${String(reg.body.DeviceId)}`, ['-X', 'DELETE', ...proof]);
    expect(del.status).toBe(200);
    expectAadsts(await curl(scheme, `/EnrollmentServer/device/${String(reg.body.DeviceId)}`, ['-X', 'DELETE', ...proof]), 400, 700003, 'invalid_grant');
  });

  it('refusals: missing grant_type, unsupported grant, malformed PRT request, bad JSON, oversized body, unknown path', async () => {
    expectAadsts(await curl(scheme, '/common/oauth2/token', form({ client_id: 'x' })), 400, 900144, 'invalid_request');
    expectAadsts(await curl(scheme, '/common/oauth2/token', form({ grant_type: 'client_credentials' })), 400, 70003, 'unsupported_grant_type');
    expectAadsts(await curl(scheme, '/common/oauth2/token', form({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', request: 'garbage', tgt: 'True' })), 400, 9002313, 'invalid_request');
    expectAadsts(await curl(scheme, '/EnrollmentServer/device/?api-version=2.0', ['-H', 'Content-Type: application/json', '--data', '{"CertificateRequest":']), 400, 9002313, 'invalid_request');
    const big = join(tmp, 'big.txt');
    writeFileSync(big, `grant_type=srv_challenge&pad=${'A'.repeat(200_000)}`);
    expectAadsts(await curl(scheme, '/common/oauth2/token', ['--data-binary', `@${big}`, '-H', 'Content-Type: application/x-www-form-urlencoded']), 400, 9002313, 'invalid_request');
    expectAadsts(await curl(scheme, '/no/such/path'), 404, 90012, 'invalid_request');
  });
});

describe('HTTPS names and DNS', () => {
  it('the certificate is valid for login.microsoftonline.com and enterpriseregistration.windows.net, and untrusted without the CA', async () => {
    const port = lab.port('entra')!;
    for (const host of ['login.microsoftonline.com', 'enterpriseregistration.windows.net', 'entra.fabrikam.local']) {
      const r = await run('curl', ['-sS', '--cacert', caFile, '--resolve', `${host}:${port}:127.0.0.1`, `https://${host}:${port}/common/.well-known/openid-configuration`]);
      expect(r.code, `${host}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).token_endpoint).toBe(`https://${host}:${port}/common/oauth2/token`);
    }
    const untrusted = await run('curl', ['-sS', `https://127.0.0.1:${port}/common/.well-known/openid-configuration`]);
    expect(untrusted.code).toBe(60); // CURLE_PEER_FAILED_VERIFICATION
  });
  it('the lab DNS answers A records for the Entra host names (entra.dnsRecords)', async () => {
    const dns = lab.port('dns')!;
    for (const host of ['login.microsoftonline.com', 'login.windows.net', 'enterpriseregistration.windows.net', 'entra.fabrikam.local']) {
      const r = await run('dig', ['+short', '+time=2', '+tries=1', '-p', String(dns), '@127.0.0.1', host, 'A']);
      expect(r.stdout.trim(), host).toBe('127.0.0.1');
    }
    const outside = await run('dig', ['+time=2', '+tries=1', '-p', String(dns), '@127.0.0.1', 'microsoftonline.com', 'A']);
    expect(outside.stdout).toContain('status: REFUSED');
  });
});
