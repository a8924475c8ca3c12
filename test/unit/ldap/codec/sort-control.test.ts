/**
 * The server-side sorting controls (RFC 2891 section 1.1 SortKeyList, 1.2 SortResult): DER
 * worked out by hand from the ASN.1, and what the decoder refuses.
 */
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../emulator/core/bytes.ts';
import { decodeSortKeyList, decodeSortResult, encodeSortKeyList, encodeSortResult, LdapDecodeError } from '../../../../emulator/ldap/codec/index.ts';

describe('SortKeyList', () => {
  it.each([
    // SEQUENCE { SEQUENCE { "cn" } }
    ['one key', '300630040402636e', [{ attributeType: 'cn', reverseOrder: false }]],
    // SEQUENCE { SEQUENCE { "cn", [1] TRUE } }  (ldapsearch -E sss=-cn)
    ['reverse', '30093007040263 6e8101ff', [{ attributeType: 'cn', reverseOrder: true }]],
    // SEQUENCE { SEQUENCE { "cn", [0] "2.5.13.3" } }
    ['ordering rule', '3010300e0402636e8008322e352e31332e33', [{ attributeType: 'cn', orderingRule: '2.5.13.3', reverseOrder: false }]],
    // SEQUENCE { SEQUENCE { "cn" }, SEQUENCE { "sn" } }
    ['two keys', '300c30040402636e300404027 36e', [{ attributeType: 'cn', reverseOrder: false }, { attributeType: 'sn', reverseOrder: false }]],
  ])('%s', (_what, der, keys) => {
    const bytes = fromHex(der.replace(/ /g, ''));
    expect(decodeSortKeyList(bytes)).toEqual(keys);
    expect(hex(encodeSortKeyList(keys))).toBe(der.replace(/ /g, ''));
  });

  it.each([
    ['no value', undefined],
    ['an empty list', '3000'],
    ['a key without an attribute', '30023000'],
    ['reverseOrder before orderingRule', '3013301104 02636e8101ff8008322e352e31332e33'],
    ['a repeated reverseOrder', '300c300a0402636e8101ff8101ff'],
    ['an unknown field [2]', '30093007 0402636e820100'],
    ['trailing bytes', '300630040402636e00'],
  ])('refuses %s', (_what, der) => {
    expect(() => decodeSortKeyList(der === undefined ? undefined : fromHex(der.replace(/ /g, '')))).toThrow(LdapDecodeError);
  });
});

describe('SortResult', () => {
  it.each([
    ['success', { sortResult: 0 }, '30030a0100'],
    ['unwillingToPerform', { sortResult: 53 }, '30030a0135'],
    // SEQUENCE { ENUMERATED 16, [0] "cn" }
    ['noSuchAttribute naming the attribute', { sortResult: 16, attributeType: 'cn' }, '30070a01108002636e'],
  ])('%s', (_what, v, der) => {
    expect(hex(encodeSortResult(v))).toBe(der);
    expect(decodeSortResult(fromHex(der))).toEqual(v);
  });

  it('refuses a sortResult RFC 2891 does not list', () => {
    expect(() => decodeSortResult(fromHex('30030a0102'))).toThrow(LdapDecodeError);
  });
});
