/**
 * Cross-reference checks of the cloud and run-time half: tenant domains and users, the
 * KerberosDomain object, faults and expectations.
 */
import { KRB_ERR } from '../kerberos/error-codes.ts';
import type { RawIssue } from './errors.ts';
import type { NameTable } from './names.ts';
import type { ParsedScenario } from './schema.ts';
import { Unique } from './validate-onprem.ts';
import { closest } from './zod-issues.ts';

type Path = (string | number)[];

/** Prefixes of Kerberos error names; an outcome with one of them must be a real KRB_ERR name. */
const KRB_PREFIXES = /^(KDC_ERR_|KRB_AP_ERR_|KRB_ERR_|KDC_)/;
/** Lab codes with such a prefix that are not KRB-ERRORs: the device's "no KDC answered" (clients/device). */
const LAB_KDC_CODES = new Set(['KDC_UNREACHABLE']);

export function validateCloud(s: ParsedScenario, names: NameTable, pathText: (p: Path) => string): RawIssue[] {
  const out: RawIssue[] = [];
  const t = s.tenant;

  const domains = new Unique(out, 'DUPLICATE_NAME', 'tenant domain');
  t.domains?.forEach((d, i) => domains.add(d.name, ['tenant', 'domains', i, 'name'], pathText));
  const defaults = (t.domains ?? []).flatMap((d, i) => (d.default ? [i] : []));
  if (defaults.length > 1) out.push({ path: ['tenant', 'domains', defaults[1], 'default'], reason: 'CONFLICT', expected: 'at most one default domain' });

  const synced = new Unique(out, 'DUPLICATE_NAME', 'tenant user entry');
  const cloudUpns = new Unique(out, 'DUPLICATE_UPN', 'cloud userPrincipalName');
  t.users.forEach((u, i) => {
    const base: Path = ['tenant', 'users', i];
    if (u.cloudOnly) {
      if (u.user !== undefined) out.push({ path: [...base, 'user'], reason: 'CONFLICT', expected: 'no AD user on a cloud-only user', hint: 'remove user: or cloudOnly:' });
      if (u.upn === undefined) out.push({ path: [...base, 'upn'], reason: 'MISSING', expected: 'a upn for a cloud-only user (required)' });
      else cloudUpns.add(u.upn, [...base, 'upn'], pathText);
      return;
    }
    if (u.user === undefined) {
      out.push({ path: [...base, 'user'], reason: 'MISSING', expected: 'the sAMAccountName of the AD user (required unless cloudOnly: true)' });
      return;
    }
    synced.add(u.user, [...base, 'user'], pathText);
    const ref = names.account(u.user);
    if (!ref || ref.kind !== 'user') {
      const guess = closest(u.user, s.users.map((x) => x.sam));
      out.push({ path: [...base, 'user'], reason: 'UNKNOWN_USER', expected: `the sAMAccountName of a user under users:, got ${JSON.stringify(u.user)}`, hint: guess ? `did you mean ${JSON.stringify(guess)}?` : undefined });
    }
    if (u.upn !== undefined) cloudUpns.add(u.upn, [...base, 'upn'], pathText);
  });

  // Faults
  s.faults.dns.forEach((f, i) => {
    if (f.action === 'delay' && f.delayMs === undefined) out.push({ path: ['faults', 'dns', i, 'delayMs'], reason: 'MISSING', expected: 'delayMs (milliseconds) with action: delay' });
    if (f.action !== 'delay' && f.delayMs !== undefined) out.push({ path: ['faults', 'dns', i, 'delayMs'], reason: 'CONFLICT', expected: 'delayMs only with action: delay' });
  });
  const down = new Unique(out, 'DUPLICATE_NAME', 'service');
  s.faults.down.forEach((d, i) => down.add(d, ['faults', 'down', i], pathText));

  // Expectations
  const cloudOnly = new Set(t.users.filter((u) => u.cloudOnly && u.upn).map((u) => u.upn!.toLowerCase()));
  const adUpns = new Set(s.users.filter((u) => u.upn).map((u) => u.upn!.toLowerCase()));
  const steps = new Unique(out, 'DUPLICATE_NAME', 'user and step');
  s.expect.forEach((e, i) => {
    const base: Path = ['expect', i];
    const ref = names.account(e.user);
    const known = (ref && ref.kind === 'user') || cloudOnly.has(e.user.toLowerCase()) || adUpns.has(e.user.toLowerCase());
    if (!known) {
      const guess = closest(e.user, s.users.map((x) => x.sam));
      out.push({ path: [...base, 'user'], reason: 'UNKNOWN_USER', expected: `a user of the scenario, got ${JSON.stringify(e.user)}`, hint: guess ? `did you mean ${JSON.stringify(guess)}?` : 'name a user by sAMAccountName or a cloud-only user by UPN' });
    }
    if (KRB_PREFIXES.test(e.outcome) && !(e.outcome in KRB_ERR) && !LAB_KDC_CODES.has(e.outcome)) {
      const guess = closest(e.outcome, Object.keys(KRB_ERR));
      out.push({ path: [...base, 'outcome'], reason: 'UNKNOWN_OUTCOME', expected: `ok or a Kerberos error name, got ${JSON.stringify(e.outcome)}`, hint: guess ? `did you mean ${guess}?` : undefined });
    }
    if (e.step === 'serviceTicket' && e.service === undefined) out.push({ path: [...base, 'service'], reason: 'MISSING', expected: 'the SPN asked for in a serviceTicket step (required)' });
    steps.add(`${e.user}\u0000${e.step}\u0000${e.service ?? ''}`, [...base, 'step'], pathText);
  });
  return out;
}
