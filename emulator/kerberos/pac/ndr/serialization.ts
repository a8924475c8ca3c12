import { LeReader, NdrReader } from './reader.ts';
import { NdrWriter } from './writer.ts';

/**
 * Type serialization version 1 (MS-RPCE 2.2.6): the 8-byte common type header, the 8-byte private
 * header of one top-level constructed type, the NDR data, padding to a multiple of 8.
 */
const COMMON_HEADER = {
  /** 2.2.6.1 Version: 1. */
  Version: 0x01,
  /** 2.2.6.1 Endianness: 0x10 = little-endian integers, ASCII characters. */
  Endianness: 0x10,
  /** 2.2.6.1 CommonHeaderLength: 8. */
  CommonHeaderLength: 8,
  /** 2.2.6.1 Filler: 0xcccccccc. */
  Filler: 0xcccccccc,
} as const;

/** Offset of the NDR stream: common header (8) + private header (8). */
export const NDR_STREAM_OFFSET = 16;

/** Serializes one top-level type; `writeTop` writes it (usually a pointer plus `flush()`). */
export function encodeTypeSerialization1(writeTop: (w: NdrWriter) => void): Uint8Array {
  const w = new NdrWriter(NDR_STREAM_OFFSET);
  w.u8(COMMON_HEADER.Version);
  w.u8(COMMON_HEADER.Endianness);
  w.u16(COMMON_HEADER.CommonHeaderLength);
  w.u32(COMMON_HEADER.Filler);
  const lengthSlot = w.pos;
  w.u32(0); // 2.2.6.2 ObjectBufferLength, patched below
  w.u32(0); // 2.2.6.2 Filler: MUST be 0
  writeTop(w);
  w.flush();
  w.padTo(8);
  w.setU32(lengthSlot, w.pos - NDR_STREAM_OFFSET);
  return w.finish();
}

/** Parses the headers and hands a reader bounded to the object buffer to `readTop`. */
export function decodeTypeSerialization1<T>(bytes: Uint8Array, what: string, readTop: (r: NdrReader) => T): T {
  const h = new LeReader(bytes, what);
  const version = h.u8();
  const endianness = h.u8();
  const headerLength = h.u16();
  h.u32(); // common Filler: SHOULD be ignored
  if (version !== COMMON_HEADER.Version) h.fail(`type serialization version ${version}, expected 1`, 0);
  if (endianness !== COMMON_HEADER.Endianness) h.fail(`endianness 0x${endianness.toString(16)}, only 0x10 is supported`, 1);
  if (headerLength !== COMMON_HEADER.CommonHeaderLength) h.fail(`common header length ${headerLength}, expected 8`, 2);
  const objectLength = h.u32();
  h.u32(); // private Filler: SHOULD be ignored (impacket writes 0xcccccccc)
  if (objectLength > h.remaining) h.fail(`object buffer length ${objectLength} exceeds the ${h.remaining} bytes left`, 8);
  const r = new NdrReader(bytes, what, NDR_STREAM_OFFSET, NDR_STREAM_OFFSET + objectLength);
  const value = readTop(r);
  r.flush();
  return value;
}
