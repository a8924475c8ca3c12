/**
 * A synthetic directory of `n` users for the LDAP index tests: scenario data built in code,
 * validated and resolved as a scenario file would be (no YAML, and no key derivation: the
 * directory holds passwords, keys are derived by the KDC only). 20 OUs, 200 groups of 10 members
 * each (user0..user1999), 50 computers with an http/ SPN; every user's password is USER_PASSWORD.
 */
import { buildDirectory } from '../../emulator/directory/build.ts';
import type { Directory } from '../../emulator/directory/model.ts';
import { resolveScenario } from '../../emulator/scenario/defaults.ts';
import { validateScenarioData } from '../../emulator/scenario/validate.ts';

export const USER_PASSWORD = 'Passw0rd!Passw0rd';

export function bigDirectory(n: number): Directory {
  const ous = Array.from({ length: 20 }, (_, i) => `Dept${i}`);
  const users = Array.from({ length: n }, (_, i) => ({ sam: `user${i}`, upn: `user${i}@fabrikam.local`, password: USER_PASSWORD, ou: `Dept${i % 20}` }));
  const groups = Array.from({ length: Math.min(200, Math.floor(n / 10)) }, (_, g) => ({ name: `group${g}`, members: Array.from({ length: 10 }, (_, j) => `user${g * 10 + j}`) }));
  const computers = Array.from({ length: 50 }, (_, i) => ({ name: `ws${i}`, password: 'Machine-Passw0rd!', spns: [`http/ws${i}.fabrikam.local`] }));
  const data = {
    name: 'big',
    seed: 'ldap-index-big',
    domain: { dnsName: 'fabrikam.local' },
    dcs: [{ name: 'dc1', address: '127.0.0.1', os: 'Windows Server 2022' }],
    ous,
    users,
    groups,
    computers,
  };
  const v = validateScenarioData(data);
  if (!v.ok) throw new Error(`bad scenario data: ${JSON.stringify(v.issues.slice(0, 3))}`);
  return buildDirectory(resolveScenario(v.scenario, { file: 'big.yaml', name: 'big' }));
}
