/**
 * Deterministic identifiers and their wire forms: SIDs (MS-DTYP 2.4.2.2), GUIDs (MS-DTYP 2.3.4.2,
 * first three fields little-endian on the wire), FILETIME and GeneralizedTime. Pure functions.
 */
import { hash } from 'node:crypto';
import { DecodeError } from '../core/errors.ts';
import type { GuidString, SidString } from './model.ts';

/** SHA-256 over the seed and a label (UTF-8): the one source of every derived identifier. */
export function derive(seed: string, label: string): Uint8Array {
  // node:crypto (OpenSSL): the same bytes as the pure-JS hash, at a fraction of the cost per call,
  // which matters when a world has 100,000 accounts with a few derived identifiers each.
  return hash('sha256', `${seed}\u0000${label}`, 'buffer');
}

/** A domain SID `S-1-5-21-a-b-c` from the seed (sub-authorities kept below 2^31, never zero). */
export function deriveDomainSid(seed: string, dnsName: string): SidString {
  const h = derive(seed, `domain-sid:${dnsName.toLowerCase()}`);
  const dv = new DataView(h.buffer, h.byteOffset, h.byteLength);
  const parts = [0, 4, 8].map((o) => ((dv.getUint32(o, false) & 0x7fffffff) | 0x01000000) >>> 0);
  return `S-1-5-21-${parts.join('-')}`;
}

/** A version-4-shaped GUID from the seed and a label (e.g. the object's DN). */
export function deriveGuid(seed: string, label: string): GuidString {
  // The digest is a fresh Buffer: set the version and variant bits in place, hex its first 16 bytes.
  const h = derive(seed, `guid:${label}`) as Buffer;
  h[6] = (h[6] & 0x0f) | 0x40;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.toString('hex', 0, 16);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SID_RE = /^S-1-(\d+)((?:-\d+){0,15})$/i;

export function isGuid(s: string): boolean {
  return GUID_RE.test(s);
}

export function isSid(s: string): boolean {
  const m = SID_RE.exec(s);
  if (!m) return false;
  return m[2].split('-').slice(1).every((p) => Number(p) <= 0xffffffff) && Number(m[1]) < 2 ** 48;
}

/** GUID text to its 16 wire bytes (Data1..Data3 little-endian, Data4 as is). */
export function guidToBytes(guid: GuidString): Uint8Array {
  // Dashes in place and 32 hex digits (Buffer's hex decoding stops at the first non-hex pair).
  const ok = guid.length === 36 && guid[8] === '-' && guid[13] === '-' && guid[18] === '-' && guid[23] === '-';
  const b = ok ? Buffer.from(guid.slice(0, 8) + guid.slice(9, 13) + guid.slice(14, 18) + guid.slice(19, 23) + guid.slice(24), 'hex') : undefined;
  if (b === undefined || b.length !== 16) throw new DecodeError('GUID', `not a GUID: ${guid.slice(0, 40)}`);
  const out = new Uint8Array(16);
  out[0] = b[3];
  out[1] = b[2];
  out[2] = b[1];
  out[3] = b[0];
  out[4] = b[5];
  out[5] = b[4];
  out[6] = b[7];
  out[7] = b[6];
  out.set(b.subarray(8, 16), 8);
  return out;
}

export function guidFromBytes(b: Uint8Array): GuidString {
  if (b.length !== 16) throw new DecodeError('GUID', `expected 16 bytes, got ${b.length}`);
  const r = [b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], ...b.subarray(8)];
  const x = Buffer.from(r).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** SID text to its binary form: revision, count, 48-bit big-endian authority, LE sub-authorities. */
export function sidToBytes(sid: SidString): Uint8Array {
  if (!isSid(sid)) throw new DecodeError('SID', `not a SID: ${sid.slice(0, 60)}`);
  const [, , auth, ...subs] = sid.split('-');
  const out = new Uint8Array(8 + 4 * subs.length);
  const dv = new DataView(out.buffer);
  out[0] = 1;
  out[1] = subs.length;
  const a = Number(auth);
  dv.setUint16(2, Math.floor(a / 2 ** 32), false);
  dv.setUint32(4, a % 2 ** 32, false);
  subs.forEach((s, i) => dv.setUint32(8 + 4 * i, Number(s), true));
  return out;
}

export function sidFromBytes(b: Uint8Array): SidString {
  if (b.length < 8) throw new DecodeError('SID', 'shorter than 8 bytes', b.length);
  const count = b[1];
  if (b[0] !== 1 || count > 15 || b.length !== 8 + 4 * count) throw new DecodeError('SID', 'bad revision or length', 0);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const auth = dv.getUint16(2, false) * 2 ** 32 + dv.getUint32(4, false);
  const subs: number[] = [];
  for (let i = 0; i < count; i++) subs.push(dv.getUint32(8 + 4 * i, true));
  return ['S', '1', String(auth), ...subs.map(String)].join('-');
}

/** The RID (last sub-authority) of a SID. */
export function ridOf(sid: SidString): number {
  return Number(sid.slice(sid.lastIndexOf('-') + 1));
}

/** Milliseconds between 1601-01-01 and 1970-01-01. */
const FILETIME_EPOCH_OFFSET_MS = 11644473600000n;

/** Epoch ms to FILETIME (100 ns intervals since 1601) as a decimal string, as LDAP carries it. */
export function toFiletime(ms: number): string {
  return ((BigInt(Math.floor(ms)) + FILETIME_EPOCH_OFFSET_MS) * 10000n).toString();
}

/** FILETIME (bigint or decimal string) to epoch ms. */
export function fromFiletime(ft: bigint | string): number {
  return Number(BigInt(ft) / 10000n - FILETIME_EPOCH_OFFSET_MS);
}

/** The "never" value of accountExpires. */
export const FILETIME_NEVER = '9223372036854775807';

/** Epoch ms to AD's GeneralizedTime form `YYYYMMDDHHMMSS.0Z`. */
export function toGeneralizedTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.0Z`;
}
