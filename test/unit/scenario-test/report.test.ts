// The ctlab test table and summary (clients/scenario-test/report.ts) over rows written here.
import { describe, expect, it } from 'vitest';
import { formatReport, formatTable, summarize } from '../../../clients/scenario-test/report.ts';
import type { ScenarioReport } from '../../../clients/scenario-test/runner.ts';

const reports: ScenarioReport[] = [
  {
    file: 'a.yaml',
    name: 'a',
    ms: 10,
    rows: [
      { scenario: 'a', user: 'alice', step: 'fullTgt', expected: 'ok', got: 'ok', pass: true },
      {
        scenario: 'a',
        user: 'carol',
        step: 'fullTgt',
        expected: 'ok',
        got: 'KDC_ERR_TGT_REVOKED',
        pass: false,
        diagnosis: { user: 'carol', failure: { step: 'fullTgt', code: 'KDC_ERR_TGT_REVOKED', wire: 20 }, findings: [{ setting: 'azureADKerberos.neverReveal', value: ['Domain Admins'], why: 'w' }] },
      },
    ],
  },
  { file: 'b.yaml', name: 'b.yaml', ms: 1, rows: [], error: ['b.yaml:3: users[0].sam: expected a name'] },
];

describe('ctlab test report', () => {
  it('prints one table row per expectation with its columns', () => {
    const t = formatTable(reports[0].rows);
    expect(t[0].split(/\s{2,}/)).toEqual(['scenario', 'user', 'step', 'expected', 'got', 'verdict']);
    expect(t[3].split(/\s{2,}/)).toEqual(['a', 'carol', 'fullTgt', 'ok', 'KDC_ERR_TGT_REVOKED', 'FAIL']);
  });
  it('counts passes, mismatches and scenarios that did not run', () => {
    expect(summarize(reports)).toEqual({ scenarios: 2, expectations: 2, passed: 1, failed: 1, broken: 1 });
  });
  it('lists each mismatch with the setting behind it, and the timing', () => {
    const out = formatReport(reports, 1234);
    expect(out).toContain('  b.yaml:3: users[0].sam: expected a name');
    expect(out.some((l) => l.includes('setting: azureADKerberos.neverReveal = ["Domain Admins"]'))).toBe(true);
    expect(out.at(-1)).toBe('ctlab test: 2 scenarios, 2 expectations: 1 passed, 1 failed, 1 scenarios did not run in 1.2 s');
  });
});
