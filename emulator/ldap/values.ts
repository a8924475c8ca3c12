/**
 * Value comparison by attribute syntax, as AD matches (MS-ADTS 3.1.1.3.1.3): Unicode strings
 * case-insensitive, DNs as DNs, integers (and large integers) as numbers, generalized time by
 * instant, octet strings and SIDs as bytes (a SID may also be asserted as `S-1-5-...`).
 */
import { equalBytes } from '../core/bytes.ts';
import { normalizeDn } from '../directory/dn.ts';
import { isSid, sidToBytes } from '../directory/ids.ts';
import type { AttributeValue } from '../directory/model.ts';
import type { MatchKind } from './schema.ts';

const dec = new TextDecoder('utf-8', { fatal: false });
const enc = new TextEncoder();

export function asText(v: AttributeValue | Uint8Array): string {
  return typeof v === 'string' ? v : dec.decode(v);
}

export function asBytes(v: AttributeValue): Uint8Array {
  return typeof v === 'string' ? enc.encode(v) : v;
}

function toBigInt(s: string): bigint | undefined {
  const t = s.trim();
  if (!/^[+-]?\d{1,20}$/.test(t)) return undefined;
  return BigInt(t);
}

/** `YYYYMMDDHHMMSS` of a GeneralizedTime (fractions and `Z` dropped), or undefined. */
function timeKey(s: string): string | undefined {
  const m = /^(\d{14})(?:[.,]\d+)?Z?$/i.exec(s.trim());
  return m ? m[1] : undefined;
}

/** The comparable form of a value: a string, a bigint or bytes; undefined when it does not parse. */
export type Key = string | bigint | Uint8Array;

export function keyOf(kind: MatchKind, v: AttributeValue | Uint8Array): Key | undefined {
  switch (kind) {
    case 'octet':
      return asBytes(v);
    case 'sid': {
      if (typeof v !== 'string') {
        const t = dec.decode(v);
        if (/^S-1-/i.test(t)) return isSid(t.toUpperCase()) ? sidToBytes(t.toUpperCase()) : undefined;
        return v;
      }
      return isSid(v.toUpperCase()) ? sidToBytes(v.toUpperCase()) : undefined;
    }
    case 'integer':
      return toBigInt(asText(v));
    case 'time':
      return timeKey(asText(v));
    case 'dn': {
      const t = asText(v);
      return normalizeDn(t) ?? t.toLowerCase();
    }
    case 'caseExact':
      return asText(v);
    case 'caseIgnore':
      return asText(v).toLowerCase();
  }
}

export function keysEqual(a: Key, b: Key): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && equalBytes(a, b);
  return a === b;
}

/** -1, 0, 1; bytes compare lexicographically. */
export function compareKeys(a: Key, b: Key): number {
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return NaN;
}

/** Substring match on the comparable form (strings for text syntaxes, bytes for octet strings). */
export function substringMatch(value: Key, initial: Key | undefined, any: readonly Key[], final: Key | undefined): boolean {
  if (value instanceof Uint8Array) {
    const v = value;
    const at = (p: Uint8Array, from: number) => {
      outer: for (let i = from; i + p.length <= v.length; i++) {
        for (let j = 0; j < p.length; j++) if (v[i + j] !== p[j]) continue outer;
        return i;
      }
      return -1;
    };
    let pos = 0;
    if (initial instanceof Uint8Array) {
      if (at(initial, 0) !== 0) return false;
      pos = initial.length;
    }
    for (const a of any) {
      if (!(a instanceof Uint8Array)) return false;
      const i = at(a, pos);
      if (i < 0) return false;
      pos = i + a.length;
    }
    if (final instanceof Uint8Array) return v.length - final.length >= pos && at(final, v.length - final.length) === v.length - final.length;
    return true;
  }
  const s = String(value);
  let pos = 0;
  if (initial !== undefined) {
    if (!s.startsWith(String(initial))) return false;
    pos = String(initial).length;
  }
  for (const a of any) {
    const i = s.indexOf(String(a), pos);
    if (i < 0) return false;
    pos = i + String(a).length;
  }
  if (final !== undefined) return s.length - String(final).length >= pos && s.endsWith(String(final));
  return true;
}
