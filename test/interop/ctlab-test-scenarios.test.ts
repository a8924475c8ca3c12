/**
 * `make test` runs `ctlab test scenarios/`: every scenario's expect: list through the emulated
 * device (over the wire: the token endpoint, DNS, CLDAP, the KDC) and the AS/LDAP clients, each on
 * a lab started on free ports. This spawns the CLI as a user would and checks its exit code and
 * its table: one row per expect: entry of every scenario file, every row a pass.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../emulator/scenario/load.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const DIR = join(ROOT, 'scenarios');

describe('ctlab test scenarios/', () => {
  it('exits 0 with one passing row per expect: entry of every scenario', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'test', '--json', DIR], { encoding: 'utf8', timeout: 110_000 });
    const out = JSON.parse(r.stdout) as { summary: { failed: number; broken: number; expectations: number }; reports: { file: string; rows: { user: string; step: string; expected: string; got: string; pass: boolean }[] }[] };
    const failed = out.reports.flatMap((s) => s.rows.filter((x) => !x.pass).map((x) => `${s.file}: ${x.user} ${x.step} expected ${x.expected} got ${x.got}`));
    expect(failed).toEqual([]);
    expect(r.status).toBe(0);
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
    expect(out.reports.map((s) => s.file.split('/').at(-1))).toEqual(files);
    for (const s of out.reports) {
      const want = loadScenario(s.file).expect.map((e) => [e.user, e.step, e.outcome]);
      expect(s.rows.map((x) => [x.user, x.step, x.expected])).toEqual(want);
    }
    expect(out.summary.expectations).toBeGreaterThanOrEqual(70);
  }, 120_000);

  it('prints the table and a timed summary without --json', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'test', join(DIR, 'multi-upn-suffix.yaml')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['scenario', 'user', 'step', 'expected', 'got', 'verdict']);
    const carol = lines.find((l) => l.includes('carol') && l.includes('fullTgt'))!;
    expect(carol.split(/\s{2,}/)).toEqual(['multi-upn-suffix', 'carol', 'fullTgt', 'KDC_ERR_TGT_REVOKED', 'KDC_ERR_TGT_REVOKED', 'pass']);
    expect(lines.at(-1)).toMatch(/^ctlab test: 1 scenarios, 7 expectations: 7 passed, 0 failed in \d+\.\d s$/);
  });

  it('exits 1 with the diagnosis when an expectation does not hold, 2 on a bad path', () => {
    const bad = spawnSync(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'test', join(ROOT, 'test/fixtures/ctlab-test-mismatch.yaml')], { encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('setting: azureADKerberos.neverReveal');
    const usage = spawnSync(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'test', join(ROOT, 'no-such-dir')], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('no-such-dir: no such file or directory');
  });
});
