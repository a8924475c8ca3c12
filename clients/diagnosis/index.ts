/**
 * The diagnosis of a failed sign-in step: the step, its wire code and fact, and the scenario
 * settings behind it (`ctlab test` prints it for each mismatch; `ctlab signin` for a failure).
 *   KDC_ERR_TGT_REVOKED       -> azureADKerberos.neverReveal contains Domain Admins, carol is a member
 *   KRB_AP_ERR_BAD_INTEGRITY  -> KeyVersion vs CloudKeyVersion (fullTgt)
 *   NXDOMAIN / ERROR_NO_SUCH_DOMAIN at locateDc -> client.dcLocatorHint: upnSuffix, faults.dns, DC versions
 */
import type { Scenario } from '../../emulator/scenario/defaults.ts';
import { subjectOf } from './subject.ts';
import { RULES, type FailedStep, type Finding } from './rules.ts';

export type { FailedStep, Finding } from './rules.ts';
export { RULES } from './rules.ts';

export interface Diagnosis {
  readonly user: string;
  readonly failure: FailedStep;
  /** The settings behind it; empty when none explains it. */
  readonly findings: readonly Finding[];
}

/** Diagnoses `failure` of `user` (sAMAccountName or UPN) in `scenario`. */
export function diagnose(scenario: Scenario, user: string, failure: FailedStep, service?: string): Diagnosis {
  const rule = failure.code ? RULES[failure.code] : undefined;
  const findings = rule ? rule({ scenario, subject: subjectOf(scenario, user), failure, ...(service ? { service } : {}) }) : [];
  return { user, failure, findings };
}

/** The diagnosis as lines: the step and wire code with its fact, then one line per setting. */
export function formatDiagnosis(d: Diagnosis, indent = '  '): string[] {
  const f = d.failure;
  const code = f.code ? `${f.code}${f.wire !== undefined ? ` (${f.wire})` : ''}` : 'error';
  const lines = [`${indent}${d.user}: step ${f.step} failed with ${code}${f.fact ? `: ${f.fact}` : ''}`];
  if (!d.findings.length) lines.push(`${indent}  setting: none of the scenario's settings explains it`);
  for (const x of d.findings) lines.push(`${indent}  setting: ${x.setting} = ${JSON.stringify(x.value)}: ${x.why}`);
  return lines;
}
