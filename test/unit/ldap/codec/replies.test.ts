import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../emulator/core/bytes.ts';
import {
  LDAP_RESULT,
  LdapDecodeError,
  MAX_FILTER_DEPTH,
  OID,
  decodeMessage,
  decodePagedResults,
  encodeMessage,
  encodePagedResults,
  malformedReply,
  parseFilter,
  filterToString,
  noticeOfDisconnection,
  ldapError,
  resultName,
} from '../../../../emulator/ldap/codec/index.ts';

describe('replies to malformed PDUs (RFC 4511 4.1.1, 4.4.1)', () => {
  const errOf = (input: string): unknown => {
    try {
      decodeMessage(fromHex(input));
    } catch (e) {
      return e;
    }
    throw new Error('decoded');
  };
  it('a broken bind gets bindResponse protocolError with its messageID', () => {
    const reply = malformedReply(errOf('300c020101600702010004008000'), '');
    // 30 0c | 02 01 01 | 61 07 0a 01 02 04 00 04 00
    expect(hex(reply)).toBe('300c02010161070a010204000400');
  });
  it('a broken search gets searchResultDone protocolError', () => {
    const reply = malformedReply(errOf('3025020104632004000a01030a0100020100020100010100870b6f626a656374436c6173733000'), '');
    expect(hex(reply)).toBe('300c02010465070a010204000400');
  });
  it('an unknown operation or unreadable messageID gets a Notice of Disconnection', () => {
    for (const input of ['30050201075e00', '30050201ff4200', '3080020103420000']) {
      const m = decodeMessage(malformedReply(errOf(input), ''));
      expect(m.messageId).toBe(0);
      expect(m.protocolOp).toMatchObject({ op: 'extendedResp', resultCode: LDAP_RESULT.protocolError, responseName: OID.noticeOfDisconnection });
    }
  });
  it('noticeOfDisconnection matches the hand-computed bytes', () => {
    expect(hex(noticeOfDisconnection({ resultCode: 2, matchedDN: '', diagnosticMessage: '' }))).toBe(
      '302402010078 1f0a0102040004008a16312e332e362e312e342e312e313436362e3230303336'.replace(/\s/g, ''),
    );
  });
});

describe('controls', () => {
  it('an empty Controls [0] survives a round trip; absent stays absent', () => {
    const withEmpty = decodeMessage(fromHex('30070201034200a000'));
    expect(withEmpty.controls).toEqual([]);
    expect(hex(encodeMessage(withEmpty))).toBe('30070201034200a000');
    expect(hex(encodeMessage({ messageId: 3, protocolOp: { op: 'unbindRequest' } }))).toBe('30050201034200');
  });
});

describe('paged results control value (RFC 2696)', () => {
  it('round-trips size and an opaque cookie', () => {
    const v = encodePagedResults({ size: 2, cookie: fromHex('00ff10') });
    expect(hex(v)).toBe('3008020102040300ff10');
    const d = decodePagedResults(v);
    expect(d.size).toBe(2);
    expect(hex(d.cookie)).toBe('00ff10');
  });
  it('refuses a missing value, a negative size and trailing bytes', () => {
    expect(() => decodePagedResults(undefined)).toThrow(LdapDecodeError);
    expect(() => decodePagedResults(fromHex('300502 01ff0400'.replace(' ', '')))).toThrow(LdapDecodeError);
    expect(() => decodePagedResults(fromHex('3005020102040000'))).toThrow(LdapDecodeError);
  });
});

describe('filter strings (RFC 4515)', () => {
  it('round-trips escapes of special characters', () => {
    const f = parseFilter('(cn=a\\2ab\\28c\\29\\5c)');
    expect(f).toMatchObject({ type: 'equalityMatch', attribute: 'cn' });
    expect(filterToString(f)).toBe('(cn=a\\2ab\\28c\\29\\5c)');
  });
  it('accepts a filter without outer parentheses, as ldapsearch does', () => {
    expect(parseFilter('objectClass=user')).toMatchObject({ type: 'equalityMatch', attribute: 'objectClass' });
  });
  it('parses extensible forms with attribute, rule and :dn', () => {
    expect(parseFilter('(userAccountControl:1.2.840.113556.1.4.803:=2)')).toMatchObject({
      type: 'extensibleMatch',
      attribute: 'userAccountControl',
      matchingRule: '1.2.840.113556.1.4.803',
      dnAttributes: false,
    });
    expect(parseFilter('(ou:dn:=x)')).toMatchObject({ type: 'extensibleMatch', attribute: 'ou', dnAttributes: true, matchingRule: undefined });
  });
  it('a value may contain := after an equals sign', () => {
    expect(parseFilter('(cn=a:=b)')).toMatchObject({ type: 'equalityMatch', attribute: 'cn' });
  });
  it('refuses malformed strings', () => {
    for (const s of ['(cn=a', '(cn=a))', '((cn=a)', '(cn=\\zz)', '(=a)', '(cn=a**b)', '(:=x)', '(cn=a(b)']) {
      expect(() => parseFilter(s), s).toThrow(LdapDecodeError);
    }
  });
  it('refuses nesting deeper than MAX_FILTER_DEPTH', () => {
    const deep = '(!'.repeat(MAX_FILTER_DEPTH + 2) + '(a=b)' + ')'.repeat(MAX_FILTER_DEPTH + 2);
    expect(() => parseFilter(deep)).toThrow(LdapDecodeError);
  });
  it('refuses deep nesting in BER too, as a decode error carrying the messageID', () => {
    const build = (levels: number): Uint8Array => {
      let filter = '870161'; // (a=*)
      for (let i = 0; i < levels; i++) {
        const len = filter.length / 2;
        filter = 'a2' + (len < 128 ? len.toString(16).padStart(2, '0') : '81' + len.toString(16).padStart(2, '0')) + filter;
      }
      const body = '04000a01020a0100020100020100010100' + filter + '3000';
      const msg = '020109' + '6381' + (body.length / 2).toString(16).padStart(2, '0') + body;
      return fromHex('3081' + (msg.length / 2).toString(16).padStart(2, '0') + msg);
    };
    expect(decodeMessage(build(MAX_FILTER_DEPTH - 2)).messageId).toBe(9);
    let err: unknown;
    try {
      decodeMessage(build(MAX_FILTER_DEPTH + 2));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LdapDecodeError);
    expect((err as LdapDecodeError).messageId).toBe(9);
    expect((err as LdapDecodeError).opTag).toBe(3);
  });
});

describe('result codes', () => {
  it('names and typed errors carry the wire code', () => {
    expect(resultName(53)).toBe('unwillingToPerform');
    const e = ldapError('invalidCredentials', 'x', '');
    expect(e.resultCode).toBe(49);
    expect(e.code).toBe('invalidCredentials');
  });
});
