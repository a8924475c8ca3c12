/**
 * The "break it live" switches (docs/lab-admin.md): each names a scenario knob behind one of the
 * documented failures (PROTOCOL.md section 6) and becomes a patch of the running scenario's text,
 * which the lab then restarts on. Pure: text and switches in, text out.
 *
 *   neverReveal     {"add": NAME} | {"remove": NAME}   azureADKerberos.neverReveal (a user or a
 *                   group; the list starts from the module's default when the scenario has none)
 *   dnsDrop         {"name": OWNER, "type"?: RR type}  faults.dns += {name, type, action: drop}
 *   dnsFault        {"name", "type"?, "action": drop|nxdomain|servfail|delay, "delayMs"?}
 *   dnsClear        true                               faults.dns = []
 *   clockSkew       {"kdc"?: SECONDS, "cloud"?: SECONDS}  faults.clockSkewSeconds
 *   down            [SERVICE, ...]                     faults.down (replaced; [] = all up)
 *   dcLocatorHint   onPremisesDomainName | upnSuffix    client.dcLocatorHint
 *   kerberosDomain  "absent" | "present"               tenant.kerberosDomain.present (the cloud's
 *                   KerberosDomain alone; DELETE /kerberos-server removes both sides live)
 *   dcDown / dcUp   DC NAME                            the serving DC (the first writable one, whose
 *                   KDC the lab runs): faults.down += / -= kdc, as dc-unreachable.yaml does; any
 *                   other DC: its LDAP-ping listener is not started (a run-time state kept beside
 *                   the text until a reset: the scenario format has no field for it)
 *
 * A body names one or more switches; an unknown switch or a value of the wrong shape is a
 * BAD_REQUEST naming the field and what was expected. What the loader checks (a group that does
 * not exist, a DNS name that is not one) it reports itself, with the path and line of the patched
 * scenario (SCENARIO_INVALID).
 */
import { createRequire } from 'node:module';
import type { Document } from 'yaml';
import type { Scenario } from '../scenario/defaults.ts';
import { DNS_FAULT_ACTIONS, DNS_FAULT_TYPES, LOCATOR_HINTS, MAX_CLOCK_SKEW_S, SERVICE_NAMES } from '../scenario/schema-cloud.ts';
import { AZUREAD_KERBEROS_NEVER_REVEAL } from '../directory/wellknown.ts';
import { AdminError } from './errors.ts';


export interface DnsFault {
  readonly name: string;
  readonly type: (typeof DNS_FAULT_TYPES)[number];
  readonly action: (typeof DNS_FAULT_ACTIONS)[number];
  readonly delayMs?: number;
}

export interface FaultSwitches {
  readonly neverReveal?: { readonly add?: string; readonly remove?: string };
  readonly dns?: readonly DnsFault[];
  readonly dnsClear?: boolean;
  readonly clockSkew?: { readonly kdc?: number; readonly cloud?: number };
  readonly down?: readonly (typeof SERVICE_NAMES)[number][];
  readonly dcLocatorHint?: (typeof LOCATOR_HINTS)[number];
  readonly kerberosDomain?: 'absent' | 'present';
  readonly dcDown?: string;
  readonly dcUp?: string;
}

export const SWITCH_NAMES = ['neverReveal', 'dnsDrop', 'dnsFault', 'dnsClear', 'clockSkew', 'down', 'dcLocatorHint', 'kerberosDomain', 'dcDown', 'dcUp'] as const;

const bad = (field: string, expected: string): AdminError => new AdminError('BAD_REQUEST', `${field}: expected ${expected}`, { field, expected });
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function fields(v: unknown, field: string, allowed: readonly string[], expected: string): Record<string, unknown> {
  if (!isObject(v)) throw bad(field, expected);
  for (const k of Object.keys(v)) if (!allowed.includes(k)) throw bad(`${field}.${k}`, `no such field; ${expected}`);
  return v;
}

function name(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > 255) throw bad(field, 'a name (a non-empty string of at most 255 characters)');
  return v.trim();
}

function oneOf<T extends string>(v: unknown, field: string, values: readonly T[]): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw bad(field, `one of ${values.join(', ')}`);
  return v as T;
}

function dnsFault(v: unknown, field: string, action?: DnsFault['action']): DnsFault {
  const allowed = action ? ['name', 'type'] : ['name', 'type', 'action', 'delayMs'];
  const o = fields(v, field, allowed, `{${allowed.map((a) => `"${a}"`).join(', ')}} (name: a DNS owner name, type: ${DNS_FAULT_TYPES.join('|')})`);
  const act = action ?? oneOf(o.action, `${field}.action`, DNS_FAULT_ACTIONS);
  const out: DnsFault = { name: name(o.name, `${field}.name`), type: o.type === undefined ? 'ANY' : oneOf(o.type, `${field}.type`, DNS_FAULT_TYPES), action: act };
  if (act === 'delay') {
    const d = o.delayMs;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 60_000) throw bad(`${field}.delayMs`, 'an integer 1..60000 (required with action delay)');
    return { ...out, delayMs: d };
  }
  if (o.delayMs !== undefined) throw bad(`${field}.delayMs`, 'nothing unless action is delay');
  return out;
}

/** The switches of a POST /faults body; BAD_REQUEST naming the field when one is wrong. */
export function parseFaultSwitches(body: unknown): FaultSwitches {
  const o = fields(body, '(body)', SWITCH_NAMES, `a JSON object with one or more of ${SWITCH_NAMES.join(', ')}`);
  if (Object.keys(o).length === 0) throw bad('(body)', `one or more of ${SWITCH_NAMES.join(', ')}`);
  const out: { -readonly [K in keyof FaultSwitches]: FaultSwitches[K] } = {};
  if (o.neverReveal !== undefined) {
    const n = fields(o.neverReveal, 'neverReveal', ['add', 'remove'], '{"add": NAME} or {"remove": NAME} (a user or a group)');
    if ((n.add === undefined) === (n.remove === undefined)) throw bad('neverReveal', 'exactly one of add, remove');
    out.neverReveal = n.add !== undefined ? { add: name(n.add, 'neverReveal.add') } : { remove: name(n.remove, 'neverReveal.remove') };
  }
  const dns: DnsFault[] = [];
  if (o.dnsDrop !== undefined) dns.push(dnsFault(o.dnsDrop, 'dnsDrop', 'drop'));
  if (o.dnsFault !== undefined) dns.push(dnsFault(o.dnsFault, 'dnsFault'));
  if (dns.length) out.dns = dns;
  if (o.dnsClear !== undefined) {
    if (o.dnsClear !== true) throw bad('dnsClear', 'true');
    out.dnsClear = true;
  }
  if (o.clockSkew !== undefined) {
    const c = fields(o.clockSkew, 'clockSkew', ['kdc', 'cloud'], '{"kdc"?: SECONDS, "cloud"?: SECONDS}');
    const skew: { kdc?: number; cloud?: number } = {};
    for (const side of ['kdc', 'cloud'] as const) {
      const v = c[side];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > MAX_CLOCK_SKEW_S) throw bad(`clockSkew.${side}`, `whole seconds between -${MAX_CLOCK_SKEW_S} and ${MAX_CLOCK_SKEW_S}`);
      skew[side] = v;
    }
    if (skew.kdc === undefined && skew.cloud === undefined) throw bad('clockSkew', 'kdc, cloud or both');
    out.clockSkew = skew;
  }
  if (o.down !== undefined) {
    if (!Array.isArray(o.down)) throw bad('down', `a list of services (${SERVICE_NAMES.join(', ')}); [] starts them all`);
    out.down = [...new Set(o.down.map((s, i) => oneOf(s, `down[${i}]`, SERVICE_NAMES)))];
  }
  if (o.dcLocatorHint !== undefined) out.dcLocatorHint = oneOf(o.dcLocatorHint, 'dcLocatorHint', LOCATOR_HINTS);
  if (o.kerberosDomain !== undefined) out.kerberosDomain = oneOf(o.kerberosDomain, 'kerberosDomain', ['absent', 'present'] as const);
  if (o.dcDown !== undefined) out.dcDown = name(o.dcDown, 'dcDown');
  if (o.dcUp !== undefined) out.dcUp = name(o.dcUp, 'dcUp');
  if (out.down && (out.dcDown || out.dcUp)) throw bad('down', 'no down list beside dcDown or dcUp (both set faults.down)');
  return out;
}

/** The DC the lab's services act as: the scenario's first writable DC (lab-services.ts servingDc). */
function servingDcName(s: Scenario): string {
  return (s.dcs.find((d) => !d.readOnly) ?? s.dcs[0]).name;
}

/** The scenario's DC named `n` (any case), or BAD_REQUEST naming the field and the DCs there are. */
function dcNamed(s: Scenario, n: string, field: string): string {
  const dc = s.dcs.find((d) => d.name.toLowerCase() === n.toLowerCase());
  if (!dc) throw bad(field, `the name of one of the scenario's DCs (${s.dcs.map((d) => d.name).join(', ')})`);
  return dc.name;
}

/** The further DCs switched down after `sw` (the serving DC is a faults.down patch instead). */
export function applyDcSwitches(s: Scenario, downDcs: readonly string[], sw: FaultSwitches): string[] {
  const serving = servingDcName(s).toLowerCase();
  const out = new Set(downDcs.map((n) => n.toLowerCase()));
  if (sw.dcDown) {
    const n = dcNamed(s, sw.dcDown, 'dcDown').toLowerCase();
    if (n !== serving) out.add(n);
  }
  if (sw.dcUp) out.delete(dcNamed(s, sw.dcUp, 'dcUp').toLowerCase());
  return s.dcs.map((d) => d.name).filter((n) => out.has(n.toLowerCase()));
}

/** The switches' current state, read from the running scenario (and the further DCs switched down). */
export function faultState(s: Scenario, downDcs: readonly string[] = []) {
  const never = s.azureADKerberos.present ? [...(s.azureADKerberos.neverReveal ?? AZUREAD_KERBEROS_NEVER_REVEAL)] : null;
  const builtIn = new Set(AZUREAD_KERBEROS_NEVER_REVEAL.map((n) => n.toLowerCase()));
  return {
    neverReveal: never,
    /** The entries beyond the module's default list (what a NeverReveal switch, or the scenario, added). */
    neverRevealAdded: (never ?? []).filter((n) => !builtIn.has(n.toLowerCase())),
    dns: s.faults.dns.map((f) => ({ ...f })),
    clockSkew: { ...s.faults.clockSkewSeconds },
    down: [...s.faults.down],
    dcLocatorHint: s.client.dcLocatorHint,
    /** Whether the scenario gives the tenant a KerberosDomain. */
    kerberosDomain: s.tenant.kerberosDomain.present ? 'present' : 'absent',
    /** The serving DC's name (dcDown of it is faults.down kdc) and the further DCs switched down. */
    servingDc: servingDcName(s),
    downDcs: [...downDcs],
  };
}
export type FaultState = ReturnType<typeof faultState>;

/** One line per switch, for the trace and the CLI. */
export function describeSwitches(sw: FaultSwitches): string {
  const parts: string[] = [];
  if (sw.neverReveal?.add) parts.push(`${sw.neverReveal.add} added to msDS-NeverRevealGroup`);
  if (sw.neverReveal?.remove) parts.push(`${sw.neverReveal.remove} taken off msDS-NeverRevealGroup`);
  if (sw.dnsClear) parts.push('every DNS fault cleared');
  for (const f of sw.dns ?? []) parts.push(`DNS ${f.action} for ${f.name} ${f.type}${f.delayMs ? ` (${f.delayMs} ms)` : ''}`);
  if (sw.clockSkew?.kdc !== undefined) parts.push(`KDC clock ${sw.clockSkew.kdc >= 0 ? '+' : ''}${sw.clockSkew.kdc} s`);
  if (sw.clockSkew?.cloud !== undefined) parts.push(`Entra clock ${sw.clockSkew.cloud >= 0 ? '+' : ''}${sw.clockSkew.cloud} s`);
  if (sw.down) parts.push(sw.down.length ? `down: ${sw.down.join(', ')}` : 'every service up');
  if (sw.dcLocatorHint) parts.push(`DC locator hint ${sw.dcLocatorHint}`);
  if (sw.dcDown) parts.push(`DC ${sw.dcDown} down`);
  if (sw.dcUp) parts.push(`DC ${sw.dcUp} up`);
  if (sw.kerberosDomain) parts.push(sw.kerberosDomain === 'absent' ? "the tenant's KerberosDomain removed" : "the tenant's KerberosDomain present");
  return parts.join('; ');
}

type Path = readonly string[];
/** The little of a document the patch needs: the same for YAML (comments kept) and JSON text. */
interface Editable {
  set(path: Path, value: unknown): void;
  text(): string;
}

let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

function yamlEditable(text: string): Editable {
  const doc: Document = yaml().parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length || !yaml().isMap(doc.contents)) throw new AdminError('BAD_REQUEST', 'the running scenario is not a YAML mapping; PUT /scenario a valid one first');
  return { set: (p, v) => doc.setIn(p, doc.createNode(v)), text: () => doc.toString() };
}

function jsonEditable(text: string): Editable {
  const root = JSON.parse(text) as Record<string, unknown>;
  return {
    set(path, value) {
      let o = root;
      for (const k of path.slice(0, -1)) o = (isObject(o[k]) ? o[k] : (o[k] = {})) as Record<string, unknown>;
      o[path.at(-1)!] = value;
    },
    text: () => JSON.stringify(root, null, 2) + '\n',
  };
}

/** The scenario text with the switches applied (`current` is the running scenario, for the lists). */
export function applyFaultSwitches(text: string, current: Scenario, sw: FaultSwitches): string {
  const json = text.trimStart().startsWith('{') && (() => { try { JSON.parse(text); return true; } catch { return false; } })();
  const edit = json ? jsonEditable(text) : yamlEditable(text);
  let touched = false;
  const doc = { set: (p: Path, v: unknown) => ((touched = true), edit.set(p, v)) };
  if (sw.neverReveal) {
    const list = [...(current.azureADKerberos.neverReveal ?? AZUREAD_KERBEROS_NEVER_REVEAL)];
    const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
    const { add, remove } = sw.neverReveal;
    if (add !== undefined && !list.some((n) => same(n, add))) list.push(add);
    const next = remove !== undefined ? list.filter((n) => !same(n, remove)) : list;
    doc.set(['azureADKerberos', 'neverReveal'], next);
  }
  if (sw.dnsClear || sw.dns) {
    const kept = sw.dnsClear ? [] : current.faults.dns.map((f) => ({ name: f.name, type: f.type, action: f.action, ...(f.delayMs !== undefined ? { delayMs: f.delayMs } : {}) }));
    doc.set(['faults', 'dns'], [...kept, ...(sw.dns ?? []).map((f) => ({ ...f }))]);
  }
  if (sw.clockSkew?.kdc !== undefined) doc.set(['faults', 'clockSkewSeconds', 'kdc'], sw.clockSkew.kdc);
  if (sw.clockSkew?.cloud !== undefined) doc.set(['faults', 'clockSkewSeconds', 'cloud'], sw.clockSkew.cloud);
  // dcDown / dcUp of the serving DC: its KDC down or up (dc-unreachable.yaml); other DCs: applyDcSwitches.
  const serving = servingDcName(current).toLowerCase();
  const kdcOf = (n: string | undefined, field: string) => n !== undefined && dcNamed(current, n, field).toLowerCase() === serving;
  let down = sw.down ? [...sw.down] : undefined;
  if (kdcOf(sw.dcDown, 'dcDown')) down = [...new Set([...current.faults.down, 'kdc' as const])];
  if (kdcOf(sw.dcUp, 'dcUp')) down = (down ?? current.faults.down).filter((x) => x !== 'kdc');
  if (down) doc.set(['faults', 'down'], down);
  if (sw.dcLocatorHint) doc.set(['client', 'dcLocatorHint'], sw.dcLocatorHint);
  if (sw.kerberosDomain) doc.set(['tenant', 'kerberosDomain', 'present'], sw.kerberosDomain === 'present');
  // A switch that sets nothing in the text (another DC down) leaves it byte for byte.
  return touched ? edit.text() : text;
}
