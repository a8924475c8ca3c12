/**
 * splitDn (RFC 4514 string form: `,` and `;` separate RDNs, `\` escapes the next character,
 * quotes protect separators): the RDNs as written, trimmed. Known answers, the errors, and a
 * seeded comparison with the character-by-character splitter it replaced (kept here as the
 * reference) over DNs made of the characters that matter.
 */
import { describe, expect, it } from 'vitest';
import { normalizeDn, splitDn } from '../../../emulator/directory/dn.ts';

/** The splitter before it took slices (git history of emulator/directory/dn.ts). */
function referenceSplit(dn: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i];
    if (c === '\\') {
      if (i + 1 >= dn.length) throw new RangeError('DN ends in a backslash');
      cur += c + dn[++i];
    } else if (c === '"') {
      quoted = !quoted;
      cur += c;
    } else if ((c === ',' || c === ';') && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (quoted) throw new RangeError('unterminated quote in DN');
  if (cur.length || out.length) out.push(cur);
  return out.map((r) => r.trim());
}

const outcome = (f: () => string[]) => {
  try {
    return f();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
};

describe('splitDn', () => {
  it('splits at unescaped, unquoted separators and trims each RDN', () => {
    expect(splitDn('CN=alice,CN=Users,DC=fabrikam,DC=local')).toEqual(['CN=alice', 'CN=Users', 'DC=fabrikam', 'DC=local']);
    expect(splitDn(' CN=a\\,b ; OU="x,y" , DC=z ')).toEqual(['CN=a\\,b', 'OU="x,y"', 'DC=z']);
    expect(splitDn('')).toEqual([]);
    expect(splitDn('CN=a,')).toEqual(['CN=a', '']);
    expect(() => splitDn('CN=a\\')).toThrow(RangeError);
    expect(() => splitDn('CN="a')).toThrow(RangeError);
  });

  it('answers as the character-by-character splitter on 20,000 seeded DNs', () => {
    const alphabet = ['C', 'N', '=', 'a', ' ', ',', ';', '\\', '"', '+', '#', 'é', '\u{1F600}'];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 20_000; n++) {
      let dn = '';
      const len = Math.floor(next() * 24);
      for (let i = 0; i < len; i++) dn += alphabet[Math.floor(next() * alphabet.length)];
      expect(outcome(() => splitDn(dn)), JSON.stringify(dn)).toEqual(outcome(() => referenceSplit(dn)));
    }
  });

  it('keeps normalizeDn of escaped and spaced DNs', () => {
    expect(normalizeDn('CN=Smith\\, John , OU=Sales;DC=X')).toBe('cn=smith\\, john,ou=sales,dc=x');
    expect(normalizeDn('CN=a\\')).toBeUndefined();
  });
});
