/**
 * Bounded, seeded fuzzing of the token endpoint over HTTP: mutated forms (bytes of a valid PRT
 * request form flipped, cut, inserted), mutated and re-signed request JWTs (header, payload and
 * signature segments), JWTs signed with the wrong key, replayed nonces, malformed JSON to the
 * registration endpoints, odd content types and oversized bodies. Every answer must be Entra's
 * error JSON (or a 200 JSON for a mutation that still makes a valid request), never a stack
 * trace, never a 5xx; each refusal's trace event carries an AADSTS code and a fact; afterwards
 * the endpoint still issues a PRT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../emulator/core/clock.ts';
import { systemRandom } from '../../emulator/core/random.ts';
import type { EntraTraceEvent } from '../../emulator/entra/context.ts';
import { EntraService } from '../../emulator/entra/server.ts';
import { MemoryKerberosDomainStore } from '../../emulator/stores/kerberos-domains.ts';
import { loadWorld } from '../../emulator/world.ts';
import * as dev from '../helpers/entra-device.ts';
import { bitFlip, deleteRun, FuzzRng, insertBytes, mutate, setByteFrom, truncate } from '../support/mutate.ts';

const PER_KIND = 60;
const world = loadWorld(new URL('../fixtures/entra-lab.yaml', import.meta.url).pathname);
const events: EntraTraceEvent[] = [];
const svc = new EntraService({
  tenant: world.tenant,
  kerberosDomains: new MemoryKerberosDomainStore(world.tenant.kerberosDomains),
  seed: world.scenario.seed,
  clock: new FixedClock(Date.now()),
  rng: systemRandom,
  trace: (e) => events.push(e),
  bind: '127.0.0.1',
  httpsPort: null,
  httpPort: 0,
});
let base: string;
let device: dev.TestDevice;
let token: string;
const bad: string[] = [];
const rng = new FuzzRng('entra-fuzz');
const MUTATORS = [bitFlip, truncate, setByteFrom([0x00, 0x26, 0x3d, 0x25, 0x2e, 0x7b, 0x22, 0xff]), insertBytes(8), deleteRun(8)];

/** Sends one request; records anything that is not Entra's JSON (error or success). */
async function send(what: string, path: string, init: RequestInit): Promise<void> {
  const r = await fetch(base + path, init);
  const text = await r.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    bad.push(`${what}: ${r.status} not JSON: ${text.slice(0, 120)}`);
    return;
  }
  if (r.status >= 500) bad.push(`${what}: ${r.status} ${text.slice(0, 200)}`);
  if (r.status === 200) return;
  const codes = body.error_codes as number[] | undefined;
  if (typeof body.error !== 'string' || !Array.isArray(codes) || !String(body.error_description).startsWith(`AADSTS${codes[0]}: `)) bad.push(`${what}: not Entra error JSON: ${text.slice(0, 200)}`);
  if (/\bat .+:\d+:\d+\)?/.test(text)) bad.push(`${what}: a stack trace in the reply`);
}

const formInit = (body: Uint8Array | string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

async function validForm(): Promise<string> {
  return new URLSearchParams(dev.prtForm(await dev.signRequest(device, dev.passwordPayload('alice@contoso.com', 'Alice-Passw0rd!', await dev.nonce(base))))).toString();
}

beforeAll(async () => {
  const [b] = await svc.start();
  base = `http://127.0.0.1:${b.port}`;
  token = await dev.drsToken(base, 'alice@contoso.com', 'Alice-Passw0rd!');
  device = await dev.registerDevice(base, token);
});
afterAll(() => svc.close());

describe('token endpoint fuzz', () => {
  it('mutated PRT request forms', async () => {
    const seed = new TextEncoder().encode(await validForm());
    for (let i = 0; i < PER_KIND; i++) await send(`form #${i}`, '/common/oauth2/token', formInit(mutate(rng, seed, MUTATORS, 4)));
    expect(bad).toEqual([]);
  });

  it('request JWTs with mutated segments, the wrong signing key, replayed nonces', async () => {
    const other = await dev.rsaKey();
    for (let i = 0; i < PER_KIND; i++) {
      const jwt = await dev.signRequest(device, dev.passwordPayload('alice@contoso.com', 'Alice-Passw0rd!', await dev.nonce(base)), i % 3 === 0 ? { signer: other.privateKey } : {});
      const parts = jwt.split('.');
      const k = rng.int(3);
      parts[k] = Buffer.from(mutate(rng, new TextEncoder().encode(parts[k]), MUTATORS, 3)).toString('latin1');
      await send(`jwt #${i} segment ${k}`, '/common/oauth2/token', formInit(new URLSearchParams(dev.prtForm(parts.join('.'))).toString()));
    }
    const replay = await validForm();
    await send('first use', '/common/oauth2/token', formInit(replay));
    for (let i = 0; i < 5; i++) await send(`replay #${i}`, '/common/oauth2/token', formInit(replay));
    expect(events.filter((e) => e.detail?.nonce === 'replayed').length).toBeGreaterThanOrEqual(5);
    expect(bad).toEqual([]);
  });

  it('malformed JSON to the registration endpoints, odd content types, oversized bodies', async () => {
    const json = new TextEncoder().encode(JSON.stringify({ CertificateRequest: { Type: 'pkcs10', Data: 'AAAA' }, TransportKey: 'UlNBMQ==', JoinType: 0 }));
    for (let i = 0; i < PER_KIND; i++) {
      const path = i % 2 ? '/EnrollmentServer/device/?api-version=2.0' : '/EnrollmentServer/key/?api-version=1.0';
      await send(`json #${i}`, path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: mutate(rng, json, MUTATORS, 4) });
    }
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', '']) await send(`type ${type}`, '/common/oauth2/token', { method: 'POST', headers: { 'content-type': type }, body: 'grant_type=password' });
    await send('oversized form', '/common/oauth2/token', formInit(`grant_type=srv_challenge&x=${'A'.repeat(1 << 20)}`));
    await send('oversized JSON', '/EnrollmentServer/key/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"kngc":"${'A'.repeat(1 << 20)}"}` });
    await send('repeated field', '/common/oauth2/token', formInit('grant_type=password&grant_type=srv_challenge'));
    expect(bad).toEqual([]);
  });

  it('every refusal traced with an AADSTS code and a fact, and the endpoint still issues a PRT', async () => {
    const errors = events.filter((e) => e.verdict === 'error');
    expect(errors.length).toBeGreaterThan(PER_KIND);
    expect(errors.filter((e) => !/^AADSTS\d+$/.test(String(e.code)) || typeof e.fact !== 'string' || e.fact === '')).toEqual([]);
    expect(errors.filter((e) => e.code === 'AADSTS90100')).toEqual([]);
    const r = await fetch(`${base}/common/oauth2/token`, formInit(await validForm()));
    expect(r.status).toBe(200);
    expect(((await r.json()) as { token_type: string }).token_type).toBe('pop');
  });
});
