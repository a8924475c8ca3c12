import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../../emulator/scenario/schema.ts';
import { loadScenario } from '../../../emulator/scenario/load.ts';
import { loadWorld } from '../../../emulator/world.ts';

const DIR = join(import.meta.dirname, '../../../scenarios');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

describe('every scenario in scenarios/', () => {
  it('includes the two the issue names', () => {
    expect(files).toEqual(expect.arrayContaining(['baseline.yaml', 'multi-upn-suffix.yaml']));
  });
  for (const f of files) {
    it(`${f} validates and builds a world`, () => {
      const w = loadWorld(join(DIR, f));
      expect(w.directory.dcs.some((d) => !d.readOnly)).toBe(true);
      expect(w.scenario.name).not.toBe('');
    });
  }
  it('ships the JSON Schema generated from the zod source, up to date', () => {
    const shipped = JSON.parse(readFileSync(join(DIR, 'scenario.schema.json'), 'utf8'));
    expect(shipped).toEqual(scenarioJsonSchema());
  });
});

describe('multi-upn-suffix.yaml is the world issue 3 describes', () => {
  const s = loadScenario(join(DIR, 'multi-upn-suffix.yaml'));
  it('has domain fabrikam.local (FABRIKAM) with suffixes contoso.com and east.contoso.com', () => {
    expect(s.domain.dnsName).toBe('fabrikam.local');
    expect(s.domain.netbiosName).toBe('FABRIKAM');
    expect(s.upnSuffixes).toEqual(['contoso.com', 'east.contoso.com']);
  });
  it('has alice, bob and carol (a Domain Admin) with passwords in the file', () => {
    expect(s.users.map((u) => [u.sam, u.upn])).toEqual([
      ['alice', 'alice@contoso.com'],
      ['bob', 'bob@east.contoso.com'],
      ['carol', 'carol@contoso.com'],
    ]);
    expect(s.users.find((u) => u.sam === 'carol')!.groups).toContain('Domain Admins');
    const text = readFileSync(join(DIR, 'multi-upn-suffix.yaml'), 'utf8');
    for (const u of s.users) expect(text).toContain(`password: "${u.secret.password}"`);
  });
  it('has fs1 with cifs/fs1.fabrikam.local and a writable 2022 DC dc1', () => {
    expect(s.computers[0].name).toBe('fs1');
    expect(s.computers[0].spns).toContain('cifs/fs1.fabrikam.local');
    expect(s.dcs).toHaveLength(1);
    expect([s.dcs[0].name, s.dcs[0].os, s.dcs[0].readOnly, s.dcs[0].address]).toEqual(['dc1', '2022', false, '127.0.0.1']);
  });
  it('has both suffixes as verified managed tenant domains and syncs all users', () => {
    expect(s.tenant.domains.map((d) => [d.name, d.verified, d.authentication])).toEqual([
      ['contoso.com', true, 'managed'],
      ['east.contoso.com', true, 'managed'],
    ]);
    expect(s.tenant.syncAllUsers).toBe(true);
  });
});
