import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../emulator/core/errors.ts';
import { fromHex, hex } from '../../../emulator/core/bytes.ts';
import { deriveDomainSid, deriveGuid, fromFiletime, guidFromBytes, guidToBytes, isSid, sidFromBytes, sidToBytes, toFiletime } from '../../../emulator/directory/ids.ts';
import vectors from '../../vectors/ms-dtyp/sid-guid.json' with { type: 'json' };

describe('SID wire form (MS-DTYP 2.4.2.2)', () => {
  for (const v of vectors.sids) {
    it(`${v.title} encodes and decodes`, () => {
      expect(hex(sidToBytes(v.input))).toBe(v.expected);
      expect(sidFromBytes(fromHex(v.expected))).toBe(v.input);
    });
  }
  for (const v of vectors.badSidBytes) {
    it(`rejects ${v.title} with DecodeError`, () => {
      expect(() => sidFromBytes(fromHex(v.input))).toThrow(DecodeError);
    });
  }
  it('refuses text that is not a SID', () => {
    expect(isSid('S-1-5-21-x')).toBe(false);
    expect(() => sidToBytes('not-a-sid')).toThrow(DecodeError);
  });
});

describe('GUID wire form (MS-DTYP 2.3.4.2)', () => {
  for (const v of vectors.guids) {
    it(`${v.title} encodes and decodes`, () => {
      expect(hex(guidToBytes(v.input))).toBe(v.expected);
      expect(guidFromBytes(fromHex(v.expected))).toBe(v.input);
    });
  }
  for (const v of vectors.badGuidBytes) {
    it(`rejects ${v.title} with DecodeError`, () => {
      expect(() => guidFromBytes(fromHex(v.input))).toThrow(DecodeError);
    });
  }
});

describe('FILETIME (MS-DTYP 2.3.3)', () => {
  for (const v of vectors.filetimes) {
    it(v.title, () => {
      expect(toFiletime(Date.parse(v.input))).toBe(v.expected);
      expect(fromFiletime(v.expected)).toBe(Date.parse(v.input));
    });
  }
});

describe('derived identifiers', () => {
  it('derives the same domain SID from the same seed and a different one from another seed', () => {
    const a = deriveDomainSid('seed-a', 'fabrikam.local');
    expect(a).toBe(deriveDomainSid('seed-a', 'FABRIKAM.LOCAL'));
    expect(a).not.toBe(deriveDomainSid('seed-b', 'fabrikam.local'));
    expect(a).toMatch(/^S-1-5-21-\d+-\d+-\d+$/);
    expect(isSid(a)).toBe(true);
  });
  it('derives version-4 shaped GUIDs that differ by label', () => {
    const g = deriveGuid('s', 'x');
    expect(g).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deriveGuid('s', 'y')).not.toBe(g);
  });
});
