/**
 * Server-side sorting (RFC 2891) and the other search controls, seen by the real `ldapsearch`
 * (ldap-utils `-E sss=...`, `-E pr=...`, raw controls), on a free port, for
 * scenarios/multi-upn-suffix.yaml. The expected orders are worked out here from the directory's
 * plain values, not with the server's comparator. The SortResult control's bytes are checked as
 * ldapsearch prints them (base64 of the control value).
 * Samba 4.17's AD DC (shared/reference/samba-ad.sh) answers the same way for one key, reverse
 * order and two keys (sortResult 53); it leaves the SortResult out on success, where the lab sends
 * it as RFC 2891 section 1.2 asks.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirectory } from '../../emulator/directory/build.ts';
import { loadScenario } from '../../emulator/scenario/load.ts';
import { createLdapServer, type LdapServer } from '../../emulator/ldap/index.ts';
import { ldapsearch, requireLdapsearch } from './ldapsearch.support.ts';

const FILE = 'scenarios/multi-upn-suffix.yaml';
const directory = buildDirectory(loadScenario(FILE));
const raw = parse(readFileSync(FILE, 'utf8')) as { users: { sam: string; password: string }[] };
const alicePassword = raw.users.find((u) => u.sam === 'alice')!.password;
const DOM = directory.domain.dn;

let server: LdapServer;
let url = '';

beforeAll(async () => {
  requireLdapsearch();
  server = createLdapServer({ directory, port: 0, gcPort: 0 });
  const bound = await server.start();
  url = `ldap://127.0.0.1:${bound.find((b) => b.name === 'ldap/tcp')!.port}`;
});
afterAll(async () => {
  await server?.close();
});

const asAlice = () => ['-H', url, '-x', '-D', 'alice@contoso.com', '-w', alicePassword];
const USERS = (extra: string[]) => [...asAlice(), '-b', DOM, ...extra, '(objectCategory=person)', 'sAMAccountName'];
const sams = (r: { entries: { attrs: Map<string, (string | Uint8Array)[]> }[] }) => r.entries.map((e) => String(e.attrs.get('sAMAccountName')?.[0]));
/** The control values ldapsearch printed for `oid` (`control: OID CRITICALITY BASE64`), as bytes. */
const controlValues = (stdout: string, oid: string) =>
  [...stdout.matchAll(/^control: (\S+) (?:true|false) ?(\S*)$/gm)].filter((m) => m[1] === oid).map((m) => [...Buffer.from(m[2], 'base64')]);
const SORT_RESPONSE = '1.2.840.113556.1.4.474';
/** SortResult ::= SEQUENCE { sortResult ENUMERATED } DER for success (0) and unwillingToPerform (53). */
const SORTED_OK = [0x30, 0x03, 0x0a, 0x01, 0x00];
const UNWILLING = [0x30, 0x03, 0x0a, 0x01, 0x35];

/** Case-insensitive order of the directory's person sAMAccountNames, worked out independently. */
const byName = directory.users.map((u) => u.samAccountName).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));

describe('server-side sorting (RFC 2891) with ldapsearch -E sss', () => {
  it('sorts ascending, case-insensitively, and says so in a SortResult (0)', async () => {
    const r = await ldapsearch(USERS(['-E', '!sss=sAMAccountName']));
    expect(r.code).toBe(0);
    expect(sams(r)).toEqual(byName);
    expect(controlValues(r.stdout, SORT_RESPONSE)).toEqual([SORTED_OK]);
  });

  it('sorts in reverse with a leading "-"', async () => {
    const r = await ldapsearch(USERS(['-E', '!sss=-sAMAccountName']));
    expect(r.code).toBe(0);
    expect(sams(r)).toEqual([...byName].reverse());
  });

  it('sorts the whole result before paging: pr=2 pages continue one order, each page with a SortResult', async () => {
    const r = await ldapsearch(USERS(['-E', '!sss=-sAMAccountName', '-E', 'pr=2/noprompt']));
    expect(r.code).toBe(0);
    expect(sams(r)).toEqual([...byName].reverse());
    expect(r.pages).toBe(Math.ceil(byName.length / 2));
    expect(controlValues(r.stdout, SORT_RESPONSE)).toEqual(Array.from({ length: r.pages }, () => SORTED_OK));
  });

  it('sorts integers as numbers (uSNCreated)', async () => {
    const r = await ldapsearch([...asAlice(), '-b', DOM, '-E', '!sss=-uSNCreated', '(objectCategory=person)', 'uSNCreated']);
    expect(r.code).toBe(0);
    const usns = r.entries.map((e) => Number(e.attrs.get('uSNCreated')?.[0]));
    expect(usns).toEqual([...usns].sort((a, b) => b - a));
    expect(usns.length).toBe(byName.length);
  });

  it('two sort keys (AD sorts on one): critical is unavailableCriticalExtension (12) with sortResult 53, no entries', async () => {
    const r = await ldapsearch(USERS(['-E', '!sss=sAMAccountName/cn']));
    expect(r.code).toBe(12);
    expect(r.entries).toEqual([]);
    expect(controlValues(r.stdout, SORT_RESPONSE)).toEqual([UNWILLING]);
  });

  it('two sort keys, not critical: the results come unsorted with sortResult 53', async () => {
    const r = await ldapsearch(USERS(['-E', 'sss=sAMAccountName/cn']));
    expect(r.code).toBe(0);
    expect([...sams(r)].sort()).toEqual([...byName].sort());
    expect(controlValues(r.stdout, SORT_RESPONSE)).toEqual([UNWILLING]);
  });

  it('an attribute the schema does not know: noSuchAttribute (16) naming it', async () => {
    const r = await ldapsearch(USERS(['-E', '!sss=noSuchAttr']));
    expect(r.code).toBe(12);
    // SortResult { sortResult noSuchAttribute, attributeType [0] "noSuchAttr" }
    expect(controlValues(r.stdout, SORT_RESPONSE)).toEqual([[0x30, 0x0f, 0x0a, 0x01, 0x10, 0x80, 0x0a, ...Buffer.from('noSuchAttr')]]);
  });

  it('an ordering rule of another syntax: inappropriateMatching (18)', async () => {
    const r = await ldapsearch(USERS(['-E', '!sss=sAMAccountName:2.5.13.15']));
    expect(r.code).toBe(12);
    expect(controlValues(r.stdout, SORT_RESPONSE)[0].slice(2, 5)).toEqual([0x0a, 0x01, 0x12]);
  });
});

describe('other search controls', () => {
  it('a critical control AD has and the lab does not implement (DirSync) is refused with 12, not ignored', async () => {
    // DirSync request value: SEQUENCE { Flags 1, MaxBytes 1000, Cookie '' } (MS-ADTS 3.1.1.3.4.1.3).
    const r = await ldapsearch(USERS(['-E', '!1.2.840.113556.1.4.841=::MAoCAQECAgPoBAA=']));
    expect(r.code).toBe(12);
    expect(r.entries).toEqual([]);
  });

  it('the same control not critical is ignored, as RFC 4511 4.1.11 allows', async () => {
    const r = await ldapsearch(USERS(['-E', '1.2.840.113556.1.4.841=::MAoCAQECAgPoBAA=']));
    expect(r.code).toBe(0);
    expect([...sams(r)].sort()).toEqual([...byName].sort());
  });

  it('the domain scope control drops the continuation references of a subtree search', async () => {
    const plain = await ldapsearch([...asAlice(), '-b', DOM, '(cn=krbtgt)', 'cn']);
    expect(plain.stdout).toMatch(/^ref: ldap:\/\//m);
    const scoped = await ldapsearch([...asAlice(), '-b', DOM, '-E', '!1.2.840.113556.1.4.1339', '(cn=krbtgt)', 'cn']);
    expect(scoped.code).toBe(0);
    expect(scoped.entries.map((e) => e.dn)).toEqual(plain.entries.map((e) => e.dn));
    expect(scoped.stdout).not.toMatch(/^ref:/m);
  });
});
