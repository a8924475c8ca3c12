/**
 * The sign-in's record: each step's StepResult, sent out as a TraceEnvelope (service 'device')
 * as it ends, and the steps that never ran marked skipped. Pure apart from the callback.
 */
import type { TraceEnvelope } from '../../emulator/trace/envelope.ts';
import { SIGNIN_STEPS, type SignInStep, type StepResult } from './types.ts';

export const DEVICE_SERVICE = 'device';

export function stepEnvelope(r: StepResult, t: number): TraceEnvelope {
  return {
    service: DEVICE_SERVICE,
    t,
    step: r.step,
    verdict: r.verdict === 'skipped' ? 'info' : r.verdict,
    ...(r.code !== undefined ? { code: r.code } : {}),
    ...(r.wire !== undefined ? { wire: r.wire } : {}),
    ...(r.fact !== undefined ? { fact: r.fact } : {}),
    detail: { ...(r.detail ?? {}), ...(r.verdict === 'skipped' ? { skipped: true } : {}) },
  };
}

export class StepLog {
  readonly steps: StepResult[] = [];
  private readonly now: () => number;
  private readonly trace?: (e: TraceEnvelope) => void;

  constructor(now: () => number, trace?: (e: TraceEnvelope) => void) {
    this.now = now;
    if (trace) this.trace = trace;
  }

  private push(r: StepResult): StepResult {
    this.steps.push(r);
    this.trace?.(stepEnvelope(r, this.now()));
    return r;
  }

  ok(step: SignInStep, fact: string, detail?: Record<string, unknown>, code?: string, wire?: number): StepResult {
    return this.push({ step, verdict: 'ok', fact, ...(code !== undefined ? { code } : {}), ...(wire !== undefined ? { wire } : {}), ...(detail ? { detail } : {}) });
  }

  error(step: SignInStep, code: string, wire: number | undefined, fact: string, detail?: Record<string, unknown>): StepResult {
    return this.push({ step, verdict: 'error', code, ...(wire !== undefined ? { wire } : {}), fact, ...(detail ? { detail } : {}) });
  }

  skip(step: SignInStep, fact: string): StepResult {
    return this.push({ step, verdict: 'skipped', fact });
  }

  /** Every step not yet recorded, in contract order, marked skipped with `why`. */
  skipRest(why: (step: SignInStep) => string | undefined): void {
    for (const s of SIGNIN_STEPS) {
      if (this.steps.some((r) => r.step === s)) continue;
      const fact = why(s);
      if (fact !== undefined) this.skip(s, fact);
    }
  }

  /** The steps in contract order. */
  ordered(): StepResult[] {
    return SIGNIN_STEPS.flatMap((s) => this.steps.filter((r) => r.step === s));
  }
}
