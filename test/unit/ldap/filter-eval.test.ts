import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../emulator/ldap/codec/index.ts';
import { evaluate } from '../../../emulator/ldap/filter-eval.ts';
import { guidToBytes, sidToBytes } from '../../../emulator/directory/ids.ts';
import { multi, treeOf } from './helpers.ts';

const d = multi();
const tree = treeOf(d);
const DOM = d.domain.dn;
const domainNc = tree.all.filter((t) => t.nc === tree.byDn(DOM)!.nc);

/** sAMAccountNames (or RDN values for objects without one) of the domain-NC entries a filter matches. */
function names(filter: string): string[] {
  const f = parseFilter(filter);
  return domainNc
    .filter((t) => evaluate({ tree }, t, f))
    .map((t) => String(t.entry.attributes.get('samaccountname')?.values[0] ?? t.entry.dn.split(',')[0]))
    .sort();
}

const esc = (b: Uint8Array) => Array.from(b, (x) => `\\${x.toString(16).padStart(2, '0')}`).join('');
const alice = d.accountBySam('alice')!;
const carol = d.accountBySam('carol')!;

describe('filter evaluation with AD matching', () => {
  const table: [string, string[]][] = [
    ['(sAMAccountName=alice)', ['alice']],
    ['(SAMACCOUNTNAME=ALICE)', ['alice']],
    ['(samaccountname=Alice)', ['alice']],
    ['(userPrincipalName=BOB@EAST.CONTOSO.COM)', ['bob']],
    ['(userPrincipalName=*@contoso.com)', ['alice', 'carol']],
    ['(userPrincipalName=*contoso.com)', ['alice', 'bob', 'carol']],
    ['(sAMAccountName=kr*)', ['krbtgt', 'krbtgt_30775']],
    ['(sAMAccountName=*tgt*30*)', ['krbtgt_30775']],
    ['(sAMAccountName=*$)', ['AzureADKerberos$', 'DC1$', 'FS1$']],
    ['(&(objectClass=user)(!(objectClass=computer))(givenName=*))', ['alice', 'bob', 'carol']],
    ['(|(sn=berg)(sn=CHEN))', ['bob', 'carol']],
    ['(sn~=berg)', ['bob']],
    ['(userAccountControl:1.2.840.113556.1.4.803:=67108864)', ['AzureADKerberos$']],
    ['(userAccountControl:1.2.840.113556.1.4.803:=8194)', []],
    ['(userAccountControl:1.2.840.113556.1.4.803:=514)', ['Guest', 'krbtgt', 'krbtgt_30775']],
    ['(userAccountControl:1.2.840.113556.1.4.804:=8192)', ['DC1$']],
    // 0x04002000: PARTIAL_SECRETS_ACCOUNT | SERVER_TRUST_ACCOUNT; FS1$ has neither bit.
    ['(&(objectCategory=computer)(userAccountControl:1.2.840.113556.1.4.804:=67117056))', ['AzureADKerberos$', 'DC1$']],
    ['(msDS-SecondaryKrbTgtNumber=30775)', ['krbtgt_30775']],
    ['(msDS-SecondaryKrbTgtNumber>=30000)', ['krbtgt_30775']],
    ['(msDS-SecondaryKrbTgtNumber<=30000)', []],
    ['(objectCategory=person)', ['Administrator', 'Guest', 'alice', 'bob', 'carol', 'krbtgt', 'krbtgt_30775']],
    ['(objectCategory=user)', ['Administrator', 'Guest', 'alice', 'bob', 'carol', 'krbtgt', 'krbtgt_30775']],
    ['(objectCategory=Person)', ['Administrator', 'Guest', 'alice', 'bob', 'carol', 'krbtgt', 'krbtgt_30775']],
    [`(objectCategory=CN=Computer,${d.domain.schemaDn})`, ['AzureADKerberos$', 'DC1$', 'FS1$']],
    ['(objectClass=1.2.840.113556.1.3.30)', ['AzureADKerberos$', 'DC1$', 'FS1$']],
    [`(msDS-KrbTgtLink=cn=KRBTGT_AZUREAD,cn=users,${DOM.toLowerCase()})`, ['AzureADKerberos$']],
    [`(msDS-KrbTgtLinkBl=CN=AzureADKerberos, OU=Domain Controllers, ${DOM})`, ['krbtgt_30775']],
    [`(memberOf=CN=Domain Admins,CN=Users,${DOM})`, ['Administrator', 'carol']],
    [`(memberOf:1.2.840.113556.1.4.1941:=CN=Administrators,CN=Builtin,${DOM})`, ['Administrator', 'Domain Admins', 'Enterprise Admins', 'carol']],
    [`(member:1.2.840.113556.1.4.1941:=${carol.dn})`, ['Administrators', 'Denied RODC Password Replication Group', 'Domain Admins']],
    [`(objectSid=${alice.sid})`, ['alice']],
    [`(objectSid=${esc(sidToBytes(alice.sid))})`, ['alice']],
    [`(memberOf=<SID=${d.domain.sid}-512>)`, ['Administrator', 'carol']],
    ['(groupType:1.2.840.113556.1.4.803:=2147483648)', d.groups.map((g) => g.samAccountName).sort()],
    ['(groupType:1.2.840.113556.1.4.803:=-2147483646)', d.groups.filter((g) => g.scope === 'global').map((g) => g.samAccountName).sort()],
    ['(whenCreated>=20240101000000.0Z)', names('(objectClass=*)')],
    ['(whenCreated<=19991231235959.0Z)', []],
    ['(cn:dn:=Builtin)', names('(sAMAccountType=536870912)').filter((n) => d.groupBySam(n)?.scope === 'builtin').concat(['CN=Builtin']).sort()],
    ['(!(employeeID=*))', names('(objectClass=*)')],
    ['(employeeID=1)', []],
    ['(description:1.2.3.4:=x)', []],
    ['(&)', names('(objectClass=*)')],
    ['(|)', []],
  ];
  it.each(table)('%s', (filter, expected) => {
    expect(names(filter)).toEqual([...expected].sort());
  });
  it('objectGUID compares as bytes: the escaped wire form matches, the text form does not', () => {
    expect(names(`(objectGUID=${esc(guidToBytes(alice.guid))})`)).toEqual(['alice']);
    expect(names(`(objectGUID=${alice.guid})`)).toEqual([]);
  });
});
