/**
 * The PRT grant's checks, one refusal each, with the AADSTS code on the wire and in the trace
 * (service 'entra', code = the AADSTS name, wire = its number): nonce unknown / replayed / expired,
 * device not registered / disabled / not the registered certificate, bad signature, unknown Hello
 * key, a Hello key of another user; and what succeeds: x5c as an array, `tgt` in any case, PRT
 * renewal, no tgt_ad without tgt, and a KerberosDomain rotated at run time read by the next grant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompactSign } from 'jose';
import { FixedClock } from '../../../emulator/core/clock.ts';
import { systemRandom } from '../../../emulator/core/random.ts';
import { helloKid, rsa1BlobFromKey } from '../../../emulator/entra/index.ts';
import { EntraService } from '../../../emulator/entra/server.ts';
import type { EntraTraceEvent } from '../../../emulator/entra/context.ts';
import { decodeAsRep } from '../../../emulator/kerberos/asn1/index.ts';
import { MemoryKerberosDomainStore } from '../../../emulator/stores/kerberos-domains.ts';
import { loadWorld } from '../../../emulator/world.ts';
import * as dev from '../../helpers/entra-device.ts';

const world = loadWorld(new URL('../../fixtures/entra-lab.yaml', import.meta.url).pathname);
const clock = new FixedClock(Date.now());
const kerberosDomains = new MemoryKerberosDomainStore(world.tenant.kerberosDomains);
const events: EntraTraceEvent[] = [];
const svc = new EntraService({ tenant: world.tenant, kerberosDomains, seed: world.scenario.seed, clock, rng: systemRandom, trace: (e) => events.push(e), bind: '127.0.0.1', httpsPort: null, httpPort: 0 });
let base: string;
let token: string;
let device: dev.TestDevice;

const ALICE = ['alice@contoso.com', 'Alice-Passw0rd!'] as const;

async function prt(request: string, tgt = 'True') {
  return dev.postForm(base, '/common/oauth2/token', dev.prtForm(request, tgt));
}
async function passwordPrt(d = device, opts: Parameters<typeof dev.signRequest>[2] = {}) {
  return prt(await dev.signRequest(d, dev.passwordPayload(...ALICE, await dev.nonce(base)), opts));
}
const lastEvent = () => events.at(-1)!;

function expectRefusal(r: { status: number; body: Record<string, unknown> }, code: number) {
  expect(r.status).toBe(400);
  expect(r.body.error_codes).toEqual([code]);
  expect(String(r.body.error_description)).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(lastEvent()).toMatchObject({ verdict: 'error', code: `AADSTS${code}`, wire: code });
}

beforeAll(async () => {
  const [b] = await svc.start();
  base = `http://127.0.0.1:${b.port}`;
  token = await dev.drsToken(base, ...ALICE);
  device = await dev.registerDevice(base, token);
});
afterAll(() => svc.close());

describe('device registration service tokens', () => {
  it('accepts a token for the DRS application id (AADInternals) and refuses one for another resource', async () => {
    const byId = await dev.postForm(base, '/common/oauth2/token', { grant_type: 'password', client_id: dev.DRS_CLIENT, resource: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9', username: ALICE[0], password: ALICE[1] });
    expect((await dev.registerDevice(base, String(byId.body.access_token))).deviceId).toMatch(/^[0-9a-f-]{36}$/);
    const graph = await dev.postForm(base, '/common/oauth2/token', { grant_type: 'password', client_id: dev.DRS_CLIENT, resource: 'https://graph.microsoft.com', username: ALICE[0], password: ALICE[1] });
    const r = await dev.postJson(base, '/EnrollmentServer/key/?api-version=1.0', { kngc: 'UlNBMQ==' }, String(graph.body.access_token));
    expect(r.status).toBe(401);
    expect(r.body.error_codes).toEqual([50097]);
  });
});

describe('nonces', () => {
  it('a nonce is single use: the replay is AADSTS50027 with the trace saying replayed', async () => {
    const n = await dev.nonce(base);
    const first = await prt(await dev.signRequest(device, dev.passwordPayload(...ALICE, n)));
    expect(first.status).toBe(200);
    const again = await prt(await dev.signRequest(device, dev.passwordPayload(...ALICE, n)));
    expectRefusal(again, 50027);
    expect(lastEvent().detail).toMatchObject({ nonce: 'replayed', where: 'request JWT' });
  });
  it('an unknown nonce and an expired one are AADSTS50027 too, told apart in the trace', async () => {
    expectRefusal(await prt(await dev.signRequest(device, dev.passwordPayload(...ALICE, 'not-a-nonce'))), 50027);
    expect(lastEvent().detail).toMatchObject({ nonce: 'unknown' });
    const n = await dev.nonce(base);
    clock.advance(5 * 60_000 + 1);
    expectRefusal(await prt(await dev.signRequest(device, dev.passwordPayload(...ALICE, n))), 50027);
    expect(lastEvent().detail).toMatchObject({ nonce: 'expired' });
  });
});

describe('the device', () => {
  it('a deleted device is not registered (AADSTS700003)', async () => {
    const d = await dev.registerDevice(base, token);
    const del = await fetch(`${base}/EnrollmentServer/device/${d.deviceId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(del.status).toBe(200);
    expectRefusal(await passwordPrt(d), 700003);
  });
  it("a device the scenario pre-seeds without a certificate is in the store but cannot request a PRT (AADSTS700003)", async () => {
    const seeded = world.tenant.devices[0];
    expect(svc.context!.stores.devices.get(seeded.deviceId)).toMatchObject({ displayName: 'ws-old', accountEnabled: false });
    expect(svc.context!.stores.devices.get(seeded.deviceId)!.certificate).toBeUndefined();
    const info = new (await import('pkijs')).PublicKeyInfo();
    await info.importKey(device.key.crypto.publicKey);
    const cert = await svc.context!.ca.issue({ subjectCn: seeded.deviceId, spki: info, serial: new Uint8Array(16).fill(5), notBefore: new Date(clock.now() - 1000), notAfter: new Date(clock.now() + 86_400_000) });
    expectRefusal(await passwordPrt(device, { certificate: cert }), 700003);
  });
  it('a disabled device is AADSTS135011', async () => {
    const d = await dev.registerDevice(base, token);
    const stored = svc.context!.stores.devices.get(d.deviceId)!;
    svc.context!.stores.devices.put({ ...stored, accountEnabled: false });
    expectRefusal(await passwordPrt(d), 135011);
  });
  it('a certificate naming the device that is not the registered one is AADSTS50155', async () => {
    const other = await dev.rsaKey();
    const spki = (await import('pkijs')).PublicKeyInfo;
    const info = new spki();
    await info.importKey(other.crypto.publicKey);
    const forged = await svc.context!.ca.issue({ subjectCn: device.deviceId, spki: info, serial: new Uint8Array(16).fill(9), notBefore: new Date(clock.now() - 1000), notAfter: new Date(clock.now() + 86_400_000) });
    expectRefusal(await passwordPrt({ ...device, key: other }, { certificate: forged, signer: other.privateKey }), 50155);
  });
  it('a request signed with another key is AADSTS50006', async () => {
    const other = await dev.rsaKey();
    expectRefusal(await passwordPrt(device, { signer: other.privateKey }), 50006);
  });
  it('a malformed request JWT is AADSTS9002313, and the wrong password inside it AADSTS50126', async () => {
    expectRefusal(await prt('not.a.jwt'), 9002313);
    expectRefusal(await prt(await dev.signRequest(device, dev.passwordPayload(ALICE[0], 'wrong', await dev.nonce(base)))), 50126);
  });
});

describe('Windows Hello keys', () => {
  async function helloRequest(upn: string, key: dev.RsaKey, kid: string) {
    const now = Math.floor(clock.now() / 1000);
    const assertion = await new CompactSign(new TextEncoder().encode(JSON.stringify({ iss: upn, aud: 'common', iat: now - 3600, exp: now + 3600, request_nonce: await dev.nonce(base), scope: 'openid aza ugs' })))
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, use: 'ngc' })
      .sign(key.privateKey);
    return prt(await dev.signRequest(device, { client_id: dev.PRT_CLIENT, request_nonce: await dev.nonce(base), scope: 'openid aza ugs', grant_type: dev.JWT_BEARER, username: upn, assertion }));
  }
  it('an unregistered key is AADSTS135010; registered, it signs in; another user with it is AADSTS50013', async () => {
    const hello = await dev.rsaKey();
    const blob = rsa1BlobFromKey(hello.publicKey);
    const kid = helloKid(blob);
    expectRefusal(await helloRequest(ALICE[0], hello, kid), 135010);
    const reg = await dev.postJson(base, '/EnrollmentServer/key/?api-version=1.0', { kngc: Buffer.from(blob).toString('base64') }, token);
    expect(reg.body.kid).toBe(kid);
    const ok = await helloRequest(ALICE[0], hello, kid);
    expect(ok.status).toBe(200);
    expect(JSON.parse(String(ok.body.tgt_ad)).keyType).toBe(18);
    expectRefusal(await helloRequest('carol@contoso.com', hello, kid), 50013);
  });
});

describe('what succeeds', () => {
  it('x5c as a one-element array, tgt in lower case, client_info; no tgt_ad without tgt', async () => {
    const r = await passwordPrt(device, { x5cArray: true });
    expect(r.status).toBe(200);
    expect(r.body.token_type).toBe('pop');
    // The fields libhimmelblau's PrimaryRefreshToken requires, with its types (strings, one number).
    expect([typeof r.body.expires_in, typeof r.body.ext_expires_in, typeof r.body.expires_on, typeof r.body.refresh_token_expires_in]).toEqual(['string', 'string', 'string', 'number']);
    const idToken = JSON.parse(Buffer.from(String(r.body.id_token).split('.')[1], 'base64url').toString());
    expect(idToken).toMatchObject({ name: 'Alice Anders', oid: world.tenant.userByUpn(ALICE[0])!.objectId, tid: world.tenant.id, preferred_username: ALICE[0], deviceid: device.deviceId });
    expect(JSON.parse(Buffer.from(String(r.body.client_info), 'base64url').toString())).toEqual({ uid: world.tenant.userByUpn(ALICE[0])!.objectId, utid: world.tenant.id });
    const lower = await prt(await dev.signRequest(device, dev.passwordPayload(...ALICE, await dev.nonce(base))), 'true');
    expect(lower.body.tgt_ad).toBeTypeOf('string');
    const none = await prt(await dev.signRequest(device, dev.passwordPayload(...ALICE, await dev.nonce(base))), 'false');
    expect(none.status).toBe(200);
    expect(none.body.tgt_ad).toBeUndefined();
    expect(none.body.kerberos_top_level_names).toBeUndefined();
  });
  it('PRT renewal: the refresh_token inner grant with the PRT of the same device', async () => {
    const first = await passwordPrt();
    const renewed = await prt(await dev.signRequest(device, { client_id: dev.PRT_CLIENT, request_nonce: await dev.nonce(base), scope: 'openid aza ugs', grant_type: 'refresh_token', refresh_token: first.body.refresh_token }));
    expect(renewed.status).toBe(200);
    expect(renewed.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(lastEvent()).toMatchObject({ step: 'prt', verdict: 'ok' });
    // A PRT is no plain refresh token.
    expectRefusal(await dev.postForm(base, '/common/oauth2/token', { grant_type: 'refresh_token', client_id: dev.DRS_CLIENT, refresh_token: String(renewed.body.refresh_token) }), 70000);
  });
  it('reads the KerberosDomain on every grant: after a cloud-side rotation the next partial TGT carries the new kvno', async () => {
    const kvnoOf = (r: { body: Record<string, unknown> }) => decodeAsRep(new Uint8Array(Buffer.from(JSON.parse(String(r.body.tgt_ad)).messageBuffer, 'base64'))).ticket.encPart.kvno;
    expect(kvnoOf(await passwordPrt())).toBe(((30775 << 16) | 2) >>> 0);
    const kd = kerberosDomains.get('fabrikam.local')!;
    kerberosDomains.put({ ...kd, keyVersion: 3, previous: kd.current, current: { ...kd.current, password: 'AzureAD-Kerberos-Server-Key-2', kvno: 3 } });
    try {
      expect(kvnoOf(await passwordPrt())).toBe(((30775 << 16) | 3) >>> 0);
    } finally {
      kerberosDomains.put(kd);
    }
  });
  it('the tenant path accepts the id, verified domains, the initial domain, common and organizations; anything else is AADSTS90002', async () => {
    for (const seg of [world.tenant.id, 'contoso.com', 'fabrikamlab.onmicrosoft.com', 'common', 'organizations']) {
      const r = await dev.postForm(base, `/${seg}/oauth2/token`, { grant_type: 'srv_challenge' });
      expect(r.status, seg).toBe(200);
    }
    expectRefusal(await dev.postForm(base, '/nowhere.example/oauth2/token', { grant_type: 'srv_challenge' }), 90002);
  });
});
