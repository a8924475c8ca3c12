/**
 * The scenario editor's API on the training page's server (emulator/ui/scenario-routes.ts), over
 * HTTP on a loopback port without a lab behind the admin URL: validate answers the loader's errors
 * with path, line and column (the same as `ctlab validate --json`), every shipped scenario is ok,
 * the shipped list and its files, the running scenario's text, the schema, and the refusals.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabStores } from '../../../emulator/stores/lab-stores.ts';
import { Trace } from '../../../emulator/trace/trace.ts';
import { UiServer } from '../../../emulator/ui/server.ts';
import { MAX_SCENARIO_TEXT, shippedScenarios } from '../../../emulator/ui/scenario-routes.ts';
import { loadWorld } from '../../../emulator/world.ts';
import { validateVerb } from '../../../clients/cli/verbs/validate.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const FIXTURE = `${ROOT}test/fixtures/entra-lab.yaml`;
const world = loadWorld(FIXTURE);
const server = new UiServer({ world, stores: createLabStores(world, world.directory.dcs[0].hostName), trace: new Trace(), adminUrl: 'http://127.0.0.1:9', port: 0 });
let base: string;

beforeAll(async () => {
  const [a] = await server.start();
  base = `http://${a.host}:${a.port}`;
});
afterAll(() => server.close());

interface Problem {
  path: string;
  line?: number;
  column?: number;
  message: string;
  reason: string;
}
const validate = async (body: unknown, headers: Record<string, string> = {}) => {
  const r = await fetch(`${base}/api/scenario/validate`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: r.status, body: (await r.json()) as { ok?: boolean; errors?: Problem[]; error?: string; name?: string } };
};

/** What `ctlab validate --json FILE` prints for a file (the CLI the route must agree with). */
async function cliValidate(file: string): Promise<{ ok: boolean; issues: { path: string; line?: number; column?: number; reason: string }[] }[]> {
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  try {
    await validateVerb(['--json', file]);
  } finally {
    process.stdout.write = write;
  }
  return JSON.parse(out);
}

describe('POST /api/scenario/validate', () => {
  it('a bad users[1].upn and an unknown key: errors with path, line and column, as ctlab validate --json reports them', async () => {
    const text = readFileSync(FIXTURE, 'utf8').replace('    upn: bob@east.contoso.com\n', '    upn: bob-at-east\n    colour: blue\n');
    const { status, body } = await validate({ text, name: 'entra-lab.yaml' });
    expect(status).toBe(200);
    expect(body.ok).toBe(false);
    const lines = text.split('\n');
    const upnLine = lines.findIndex((l) => l === '    upn: bob-at-east') + 1;
    expect(body.errors!.map((e) => [e.path, e.line, e.column, e.reason])).toEqual([
      ['users[1].upn', upnLine, 5, 'BAD_FORMAT'],
      ['users[1].colour', upnLine + 1, 5, 'UNKNOWN_KEY'],
    ]);
    expect(body.errors![0].message).toMatch(/^expected .*"bob-at-east"/);
    const dir = mkdtempSync(join(tmpdir(), 'ctlab-editor-'));
    const file = join(dir, 'entra-lab.yaml');
    writeFileSync(file, text);
    const [cli] = await cliValidate(file).finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(cli.issues.map((i) => [i.path, i.line, i.column, i.reason])).toEqual(body.errors!.map((e) => [e.path, e.line, e.column, e.reason]));
  });

  it('YAML that does not parse is a YAML_SYNTAX error at its line; a cross-check (an unknown group) names its path', async () => {
    const bad = await validate({ text: 'domain:\n  dnsName: a.example\nusers: [\n', name: 'x.yaml' });
    expect(bad.body.ok).toBe(false);
    expect(bad.body.errors![0]).toMatchObject({ path: '', reason: 'YAML_SYNTAX' });
    expect(bad.body.errors![0].line).toBeGreaterThanOrEqual(3);
    const cross = await validate({ text: 'domain:\n  dnsName: a.example\nusers:\n  - sam: alice\n    groups: [No Such Group]\n', name: 'x.yaml' });
    expect(cross.body.errors!.map((e) => [e.path, e.reason])).toEqual([['users[0].groups[0]', 'UNKNOWN_GROUP']]);
    expect(cross.body.errors![0].line).toBe(5);
  });

  it('every shipped scenario (scenarios/*.yaml, scenarios/exercises/*.yaml) is ok, named as its file says', async () => {
    const list = shippedScenarios();
    expect(list.length).toBeGreaterThan(20);
    for (const s of list) {
      const text = readFileSync(`${ROOT}scenarios/${s.name}`, 'utf8');
      const { status, body } = await validate({ text, name: s.name.split('/').pop() });
      expect([s.name, status, body.ok, body.errors]).toEqual([s.name, 200, true, []]);
      expect(body.name).toBe(loadWorld(`${ROOT}scenarios/${s.name}`).scenario.name);
    }
  });

  it('refuses what is not a same-origin JSON {text, name}: 415, 403, 400 naming the field, 413 over the bound', async () => {
    const r415 = await fetch(`${base}/api/scenario/validate`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(r415.status).toBe(415);
    expect((await validate({ text: 'a: 1' }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await validate('{')).body.error).toBe('MALFORMED_JSON');
    const noText = await validate({ name: 'x.yaml' });
    expect([noText.status, noText.body.error]).toEqual([400, 'BAD_REQUEST']);
    expect((await validate({ text: 'a: 1', name: '../etc/passwd' })).status).toBe(400);
    const big = await validate({ text: `# ${'x'.repeat(MAX_SCENARIO_TEXT)}\n` });
    expect([big.status, big.body.error]).toEqual([413, 'BODY_TOO_LARGE']);
  });
});

describe('the scenario reading routes', () => {
  it('GET /api/scenario: the running scenario file\'s text and name (no admin API answers here)', async () => {
    const r = await fetch(`${base}/api/scenario`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ name: 'entra-lab.yaml', text: readFileSync(FIXTURE, 'utf8') });
  });

  it('GET /api/scenarios lists the shipped files with their descriptions; GET /api/scenarios/NAME gives one, nothing else', async () => {
    const list = ((await (await fetch(`${base}/api/scenarios`)).json()) as { scenarios: { name: string; description?: string }[] }).scenarios;
    const names = list.map((s) => s.name);
    expect(names).toContain('baseline.yaml');
    expect(names).toContain('exercises/admin-never-revealed.yaml');
    expect(names).not.toContain('scenario.schema.json');
    expect(list.find((s) => s.name === 'baseline.yaml')!.description).toBe('One domain, one suffix, everything right');
    const one = (await (await fetch(`${base}/api/scenarios/exercises/sid-not-synced.yaml`)).json()) as { name: string; text: string };
    expect(one).toEqual({ name: 'exercises/sid-not-synced.yaml', text: readFileSync(`${ROOT}scenarios/exercises/sid-not-synced.yaml`, 'utf8') });
    for (const bad of ['..%2Fpackage.json', '%2e%2e/%2e%2e/package.json', 'scenario.schema.json', 'nope.yaml']) {
      const r = await fetch(`${base}/api/scenarios/${bad}`);
      expect([bad, r.status]).toEqual([bad, 404]);
    }
  });

  it('GET /api/scenario/schema is the shipped JSON Schema', async () => {
    const r = await fetch(`${base}/api/scenario/schema`);
    expect(r.headers.get('content-type')).toBe('application/schema+json; charset=utf-8');
    expect(await r.json()).toEqual(JSON.parse(readFileSync(`${ROOT}scenarios/scenario.schema.json`, 'utf8')));
  });
});
