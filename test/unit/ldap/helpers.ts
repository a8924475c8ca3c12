/** Shared fixtures for the LDAP tests: directories built from the scenario files and inline YAML. */
import { fileURLToPath } from 'node:url';
import { loadScenario, parseScenarioText } from '../../../emulator/scenario/load.ts';
import { buildDirectory } from '../../../emulator/directory/build.ts';
import type { Directory } from '../../../emulator/directory/model.ts';
import { DirectoryTree } from '../../../emulator/ldap/tree.ts';
import { PagedSearches } from '../../../emulator/ldap/paging.ts';
import { SeededRandom } from '../../../emulator/core/random.ts';
import type { SearchContext } from '../../../emulator/ldap/search.ts';

export const scenarioPath = (name: string) => fileURLToPath(new URL(`../../../scenarios/${name}`, import.meta.url));

const cache = new Map<string, Directory>();
export function directoryOf(name: string): Directory {
  let d = cache.get(name);
  if (!d) {
    d = buildDirectory(loadScenario(scenarioPath(name)));
    cache.set(name, d);
  }
  return d;
}

export const multi = () => directoryOf('multi-upn-suffix.yaml');

/** A small world with accounts in every bind-failure state (scenario epoch 2024-01-01). */
export const ACCOUNT_STATES_YAML = `
name: account-states
seed: ldap-account-states
epoch: 2024-01-01T00:00:00Z
domain: { dnsName: fabrikam.local, netbiosName: FABRIKAM, passwordPolicy: { maxPasswordAgeDays: 30 } }
upnSuffixes: [contoso.com]
dcs: [{ name: dc1, address: 127.0.0.1, os: Windows Server 2022 }]
users:
  - { sam: ok, upn: ok@contoso.com, password: "Ok-Passw0rd!", passwordNeverExpires: true }
  - { sam: off, password: "Off-Passw0rd!", enabled: false, passwordNeverExpires: true }
  - { sam: gone, password: "Gone-Passw0rd!", accountExpires: "2024-01-02T00:00:00Z", passwordNeverExpires: true }
  - { sam: old, password: "Old-Passw0rd!" }
  - { sam: reset, password: "Reset-Passw0rd!", passwordExpired: true }
  - { sam: locked, password: "Locked-Passw0rd!", locked: true, passwordNeverExpires: true }
`;

let states: Directory | undefined;
export function accountStates(): Directory {
  states ??= buildDirectory(parseScenarioText(ACCOUNT_STATES_YAML, 'account-states.yaml'));
  return states;
}

const trees = new WeakMap<Directory, DirectoryTree>();
export function treeOf(d: Directory): DirectoryTree {
  let t = trees.get(d);
  if (!t) {
    t = new DirectoryTree(d);
    trees.set(d, t);
  }
  return t;
}

/** A search context bound as alice (or as given), on the LDAP port unless `gc`. */
export function searchContext(d: Directory, opts: Partial<SearchContext> = {}): SearchContext {
  return {
    tree: treeOf(d),
    directory: d,
    dc: d.dcs[0],
    globalCatalog: false,
    bound: d.accountBySam('alice'),
    nowMs: Date.UTC(2025, 0, 1),
    paging: new PagedSearches(new SeededRandom('paging')),
    maxPageSize: 1000,
    ...opts,
  };
}
