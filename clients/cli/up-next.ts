/**
 * What `ctlab up` prints after `ready` (unless --quiet or --trace -): where the lab listens and
 * the next commands to try against it: a cloud-trust sign-in for one user of each UPN suffix
 * (passwords are named, never printed: they are in the scenario file), the Kerberos server
 * object, and the scenario tests. Pure.
 */
import { relative } from 'node:path';
import type { LabFile } from '../../emulator/lab.ts';
import type { Scenario } from '../../emulator/scenario/defaults.ts';

/** One user per UPN suffix, in scenario order, at most `max`. */
export function sampleUsers(s: Scenario, max = 2): { upn: string; sam: string }[] {
  const seen = new Set<string>();
  const out: { upn: string; sam: string }[] = [];
  for (const u of s.users) {
    const suffix = u.upn.slice(u.upn.lastIndexOf('@') + 1).toLowerCase();
    if (seen.has(suffix) || !u.enabled) continue;
    seen.add(suffix);
    out.push({ upn: u.upn, sam: u.sam });
    if (out.length === max) break;
  }
  return out;
}

export function nextSteps(lab: LabFile, s: Scenario, scenarioPath: string, cwd: string): string {
  const r = relative(cwd, scenarioPath);
  const rel = r && !r.startsWith('..') ? r : scenarioPath;
  const url = (name: string) => lab.services[name]?.url;
  const endpoints = [
    lab.services.kdc ? `  Kerberos KDC      ${lab.services.kdc.host}:${lab.services.kdc.port} (realm ${lab.realm})` : undefined,
    lab.services.ldap ? `  LDAP / CLDAP      ${lab.services.ldap.host}:${lab.services.ldap.port}` : undefined,
    lab.services.dns ? `  DNS (DC locator)  ${lab.services.dns.host}:${lab.services.dns.port}` : undefined,
    url('entra') ? `  Entra ID (fake)   ${url('entra')}${url('entra-http') ? ` and ${url('entra-http')}` : ''}` : undefined,
    url('admin') ? `  admin API         ${url('admin')}` : undefined,
    url('ui') ? `  training page     ${url('ui')}` : undefined,
  ].filter((l): l is string => l !== undefined);
  const users = sampleUsers(s);
  const spn = s.computers.flatMap((c) => c.spns)[0] ?? 'cifs/<host>';
  const lines = [
    '',
    'endpoints:',
    ...endpoints,
    '',
    'next, in another terminal:',
    ...users.map((u) => `  ./bin/ctlab.mjs signin ${u.upn} --password P     # P: ${u.sam}'s password in ${rel}`),
    ...(users[0] ? [`  ./bin/ctlab.mjs signin ${users[0].upn} --spn ${spn} --ccache /tmp/${users[0].sam}.ccache --password P`] : []),
    '  ./bin/ctlab.mjs dsregcmd /status',
    '  ./bin/ctlab.mjs kerberos-server get',
    '  ./bin/ctlab.mjs test',
    '',
  ];
  return lines.join('\n');
}
