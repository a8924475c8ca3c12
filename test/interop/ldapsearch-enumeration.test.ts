/**
 * OpenLDAP's ldapsearch (ldap-utils) enumerating a directory of 6,000 users in pages of 1,000
 * (-E pr=1000/noprompt), more entries than stay assembled at once (entry-builder.ts
 * ASSEMBLED_KEPT): every account comes once with the values the directory model holds, whether
 * the selection is answered from the unassembled naming attributes (sAMAccountName, cn,
 * objectClass, objectCategory) or needs the assembled entry (userAccountControl, memberOf), which
 * is assembled again after it was let go. Expected values come from the model, not the server.
 */
import { describe, expect, it } from 'vitest';
import { ASSEMBLED_KEPT } from '../../emulator/directory/entry-builder.ts';
import type { Account } from '../../emulator/directory/model.ts';
import { serveBigDirectory, USER_PASSWORD } from '../support/big-directory.ts';
import { ldapsearch, requireLdapsearch, type LdifEntry } from './ldapsearch.support.ts';

const USERS = 6000;

const lab = serveBigDirectory(USERS, requireLdapsearch);

const enumerate = (attrs: string[]) =>
  ldapsearch(['-LLL', '-x', '-H', `ldap://127.0.0.1:${lab.port}`, '-D', 'FABRIKAM\\user1', '-w', USER_PASSWORD, '-b', lab.directory.domain.dn, '-E', 'pr=1000/noprompt', '(objectCategory=person)', ...attrs]);

const one = (e: LdifEntry, name: string) => {
  const v = e.attrs.get(name);
  expect(v, `${e.dn} ${name}`).toHaveLength(1);
  return String(v![0]);
};

describe(`ldapsearch -E pr=1000 on ${USERS} users`, () => {
  // (objectCategory=person): the users; computers are of category Computer, as on AD.
  const accounts = (): Account[] => [...lab.directory.users];

  it('the naming attributes, unassembled: every person once, in the order AD lists them', async () => {
    expect(USERS).toBeGreaterThan(ASSEMBLED_KEPT);
    const r = await enumerate(['sAMAccountName', 'objectClass', 'cn']);
    expect(r.code, r.stderr).toBe(0);
    const want = new Map(accounts().map((a) => [a.dn.toLowerCase(), a]));
    expect(r.entries).toHaveLength(want.size);
    expect(new Set(r.entries.map((e) => e.dn.toLowerCase())).size).toBe(want.size);
    for (const e of r.entries) {
      const a = want.get(e.dn.toLowerCase())!;
      expect(a, e.dn).toBeDefined();
      expect(one(e, 'sAMAccountName')).toBe(a.samAccountName);
      expect(one(e, 'cn')).toBe(a.cn);
      expect(e.attrs.get('objectClass')).toEqual(['top', 'person', 'organizationalPerson', 'user']);
      // AD's order, not the request's: objectClass, cn, then sAMAccountName.
      expect([...e.attrs.keys()]).toEqual(['objectClass', 'cn', 'sAMAccountName']);
    }
  }, 120_000);

  it('attributes of the assembled entry, through twice as many entries as stay assembled', async () => {
    for (let pass = 0; pass < 2; pass++) {
      const r = await enumerate(['sAMAccountName', 'userAccountControl', 'memberOf']);
      expect(r.code, r.stderr).toBe(0);
      const want = new Map(accounts().map((a) => [a.samAccountName.toLowerCase(), a]));
      expect(r.entries).toHaveLength(want.size);
      for (const e of r.entries) {
        const a = want.get(one(e, 'sAMAccountName').toLowerCase())!;
        expect(a, e.dn).toBeDefined();
        expect(Number(one(e, 'userAccountControl')), e.dn).toBe(a.userAccountControl);
        expect([...(e.attrs.get('memberOf') ?? [])].map(String).sort(), e.dn).toEqual([...a.memberOfDns].sort());
      }
    }
  }, 120_000);
});
