import { describe, expect, it } from 'vitest';
import { pacDescriptionFor } from '../../../../emulator/kerberos/kdc/index.ts';
import { account, NOW, testKdc } from './fixture.ts';

// The group RIDs of a PAC are worked out once per account (the directory is frozen after
// loading); each description must still be the caller's own.

describe('pacDescriptionFor', () => {
  const { ctx } = testKdc();
  const rid = (name: string) => {
    const g = ctx.directory.groups.find((x) => x.samAccountName === name);
    if (!g) throw new Error(`no group ${name}`);
    return Number(g.sid.slice(g.sid.lastIndexOf('-') + 1));
  };

  it('global groups with nesting resolved, domain-local ones as resource groups when asked', () => {
    const d = pacDescriptionFor(ctx, account('alice'), { authTime: NOW, domainLocalAsResourceGroups: true });
    expect([...(d.groups ?? [])].sort()).toEqual([513, rid('Engineers'), rid('Staff')].sort());
    expect(d.resourceGroups?.groups).toEqual([rid('FileReaders')]);
    expect(pacDescriptionFor(ctx, account('alice'), { authTime: NOW }).resourceGroups).toBeUndefined();
  });

  it('hands out fresh arrays: changing one description does not change the next', () => {
    const a = pacDescriptionFor(ctx, account('alice'), { authTime: NOW, domainLocalAsResourceGroups: true });
    (a.groups as number[]).push(4242);
    (a.resourceGroups!.groups as number[]).length = 0;
    const b = pacDescriptionFor(ctx, account('alice'), { authTime: NOW + 1000, domainLocalAsResourceGroups: true });
    expect(b.groups).not.toContain(4242);
    expect(b.resourceGroups?.groups).toEqual([rid('FileReaders')]);
    expect(b.authTime).toBe(NOW + 1000);
  });
});
