/**
 * Account and group entries answer their naming and class attributes (LIGHT_ATTRIBUTES: what
 * LDAP's equality indexes read of every entry, and what an enumeration selects) before they are
 * assembled; the answers, and their order in a selection, must be exactly the assembled entry's,
 * or an indexed search would find what a scan does not. Only the most recently assembled entries
 * stay assembled (ASSEMBLED_KEPT); one assembled again equals what it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../emulator/directory/build.ts';
import { ASSEMBLED_KEPT, LazyAttributes, LIGHT_ATTRIBUTES, LIGHT_ORDER } from '../../../emulator/directory/entry-builder.ts';
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
    const lazyAttrs = e.attributes;
    const before = [...LIGHT_ATTRIBUTES].map((k) => [k, lazyAttrs.get(k)] as const);
    // Every light attribute, asked for in reverse order: a selection comes in the entry's order.
    const names = [...LIGHT_ORDER].reverse();
    const selected = lazyAttrs.lightSelection(names)!;
    expect(lazyAttrs.assembled, e.dn).toBe(false);
    expect(lazyAttrs.size, e.dn).toBeGreaterThan(0); // assembles the entry
    expect(lazyAttrs.assembled, e.dn).toBe(true);
    for (const [k, v] of before) expect(v, `${e.dn} ${k}`).toEqual(lazyAttrs.get(k));
    const assembledOrder = [...lazyAttrs.values()].filter((a) => LIGHT_ATTRIBUTES.has(a.name.toLowerCase()));
    expect(selected, e.dn).toEqual(assembledOrder);
    expect(lazyAttrs.lightSelection(names), e.dn).toEqual(assembledOrder);
    expect(lazyAttrs.lightSelection(['samaccountname', 'memberof']), e.dn).toBeUndefined();
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
  it(`keeps at most ${ASSEMBLED_KEPT} entries assembled; one assembled again has the same attributes`, () => {
    const text = GENERATED.replace('count: 300,', `count: ${ASSEMBLED_KEPT + 500},`);
    const dir = buildDirectory(parseScenarioText(text, 'big.yaml'));
    const lazy = dir.entries.flatMap((e) => (e.attributes instanceof LazyAttributes ? [e.attributes] : []));
    expect(lazy.length).toBeGreaterThan(ASSEMBLED_KEPT + 400);
    const first = [...lazy[0].entries()];
    for (const a of lazy) expect(a.size).toBeGreaterThan(10);
    expect(lazy.filter((a) => a.assembled)).toHaveLength(ASSEMBLED_KEPT);
    expect(lazy[0].assembled).toBe(false);
    expect(lazy[lazy.length - 1].assembled).toBe(true);
    expect([...lazy[0].entries()]).toEqual(first);
    expect(lazy[0].assembled).toBe(true);
  });
});
