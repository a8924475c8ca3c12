import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../emulator/core/bytes.ts';
import {
  LdapDecodeError,
  decodeMessage,
  encodeMessage,
  encodeFilter,
  decodeFilter,
  filterToString,
  parseFilter,
  parseOne,
  toBytes,
  type LdapMessage,
} from '../../../../emulator/ldap/codec/index.ts';
import { loadVectorFile } from '../../../support/vectors.ts';

const load = (f: string) => loadVectorFile(`test/vectors/rfc4511/${f}`);
const h = (s: string) => fromHex(s.replace(/\s+/g, ''));

/** Vector JSON uses "hex:..." for byte fields. */
function fromJson(v: unknown): unknown {
  if (typeof v === 'string' && v.startsWith('hex:')) return fromHex(v.slice(4));
  if (Array.isArray(v)) return v.map(fromJson);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJson(x)]));
  return v;
}
function toJson(v: unknown): unknown {
  if (v instanceof Uint8Array) return `hex:${hex(v)}`;
  if (Array.isArray(v)) return v.map(toJson);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, toJson(x)]));
  return v;
}

const messages = load('messages.json');
const filters = load('filters.json');

describe('LDAPMessage vectors (RFC 4511, hand-computed BER)', () => {
  for (const v of messages.vectors) {
    it(`decodes: ${v.title}`, () => {
      expect(toJson(decodeMessage(h(v.input)))).toEqual(v.expected);
    });
    it(`encodes: ${v.title}`, () => {
      expect(hex(encodeMessage(fromJson(v.expected) as LdapMessage))).toBe(v.input.replace(/\s+/g, ''));
    });
  }
  for (const v of messages.invalid) {
    it(`refuses: ${v.title}`, () => {
      let err: unknown;
      try {
        decodeMessage(h(v.input));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LdapDecodeError);
      const d = err as LdapDecodeError;
      expect(d.code).toBe('DECODE_ERROR');
      expect(d.messageId ?? null).toBe(v.messageId);
      expect(d.opTag ?? null).toBe(v.opTag);
    });
  }
});

describe('filter vectors (RFC 4511 4.5.1.7, RFC 4515)', () => {
  for (const v of filters.vectors) {
    it(`encodes ${v.input}`, () => {
      expect(hex(toBytes(encodeFilter(parseFilter(v.input))))).toBe(v.expected.replace(/\s+/g, ''));
    });
    it(`decodes back to ${v.input}`, () => {
      expect(filterToString(decodeFilter(parseOne(h(v.expected), 'test')))).toBe(v.input);
    });
  }
});
