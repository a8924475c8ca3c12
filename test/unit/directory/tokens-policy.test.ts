import { describe, expect, it } from 'vitest';
import { evaluateReplicationPolicy } from '../../../emulator/directory/policy.ts';
import { tokenGroups } from '../../../emulator/directory/tokens.ts';
import { fromText, multiUpn } from './fixture.ts';

const NESTED = `
domain:
  dnsName: x.local
  sid: S-1-5-21-10-20-30
groups:
  - { name: Team, rid: 2001 }
  - { name: Department, rid: 2002, members: [Team] }
  - { name: Division, rid: 2003, scope: universal, memberOf: [Department] }
  - { name: Loop, rid: 2004, members: [Department], memberOf: [Team] }
  - { name: LocalRes, rid: 2005, scope: domainLocal, members: [Division] }
  - { name: Staff, rid: 2006 }
users:
  - { sam: dana, rid: 3001, groups: [Team] }
  - { sam: erin, rid: 3002, groups: [Division], primaryGroup: Staff }
  - { sam: finn, rid: 3003, primaryGroup: Staff }
  - { sam: gail, rid: 3004, groups: [Account Operators] }
azureADKerberos:
  id: 77
`;

describe('token groups', () => {
  const d = fromText(NESTED);
  const sidsOf = (sam: string) => tokenGroups(d, d.accountBySam(sam)!).sids;

  it('starts with the account SID and its primary group, then nested memberships transitively', () => {
    const t = tokenGroups(d, d.accountBySam('dana')!);
    expect(t.sid).toBe('S-1-5-21-10-20-30-3001');
    expect(t.primaryGroupSid).toBe('S-1-5-21-10-20-30-513');
    expect(t.groups[0].rid).toBe(513);
    // dana is in Team; Team is in Department, Department is in Loop, and Loop is in Team again (a cycle).
    expect(new Set(sidsOf('dana'))).toEqual(
      new Set(['S-1-5-21-10-20-30-3001', 'S-1-5-21-10-20-30-513', 'S-1-5-32-545', 'S-1-5-21-10-20-30-2001', 'S-1-5-21-10-20-30-2002', 'S-1-5-21-10-20-30-2004']),
    );
  });

  it('survives a membership cycle and lists every group once', () => {
    const t = tokenGroups(d, d.accountBySam('dana')!);
    expect(t.groups.length).toBe(new Set(t.groups.map((g) => g.sid)).size);
  });

  it("follows the primary group's own memberships and not Domain Users when the primary group changed", () => {
    const s = sidsOf('finn');
    expect(s).toContain('S-1-5-21-10-20-30-2006');
    expect(s).not.toContain('S-1-5-21-10-20-30-513');
  });

  it('filters by scope for a PAC while expanding through every group', () => {
    const all = tokenGroups(d, d.accountBySam('erin')!);
    expect(all.groups.map((g) => g.cn)).toEqual(expect.arrayContaining(['Staff', 'Division', 'Department', 'Loop', 'Team', 'LocalRes']));
    const pac = tokenGroups(d, d.accountBySam('erin')!, { scopes: ['global', 'universal'] });
    expect(pac.groups.map((g) => g.cn)).not.toContain('LocalRes');
    expect(pac.groups.map((g) => g.cn)).toEqual(expect.arrayContaining(['Staff', 'Division', 'Department', 'Team', 'Loop']));
  });
});

describe('password replication policy of AzureADKerberos', () => {
  const d = multiUpn();
  const rodc = d.azureAdKerberos!.computer;
  const decide = (sam: string) => evaluateReplicationPolicy(d, rodc, d.accountBySam(sam)!);

  it('allows alice and bob through Domain Users (RevealOnDemand)', () => {
    for (const u of ['alice', 'bob']) {
      const r = decide(u);
      expect(r).toMatchObject({ allowed: true, reason: 'REVEAL_ON_DEMAND', decidingSid: `${d.domain.sid}-513` });
    }
  });

  it('denies carol: Domain Admins is in NeverReveal (and via Administrators too)', () => {
    const r = decide('carol');
    expect(r).toMatchObject({ allowed: false, reason: 'NEVER_REVEAL', decidingSid: `${d.domain.sid}-512`, decidingDn: 'CN=Domain Admins,CN=Users,DC=fabrikam,DC=local' });
    expect(tokenGroups(d, d.accountBySam('carol')!).sids).toContain('S-1-5-32-544');
  });

  it('denies krbtgt-linked accounts and the domain krbtgt', () => {
    expect(decide('krbtgt_30775')).toMatchObject({ allowed: false, reason: 'KRBTGT_LINKED' });
    expect(decide('krbtgt')).toMatchObject({ allowed: false, reason: 'KRBTGT_LINKED' });
  });

  it('denies accounts outside Domain Users and allows the RODC itself', () => {
    expect(decide('FS1$')).toMatchObject({ allowed: false, reason: 'NOT_IN_REVEAL_ON_DEMAND' });
    expect(evaluateReplicationPolicy(d, rodc, rodc)).toMatchObject({ allowed: true, reason: 'RODC_SELF' });
  });

  it('denies everyone when the RODC lacks PARTIAL_SECRETS_ACCOUNT', () => {
    const f = fromText('domain:\n  dnsName: x.local\nusers:\n  - sam: u\nazureADKerberos:\n  id: 5\n  missingPartialSecrets: true\n');
    expect(evaluateReplicationPolicy(f, f.azureAdKerberos!.computer, f.accountBySam('u')!)).toMatchObject({ allowed: false, reason: 'NOT_AN_RODC' });
  });

  it('uses the lists the scenario gives, NeverReveal winning over RevealOnDemand', () => {
    const f = fromText(`${NESTED}  neverReveal: [Division]\n  revealOnDemand: [Team, Division, finn]\n`);
    const r = f.azureAdKerberos!.computer;
    expect(evaluateReplicationPolicy(f, r, f.accountBySam('dana')!)).toMatchObject({ allowed: true, reason: 'REVEAL_ON_DEMAND', decidingSid: 'S-1-5-21-10-20-30-2001' });
    expect(evaluateReplicationPolicy(f, r, f.accountBySam('erin')!)).toMatchObject({ allowed: false, reason: 'NEVER_REVEAL', decidingSid: 'S-1-5-21-10-20-30-2003' });
    expect(evaluateReplicationPolicy(f, r, f.accountBySam('finn')!)).toMatchObject({ allowed: true, decidingSid: 'S-1-5-21-10-20-30-3003' });
    expect(evaluateReplicationPolicy(f, r, f.accountBySam('gail')!)).toMatchObject({ allowed: false, reason: 'NOT_IN_REVEAL_ON_DEMAND' });
  });

  it('with the default lists, a member of Account Operators is denied', () => {
    const f = fromText(NESTED);
    expect(evaluateReplicationPolicy(f, f.azureAdKerberos!.computer, f.accountBySam('gail')!)).toMatchObject({ allowed: false, reason: 'NEVER_REVEAL', decidingSid: 'S-1-5-32-548' });
  });
});

describe('tokenGroups attribute values', () => {
  it('are the binary group SIDs without the account SID', async () => {
    const { tokenGroupsValues } = await import('../../../emulator/directory/tokens.ts');
    const { sidFromBytes } = await import('../../../emulator/directory/ids.ts');
    const d = multiUpn();
    const carol = d.accountBySam('carol')!;
    const sids = tokenGroupsValues(d, carol).map(sidFromBytes);
    expect(sids).not.toContain(carol.sid);
    expect(sids).toEqual(expect.arrayContaining([`${d.domain.sid}-513`, `${d.domain.sid}-512`, 'S-1-5-32-544', 'S-1-5-32-545', `${d.domain.sid}-572`]));
    expect(sids).toHaveLength(5);
  });
});
