/**
 * The training page's server in front of a lab that restarts (startLab on free ports): the world it
 * serves follows the restart through its getter, the scenario, reset and fault routes reach the
 * admin API (a GET without a content type, a scenario text over the 4 KiB the other routes take),
 * and the exercise follows the scenario.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../../emulator/lab.ts';
import { UiServer } from '../../../emulator/ui/server.ts';

const ROOT = new URL('../../..', import.meta.url).pathname;
const FIXTURE = `${ROOT}test/fixtures/entra-lab.yaml`;
const EXERCISE = `${ROOT}scenarios/exercises/admin-never-revealed.yaml`;
let lab: RunningLab;
let ui: UiServer;
let base: string;

beforeAll(async () => {
  lab = await startLab(FIXTURE, { freePorts: true, env: {} });
  ui = new UiServer({ world: lab.world, stores: lab.stores, current: () => ({ world: lab.world, stores: lab.stores }), trace: lab.trace, adminUrl: lab.labFile().services.admin.url!, port: 0 });
  const [a] = await ui.start();
  base = `http://${a.host}:${a.port}`;
});
afterAll(async () => {
  await ui?.close();
  await lab?.close();
});

const json = async (path: string, init?: RequestInit) => {
  const r = await fetch(base + path, init);
  return { status: r.status, body: (await r.json()) as Record<string, any> };
};
const post = (path: string, body: unknown, method = 'POST') => json(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the page server over a restarting lab', () => {
  it('GET /api/faults and /api/scenario reach the admin API without a content type', async () => {
    const f = await json('/api/faults');
    expect(f.status).toBe(200);
    expect(f.body).toMatchObject({ original: true, faults: { down: [] } });
    const s = await json('/api/scenario');
    expect(s.body).toMatchObject({ name: 'entra-lab.yaml', path: FIXTURE, original: true, text: readFileSync(FIXTURE, 'utf8') });
  });

  it('POST /api/faults restarts the lab and /api/world reads the new world', async () => {
    const r = await post('/api/faults', { neverReveal: { add: 'alice' } });
    expect(r.status).toBe(200);
    const w = await json('/api/world');
    expect(w.body.azureAdKerberos.neverReveal).toContain('alice');
    expect(w.body.findings.map((f: { where: string }) => f.where)).toContain('user:alice');
  });

  it('PUT /api/scenario takes a text over 4 KiB; the exercise follows the new scenario; reset brings the old one back', async () => {
    const text = readFileSync(EXERCISE, 'utf8') + `\n# ${'padding '.repeat(700)}\n`;
    expect(text.length).toBeGreaterThan(4096);
    expect((await json('/api/exercise')).body.exercise).toBeNull();
    const r = await post('/api/scenario', { text, name: 'admin-never-revealed.yaml' }, 'PUT');
    expect([r.status, r.body.restarted]).toEqual([200, true]);
    expect((await json('/api/world')).body.scenario.name).toBe('exercise-admin-never-revealed');
    expect((await json('/api/exercise')).body.exercise.symptom).toContain('carol@contoso.com');
    const invalid = await post('/api/scenario', { text: 'dcs: 7\n' }, 'PUT');
    expect([invalid.status, invalid.body.error]).toEqual([400, 'SCENARIO_INVALID']);
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toContain('dcs');
    const back = await post('/api/lab/reset', {});
    expect(back.status).toBe(200);
    expect((await json('/api/world')).body.scenario.name).toBe('entra-lab');
    expect((await json('/api/exercise')).body.exercise).toBeNull();
  });

  it('the Tools route: an unknown tool 404 naming the four, a lab started without tools 501', async () => {
    const unknown = await post('/api/tools/format-c', {});
    expect([unknown.status, unknown.body.error]).toEqual([404, 'NOT_FOUND']);
    expect(unknown.body.message).toContain('klist, dsregcmd, nltest, kerberos-server');
    const none = await post('/api/tools/klist', {});
    expect([none.status, none.body.error]).toEqual([501, 'NOT_IMPLEMENTED']);
  });
});
