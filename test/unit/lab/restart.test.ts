/**
 * Restart in place (emulator/lab.ts, lab-world.ts) through the admin API (GET|PUT /scenario,
 * POST /faults, POST /lab/reset) on a lab on free ports: every port stays what it was, the world
 * and the stores are new, a text the loader refuses is 400 SCENARIO_INVALID with path, line and
 * column and leaves the running lab as it was; a reset brings back the original text byte for byte.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../../emulator/lab.ts';
import { Trace, type TraceEvent } from '../../../emulator/trace/trace.ts';
import { cldapPing, LOCATOR_NT_VER } from '../../../clients/ldap/cldap.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;
const FILE = join(ROOT, 'scenarios/baseline.yaml');
const OTHER = join(ROOT, 'scenarios/east-never-reveal.yaml');

let lab: RunningLab;
let admin: string;
const events: TraceEvent[] = [];

beforeAll(async () => {
  lab = await startLab(FILE, { freePorts: true, env: {}, trace: new Trace({ onEvent: (e) => events.push(e) }) });
  admin = lab.labFile().services.admin.url!;
});
afterAll(() => lab?.close());

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, any> }> {
  const res = await fetch(admin + path, { method, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

/** Every bound endpoint as name -> port. */
const ports = () => Object.fromEntries(lab.endpoints.map((e) => [e.name, e.port]));

/** True when something accepts TCP connections on the port. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });

describe('restart in place', () => {
  it('GET /scenario is the file as loaded, original, with the switches\' state', async () => {
    const r = await call('GET', '/scenario');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: FILE, text: readFileSync(FILE, 'utf8'), original: true, faults: { down: [], clockSkew: { kdc: 0, cloud: 0 }, dns: [] } });
  });

  it('PUT /scenario restarts on another scenario: same ports, new world and stores', async () => {
    const before = ports();
    const world = lab.world;
    const stores = lab.stores;
    const r = await call('PUT', '/scenario', { text: readFileSync(OTHER, 'utf8'), name: 'east-never-reveal.yaml' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ restarted: true, name: 'east-never-reveal.yaml' });
    expect(r.json.ms).toBeGreaterThanOrEqual(0);
    expect(ports()).toEqual(before);
    expect(lab.world).not.toBe(world);
    expect(lab.stores).not.toBe(stores);
    expect(lab.world.scenario.name).toBe('east-never-reveal');
    expect(lab.world.directory.groups.map((g) => g.samAccountName)).toContain('East Admins');
    expect(await listening(lab.port('kdc')!)).toBe(true);
    expect(events.at(-1)).toMatchObject({ service: 'admin', step: 'scenario', verdict: 'ok' });
    expect((await call('GET', '/scenario')).json).toMatchObject({ name: 'east-never-reveal.yaml', original: false });
  });

  it('a text the loader refuses is 400 SCENARIO_INVALID with path, line and column; the running lab is untouched', async () => {
    const world = lab.world;
    const before = ports();
    const text = readFileSync(OTHER, 'utf8').replace('upn: bob@east.contoso.com', 'upn: bob@nowhere.example');
    const r = await call('PUT', '/scenario', { text, name: 'broken.yaml' });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('SCENARIO_INVALID');
    const e = r.json.errors.find((x: { path: string }) => x.path === 'users[1].upn');
    expect(e).toMatchObject({ reason: 'UNKNOWN_UPN_SUFFIX' });
    expect(e.line).toBe(text.split('\n').findIndex((l) => l.includes('bob@nowhere.example')) + 1);
    expect(e.column).toBeGreaterThan(0);
    expect(lab.world).toBe(world);
    expect(ports()).toEqual(before);
    expect(await listening(lab.port('kdc')!)).toBe(true);
    expect(events.at(-1)).toMatchObject({ service: 'admin', step: 'scenario', verdict: 'error', code: 'SCENARIO_INVALID', wire: 400 });
    const yamlError = await call('PUT', '/scenario', { text: 'users: [\n', name: 'x.yaml' });
    expect([yamlError.status, yamlError.json.error, yamlError.json.errors[0].line]).toEqual([400, 'SCENARIO_INVALID', 2]);
  });

  it('POST /faults {"down":["kdc"]} restarts without the KDC (its port free, the SRV port unchanged); {"down":[]} brings it back on the same port', async () => {
    const kdc = lab.port('kdc')!;
    const r = await call('POST', '/faults', { down: ['kdc'] });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ restarted: true, faults: { down: ['kdc'] } });
    expect(lab.port('kdc')).toBeUndefined();
    expect(lab.world.faults.down).toEqual(['kdc']);
    expect(await listening(kdc)).toBe(false);
    expect(lab.labFile().services.kdc).toBeUndefined();
    const up = await call('POST', '/faults', { down: [] });
    expect(up.status).toBe(200);
    expect(lab.port('kdc')).toBe(kdc);
    expect(await listening(kdc)).toBe(true);
  });

  it('POST /faults clockSkew and neverReveal land in the running world; an unknown group is SCENARIO_INVALID and changes nothing', async () => {
    const r = await call('POST', '/faults', { clockSkew: { kdc: 900 }, neverReveal: { add: 'alice' } });
    expect(r.status).toBe(200);
    expect(r.json.applied).toMatch(/alice added to msDS-NeverRevealGroup; KDC clock \+900 s/);
    expect(lab.world.faults.clockSkewSeconds.kdc).toBe(900);
    const az = lab.stores.adKerberosServer.get()!;
    expect(az.computer.neverRevealGroupDns!.some((dn) => /^CN=Alice Anders,|^CN=alice,/i.test(dn))).toBe(true);
    const world = lab.world;
    const bad = await call('POST', '/faults', { neverReveal: { add: 'no-such-group' } });
    expect([bad.status, bad.json.error, bad.json.errors[0].reason]).toEqual([400, 'SCENARIO_INVALID', 'UNKNOWN_GROUP']);
    expect(lab.world).toBe(world);
    const wrong = await call('POST', '/faults', { clockSkew: { kdc: 'lots' } });
    expect([wrong.status, wrong.json.error.code, wrong.json.error.detail.field]).toEqual([400, 'BAD_REQUEST', 'clockSkew.kdc']);
  });

  it('POST /lab/reset restarts on the original text: no faults, original again, same ports', async () => {
    const before = ports();
    const r = await call('POST', '/lab/reset');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ restarted: true, name: FILE });
    const s = await call('GET', '/scenario');
    expect(s.json).toMatchObject({ text: readFileSync(FILE, 'utf8'), original: true, faults: { down: [], clockSkew: { kdc: 0, cloud: 0 } } });
    expect(lab.world.scenario.name).toBe('baseline');
    expect(ports()).toEqual(before);
    expect(events.filter((e) => e.service === 'admin' && e.step !== 'get').at(-1)).toMatchObject({ service: 'admin', step: 'reset', verdict: 'ok' });
  });

  it('the Kerberos server routes follow the restart (a rotation is in the new stores; a reset forgets it)', async () => {
    const rot = await call('POST', '/kerberos-server/rotate', { force: true });
    expect(rot.status).toBe(200);
    const kv = rot.json.kerberosServer.KeyVersion as number;
    expect(lab.stores.adKerberosServer.get()!.krbtgt.secrets.current.kvno).toBe(kv);
    await call('POST', '/lab/reset');
    expect((await call('GET', '/kerberos-server')).json.kerberosServer.KeyVersion).toBe(kv - 1);
  });

  it('a scenario text over 2 MiB is 413 BODY_TOO_LARGE naming text, the lab untouched', async () => {
    const world = lab.world;
    const r = await call('PUT', '/scenario', { text: `# ${'x'.repeat(2 * 1024 * 1024)}\n`, name: 'big.yaml' });
    expect([r.status, r.json.error.code, r.json.error.detail.field]).toEqual([413, 'BODY_TOO_LARGE', 'text']);
    expect(lab.world).toBe(world);
  });

  it('restarts asked at once run one after the other', async () => {
    const [a, b] = await Promise.all([call('POST', '/faults', { clockSkew: { kdc: 60 } }), call('POST', '/faults', { clockSkew: { cloud: 30 } })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(lab.world.faults.clockSkewSeconds).toEqual({ kdc: 60, cloud: 30 });
    await call('POST', '/lab/reset');
  });
});

describe('a DC down by name (rodc-only-site.yaml: dc1 serves, rodc1 answers LDAP pings at 127.0.0.3)', () => {
  let two: RunningLab;
  let url: string;
  beforeAll(async () => {
    two = await startLab(join(ROOT, 'scenarios/rodc-only-site.yaml'), { freePorts: true, env: {} });
    url = two.labFile().services.admin.url!;
  });
  afterAll(() => two?.close());
  const faults = async (body: unknown) => {
    const r = await fetch(`${url}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: r.status, json: (await r.json()) as Record<string, any> };
  };
  const ping = (host: string) => cldapPing({ host, port: two.port('ldap')! }, { dnsDomain: 'fabrikam.local', ntVer: LOCATOR_NT_VER }, 700);

  it('dcDown rodc1: its ping times out while dc1 answers; other switches keep it down; dcUp and reset bring it back', async () => {
    expect((await ping('127.0.0.3')).answered).toBe(true);
    const r = await faults({ dcDown: 'rodc1' });
    expect([r.status, r.json.faults.downDcs]).toEqual([200, ['rodc1']]);
    await expect(ping('127.0.0.3')).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect((await ping('127.0.0.1')).answered).toBe(true);
    expect((await faults({ clockSkew: { kdc: 60 } })).json.faults.downDcs).toEqual(['rodc1']);
    await expect(ping('127.0.0.3')).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect((await faults({ dcUp: 'rodc1' })).json.faults.downDcs).toEqual([]);
    expect((await ping('127.0.0.3')).answered).toBe(true);
    await faults({ dcDown: 'rodc1' });
    await fetch(`${url}/lab/reset`, { method: 'POST' });
    expect((await ping('127.0.0.3')).answered).toBe(true);
  });

  it('dcDown dc1 (the serving DC) is its KDC down; a DC the scenario lacks is BAD_REQUEST naming dcDown', async () => {
    const r = await faults({ dcDown: 'dc1' });
    expect(r.json.faults.down).toEqual(['kdc']);
    expect(two.port('kdc')).toBeUndefined();
    const bad = await faults({ dcDown: 'dc7' });
    expect([bad.status, bad.json.error.code, bad.json.error.detail.field]).toEqual([400, 'BAD_REQUEST', 'dcDown']);
    await fetch(`${url}/lab/reset`, { method: 'POST' });
    expect(two.port('kdc')).toBeGreaterThan(0);
  });
});
