/** RFC 1035 4.1.4 name compression as the netlogon responses use it (MS-ADTS 6.3.7). */
import { describe, expect, it } from 'vitest';
import { NetlogonDecodeError, NetlogonEncodeError } from '../../../../emulator/ldap/netlogon/errors.ts';
import { NetlogonReader, NetlogonWriter, readName } from '../../../../emulator/ldap/netlogon/wire.ts';
import { hex, unhex } from './fixture.ts';

describe('NetlogonWriter.name', () => {
  it('compresses every later name against the suffixes already written (hand-computed bytes)', () => {
    const w = new NetlogonWriter();
    for (const n of ['fabrikam.local', 'fabrikam.local', 'dc1.fabrikam.local', 'FABRIKAM', '', 'x.local', 'dc1.fabrikam.local.']) w.name('f', n);
    expect(hex(w.finish())).toBe(
      '0866616272696b616d056c6f63616c00' + // 0: fabrikam.local
        'c000' + // 16: pointer to 0
        '03646331c000' + // 18: dc1 + pointer to 0
        '0846414252494b414d00' + // 24: FABRIKAM (no suffix in common)
        '00' + // 34: empty name
        '0178c009' + // 35: x + pointer to "local" at 9
        'c012', // 39: the whole dc1.fabrikam.local written at 18 (trailing dot dropped)
    );
  });

  it('compares suffixes exactly (case-sensitive), so a NetBIOS name never points into a DNS name', () => {
    const w = new NetlogonWriter();
    w.name('a', 'local').name('b', 'LOCAL');
    expect(hex(w.finish())).toBe('056c6f63616c00' + '054c4f43414c00');
  });

  it('refuses labels it cannot write', () => {
    const long = 'a'.repeat(64);
    for (const bad of [long, 'a..b', `${'abcdefghi.'.repeat(26)}x`]) {
      expect(() => new NetlogonWriter().name('DnsHostName', bad)).toThrow(NetlogonEncodeError);
    }
    expect(hex(new NetlogonWriter().name('x', 'a'.repeat(63)).finish())).toBe('3f' + '61'.repeat(63) + '00');
  });
});

describe('readName', () => {
  const buf = unhex('0866616272696b616d056c6f63616c00' + 'c000' + '03646331c000' + '0178c009');

  it('decompresses and reports the written form', () => {
    expect(readName(buf, 0, 't')).toEqual({ value: 'fabrikam.local', next: 16, form: { labels: ['fabrikam', 'local'] } });
    expect(readName(buf, 16, 't')).toEqual({ value: 'fabrikam.local', next: 18, form: { labels: [], pointer: 0 } });
    expect(readName(buf, 18, 't')).toEqual({ value: 'dc1.fabrikam.local', next: 24, form: { labels: ['dc1'], pointer: 0 } });
    expect(readName(buf, 24, 't')).toEqual({ value: 'x.local', next: 28, form: { labels: ['x'], pointer: 9 } });
  });

  const bad: [string, string, number][] = [
    ['pointer to itself', 'c000', 0],
    ['forward pointer', '00c004', 1],
    ['pointer to a later pointer (loop)', '01610000c004c002', 4],
    ['truncated pointer', 'c0', 0],
    ['label past the end', '0561626300', 0],
    ['no terminator', '026162', 0],
    ['reserved label type 01', '4000', 0],
    ['reserved label type 10', '8000', 0],
    ['not UTF-8', '01ff00', 0],
    ['start past the end', '00', 1],
  ];
  it.each(bad)('rejects %s with NetlogonDecodeError', (_t, h, at) => {
    expect(() => readName(unhex(h), at, 't')).toThrow(NetlogonDecodeError);
  });

  it('rejects a name longer than 255 octets', () => {
    const labels = Array.from({ length: 5 }, () => '3f' + '61'.repeat(63)).join('');
    expect(() => readName(unhex(labels + '00'), 0, 't')).toThrow(NetlogonDecodeError);
  });
});

describe('NetlogonReader', () => {
  it('reads little-endian integers and UTF-16LE strings, and throws on truncation', () => {
    const r = new NetlogonReader(unhex('1700' + '78563412' + '5c005c00440000' + '00'), 't');
    expect(r.u16()).toBe(0x17);
    expect(r.u32()).toBe(0x12345678);
    expect(r.utf16z()).toBe('\\\\D');
    expect(() => r.u16()).toThrow(NetlogonDecodeError);
  });
  it('refuses a Unicode string without a terminator', () => {
    expect(() => new NetlogonReader(unhex('4100'.repeat(3)), 't').utf16z()).toThrow(NetlogonDecodeError);
  });
});
