import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../emulator/directory/build.ts';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';
import { ScenarioErrors } from '../../../emulator/scenario/errors.ts';
import { buildTenant } from '../../../emulator/tenant/build.ts';

const GEN = `
domain: { dnsName: fabrikam.local }
upnSuffixes: [contoso.com]
users:
  - { sam: alice }
generate:
  ous: { count: 4, parent: Corp/Staff, prefix: Dept }
  groups: { count: 10, nested: 0.5 }
  users:
    count: 1000
    prefix: u
    upnSuffixes: [{ suffix: contoso.com, share: 3 }, { suffix: fabrikam.local, share: 1 }]
    disabled: 0.1
    locked: 0.05
    passwordExpired: 0.02
    accountExpired: 0.01
    groupsPerUser: 2
    synced: 0.5
  computers: { count: 50, spns: ["HTTP/{fqdn}"], spnShare: 0.4, disabled: 0.1 }
`;

function issuesOf(text: string) {
  try {
    parseScenarioText(text, 'gen.yaml');
  } catch (err) {
    if (err instanceof ScenarioErrors) return err.issues;
    throw err;
  }
  return [];
}

describe('generate:', () => {
  const s = parseScenarioText(GEN, 'gen.yaml');
  const gen = s.users.filter((u) => u.sam.startsWith('u'));

  it('creates the counts asked, after the explicit entries, named prefix + zero-padded number', () => {
    expect(s.users[0].sam).toBe('alice');
    expect(gen).toHaveLength(1000);
    expect(gen[0].sam).toBe('u0001');
    expect(gen[999].sam).toBe('u1000');
    expect(s.groups.map((g) => g.name)).toEqual(['group01', 'group02', 'group03', 'group04', 'group05', 'group06', 'group07', 'group08', 'group09', 'group10']);
    expect(s.computers).toHaveLength(50);
    expect(s.ous).toEqual(['Corp', 'Corp/Staff', 'Corp/Staff/Dept1', 'Corp/Staff/Dept2', 'Corp/Staff/Dept3', 'Corp/Staff/Dept4']);
  });

  it('gives shares within one entry of the proportions asked', () => {
    const count = (f: (u: (typeof gen)[number]) => boolean) => gen.filter(f).length;
    expect(Math.abs(count((u) => u.upn.endsWith('@contoso.com')) - 750)).toBeLessThanOrEqual(1);
    expect(Math.abs(count((u) => !u.enabled) - 100)).toBeLessThanOrEqual(1);
    expect(Math.abs(count((u) => u.locked) - 50)).toBeLessThanOrEqual(1);
    expect(Math.abs(count((u) => u.passwordExpired) - 20)).toBeLessThanOrEqual(1);
    expect(Math.abs(count((u) => u.accountExpires !== null) - 10)).toBeLessThanOrEqual(1);
    const spn = s.computers.filter((c) => c.spns.length);
    expect(Math.abs(spn.length - 20)).toBeLessThanOrEqual(1);
    expect(spn[0].spns[0]).toMatch(/^HTTP\/pc\d\d\.fabrikam\.local$/);
  });

  it('is deterministic from the seed, and another seed draws another population', () => {
    const again = parseScenarioText(GEN, 'gen.yaml');
    expect(again.users.map((u) => [u.upn, u.enabled, u.locked])).toEqual(s.users.map((u) => [u.upn, u.enabled, u.locked]));
    const other = parseScenarioText(`seed: other\n${GEN}`, 'gen.yaml');
    expect(other.users.map((u) => u.upn)).not.toEqual(s.users.map((u) => u.upn));
  });

  it('builds a directory with nested groups, OUs and a tenant with the synced share', () => {
    const dir = buildDirectory(s);
    const u = dir.accountBySam('u0001')!;
    expect(u.dn).toMatch(/^CN=u0001,OU=Dept1,OU=Staff,OU=Corp,DC=fabrikam,DC=local$/i);
    expect(dir.groups.filter((g) => g.samAccountName.startsWith('group') && g.memberOfDns.some((d) => /CN=group\d\d,/.test(d))).length).toBeGreaterThanOrEqual(4);
    const tenant = buildTenant(s, dir);
    const synced = tenant.users.filter((x) => /^u\d{4}@/.test(x.userPrincipalName)).length;
    expect(Math.abs(synced - 500)).toBeLessThanOrEqual(1);
  });

  it('refuses a generated name that collides with an explicit one, naming both', () => {
    const issues = issuesOf(GEN.replace('  - { sam: alice }', '  - { sam: alice }\n  - { sam: u0007 }'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'generate.users', reason: 'DUPLICATE_SAM', line: 10 });
    expect(issues[0].expected).toContain('"u0007"');
    expect(issues[0].hint).toContain('users[1].sam');
  });

  it.each([
    ['prefix: u', 'prefix: averyveryverylongpx', 'generate.users.prefix', 'BAD_FORMAT'],
    ['suffix: contoso.com, share: 3', 'suffix: nowhere.example, share: 3', 'generate.users.upnSuffixes[0].suffix', 'UNKNOWN_UPN_SUFFIX'],
    ['disabled: 0.1', 'disabled: 1.5', 'generate.users.disabled', 'TOO_BIG'],
  ])('refuses %s -> %s at its path', (from, to, path, reason) => {
    const issues = issuesOf(GEN.replace(from, to));
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0].path).toBe(path);
    if (reason !== 'TOO_BIG') expect(issues[0].reason).toBe(reason);
    expect(issues[0].line).toBeGreaterThan(8);
  });
});
