/**
 * The lab's LDAP server seen by the real OpenLDAP client, `ldapsearch` (ldap-utils), on a free
 * port, for scenarios/multi-upn-suffix.yaml: the rootDSE anonymously; a bound subtree search for
 * the AzureADKerberos computer with LDAP_MATCHING_RULE_BIT_AND on userAccountControl; krbtgt_AzureAD's
 * msDS-SecondaryKrbTgtNumber and msDS-KrbTgtLinkBl asked for in other cases; uPNSuffixes from
 * CN=Partitions; a paged search returning every user exactly once; a wrong password (exit 49, data
 * 52e); an unbound search (operationsError, exit 1); binary objectSid; the global catalog port.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirectory } from '../../emulator/directory/build.ts';
import { sidToBytes } from '../../emulator/directory/ids.ts';
import { hex } from '../../emulator/core/bytes.ts';
import { loadScenario } from '../../emulator/scenario/load.ts';
import { createLdapServer, type LdapEvent, type LdapServer } from '../../emulator/ldap/index.ts';
import { ldapsearch, requireLdapsearch } from './ldapsearch.support.ts';

const FILE = 'scenarios/multi-upn-suffix.yaml';
const directory = buildDirectory(loadScenario(FILE));
/** Alice's password as the scenario file writes it. */
const raw = parse(readFileSync(FILE, 'utf8')) as { users: { sam: string; password: string }[] };
const alicePassword = raw.users.find((u) => u.sam === 'alice')!.password;
const DOM = directory.domain.dn;
const text = (v: string | Uint8Array | undefined) => (typeof v === 'string' ? v : v === undefined ? undefined : new TextDecoder().decode(v));

let server: LdapServer;
let url = '';
let gcUrl = '';
const events: LdapEvent[] = [];

beforeAll(async () => {
  requireLdapsearch();
  server = createLdapServer({ directory, port: 0, gcPort: 0, onEvent: (e) => events.push(e) });
  const bound = await server.start();
  url = `ldap://127.0.0.1:${bound.find((b) => b.name === 'ldap/tcp')!.port}`;
  gcUrl = `ldap://127.0.0.1:${bound.find((b) => b.name === 'gc/tcp')!.port}`;
});
afterAll(async () => {
  await server?.close();
});

const asAlice = () => ['-H', url, '-x', '-D', 'alice@contoso.com', '-w', alicePassword];

describe('ldapsearch against the lab', () => {
  it('reads the rootDSE anonymously', async () => {
    const r = await ldapsearch(['-H', url, '-x', '-s', 'base', '-b', '']);
    expect(r.code).toBe(0);
    expect(r.entries).toHaveLength(1);
    const a = r.entries[0].attrs;
    expect(r.entries[0].dn).toBe('');
    for (const n of ['namingContexts', 'defaultNamingContext', 'configurationNamingContext', 'schemaNamingContext', 'rootDomainNamingContext', 'dnsHostName', 'ldapServiceName', 'serverName', 'dsServiceName', 'supportedLDAPVersion', 'supportedControl', 'supportedCapabilities', 'supportedSASLMechanisms', 'domainFunctionality', 'forestFunctionality', 'domainControllerFunctionality', 'isSynchronized', 'isGlobalCatalogReady', 'currentTime', 'highestCommittedUSN', 'subschemaSubentry']) {
      expect(a.has(n), n).toBe(true);
    }
    expect(a.get('ldapServiceName')).toEqual(['fabrikam.local:dc1$@FABRIKAM.LOCAL']);
    expect(a.get('defaultNamingContext')).toEqual([DOM]);
    expect(a.get('dsServiceName')).toEqual([directory.dcs[0].ntdsSettingsDn]);
    expect(a.get('supportedLDAPVersion')).toEqual(['3', '2']);
    expect(a.get('supportedControl')).toContain('1.2.840.113556.1.4.319');
    expect(a.get('supportedSASLMechanisms')).toEqual(['GSSAPI', 'GSS-SPNEGO', 'EXTERNAL', 'DIGEST-MD5']);
    expect(a.get('domainControllerFunctionality')).toEqual(['7']);
    expect(a.get('isSynchronized')).toEqual(['TRUE']);
  });

  it('finds the AzureADKerberos computer with the BIT_AND matching rule', async () => {
    const r = await ldapsearch([...asAlice(), '-b', DOM, '(userAccountControl:1.2.840.113556.1.4.803:=67108864)', 'sAMAccountName', 'dNSHostName']);
    expect(r.code).toBe(0);
    expect(r.entries.map((e) => e.dn)).toEqual([directory.azureAdKerberos!.computer.dn]);
    expect(r.entries[0].attrs.get('sAMAccountName')).toEqual(['AzureADKerberos$']);
    expect(r.entries[0].attrs.has('dNSHostName')).toBe(false);
  });

  it('returns krbtgt_AzureAD attributes asked for in other cases under their schema names', async () => {
    const r = await ldapsearch([...asAlice(), '-b', DOM, '(cn=krbtgt_AzureAD)', 'MSDS-SECONDARYKRBTGTNUMBER', 'msds-krbtgtlinkbl', 'SamAccountName']);
    expect(r.code).toBe(0);
    expect(r.entries).toHaveLength(1);
    const a = r.entries[0].attrs;
    expect([...a.keys()].sort()).toEqual(['msDS-KrbTgtLinkBl', 'msDS-SecondaryKrbTgtNumber', 'sAMAccountName']);
    expect(a.get('msDS-SecondaryKrbTgtNumber')).toEqual([String(directory.azureAdKerberos!.id)]);
    expect(a.get('msDS-KrbTgtLinkBl')).toEqual([directory.azureAdKerberos!.computer.dn]);
    expect(a.get('sAMAccountName')).toEqual([`krbtgt_${directory.azureAdKerberos!.id}`]);
  });

  it('reads uPNSuffixes from CN=Partitions', async () => {
    const r = await ldapsearch([...asAlice(), '-s', 'base', '-b', `CN=Partitions,${directory.domain.configurationDn}`, 'uPNSuffixes']);
    expect(r.code).toBe(0);
    expect(r.entries[0].attrs.get('uPNSuffixes')).toEqual(['contoso.com', 'east.contoso.com']);
    expect(r.entries[0].attrs.get('uPNSuffixes')).toEqual([...directory.domain.upnSuffixes]);
  });

  it('pages (pr=2) through (objectCategory=person) returning every user exactly once', async () => {
    const before = events.length;
    const r = await ldapsearch([...asAlice(), '-b', DOM, '-E', 'pr=2/noprompt', '(objectCategory=person)', 'sAMAccountName']);
    expect(r.code).toBe(0);
    const dns = r.entries.map((e) => e.dn);
    expect(new Set(dns).size).toBe(dns.length);
    expect([...dns].sort()).toEqual(directory.users.map((u) => u.dn).sort());
    expect(r.pages).toBe(Math.ceil(directory.users.length / 2));
    const searches = events.slice(before).filter((e) => e.op === 'searchRequest');
    expect(searches).toHaveLength(Math.ceil(directory.users.length / 2));
    expect(searches.every((e) => e.entries <= 2)).toBe(true);
  });

  it('a wrong password is invalidCredentials: exit 49 and AD data code 52e', async () => {
    const r = await ldapsearch(['-H', url, '-x', '-D', 'alice@contoso.com', '-w', 'not-the-password', '-s', 'base', '-b', '']);
    expect(r.code).toBe(49);
    expect(/data ([0-9a-f]{3}),/.exec(r.stderr)?.[1]).toBe('52e');
  });

  it('an unknown user is data 525', async () => {
    const r = await ldapsearch(['-H', url, '-x', '-D', 'nobody@contoso.com', '-w', 'x', '-s', 'base', '-b', '']);
    expect(r.code).toBe(49);
    expect(/data ([0-9a-f]{3}),/.exec(r.stderr)?.[1]).toBe('525');
  });

  it('an unbound search below the rootDSE is operationsError (exit 1)', async () => {
    const r = await ldapsearch(['-H', url, '-x', '-b', DOM, '(objectClass=user)']);
    expect(r.code).toBe(1);
    expect(r.entries).toEqual([]);
  });

  it('objectSid comes back binary (base64 in LDIF) and the S-1-5 string form works in a filter', async () => {
    const alice = directory.accountBySam('alice')!;
    const r = await ldapsearch([...asAlice(), '-b', DOM, `(objectSid=${alice.sid})`, 'objectSid', 'objectGUID']);
    expect(r.code).toBe(0);
    expect(r.entries.map((e) => e.dn)).toEqual([alice.dn]);
    const sid = r.entries[0].attrs.get('objectSid')![0];
    expect(sid).toBeInstanceOf(Uint8Array);
    expect(hex(sid as Uint8Array)).toBe(hex(sidToBytes(alice.sid)));
    expect((r.entries[0].attrs.get('objectGUID')![0] as Uint8Array).length).toBe(16);
  });

  it('binds with NETBIOS\\sam and searches an extended-DN base', async () => {
    const bob = raw.users.find((u) => u.sam === 'bob')!.password;
    const r = await ldapsearch(['-H', url, '-x', '-D', 'FABRIKAM\\bob', '-w', bob, '-s', 'base', '-b', `<WKGUID=a361b2ffffd211d1aa4b00c04fd7d83a,${DOM}>`, 'distinguishedName']);
    expect(r.code).toBe(0);
    expect(text(r.entries[0]?.attrs.get('distinguishedName')?.[0])).toBe(`OU=Domain Controllers,${DOM}`);
  });

  it('the global catalog port serves the same directory from the forest root', async () => {
    const r = await ldapsearch(['-H', gcUrl, '-x', '-D', 'alice@contoso.com', '-w', alicePassword, '-b', '', '(sAMAccountName=carol)', '1.1']);
    expect(r.code).toBe(0);
    expect(r.entries.map((e) => e.dn)).toEqual([directory.accountBySam('carol')!.dn]);
  });
});
