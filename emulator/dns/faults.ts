/**
 * Scenario DNS faults (scenario `faults.dns[]`, emulator/scenario/schema-cloud.ts DnsFaultSchema):
 * per owner name, exact or `*.suffix` (every name strictly below the suffix, as a DNS wildcard),
 * case-insensitive; per query type or ANY (every type). Actions: `drop` (no reply), `nxdomain`,
 * `servfail`, `delay` (reply after delayMs). Delays of every matching rule add up (capped at the
 * schema's 60 s); the first matching drop/nxdomain/servfail rule decides the reply. Pure.
 */
import { ScenarioError } from '../core/errors.ts';
import { nameKey, TYPE, typeName } from './wire.ts';

/** One rule as the scenario schema writes it (structurally the parsed `faults.dns[]` item). */
export interface DnsFaultRule {
  readonly name: string;
  readonly type?: 'A' | 'AAAA' | 'SRV' | 'CNAME' | 'SOA' | 'NS' | 'ANY';
  readonly action: 'drop' | 'nxdomain' | 'servfail' | 'delay';
  readonly delayMs?: number;
}

export type TerminalFault = 'drop' | 'nxdomain' | 'servfail';

/** What the faults say about one query. */
export interface FaultDecision {
  /** The first matching terminal action, if any. */
  readonly action?: TerminalFault;
  /** Total delay before replying (0 = none). */
  readonly delayMs: number;
  /** Indexes (into the rule list) of every rule that matched, for the trace. */
  readonly matched: readonly number[];
}

export const MAX_FAULT_DELAY_MS = 60_000;

interface Compiled {
  readonly index: number;
  readonly exact?: string;
  readonly suffix?: string;
  readonly type?: string;
  readonly action: DnsFaultRule['action'];
  readonly delayMs: number;
}

export class DnsFaults {
  private readonly rules: readonly Compiled[];

  /** `source` names the scenario file for errors (the rules are normally already validated). */
  constructor(rules: readonly DnsFaultRule[] = [], source = '(dns options)') {
    this.rules = rules.map((r, i) => {
      const path = `faults.dns[${i}]`;
      if (r.action === 'delay' && (r.delayMs === undefined || !Number.isInteger(r.delayMs) || r.delayMs < 1 || r.delayMs > MAX_FAULT_DELAY_MS)) {
        throw new ScenarioError(source, `${path}.delayMs`, `an integer 1..${MAX_FAULT_DELAY_MS} with action: delay`);
      }
      const key = nameKey(r.name);
      const wildcard = key.startsWith('*.');
      const type = r.type && r.type !== 'ANY' ? r.type : undefined;
      return {
        index: i,
        ...(wildcard ? { suffix: key.slice(1) } : { exact: key }),
        ...(type ? { type } : {}),
        action: r.action,
        delayMs: r.action === 'delay' ? (r.delayMs ?? 0) : 0,
      };
    });
  }

  get size(): number {
    return this.rules.length;
  }

  /** The decision for a query name (presentation form, any case) and QTYPE. */
  decide(qname: string, qtype: number): FaultDecision {
    const key = nameKey(qname);
    const qtypeName = qtype === TYPE.ANY ? 'ANY' : typeName(qtype);
    let action: TerminalFault | undefined;
    let delayMs = 0;
    const matched: number[] = [];
    for (const r of this.rules) {
      const nameOk = r.exact !== undefined ? key === r.exact : key.endsWith(r.suffix!) && key.length > r.suffix!.length;
      if (!nameOk || (r.type !== undefined && r.type !== qtypeName)) continue;
      matched.push(r.index);
      if (r.action === 'delay') delayMs += r.delayMs;
      else action ??= r.action;
    }
    return { ...(action ? { action } : {}), delayMs: Math.min(delayMs, MAX_FAULT_DELAY_MS), matched };
  }
}
