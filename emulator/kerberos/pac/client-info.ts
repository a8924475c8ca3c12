import { LeReader } from './ndr/reader.ts';
import { LeWriter } from './ndr/writer.ts';

/**
 * MS-PAC 2.7 PAC_CLIENT_INFO (buffer type 10): ClientId is the FILETIME of the ticket's authtime,
 * Name the client principal name without realm in UTF-16LE, NameLength its size in bytes.
 * Not NDR: a flat little-endian structure.
 */
export interface PacClientInfo {
  clientId: bigint;
  name: string;
}

export function encodeClientInfo(v: PacClientInfo): Uint8Array {
  const w = new LeWriter(10 + 2 * v.name.length); // exact size
  w.u64(v.clientId); // ClientId
  if (v.name.length * 2 > 0xffff) throw new RangeError('PAC_CLIENT_INFO Name longer than 65535 bytes');
  w.u16(v.name.length * 2); // NameLength
  for (let i = 0; i < v.name.length; i++) w.u16(v.name.charCodeAt(i)); // Name
  return w.finish();
}

export function decodeClientInfo(bytes: Uint8Array): PacClientInfo {
  const r = new LeReader(bytes, 'PAC_CLIENT_INFO');
  const clientId = r.u64();
  const nameLength = r.u16();
  if (nameLength % 2 !== 0) r.fail(`odd NameLength ${nameLength}`, 8);
  return { clientId, name: readUtf16(r, nameLength) };
}

/** `byteLength` bytes of UTF-16LE as a string, bounds-checked first. */
export function readUtf16(r: LeReader, byteLength: number): string {
  r.need(byteLength);
  const units = new Array<number>(byteLength >> 1);
  for (let i = 0; i < units.length; i++) units[i] = r.u16();
  return String.fromCharCode(...units);
}
