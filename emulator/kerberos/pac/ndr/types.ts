import { sidFromBytes, sidToBytes } from '../../../directory/ids.ts';
import type { Deferred, NdrReader } from './reader.ts';
import type { NdrWriter } from './writer.ts';

/**
 * The MS-DTYP / MS-PAC building blocks in their NDR form. Each writer emits the scalar part and
 * registers the pointee; each reader returns the scalar part with a Deferred for the pointee.
 */

/** MS-DTYP 2.3.3 FILETIME: two little-endian DWORDs (low, high), 4-byte aligned in NDR. */
export function writeFiletime(w: NdrWriter, v: bigint): void {
  w.align(4);
  w.u64(v);
}

export function readFiletime(r: NdrReader): bigint {
  r.align(4);
  return r.u64();
}

/**
 * MS-DTYP 2.3.10 RPC_UNICODE_STRING: Length and MaximumLength in bytes, then a unique pointer to a
 * conformant-varying WCHAR array [size_is(MaximumLength/2), length_is(Length/2)]. No terminator.
 * `maximumLength` defaults to Length; Windows reserves room for a terminator in some fields.
 */
export function writeUnicodeString(w: NdrWriter, value: string, maximumLength?: number): void {
  const length = value.length * 2;
  const max = maximumLength ?? length;
  if (length > 0xfffe) throw new RangeError(`RPC_UNICODE_STRING longer than 32767 characters`);
  if (max < length || max > 0xffff) throw new RangeError(`MaximumLength ${max} does not fit Length ${length}`);
  w.align(4);
  w.u16(length);
  w.u16(max);
  w.pointer(true, () => {
    w.align(4);
    w.u32(Math.floor(max / 2)); // conformance: maximum count
    w.u32(0); // variance: offset
    w.u32(value.length); // variance: actual count
    for (let i = 0; i < value.length; i++) w.u16(value.charCodeAt(i));
  });
}

export interface UnicodeStringRead {
  length: number;
  maximumLength: number;
  buffer: Deferred<string>;
}

export function readUnicodeString(r: NdrReader, field: string): UnicodeStringRead {
  r.align(4);
  const length = r.u16();
  const maximumLength = r.u16();
  const buffer = r.pointer(() => {
    r.align(4);
    const max = r.u32();
    const offset = r.u32();
    const actual = r.u32();
    if (max !== Math.floor(maximumLength / 2)) r.fail(`${field}: maximum count ${max} != MaximumLength/2`);
    if (offset !== 0) r.fail(`${field}: varying array offset ${offset}`);
    if (actual !== Math.floor(length / 2) || actual > max) r.fail(`${field}: actual count ${actual} != Length/2`);
    r.need(actual * 2);
    const units = new Array<number>(actual);
    for (let i = 0; i < actual; i++) units[i] = r.u16();
    return String.fromCharCode(...units);
  });
  return { length, maximumLength, buffer };
}

/** The string of a read RPC_UNICODE_STRING; a NULL buffer is the empty string. */
export function unicodeValue(s: UnicodeStringRead): string {
  return s.buffer.value ?? '';
}

/**
 * MS-DTYP 2.4.2.3 RPC_SID as an NDR conformant structure: the SubAuthority count is hoisted to the
 * front as the conformance, then Revision, SubAuthorityCount, IdentifierAuthority[6] (big-endian)
 * and SubAuthority[] (little-endian DWORDs).
 */
export function writeSid(w: NdrWriter, sid: string): void {
  const b = sidBytes(sid);
  w.align(4);
  w.u32(b[1]);
  w.bytes(b);
}

/**
 * sidToBytes with a memo: a KDC writes the same few SIDs (domain, user, S-1-18-1) into every
 * PAC. The result is shared: callers copy it (into a writer, or slice it), never change it.
 * Bounded.
 */
const SID_MEMO_MAX = 4096;
const sidMemo = new Map<string, Uint8Array>();
export function sidBytes(sid: string): Uint8Array {
  let b = sidMemo.get(sid);
  if (b === undefined) {
    b = sidToBytes(sid);
    if (sidMemo.size >= SID_MEMO_MAX) sidMemo.clear();
    sidMemo.set(sid, b);
  }
  return b;
}

export function readSid(r: NdrReader): string {
  const count = r.conformance(4);
  const start = r.pos;
  r.u8(); // Revision, checked by sidFromBytes
  const subCount = r.u8();
  if (subCount !== count) r.fail(`RPC_SID: SubAuthorityCount ${subCount} != conformance ${count}`, start);
  r.skip(6 + 4 * count);
  return sidFromBytes(r.bytes.subarray(start, r.pos));
}

/** MS-PAC 2.2.2 GROUP_MEMBERSHIP: RelativeId and Attributes (SE_GROUP_* bits). */
export interface GroupMembership {
  relativeId: number;
  attributes: number;
}

/** A conformant array of GROUP_MEMBERSHIP (the pointee of PGROUP_MEMBERSHIP). */
export function writeGroupArray(w: NdrWriter, groups: readonly GroupMembership[]): void {
  w.align(4);
  w.u32(groups.length);
  for (const g of groups) {
    w.u32(g.relativeId);
    w.u32(g.attributes);
  }
}

export function readGroupArray(r: NdrReader): GroupMembership[] {
  const count = r.conformance(8);
  const out: GroupMembership[] = [];
  for (let i = 0; i < count; i++) out.push({ relativeId: r.u32(), attributes: r.u32() });
  return out;
}

/** MS-PAC 2.2.1 KERB_SID_AND_ATTRIBUTES: a PISID and its SE_GROUP_* attributes. */
export interface SidAndAttributes {
  sid: string;
  attributes: number;
}

/** A conformant array of KERB_SID_AND_ATTRIBUTES; the SIDs follow the array as deferred pointees. */
export function writeSidAndAttributesArray(w: NdrWriter, items: readonly SidAndAttributes[]): void {
  w.align(4);
  w.u32(items.length);
  for (const it of items) {
    w.pointer(true, () => writeSid(w, it.sid));
    w.u32(it.attributes);
  }
}

export interface SidAndAttributesRead {
  sid: Deferred<string>;
  attributes: number;
}

export function readSidAndAttributesArray(r: NdrReader): SidAndAttributesRead[] {
  const count = r.conformance(8);
  const out: SidAndAttributesRead[] = [];
  for (let i = 0; i < count; i++) {
    const sid = r.pointer(() => readSid(r));
    out.push({ sid, attributes: r.u32() });
  }
  return out;
}

/** Resolves a read KERB_SID_AND_ATTRIBUTES array after the deferred SIDs have been read. */
export function resolveSidAndAttributes(r: NdrReader, items: readonly SidAndAttributesRead[], field: string): SidAndAttributes[] {
  return items.map((it, i) => {
    if (it.sid.value === undefined) r.fail(`${field}[${i}]: NULL SID`);
    return { sid: it.sid.value, attributes: it.attributes };
  });
}

/** MS-PAC 2.2.3 / MS-NRPC 2.2.1.1.1 CYPHER_BLOCK: 8 bytes; USER_SESSION_KEY is two of them. */
export const CYPHER_BLOCK_LENGTH = 8;
export const USER_SESSION_KEY_LENGTH = 2 * CYPHER_BLOCK_LENGTH;
