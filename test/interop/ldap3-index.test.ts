/**
 * python-ldap3 (Debian python3-ldap3, /usr/bin/python3) against the lab's LDAP server on a
 * directory of 5,000 users (test/support/big-directory.ts), the searches the equality indexes and
 * the streaming paged cursor answer: a paged subtree enumeration of every person (RFC 2696 through
 * ldap3's own paged_size/paged_cookie), lookups by sAMAccountName, by objectSid asserted as
 * escaped binary, and groups by (member=<SID=...>). Expected answers come from the directory
 * model, not from the server.
 */
import { describe, expect, it } from 'vitest';
import { serveBigDirectory, USER_PASSWORD } from '../support/big-directory.ts';
import { PATH, runProcess } from '../support/process.ts';

const DRIVER = new URL('./py/ldap3_index.py', import.meta.url).pathname;
const USERS = 5000;

interface Reply {
  paged: string[];
  pages: number;
  bySam: Record<string, string[]>;
  bySid: Record<string, string[]>;
  groupsOf: Record<string, string[]>;
}

const lab = serveBigDirectory(USERS);

describe('python-ldap3 on 5,000 users', () => {
  it('paged enumeration, and lookups by sAMAccountName, objectSid and member=<SID=...>', async () => {
    const sams = ['user0', 'user2499', 'user4999', 'USER1234', 'nosuch'];
    const sidOf = (sam: string) => lab.directory.accountBySam(sam)!.sid;
    const sids = ['user7', 'user4321'].map(sidOf);
    const memberSids = ['user15', 'user1999', 'user4000'].map(sidOf);
    const input = JSON.stringify({ port: lab.port, user: 'FABRIKAM\\user1', password: USER_PASSWORD, base: lab.directory.domain.dn, sams, sids, memberSids, pageSize: 500 });
    const r = await runProcess('/usr/bin/python3', [DRIVER], { env: { PATH, LANG: 'C.UTF-8' }, input, timeoutMs: 120_000 });
    if (r.code !== 0) throw new Error(`ldap3_index.py failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as Reply;

    // Every person (the generated users plus the built-in Administrator, Guest, krbtgt...), in pages of 500.
    const persons = lab.directory.entries.filter((e) => e.attributes.get('objectcategory')?.values.some((v) => String(v).toLowerCase().startsWith('cn=person,')));
    const expected = persons.map((e) => String(e.attributes.get('samaccountname')!.values[0]));
    expect(out.paged.length).toBe(expected.length);
    expect(out.paged.length).toBeGreaterThanOrEqual(USERS);
    expect([...out.paged].sort()).toEqual([...expected].sort());
    expect(out.pages).toBe(Math.ceil(expected.length / 500));

    expect(out.bySam).toEqual({
      user0: [lab.directory.accountBySam('user0')!.dn],
      user2499: [lab.directory.accountBySam('user2499')!.dn],
      user4999: [lab.directory.accountBySam('user4999')!.dn],
      USER1234: [lab.directory.accountBySam('user1234')!.dn],
      nosuch: [],
    });
    expect(out.bySid).toEqual(Object.fromEntries(['user7', 'user4321'].map((s) => [sidOf(s), [lab.directory.accountBySam(s)!.dn]])));
    // user15 is in group1, user1999 in group199; user4000 in no group.
    expect(out.groupsOf).toEqual({ [sidOf('user15')]: ['group1'], [sidOf('user1999')]: ['group199'], [sidOf('user4000')]: [] });
  }, 120_000);
});
