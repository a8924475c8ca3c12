/**
 * Account and group entries answer their naming attributes (LIGHT_ATTRIBUTES: what LDAP's
 * equality indexes read of every entry) before they are assembled; the answers must be exactly
 * the assembled entry's, or an indexed search would find what a scan does not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../emulator/directory/build.ts';
import { LazyAttributes, LIGHT_ATTRIBUTES } from '../../../emulator/directory/entry-builder.ts';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';

const GENERATED = `
domain: { dnsName: fabrikam.local }
upnSuffixes: [contoso.com]
users:
  - { sam: alice, upn: alice@contoso.com }
generate:
  groups: { count: 20, nested: 0.5 }
  users: { count: 300, prefix: u, upnSuffixes: [{ suffix: contoso.com, share: 3 }, { suffix: fabrikam.local, share: 1 }], groupsPerUser: 2 }
  computers: { count: 30, spns: ["HTTP/{fqdn}", "cifs/{fqdn}"], spnShare: 0.5 }
`;

function check(text: string, file: string): number {
  const dir = buildDirectory(parseScenarioText(text, file));
  let lazy = 0;
  for (const e of dir.entries) {
    if (!(e.attributes instanceof LazyAttributes)) continue;
    lazy++;
    const before = [...LIGHT_ATTRIBUTES].map((k) => [k, e.attributes.get(k)] as const);
    expect(e.attributes.size, e.dn).toBeGreaterThan(0); // assembles the entry
    for (const [k, v] of before) expect(v, `${e.dn} ${k}`).toEqual(e.attributes.get(k));
  }
  return lazy;
}

describe('LazyAttributes naming attributes before assembly', () => {
  it('equal the assembled entry for every account and group of the default scenario', () => {
    const file = join(import.meta.dirname, '../../../scenarios/multi-upn-suffix.yaml');
    expect(check(readFileSync(file, 'utf8'), file)).toBeGreaterThan(20);
  });
  it('and of a generated population (users with and without UPNs, computers with SPNs, groups)', () => {
    expect(check(GENERATED, 'gen.yaml')).toBeGreaterThan(350);
  });
});
