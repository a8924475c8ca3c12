// The comparison of expect: entries with recorded sign-in results (clients/scenario-test/compare.ts).
// These results are data written here in the shape clients/device/types.ts defines: the tests
// check the comparison and the report, not the sign-in (the interop test runs the real one).
import { describe, expect, it } from 'vitest';
import type { SignInResult, StepResult } from '../../../clients/device/types.ts';
import { judge, observeStep } from '../../../clients/scenario-test/compare.ts';

const ok = (step: StepResult['step']): StepResult => ({ step, verdict: 'ok' });
const skipped = (step: StepResult['step']): StepResult => ({ step, verdict: 'skipped' });
const revoked: StepResult = { step: 'fullTgt', verdict: 'error', code: 'KDC_ERR_TGT_REVOKED', wire: 20, fact: 'the KDC answered KDC_ERR_TGT_REVOKED (20)' };

function result(steps: StepResult[]): SignInResult {
  const failure = steps.find((s) => s.verdict === 'error');
  return { ok: !failure, steps, tickets: [], ...(failure ? { failure } : {}) };
}

const carol = result([ok('register'), ok('nonce'), ok('prt'), ok('partialTgt'), ok('locateDc'), revoked, skipped('keyList'), skipped('serviceTicket'), skipped('asReq')]);
const frank = result([ok('register'), ok('nonce'), { step: 'prt', verdict: 'error', code: 'AADSTS50057', wire: 50057 }, skipped('partialTgt'), skipped('locateDc'), skipped('fullTgt')]);

describe('observeStep + judge', () => {
  it('an expected ok passes on a step that ended ok', () => {
    const j = judge({ user: 'carol', step: 'partialTgt', outcome: 'ok' }, observeStep('partialTgt', carol));
    expect(j).toEqual({ pass: true, got: 'ok' });
  });
  it('an expected code passes only on that step failing with that code', () => {
    expect(judge({ user: 'carol', step: 'fullTgt', outcome: 'KDC_ERR_TGT_REVOKED' }, observeStep('fullTgt', carol))).toEqual({ pass: true, got: 'KDC_ERR_TGT_REVOKED' });
    expect(judge({ user: 'carol', step: 'fullTgt', outcome: 'KRB_AP_ERR_BAD_INTEGRITY' }, observeStep('fullTgt', carol))).toEqual({ pass: false, got: 'KDC_ERR_TGT_REVOKED' });
    expect(judge({ user: 'carol', step: 'fullTgt', outcome: 'ok' }, observeStep('fullTgt', carol)).pass).toBe(false);
  });
  it('an expected code fails when the step succeeded', () => {
    expect(judge({ user: 'carol', step: 'partialTgt', outcome: 'KDC_ERR_TGT_REVOKED' }, observeStep('partialTgt', carol))).toEqual({ pass: false, got: 'ok' });
  });
  it('a step skipped after an earlier failure is a mismatch naming that failure, even when the code matches', () => {
    const obs = observeStep('fullTgt', frank);
    expect(obs.verdict).toBe('skipped');
    expect(obs.failure?.step).toBe('prt');
    expect(judge({ user: 'frank', step: 'fullTgt', outcome: 'AADSTS50057' }, obs)).toEqual({ pass: false, got: 'skipped (prt: AADSTS50057)' });
  });
  it('a step the result does not list counts as skipped', () => {
    expect(observeStep('keyList', frank).verdict).toBe('skipped');
  });
  it('an observation nothing could run is a mismatch that says why', () => {
    expect(judge({ user: 'x', step: 'prt', outcome: 'ok' }, { step: 'prt', verdict: 'unavailable', fact: 'no device' })).toEqual({ pass: false, got: 'not run: no device' });
  });
});
