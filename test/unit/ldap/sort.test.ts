/**
 * Server-side sorting (emulator/ldap/sort.ts, RFC 2891) through search(): which key lists AD can
 * honour, where entries without the attribute go, multi-valued attributes, and the SortResult.
 * Expected orders are written out from the scenario's values, not computed with sort.ts.
 */
import { describe, expect, it } from 'vitest';
import { decodeSortResult, encodeSortKeyList, parseFilter, SORT_OID, SORT_RESPONSE_OID, type SearchRequest, type SortKey } from '../../../emulator/ldap/codec/index.ts';
import { planSort } from '../../../emulator/ldap/sort.ts';
import { search, type SearchOutcome } from '../../../emulator/ldap/search.ts';
import { multi, searchContext } from './helpers.ts';

const d = multi();
const DOM = d.domain.dn;
const dec = new TextDecoder();

function sorted(filter: string, keys: SortKey[], attribute: string, critical = true): SearchOutcome {
  const req: SearchRequest = { op: 'searchRequest', baseObject: DOM, scope: 2, derefAliases: 0, sizeLimit: 0, timeLimit: 0, typesOnly: false, filter: parseFilter(filter), attributes: [attribute] };
  return search(searchContext(d), req, [{ type: SORT_OID, criticality: critical, value: encodeSortKeyList(keys) }]);
}
const values = (o: SearchOutcome, name: string) => o.entries.map((e) => e.attributes.find((a) => a.type === name)?.values.map((v) => dec.decode(v)));
const sortResult = (o: SearchOutcome) => decodeSortResult(o.controls?.find((c) => c.type === SORT_RESPONSE_OID)?.value);

describe('planSort', () => {
  it.each([
    ['one known attribute', [{ attributeType: 'cn', reverseOrder: false }], { ok: true }],
    ['its syntax\'s ordering rule, by OID or name', [{ attributeType: 'uSNCreated', orderingRule: 'integerOrderingMatch', reverseOrder: false }], { ok: true }],
    ['two keys: unwillingToPerform (53)', [{ attributeType: 'cn', reverseOrder: false }, { attributeType: 'sn', reverseOrder: false }], { ok: false, sortResult: 53 }],
    ['an unknown attribute: noSuchAttribute (16)', [{ attributeType: 'fooBar', reverseOrder: false }], { ok: false, sortResult: 16, attributeType: 'fooBar' }],
    ['a constructed attribute: unwillingToPerform (53)', [{ attributeType: 'tokenGroups', reverseOrder: false }], { ok: false, sortResult: 53, attributeType: 'tokenGroups' }],
    ['another syntax\'s ordering rule: inappropriateMatching (18)', [{ attributeType: 'cn', orderingRule: '2.5.13.15', reverseOrder: false }], { ok: false, sortResult: 18, attributeType: 'cn' }],
    ['a DN attribute has no ordering rule', [{ attributeType: 'manager', orderingRule: '2.5.13.3', reverseOrder: false }], { ok: false, sortResult: 18, attributeType: 'manager' }],
  ])('%s', (_what, keys, want) => {
    expect(planSort(keys)).toMatchObject(want);
  });
});

describe('sorted searches', () => {
  it('entries without the attribute come after all others ascending, before them in reverse', () => {
    // Of the users, only alice, bob and carol have a userPrincipalName in the scenario.
    const up = sorted('(objectCategory=person)', [{ attributeType: 'userPrincipalName', reverseOrder: false }], 'userPrincipalName');
    const upns = values(up, 'userPrincipalName');
    expect(upns.filter((v) => v !== undefined).map((v) => v![0])).toEqual(['alice@contoso.com', 'bob@east.contoso.com', 'carol@contoso.com']);
    expect(upns.findIndex((v) => v === undefined)).toBe(3);
    const down = values(sorted('(objectCategory=person)', [{ attributeType: 'userPrincipalName', reverseOrder: true }], 'userPrincipalName'), 'userPrincipalName');
    expect(down.slice(-3).map((v) => v![0])).toEqual(['carol@contoso.com', 'bob@east.contoso.com', 'alice@contoso.com']);
    expect(down.slice(0, -3).every((v) => v === undefined)).toBe(true);
    expect(sortResult(up)).toEqual({ sortResult: 0 });
  });

  it('a multi-valued attribute sorts by its least value, in reverse by its greatest', () => {
    // objectClass of a user: top, person, organizationalPerson, user (least organizationalperson,
    // greatest user); of a group: top, group (least group, greatest top). Both are stored with
    // "top" first, so sorting by the first stored value would tie and keep the directory order.
    const filter = '(|(sAMAccountName=alice)(cn=Domain Users))';
    const up = sorted(filter, [{ attributeType: 'objectClass', reverseOrder: false }], 'sAMAccountName');
    expect(values(up, 'sAMAccountName').map((v) => v![0])).toEqual(['Domain Users', 'alice']);
    const down = sorted(filter, [{ attributeType: 'objectClass', reverseOrder: true }], 'sAMAccountName');
    expect(values(down, 'sAMAccountName').map((v) => v![0])).toEqual(['alice', 'Domain Users']);
  });

  it('a key the DC cannot honour: critical fails the search (12) with the SortResult, non-critical returns unsorted', () => {
    const keys = [{ attributeType: 'cn', reverseOrder: false }, { attributeType: 'sn', reverseOrder: false }];
    const critical = sorted('(objectCategory=person)', keys, 'cn');
    expect([critical.result.resultCode, critical.entries.length, sortResult(critical).sortResult]).toEqual([12, 0, 53]);
    const relaxed = sorted('(objectCategory=person)', keys, 'cn', false);
    expect([relaxed.result.resultCode, relaxed.entries.length > 0, sortResult(relaxed).sortResult]).toEqual([0, true, 53]);
  });
});
