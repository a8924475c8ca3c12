import { LeReader } from './ndr/reader.ts';
import { LeWriter } from './ndr/writer.ts';

/** One PAC buffer as it sits in the PACTYPE: its ulType and its bytes (cbBufferSize of them). */
export interface PacBuffer {
  type: number;
  data: Uint8Array;
}

/** MS-PAC 2.3 PACTYPE Version: MUST be 0. */
export const PAC_VERSION = 0;
/** MS-PAC 2.3: every PAC element starts on an 8-byte boundary. */
export const PAC_ALIGNMENT = 8;
/** MS-PAC 2.3 cBuffers (4) + Version (4). */
const PACTYPE_HEADER_SIZE = 8;
/** MS-PAC 2.4 PAC_INFO_BUFFER: ulType (4), cbBufferSize (4), Offset (8). */
export const PAC_INFO_BUFFER_SIZE = 16;

const align8 = (n: number) => Math.ceil(n / PAC_ALIGNMENT) * PAC_ALIGNMENT;

/**
 * Encodes a PACTYPE (MS-PAC 2.3): cBuffers, Version 0, the PAC_INFO_BUFFER array (2.4), then each
 * buffer at an 8-byte aligned Offset in the given order, zero-padded to the next boundary.
 */
export function encodePacType(buffers: readonly PacBuffer[]): Uint8Array {
  return layoutPacType(buffers).bytes;
}

/** The encoded PACTYPE and the Offset of each buffer, in input order. */
export function layoutPacType(buffers: readonly PacBuffer[]): { bytes: Uint8Array; offsets: number[] } {
  let size = align8(PACTYPE_HEADER_SIZE + PAC_INFO_BUFFER_SIZE * buffers.length);
  for (const b of buffers) size = align8(size + b.data.length);
  const w = new LeWriter(size);
  const offsets: number[] = [];
  w.u32(buffers.length); // cBuffers
  w.u32(PAC_VERSION); // Version
  let offset = align8(PACTYPE_HEADER_SIZE + PAC_INFO_BUFFER_SIZE * buffers.length);
  for (const b of buffers) {
    w.u32(b.type); // ulType
    w.u32(b.data.length); // cbBufferSize
    w.u64(BigInt(offset)); // Offset
    offsets.push(offset);
    offset = align8(offset + b.data.length);
  }
  for (const b of buffers) {
    w.padTo(PAC_ALIGNMENT);
    w.bytes(b.data);
  }
  w.padTo(PAC_ALIGNMENT);
  return { bytes: w.finish(), offsets };
}

/** Where each buffer sits in an encoded PAC (for signing and verification in place). */
export interface PacBufferLocation extends PacBuffer {
  offset: number;
}

/**
 * Decodes a PACTYPE. Checks Version 0, the header fits, each Offset is 8-byte aligned, past the
 * header and inside the input, and each buffer ends inside the input; DecodeError("PACTYPE")
 * otherwise. Buffers keep their order and their exact bytes (unknown types included). Each `data`
 * is a view into `bytes`, not a copy, so overlapping PAC_INFO_BUFFERs cannot multiply memory.
 */
export function decodePacType(bytes: Uint8Array): PacBufferLocation[] {
  const r = new LeReader(bytes, 'PACTYPE');
  const count = r.u32();
  const version = r.u32();
  if (version !== PAC_VERSION) r.fail(`Version ${version}, expected 0`, 4);
  if (count === 0) r.fail('cBuffers is 0', 0);
  if (count > Math.floor(r.remaining / PAC_INFO_BUFFER_SIZE)) r.fail(`cBuffers ${count} does not fit`, 0);
  const headerEnd = PACTYPE_HEADER_SIZE + PAC_INFO_BUFFER_SIZE * count;
  const out: PacBufferLocation[] = [];
  for (let i = 0; i < count; i++) {
    const at = r.pos;
    const type = r.u32();
    const size = r.u32();
    const offset = r.u64();
    if (offset % BigInt(PAC_ALIGNMENT) !== 0n) r.fail(`buffer ${i} (type ${type}) Offset not 8-byte aligned`, at);
    if (offset < BigInt(headerEnd)) r.fail(`buffer ${i} (type ${type}) Offset inside the header`, at);
    if (offset > BigInt(bytes.length) || BigInt(size) > BigInt(bytes.length) - offset) {
      r.fail(`buffer ${i} (type ${type}) runs past the end`, at);
    }
    const o = Number(offset);
    out.push({ type, offset: o, data: bytes.subarray(o, o + size) });
  }
  return out;
}
