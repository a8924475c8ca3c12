import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../clients/cli/main.ts';

const SCENARIOS = join(import.meta.dirname, '../../../scenarios');

describe('ctlab validate / ctlab schema', () => {
  let out: string;
  let err: string;
  let dir: string;
  beforeEach(() => {
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
    dir = mkdtempSync(join(tmpdir(), 'ctlab-validate-'));
  });
  afterEach(() => vi.restoreAllMocks());

  it('exits 0 for the shipped scenarios', async () => {
    expect(await main(['validate', join(SCENARIOS, 'baseline.yaml'), join(SCENARIOS, 'multi-upn-suffix.yaml')])).toBe(0);
    expect(err).toBe('');
    expect(out.trim().split('\n')).toHaveLength(2);
  });

  it('exits 2 and prints one `file:line: path: expected` line per problem', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'domain:\n  dnsName: fabrikam.local\nusers:\n  - sam: alice\n    upn: alice@contoso.com\n    groups: [Nope]\n');
    expect(await main(['validate', bad, join(SCENARIOS, 'baseline.yaml')])).toBe(2);
    const lines = err.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].startsWith(`${bad}:5: users[0].upn: `)).toBe(true);
    expect(lines[1].startsWith(`${bad}:6: users[0].groups[0]: `)).toBe(true);
  });

  it('reports issues as JSON with --json', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'domain:\n  dnsName: x.local\nazureADKerberos:\n  id: 70000\n');
    expect(await main(['validate', '--json', bad])).toBe(2);
    const report = JSON.parse(out);
    expect(report[0]).toMatchObject({ file: bad, ok: false, issues: [{ path: 'azureADKerberos.id', reason: 'OUT_OF_RANGE', line: 4 }] });
  });

  it('exits 2 for a missing file and for no file at all', async () => {
    expect(await main(['validate', join(dir, 'nope.yaml')])).toBe(2);
    expect(err).toContain('nope.yaml');
    expect(await main(['validate'])).toBe(2);
  });

  it('prints the JSON Schema and can write it to a file', async () => {
    expect(await main(['schema'])).toBe(0);
    const schema = JSON.parse(out);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['domain']);
    expect(schema.properties.azureADKerberos.properties.id).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535 });
    const file = join(dir, 's.json');
    expect(await main(['schema', '-o', file])).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(schema);
  });
});
