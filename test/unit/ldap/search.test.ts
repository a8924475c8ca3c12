import { describe, expect, it } from 'vitest';
import { LdapError } from '../../../emulator/core/errors.ts';
import { hex } from '../../../emulator/core/bytes.ts';
import { guidToBytes, sidToBytes } from '../../../emulator/directory/ids.ts';
import {
  OID,
  decodePagedResults,
  pagedResultsControl,
  parseFilter,
  type Control,
  type SearchRequest,
} from '../../../emulator/ldap/codec/index.ts';
import { search, type SearchContext, type SearchOutcome } from '../../../emulator/ldap/search.ts';
import { multi, searchContext } from './helpers.ts';

const d = multi();
const DOM = d.domain.dn;
const dec = new TextDecoder();

function req(base: string, filter: string, attributes: string[] = [], scope: 0 | 1 | 2 = 2, sizeLimit = 0): SearchRequest {
  return { op: 'searchRequest', baseObject: base, scope, derefAliases: 0, sizeLimit, timeLimit: 0, typesOnly: false, filter: parseFilter(filter), attributes };
}
function run(ctx: SearchContext, r: SearchRequest, controls?: Control[]): SearchOutcome {
  return search(ctx, r, controls);
}
function err(fn: () => unknown): LdapError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LdapError) return e;
    throw e;
  }
  throw new Error('no error');
}
const attr = (o: SearchOutcome, i: number, name: string) => o.entries[i].attributes.find((a) => a.type === name);

describe('rootDSE', () => {
  it('is readable anonymously with the AD attribute set', () => {
    const o = run(searchContext(d, { bound: undefined }), req('', '(objectClass=*)', [], 0));
    const names = o.entries[0].attributes.map((a) => a.type);
    for (const n of ['namingContexts', 'defaultNamingContext', 'configurationNamingContext', 'schemaNamingContext', 'rootDomainNamingContext', 'dnsHostName', 'ldapServiceName', 'serverName', 'dsServiceName', 'supportedLDAPVersion', 'supportedControl', 'supportedCapabilities', 'supportedSASLMechanisms', 'domainFunctionality', 'forestFunctionality', 'domainControllerFunctionality', 'isSynchronized', 'isGlobalCatalogReady', 'currentTime', 'highestCommittedUSN', 'subschemaSubentry']) {
      expect(names, n).toContain(n);
    }
    expect(dec.decode(attr(o, 0, 'ldapServiceName')!.values[0])).toBe('fabrikam.local:dc1$@FABRIKAM.LOCAL');
    expect(attr(o, 0, 'supportedControl')!.values.map((v) => dec.decode(v))).toContain(OID.pagedResults);
    expect(names).not.toContain('supportedExtension');
  });
  it('currentTime comes from the injected clock', () => {
    const o = run(searchContext(d, { bound: undefined, nowMs: Date.UTC(2030, 4, 6, 7, 8, 9) }), req('', '(objectClass=*)', ['currentTime'], 0));
    expect(o.entries[0].attributes.map((a) => [a.type, dec.decode(a.values[0])])).toEqual([['currentTime', '20300506070809.0Z']]);
  });
  it('names are matched case-insensitively and returned in AD spelling; request-only attributes when named', () => {
    const o = run(searchContext(d), req('', '(objectClass=*)', ['DNSHOSTNAME', 'supportedextension'], 0));
    expect(o.entries[0].attributes.map((a) => a.type)).toEqual(['dnsHostName', 'supportedExtension']);
  });
  it('a Netlogon search goes to the ping hook, even unbound', () => {
    let seen = '';
    const ctx = searchContext(d, { bound: undefined, netlogon: (f) => ((seen = JSON.stringify(f.type)), new Uint8Array([0x17, 0x00])) });
    const o = run(ctx, req('', '(&(DnsDomain=fabrikam.local)(NtVer=\\06\\00\\00\\00))', ['Netlogon'], 0));
    expect(seen).toBe('"and"');
    expect(o.entries[0].attributes).toEqual([{ type: 'Netlogon', values: [new Uint8Array([0x17, 0x00])] }]);
  });
  it('a ping the hook does not answer gets no entry, only the done', () => {
    const o = run(searchContext(d, { bound: undefined, netlogon: () => null }), req('', '(&(DnsDomain=contoso.com)(NtVer=\\06\\00\\00\\00))', ['netlogon'], 0));
    expect([o.entries.length, o.result.resultCode]).toEqual([0, 0]);
  });
});

describe('bind required and bases', () => {
  it('below the rootDSE an unbound search is operationsError (1)', () => {
    expect(err(() => run(searchContext(d, { bound: undefined }), req(DOM, '(objectClass=user)'))).resultCode).toBe(1);
  });
  it('a missing base is noSuchObject (32) with the best match as matchedDN', () => {
    const e = err(() => run(searchContext(d), req(`CN=nope,CN=x,CN=Users,${DOM}`, '(objectClass=*)')));
    expect(e.resultCode).toBe(32);
    expect(e.matchedDN).toBe(`CN=Users,${DOM}`);
  });
  it('a malformed base is invalidDNSyntax (34)', () => {
    expect(err(() => run(searchContext(d), req('not a dn', '(objectClass=*)'))).resultCode).toBe(34);
    expect(err(() => run(searchContext(d), req('<GUID=zz>', '(objectClass=*)'))).resultCode).toBe(34);
  });
  const alice = d.accountBySam('alice')!;
  it.each([
    [`<GUID=${alice.guid}>`, alice.dn],
    [`<GUID=${hex(guidToBytes(alice.guid))}>`, alice.dn],
    [`<SID=${alice.sid}>`, alice.dn],
    [`<SID=${hex(sidToBytes(alice.sid))}>`, alice.dn],
    [`<SID=${d.domain.sid}>`, DOM],
    [`<GUID=${alice.guid}>;<SID=${alice.sid}>;${alice.dn}`, alice.dn],
    [`<WKGUID=a9d1ca15768811d1aded00c04fd8d5cd,${DOM}>`, `CN=Users,${DOM}`],
    [`<WKGUID=AA312825768811D1ADED00C04FD8D5CD,${DOM.toLowerCase()}>`, `CN=Computers,${DOM}`],
    [`<WKGUID=a361b2ffffd211d1aa4b00c04fd7d83a,${DOM}>`, `OU=Domain Controllers,${DOM}`],
  ])('extended DN %s', (base, dn) => {
    const o = run(searchContext(d), req(base, '(objectClass=*)', ['1.1'], 0));
    expect(o.entries.map((e) => e.objectName)).toEqual([dn]);
    expect(o.entries[0].attributes).toEqual([]);
  });
  it('an unknown GUID is noSuchObject', () => {
    expect(err(() => run(searchContext(d), req('<GUID=00000000-0000-4000-8000-000000000000>', '(objectClass=*)', [], 0))).resultCode).toBe(32);
  });
});

describe('scopes, naming contexts and references', () => {
  it('one level lists children only', () => {
    const o = run(searchContext(d), req(`OU=Domain Controllers,${DOM}`, '(objectClass=*)', ['1.1'], 1));
    expect(o.entries.map((e) => e.objectName).sort()).toEqual([`CN=AzureADKerberos,OU=Domain Controllers,${DOM}`, `CN=DC1,OU=Domain Controllers,${DOM}`]);
  });
  it('a subtree search of the domain stays in the domain NC and refers to the subordinate NCs', () => {
    const o = run(searchContext(d), req(DOM, '(objectClass=*)', ['1.1']));
    expect(o.entries.some((e) => e.objectName.endsWith(d.domain.configurationDn))).toBe(false);
    expect(o.refs.sort()).toEqual([
      `ldap://DomainDnsZones.fabrikam.local/${d.domain.domainDnsZonesDn}`,
      `ldap://ForestDnsZones.fabrikam.local/${d.domain.forestDnsZonesDn}`,
      `ldap://fabrikam.local/${d.domain.configurationDn}`,
    ]);
  });
  it('the global catalog searches the whole forest from the root without references', () => {
    const o = run(searchContext(d, { globalCatalog: true }), req('', '(|(sAMAccountName=carol)(cn=Partitions))', ['1.1']));
    expect(o.entries.map((e) => e.objectName).sort()).toEqual([`CN=Partitions,${d.domain.configurationDn}`, `CN=carol,CN=Users,${DOM}`]);
    expect(o.refs).toEqual([]);
  });
  it('uPNSuffixes are read from CN=Partitions', () => {
    const o = run(searchContext(d), req(`CN=Partitions,${d.domain.configurationDn}`, '(objectClass=*)', ['upnsuffixes'], 0));
    expect(o.entries[0].attributes.map((a) => [a.type, a.values.map((v) => dec.decode(v))])).toEqual([['uPNSuffixes', ['contoso.com', 'east.contoso.com']]]);
  });
});

describe('attribute selection', () => {
  const krb = d.azureAdKerberos!.krbtgt.dn;
  it('names asked in any case come back as the schema spells them', () => {
    const o = run(searchContext(d), req(DOM, '(cn=krbtgt_AzureAD)', ['MSDS-SECONDARYKRBTGTNUMBER', 'msds-krbtgtlinkbl', 'samaccountname']));
    expect(o.entries.map((e) => e.objectName)).toEqual([krb]);
    const got = Object.fromEntries(o.entries[0].attributes.map((a) => [a.type, a.values.map((v) => dec.decode(v))]));
    expect(got).toEqual({
      sAMAccountName: ['krbtgt_30775'],
      'msDS-SecondaryKrbTgtNumber': ['30775'],
      'msDS-KrbTgtLinkBl': [d.azureAdKerberos!.computer.dn],
    });
  });
  it('objectSid and objectGUID are binary', () => {
    const alice = d.accountBySam('alice')!;
    const o = run(searchContext(d), req(alice.dn, '(objectClass=*)', ['objectSid', 'objectGUID'], 0));
    expect(hex(attr(o, 0, 'objectSid')!.values[0])).toBe(hex(sidToBytes(alice.sid)));
    expect(hex(attr(o, 0, 'objectGUID')!.values[0])).toBe(hex(guidToBytes(alice.guid)));
  });
  it('tokenGroups only with base scope and only when named; * does not return it', () => {
    const carol = d.accountBySam('carol')!;
    const base = run(searchContext(d), req(carol.dn, '(objectClass=*)', ['tokenGroups'], 0));
    const sids = attr(base, 0, 'tokenGroups')!.values.map(hex).sort();
    const want = [`${d.domain.sid}-513`, `${d.domain.sid}-512`, 'S-1-5-32-544', 'S-1-5-32-545', `${d.domain.sid}-572`].map((s) => hex(sidToBytes(s))).sort();
    expect(sids).toEqual(want);
    const sub = run(searchContext(d), req(DOM, '(sAMAccountName=carol)', ['tokenGroups']));
    expect(sub.entries[0].attributes).toEqual([]);
    const star = run(searchContext(d), req(carol.dn, '(objectClass=*)', ['*'], 0));
    expect(star.entries[0].attributes.map((a) => a.type)).not.toContain('tokenGroups');
    expect(star.entries[0].attributes.map((a) => a.type)).toContain('memberOf');
  });
  it('+ adds operational attributes, 1.1 returns none, typesOnly drops values', () => {
    const alice = d.accountBySam('alice')!;
    const plus = run(searchContext(d), req(alice.dn, '(objectClass=*)', ['+'], 0));
    expect(plus.entries[0].attributes.map((a) => a.type)).toEqual(['createTimeStamp', 'modifyTimeStamp', 'structuralObjectClass', 'subSchemaSubEntry', 'canonicalName']);
    expect(dec.decode(attr(plus, 0, 'canonicalName')!.values[0])).toBe('fabrikam.local/Users/alice');
    const none = run(searchContext(d), req(alice.dn, '(objectClass=*)', ['1.1'], 0));
    expect(none.entries[0].attributes).toEqual([]);
    const types = run(searchContext(d), { ...req(alice.dn, '(objectClass=*)', ['cn', 'sn'], 0), typesOnly: true });
    expect(types.entries[0].attributes).toEqual([{ type: 'cn', values: [] }, { type: 'sn', values: [] }]);
  });
  it('range retrieval of a multi-valued attribute', () => {
    const da = `CN=Domain Admins,CN=Users,${DOM}`;
    const o = run(searchContext(d), req(da, '(objectClass=*)', ['member;range=0-0'], 0));
    expect(o.entries[0].attributes.map((a) => [a.type, a.values.length])).toEqual([['member;range=0-0', 1]]);
    const all = run(searchContext(d), req(da, '(objectClass=*)', ['member;range=1-*'], 0));
    expect(all.entries[0].attributes.map((a) => [a.type, a.values.length])).toEqual([['member;range=1-*', 1]]);
  });
  it('the published subschema lists attributeTypes and objectClasses when asked', () => {
    const o = run(searchContext(d), req(`CN=Aggregate,${d.domain.schemaDn}`, '(objectClass=*)', ['attributeTypes', 'objectClasses'], 0));
    const at = attr(o, 0, 'attributeTypes')!.values.map((v) => dec.decode(v));
    expect(at).toContain("( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' SYNTAX '1.3.6.1.4.1.1466.115.121.1.15' SINGLE-VALUE )");
    expect(attr(o, 0, 'objectClasses')!.values.length).toBeGreaterThan(30);
  });
});

describe('size limit and paged results', () => {
  const users = d.users.map((u) => u.dn).sort();
  const pr = (size: number, cookie: Uint8Array = new Uint8Array(0)) => [pagedResultsControl({ size, cookie })];
  it('sizeLimitExceeded (4) after the entries up to the limit', () => {
    const o = run(searchContext(d), req(DOM, '(objectClass=user)', ['1.1'], 2, 3));
    expect(o.entries).toHaveLength(3);
    expect(o.result.resultCode).toBe(4);
  });
  it('the server limit (MaxPageSize) caps unpaged searches the same way', () => {
    const o = run(searchContext(d, { maxPageSize: 2 }), req(DOM, '(objectClass=user)', ['1.1']));
    expect([o.entries.length, o.result.resultCode]).toEqual([2, 4]);
  });
  it('pages of 2 return every user exactly once, then an empty cookie', () => {
    const ctx = searchContext(d);
    const r = req(DOM, '(objectCategory=person)', ['sAMAccountName']);
    const seen: string[] = [];
    let cookie: Uint8Array = new Uint8Array(0);
    let pages = 0;
    do {
      const o = run(ctx, r, pr(2, cookie));
      expect(o.entries.length).toBeLessThanOrEqual(2);
      seen.push(...o.entries.map((e) => e.objectName));
      const c = o.controls!.find((x) => x.type === OID.pagedResults)!;
      cookie = decodePagedResults(c.value).cookie;
      pages++;
    } while (cookie.length > 0 && pages < 100);
    expect(seen.sort()).toEqual(users);
    expect(pages).toBe(Math.ceil(users.length / 2));
    expect(ctx.paging.size).toBe(0);
  });
  it('a cookie is good once and only for its own search; others are unwillingToPerform (53)', () => {
    const ctx = searchContext(d);
    const r = req(DOM, '(objectClass=user)', ['1.1']);
    const first = run(ctx, r, pr(2));
    const cookie = decodePagedResults(first.controls![0].value).cookie;
    expect(err(() => run(ctx, req(DOM, '(objectClass=group)', ['1.1']), pr(2, cookie))).resultCode).toBe(53);
    expect(run(ctx, r, pr(2, cookie)).entries).toHaveLength(2);
    expect(err(() => run(ctx, r, pr(2, cookie))).resultCode).toBe(53);
    expect(err(() => run(ctx, r, pr(2, new Uint8Array([1, 2, 3])))).resultCode).toBe(53);
  });
  it('a paged control without a value or with a broken value is protocolError (2)', () => {
    const r = req(DOM, '(objectClass=user)', ['1.1']);
    expect(err(() => run(searchContext(d), r, [{ type: OID.pagedResults, criticality: true }])).resultCode).toBe(2);
    expect(err(() => run(searchContext(d), r, [{ type: OID.pagedResults, criticality: false, value: new Uint8Array([0x30, 0x01, 0x02]) }])).resultCode).toBe(2);
  });
  it('page size 0 with a cookie abandons the search', () => {
    const ctx = searchContext(d);
    const r = req(DOM, '(objectClass=user)', ['1.1']);
    const cookie = decodePagedResults(run(ctx, r, pr(2)).controls![0].value).cookie;
    const o = run(ctx, r, pr(0, cookie));
    expect(o.entries).toHaveLength(0);
    expect(decodePagedResults(o.controls![0].value).cookie).toHaveLength(0);
    expect(ctx.paging.size).toBe(0);
  });
  it('a size limit counts across pages', () => {
    const ctx = searchContext(d);
    const r = req(DOM, '(objectClass=user)', ['1.1'], 2, 3);
    const p1 = run(ctx, r, pr(2));
    const p2 = run(ctx, r, pr(2, decodePagedResults(p1.controls![0].value).cookie));
    expect([p1.entries.length, p2.entries.length, p2.result.resultCode]).toEqual([2, 1, 4]);
  });
  it('an unknown critical control is unavailableCriticalExtension (12); known ones pass', () => {
    expect(err(() => run(searchContext(d), req(DOM, '(cn=x)'), [{ type: '1.2.3.4', criticality: true }])).resultCode).toBe(12);
    expect(run(searchContext(d), req(DOM, '(cn=x)'), [{ type: '1.2.840.113556.1.4.801', criticality: true }]).result.resultCode).toBe(0);
  });
  it('the extended-DN control prints <GUID=...>;<SID=...>;dn', () => {
    const alice = d.accountBySam('alice')!;
    const o = run(searchContext(d), req(alice.dn, '(objectClass=*)', ['1.1'], 0), [{ type: '1.2.840.113556.1.4.529', criticality: false, value: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]) }]);
    expect(o.entries[0].objectName).toBe(`<GUID=${alice.guid}>;<SID=${alice.sid}>;${alice.dn}`);
    const hexForm = run(searchContext(d), req(alice.dn, '(objectClass=*)', ['1.1'], 0), [{ type: '1.2.840.113556.1.4.529', criticality: true }]);
    expect(hexForm.entries[0].objectName).toBe(`<GUID=${hex(guidToBytes(alice.guid))}>;<SID=${hex(sidToBytes(alice.sid))}>;${alice.dn}`);
    // A malformed control value is a protocolError.
    expect(err(() => run(searchContext(d), req(alice.dn, '(objectClass=*)', ['1.1'], 0), [{ type: '1.2.840.113556.1.4.529', criticality: false, value: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x07]) }])).resultCode).toBe(2);
  });
  it('the paging state of one context is not visible to another', () => {
    const a = searchContext(d);
    const b = searchContext(d);
    const r = req(DOM, '(objectClass=user)', ['1.1']);
    const cookie = decodePagedResults(run(a, r, pr(1)).controls![0].value).cookie;
    expect(err(() => run(b, r, pr(1, cookie))).resultCode).toBe(53);
  });
});
