/**
 * A synthetic directory of `n` users for the LDAP index tests: scenario data built in code,
 * validated and resolved as a scenario file would be (no YAML, and no key derivation: the
 * directory holds passwords, keys are derived by the KDC only). 20 OUs, 200 groups of 10 members
 * each (user0..user1999), 50 computers with an http/ SPN; every user's password is USER_PASSWORD.
 */
import { afterAll, beforeAll } from 'vitest';
import { buildDirectory } from '../../emulator/directory/build.ts';
import type { Directory } from '../../emulator/directory/model.ts';
import { LdapServer } from '../../emulator/ldap/index.ts';
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

/** The calling test file's LDAP server on loopback over a bigDirectory(n), started in its beforeAll (after `before`), closed in its afterAll. */
export function serveBigDirectory(n: number, before?: () => void): { readonly directory: Directory; readonly port: number } {
  let directory: Directory | undefined;
  let server: LdapServer | undefined;
  let port = 0;
  beforeAll(async () => {
    before?.();
    directory = bigDirectory(n);
    server = new LdapServer({ directory, bind: '127.0.0.1', port: 0, gcPort: null });
    port = (await server.start())[0].port;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });
  return {
    get directory() {
      if (!directory) throw new Error('the big directory was not built');
      return directory;
    },
    get port() {
      return port;
    },
  };
}
