/**
 * The lab's scenario operations behind the admin API (docs/lab-admin.md):
 *
 *   GET  /scenario     the running scenario: name, text, whether it is the one the lab started with,
 *                      and the fault switches' state
 *   PUT  /scenario     {"text", "name"?}: validated by the scenario loader `ctlab validate` uses, then
 *                      the lab restarts on it (same ports; the admin API and the page stay up)
 *   POST /lab/reset    restart on the scenario the lab started with (the original text as loaded)
 *   GET  /faults       the switches' state
 *   POST /faults       fault switches (fault-switches.ts) as a patch of the running text, then a restart
 *
 * The restart itself is the lab's (LabControl, given by lab.ts: the admin API does not import the
 * lab). A text that does not validate throws ScenarioErrors and leaves the running lab untouched.
 * Each change emits one trace envelope (service 'admin').
 */
import type { Scenario } from '../scenario/defaults.ts';
import type { TraceEnvelope } from '../trace/envelope.ts';
import { AdminError } from './errors.ts';
import { applyDcSwitches, applyFaultSwitches, describeSwitches, faultState, parseFaultSwitches, type FaultState } from './fault-switches.ts';

/** A scenario as text, with the name it is known by (a file name: messages and the default name). */
export interface ScenarioSource {
  readonly name: string;
  readonly text: string;
  /** Further DCs switched down (the `dcDown` switch): a run-time state beside the text, cleared by a reset or a new text. */
  readonly downDcs?: readonly string[];
}

/** What lab.ts gives the admin API: the running scenario and the restart. */
export interface LabControl {
  /** The running scenario, its source text (undefined when the lab was started from an object) and whether it is the original. */
  current(): { readonly scenario: Scenario; readonly source?: ScenarioSource; readonly original: boolean };
  /**
   * Validates (throws ScenarioErrors, nothing changed) and restarts on `source`; `original` marks a
   * reset. Restarts run one at a time; a function is called when its turn comes (a patch of the
   * scenario running then, not of the one running when it was asked).
   */
  restart(source: ScenarioSource | (() => ScenarioSource), original: boolean): Promise<{ readonly ms: number }>;
  /** The source the lab started with, if it has one. */
  original(): ScenarioSource | undefined;
}

export interface ScenarioView {
  readonly name: string;
  readonly text: string;
  readonly original: boolean;
  readonly faults: FaultState;
}

/** Largest scenario text PUT /scenario takes (a scenario is a few KiB; the page's editor takes up to 2 MiB). */
export const MAX_SCENARIO_TEXT = 2 * 1024 * 1024;
/** Largest PUT /scenario body: the text JSON-escaped (a newline is two characters) and the name. */
export const MAX_SCENARIO_BODY = 2 * MAX_SCENARIO_TEXT + 4096;

export class LabAdmin {
  private readonly lab: LabControl;
  private readonly trace?: (e: Omit<TraceEnvelope, 'service' | 't'>) => void;
  constructor(lab: LabControl, trace?: (e: Omit<TraceEnvelope, 'service' | 't'>) => void) {
    this.lab = lab;
    if (trace) this.trace = trace;
  }

  private source(): ScenarioSource {
    const s = this.lab.current().source;
    if (!s) throw new AdminError('NOT_CONFIGURED', 'this lab was started from a scenario object, not a text: it has no scenario to show or patch (PUT /scenario one)');
    return s;
  }

  getScenario(): ScenarioView {
    const c = this.lab.current();
    const s = this.source();
    return { name: s.name, text: s.text, original: c.original, faults: faultState(c.scenario, s.downDcs) };
  }

  getFaults(): { faults: FaultState; original: boolean } {
    const c = this.lab.current();
    return { faults: faultState(c.scenario, c.source?.downDcs), original: c.original };
  }

  async putScenario(body: unknown): Promise<{ restarted: true; ms: number; name: string }> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new AdminError('BAD_REQUEST', 'expected a JSON object {"text": SCENARIO, "name"?: FILE NAME}', { field: '(body)' });
    const b = body as Record<string, unknown>;
    for (const k of Object.keys(b)) if (k !== 'text' && k !== 'name') throw new AdminError('BAD_REQUEST', `unknown field "${k}"; expected text, name`, { field: k });
    if (typeof b.text !== 'string' || b.text.trim() === '') throw new AdminError('BAD_REQUEST', 'text: expected the scenario as YAML or JSON text', { field: 'text' });
    if (Buffer.byteLength(b.text) > MAX_SCENARIO_TEXT) throw new AdminError('BODY_TOO_LARGE', `text: ${Buffer.byteLength(b.text)} bytes; a scenario of at most ${MAX_SCENARIO_TEXT} bytes is accepted`, { field: 'text' });
    if (b.name !== undefined && (typeof b.name !== 'string' || !/^[\w.@+-]{1,128}$/.test(b.name))) throw new AdminError('BAD_REQUEST', 'name: expected a file name such as my-scenario.yaml (letters, digits, . _ - + @)', { field: 'name' });
    const name = (b.name as string | undefined) ?? this.lab.current().source?.name ?? 'scenario.yaml';
    const { ms } = await this.lab.restart({ name, text: b.text }, false);
    this.emit('scenario', `restarted on ${name} in ${ms} ms (rotated keys and other run-time changes are gone)`, { name, ms });
    return { restarted: true, ms, name };
  }

  async reset(): Promise<{ restarted: true; ms: number; name: string }> {
    const o = this.lab.original();
    if (!o) throw new AdminError('NOT_CONFIGURED', 'this lab was started from a scenario object, not a file: there is nothing to reset to');
    const { ms } = await this.lab.restart(o, true);
    this.emit('reset', `reset to ${o.name} as started, in ${ms} ms`, { name: o.name, ms });
    return { restarted: true, ms, name: o.name };
  }

  async faults(body: unknown): Promise<{ restarted: true; ms: number; name: string; applied: string; faults: FaultState }> {
    const sw = parseFaultSwitches(body);
    this.source();
    const patch = (): ScenarioSource => {
      const src = this.source();
      const scenario = this.lab.current().scenario;
      const downDcs = applyDcSwitches(scenario, src.downDcs ?? [], sw);
      return { name: src.name, text: applyFaultSwitches(src.text, scenario, sw), ...(downDcs.length ? { downDcs } : {}) };
    };
    const { ms } = await this.lab.restart(patch, false);
    const applied = describeSwitches(sw);
    const now = this.lab.current();
    const faults = faultState(now.scenario, now.source?.downDcs);
    this.emit('fault', `${applied}: restarted in ${ms} ms`, { switches: sw, ms });
    return { restarted: true, ms, name: now.source?.name ?? now.scenario.name, applied, faults };
  }

  private emit(step: string, fact: string, detail: Record<string, unknown>): void {
    this.trace?.({ step, verdict: 'ok', fact, detail });
  }
}
