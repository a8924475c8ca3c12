/**
 * Runs a scenario's `expect:` list against a lab started in-process on free ports: each entry's
 * user becomes a UPN and password from the scenario, the device-chain steps run through `signIn`
 * (one sign-in per user and service, shared by that user's entries), `asReq`, `ldapBind` and a
 * `locateDc` without a device run through their own clients; every observation is judged
 * (compare.ts) and every mismatch carries the diagnosis of the step that failed.
 */
import type { Scenario } from '../../emulator/scenario/defaults.ts';
import { ScenarioErrors } from '../../emulator/scenario/errors.ts';
import { startLab, type LabFile } from '../../emulator/lab.ts';
import { Trace } from '../../emulator/trace/trace.ts';
import { loadWorld, type World } from '../../emulator/world.ts';
import { drsToken, registerDevice, type RegisteredDevice } from '../device/entra.ts';
import { entraTarget, type DeviceSignInOptions } from '../device/signin.ts';
import { deviceSettings } from '../device/scenario.ts';
import type { SignInResult } from '../device/types.ts';
import { diagnose, type Diagnosis } from '../diagnosis/index.ts';
import { subjectOf } from '../diagnosis/subject.ts';
import { judge, observeStep, type Expectation, type Observation } from './compare.ts';
import { asReqStep, ldapBindStep, locateDcStep, type Account } from './single-steps.ts';

export type SignInFn = (o: DeviceSignInOptions) => Promise<SignInResult>;

export interface Row {
  readonly scenario: string;
  readonly user: string;
  readonly step: string;
  readonly service?: string;
  readonly expected: string;
  readonly got: string;
  readonly pass: boolean;
  readonly note?: string;
  /** For a mismatch whose run failed somewhere: that failure and the settings behind it. */
  readonly diagnosis?: Diagnosis;
}

export interface ScenarioReport {
  readonly file: string;
  readonly name: string;
  readonly rows: readonly Row[];
  readonly ms: number;
  /** The scenario did not load or the lab did not start: every line of the reason. */
  readonly error?: readonly string[];
}

export interface RunOptions {
  /** The device sign-in; without it the device-chain steps are reported as not run. */
  readonly signIn?: SignInFn;
  /** Register the scenario's device once, as a hybrid-joined computer is (default true with signIn). */
  readonly registerOnce?: boolean;
  /** Why signIn is absent (printed in the got column). */
  readonly signInMissing?: string;
}

const DEVICE_STEPS = new Set(['register', 'nonce', 'prt', 'partialTgt', 'locateDc', 'fullTgt', 'keyList', 'serviceTicket']);

/** The UPN and cloud password the device signs in with, and the AD password the AS/LDAP steps use. */
export function accountsOf(s: Scenario, user: string): { cloud: Account; ad: Account } | undefined {
  const sub = subjectOf(s, user);
  const t = sub.tenantUser;
  if (!sub.user && !t) return undefined;
  const adUpn = sub.user?.upn ?? t?.upn ?? user;
  const adPassword = sub.user?.secret.password ?? t?.password ?? '';
  return { cloud: { upn: t?.upn ?? adUpn, password: t?.password ?? adPassword }, ad: { upn: adUpn, password: adPassword } };
}

/** The domain the device's locator searches for this user (client.dcLocatorHint). */
export function hintDomain(s: Scenario, user: string): string {
  const sub = subjectOf(s, user);
  const upn = sub.tenantUser?.upn ?? sub.user?.upn ?? user;
  if (s.client.dcLocatorHint === 'upnSuffix') return upn.slice(upn.lastIndexOf('@') + 1).toLowerCase();
  const d = sub.tenantUser?.onPremisesDomainName;
  return (typeof d === 'string' ? d : s.domain.dnsName).toLowerCase();
}

/**
 * The scenario's device, registered once with the first user Entra has enabled: a hybrid-joined
 * Windows computer is registered by the computer, not by each user who signs in, so a user's own
 * refusal (disabled, not synced) shows where Windows shows it, at the PRT request. Undefined when
 * no such user exists or the registration is refused (each sign-in then registers on its own).
 */
async function registerOnce(s: Scenario, lab: LabFile): Promise<RegisteredDevice | undefined> {
  const u = s.users.find((x) => {
    const t = subjectOf(s, x.sam).tenantUser;
    return t?.synced !== false && (t?.enabled ?? x.enabled) && (t !== undefined || s.tenant.syncAllUsers);
  });
  const acc = u && accountsOf(s, u.sam);
  if (!acc) return undefined;
  try {
    const http = entraTarget(lab);
    const tok = await drsToken(http, acc.cloud.upn, acc.cloud.password);
    if (!tok.ok) return undefined;
    const reg = await registerDevice(http, tok.accessToken, { name: s.client.deviceName, joinType: s.client.joinType === 'hybrid' ? 6 : 0, domain: lab.realm.toLowerCase() });
    return reg.ok ? reg.device : undefined;
  } catch {
    return undefined;
  }
}

async function observe(exp: Expectation, s: Scenario, lab: LabFile, opts: RunOptions, signIns: Map<string, Promise<SignInResult>>, device?: RegisteredDevice): Promise<Observation> {
  const acc = accountsOf(s, exp.user);
  if (!acc) return { step: exp.step, verdict: 'unavailable', fact: `no user '${exp.user}' in the scenario` };
  if (exp.step === 'asReq') return asReqStep(lab, acc.ad);
  if (exp.step === 'ldapBind') return ldapBindStep(lab, acc.ad);
  if (!DEVICE_STEPS.has(exp.step)) return { step: exp.step, verdict: 'unavailable', fact: `no client runs step ${exp.step}` };
  if (!opts.signIn) {
    if (exp.step === 'locateDc') return locateDcStep(lab, hintDomain(s, exp.user));
    return { step: exp.step, verdict: 'unavailable', fact: opts.signInMissing ?? 'no device sign-in' };
  }
  const key = `${exp.user.toLowerCase()}|${exp.service ?? ''}`;
  let p = signIns.get(key);
  if (!p) {
    p = opts.signIn({ lab, ...deviceSettings(s), ...(device ? { device } : {}), upn: acc.cloud.upn, password: acc.cloud.password, ...(exp.service ? { spn: exp.service } : {}) });
    signIns.set(key, p);
  }
  try {
    return observeStep(exp.step, await p);
  } catch (err) {
    return { step: exp.step, verdict: 'unavailable', fact: `the sign-in threw: ${(err as Error).message}` };
  }
}

function rowOf(name: string, s: Scenario, exp: Expectation, obs: Observation): Row {
  const j = judge(exp, obs);
  const base = { scenario: name, user: exp.user, step: exp.step, expected: exp.outcome, got: j.got, pass: j.pass, ...(exp.service ? { service: exp.service } : {}), ...(exp.note ? { note: exp.note } : {}) };
  if (j.pass || !obs.failure) return base;
  return { ...base, diagnosis: diagnose(s, exp.user, obs.failure, exp.service) };
}

/** Loads `file`, starts its lab on free ports, runs every expectation, stops the lab. */
export async function runScenario(file: string, opts: RunOptions = {}): Promise<ScenarioReport> {
  const t0 = performance.now();
  let world: World;
  try {
    world = loadWorld(file);
  } catch (err) {
    if (!(err instanceof ScenarioErrors)) throw err;
    return { file, name: file, rows: [], ms: performance.now() - t0, error: err.issues.map((i) => i.format()) };
  }
  const s = world.scenario;
  if (!s.expect.length) return { file, name: s.name, rows: [], ms: performance.now() - t0 };
  let lab;
  try {
    lab = await startLab(world, { freePorts: true, trace: new Trace({ keep: 0 }) });
  } catch (err) {
    return { file, name: s.name, rows: [], ms: performance.now() - t0, error: [`${file}: the lab did not start: ${(err as Error).message}`] };
  }
  try {
    const labFile = lab.labFile();
    const signIns = new Map<string, Promise<SignInResult>>();
    const rows: Row[] = [];
    const needsDevice = opts.signIn && opts.registerOnce !== false && s.expect.some((e) => DEVICE_STEPS.has(e.step));
    const device = needsDevice ? await registerOnce(s, labFile) : undefined;
    for (const exp of s.expect) rows.push(rowOf(s.name, s, exp, await observe(exp, s, labFile, opts, signIns, device)));
    return { file, name: s.name, rows, ms: performance.now() - t0 };
  } finally {
    await lab.close();
  }
}
