import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../../emulator/core/bytes.ts';
import {
  CONF_REALM,
  TKT_FLG,
  configEntryOf,
  decodeCcache,
  encodeCcache,
  isConfigEntry,
  makeConfigEntry,
  ticketFlagBit,
  ticketFlagsFromBitString,
  ticketFlagsToBitString,
  type Ccache,
  type Credential,
  type Principal,
} from '../../../../emulator/kerberos/files/index.ts';
import { codeOf } from './helpers.ts';

const alice: Principal = { nameType: 1, components: ['alice'], realm: 'CONTOSO.COM' };
const tgs: Principal = { nameType: 2, components: ['krbtgt', 'CONTOSO.COM'], realm: 'CONTOSO.COM' };

const tgt: Credential = {
  client: alice,
  server: tgs,
  key: { enctype: 18, value: new Uint8Array(32).fill(7) },
  authtime: 1_700_000_000,
  starttime: 1_700_000_000,
  endtime: 1_700_036_000,
  renewTill: 1_700_604_800,
  isSkey: false,
  ticketFlags: TKT_FLG.FORWARDABLE | TKT_FLG.RENEWABLE | TKT_FLG.INITIAL | TKT_FLG.PRE_AUTH,
  addresses: [{ addrType: 2, address: new Uint8Array([127, 0, 0, 1]) }],
  authdata: [{ adType: 1, data: new Uint8Array([0x30, 0]) }],
  ticket: new Uint8Array([0x61, 3, 0x30, 1, 0]),
  secondTicket: new Uint8Array(0),
};

const CC: Ccache = {
  version: 4,
  kdcTimeOffset: { seconds: -3, microseconds: 250_000 },
  otherHeaderFields: [{ tag: 0x7f00, value: new Uint8Array([1, 2, 3]) }],
  defaultPrincipal: alice,
  credentials: [tgt, { ...tgt, server: { nameType: 2, components: ['cifs', 'fs1.contoso.com'], realm: 'CONTOSO.COM' }, isSkey: true, ticketFlags: 0xffffffff }],
};

describe('ccache codec', () => {
  it('round-trips header fields, principals, times, flags, addresses and authdata', () => {
    expect(decodeCcache(encodeCcache(CC))).toEqual(CC);
  });

  it('writes an empty header when no time offset is asked for, and version 4 by default', () => {
    const bytes = encodeCcache({ defaultPrincipal: alice, credentials: [] });
    expect([...bytes.subarray(0, 4)]).toEqual([5, 4, 0, 0]);
    expect(decodeCcache(bytes)).toEqual({ version: 4, defaultPrincipal: alice, credentials: [] });
  });

  it('round-trips version 3 and refuses header fields there', () => {
    const v3: Ccache = { version: 3, defaultPrincipal: alice, credentials: [tgt] };
    expect(decodeCcache(encodeCcache(v3))).toEqual(v3);
    expect(codeOf(() => encodeCcache({ ...v3, kdcTimeOffset: { seconds: 1, microseconds: 0 } }))).toBe('RangeError');
  });

  it('accepts ticket flags built as a negative int32 and stores their uint32 value', () => {
    const cred = { ...tgt, ticketFlags: TKT_FLG.RESERVED | TKT_FLG.FORWARDABLE }; // | gives a negative number
    expect(cred.ticketFlags).toBeLessThan(0);
    const back = decodeCcache(encodeCcache({ defaultPrincipal: alice, credentials: [cred] }));
    expect(back.credentials[0].ticketFlags).toBe(0xc0000000);
  });

  it('every truncation of a valid ccache fails with DecodeError except at credential boundaries', () => {
    const bytes = encodeCcache(CC);
    const one = encodeCcache({ ...CC, credentials: [CC.credentials[0]] }).length;
    const none = encodeCcache({ ...CC, credentials: [] }).length;
    for (let n = 0; n < bytes.length; n++) {
      const expected = n === one || n === none ? 'no error' : 'DECODE_ERROR';
      expect(codeOf(() => decodeCcache(bytes.subarray(0, n))), `prefix ${n}`).toBe(expected);
    }
  });

  it('rejects unrepresentable values with RangeError', () => {
    expect(codeOf(() => encodeCcache({ ...CC, credentials: [{ ...tgt, endtime: -1 }] }))).toBe('RangeError');
    expect(codeOf(() => encodeCcache({ ...CC, credentials: [{ ...tgt, ticketFlags: 2 ** 32 }] }))).toBe('RangeError');
    expect(codeOf(() => encodeCcache({ ...CC, otherHeaderFields: [{ tag: 1, value: new Uint8Array(8) }] }))).toBe('RangeError');
  });
});

describe('ccache config entries', () => {
  it('makes, writes, reads back and recognises X-CACHECONF: entries', () => {
    const fast = makeConfigEntry(alice, { key: 'fast_avail', value: utf8('yes') });
    const pa = makeConfigEntry(alice, { key: 'pa_type', principal: 'krbtgt/CONTOSO.COM@CONTOSO.COM', value: utf8('2') });
    const back = decodeCcache(encodeCcache({ defaultPrincipal: alice, credentials: [fast, tgt, pa] }));
    expect(back.credentials.map(isConfigEntry)).toEqual([true, false, true]);
    expect(back.credentials[0].server.realm).toBe(CONF_REALM);
    expect(configEntryOf(back.credentials[0])).toEqual({ key: 'fast_avail', value: utf8('yes') });
    expect(configEntryOf(back.credentials[2])).toEqual({
      key: 'pa_type',
      principal: 'krbtgt/CONTOSO.COM@CONTOSO.COM',
      value: utf8('2'),
    });
    expect(configEntryOf(back.credentials[1])).toBeUndefined();
  });
});

describe('ticket flags', () => {
  it('bit n of TicketFlags is 0x80000000 >>> n', () => {
    expect(ticketFlagBit(1)).toBe(TKT_FLG.FORWARDABLE);
    expect(ticketFlagBit(8)).toBe(TKT_FLG.RENEWABLE);
    expect(ticketFlagBit(0)).toBe(0x80000000);
    expect(ticketFlagBit(15)).toBe(TKT_FLG.OK_AS_DELEGATE >>> 2);
    expect(codeOf(() => ticketFlagBit(32))).toBe('RangeError');
  });

  it('converts to and from the 32-bit KerberosFlags BIT STRING bytes', () => {
    // forwardable, renewable, initial, pre-authent: 0x40e00000 as RFC 4120 5.3 numbers them.
    const bits = new Uint8Array([0x40, 0xe0, 0x00, 0x00]);
    expect(ticketFlagsFromBitString(bits)).toBe(0x40e00000);
    expect([...ticketFlagsToBitString(0x40e00000)]).toEqual([...bits]);
    expect(ticketFlagsFromBitString(new Uint8Array([0x80]))).toBe(0x80000000);
  });
});
