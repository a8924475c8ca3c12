/**
 * Comparing one scenario `expect:` entry with what the sign-in (or a single-step client) observed:
 * pure, no I/O. An expected `ok` passes when that step ran and ended ok; an expected code passes
 * when that very step failed with that wire code name. A step skipped because an earlier one failed
 * is a mismatch that names the earlier step and its code (what the admin would see first).
 */
import type { SignInResult, SignInStep, StepResult } from '../device/types.ts';

/** One `expect:` entry as the scenario holds it (emulator/scenario/schema-cloud.ts ExpectationSchema). */
export interface Expectation {
  readonly user: string;
  readonly step: string;
  readonly outcome: string;
  readonly service?: string;
  readonly note?: string;
}

/** What happened at the expected step. `unavailable`: nothing could run it (the reason in `fact`). */
export interface Observation {
  readonly step: string;
  readonly verdict: 'ok' | 'error' | 'skipped' | 'unavailable';
  readonly code?: string;
  readonly wire?: number;
  readonly fact?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
  /** The step that really failed when this one was skipped (or this one when it failed). */
  readonly failure?: StepResult | { readonly step: string; readonly code?: string; readonly wire?: number; readonly fact?: string; readonly detail?: Readonly<Record<string, unknown>> };
}

export interface Judgement {
  readonly pass: boolean;
  /** The "got" column: ok, a code, `skipped (prt: AADSTS50057)`, `not run: ...`. */
  readonly got: string;
}

/** The observation of `step` in a sign-in result (a step the result lacks is skipped). */
export function observeStep(step: string, result: SignInResult): Observation {
  const s = result.steps.find((x) => x.step === (step as SignInStep));
  if (s?.verdict === 'ok') return { step, verdict: 'ok', ...(s.fact ? { fact: s.fact } : {}), ...(s.detail ? { detail: s.detail } : {}) };
  if (s?.verdict === 'error') return { ...s, step, verdict: 'error', failure: s };
  const failure = result.failure ?? result.steps.find((x) => x.verdict === 'error');
  return { step, verdict: 'skipped', ...(failure ? { failure } : {}) };
}

/** Compares an expectation with its observation. */
export function judge(exp: Expectation, obs: Observation): Judgement {
  switch (obs.verdict) {
    case 'ok':
      return { pass: exp.outcome === 'ok', got: 'ok' };
    case 'error': {
      const code = obs.code ?? 'error';
      return { pass: exp.outcome !== 'ok' && exp.outcome === code, got: code };
    }
    case 'skipped': {
      const f = obs.failure;
      return { pass: false, got: f ? `skipped (${f.step}: ${f.code ?? 'error'})` : 'skipped' };
    }
    case 'unavailable':
      return { pass: false, got: `not run: ${obs.fact ?? 'no client for this step'}` };
  }
}
