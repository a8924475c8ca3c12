/**
 * MIT keytab file format (MIT krb5 doc/formats/keytab_file_format.rst), pure bytes in/out.
 *
 *   keytab   ::= 0x05 version(1 byte) entry*
 *   entry    ::= size (int32; negative = a hole of -size bytes to skip; 0 = end)
 *                num_components (uint16; includes the realm in version 0x501)
 *                realm (data) component1 (data) ...
 *                name_type (uint32; absent in version 0x501)
 *                timestamp (uint32) vno8 (uint8)
 *                keyblock ::= enctype (uint16) key (data)
 *                vno (uint32; only if >= 4 bytes remain in the entry; used when non-zero)
 *   data     ::= length (uint16) bytes
 *
 * Version 0x0502 is big-endian. Version 0x0501 uses the writer's native byte order; we read it
 * as little-endian (x86), the only platform such files are still met from.
 */
import { Cursor, Writer, checkRange, encodeText } from './cursor.ts';
import type { KeytabEntry, Principal } from './types.ts';

export const KRB5_KT_VNO_1 = 0x0501;
export const KRB5_KT_VNO = 0x0502;

const WHAT = 'keytab';

/** Encodes entries as a version 0x0502 keytab. Throws RangeError for values the format cannot hold. */
export function encodeKeytab(entries: readonly KeytabEntry[]): Uint8Array {
  const w = new Writer();
  w.u16(KRB5_KT_VNO, 'version');
  for (const e of entries) {
    const sizeAt = w.length;
    w.i32(0, 'size');
    writePrincipal(w, e.principal);
    w.u32(e.timestamp, 'timestamp');
    checkRange(e.kvno, 0, 0xffffffff, 'kvno');
    w.u8(e.kvno & 0xff, 'vno8');
    w.i16(e.enctype, 'enctype');
    writeData(w, e.key, 'key');
    // Always write the 32-bit kvno so kvnos above 255 (RODC kvnos) are not truncated.
    w.u32(e.kvno >>> 0, 'vno');
    const size = w.length - sizeAt - 4;
    checkRange(size, 1, 0x7fffffff, 'entry size');
    w.patchI32(sizeAt, size);
  }
  return w.finish();
}

/** Decodes a keytab (0x0502, or 0x0501). Holes are skipped; malformed input throws DecodeError. */
export function decodeKeytab(bytes: Uint8Array): KeytabEntry[] {
  const c = new Cursor(bytes, WHAT);
  const version = c.u16('version');
  if (version !== KRB5_KT_VNO && version !== KRB5_KT_VNO_1) {
    c.fail(`unsupported keytab version 0x${version.toString(16).padStart(4, '0')}`, 0);
  }
  c.littleEndian = version === KRB5_KT_VNO_1;
  const entries: KeytabEntry[] = [];
  while (c.remaining > 0) {
    const sizeAt = c.offset;
    const size = c.i32('entry size');
    if (size === 0) break; // MIT treats a zero size as the end of the keytab.
    if (size === -0x80000000) c.fail('entry size INT32_MIN', sizeAt);
    if (size < 0) {
      c.skip(-size, 'hole');
      continue;
    }
    entries.push(readEntry(c.sub(size, 'entry'), version));
  }
  return entries;
}

function readEntry(c: Cursor, version: number): KeytabEntry {
  const countAt = c.offset;
  let count = c.u16('num_components');
  if (version === KRB5_KT_VNO_1) {
    if (count === 0) c.fail('num_components 0 in a 0x0501 entry', countAt);
    count -= 1;
  }
  const realm = readText(c, 'realm');
  c.count(count, 2, 'component', countAt);
  const components: string[] = [];
  for (let i = 0; i < count; i++) components.push(readText(c, 'component'));
  const nameType = version === KRB5_KT_VNO_1 ? 1 : c.i32('name_type');
  const timestamp = c.u32('timestamp');
  const vno8 = c.u8('vno8');
  const enctype = c.i16('enctype');
  const keyLen = c.u16('key length');
  const key = c.take(keyLen, 'key');
  let kvno = vno8;
  if (c.remaining >= 4) {
    const vno32 = c.u32('vno');
    if (vno32 !== 0) kvno = vno32; // zero means zero fill, as MIT reads it
  }
  // Bytes after the 32-bit kvno (fields of later writers) are skipped with the entry.
  const principal: Principal = { nameType, components, realm };
  return { principal, timestamp, kvno, enctype, key };
}

function readText(c: Cursor, field: string): string {
  const n = c.u16(`${field} length`);
  return c.text(n, field);
}

function writeData(w: Writer, b: Uint8Array, field: string): void {
  w.u16(b.length, `${field} length`);
  w.bytes(b);
}

function writePrincipal(w: Writer, p: Principal): void {
  w.u16(p.components.length, 'num_components');
  writeData(w, encodeText(p.realm), 'realm');
  for (const comp of p.components) writeData(w, encodeText(comp), 'component');
  w.i32(p.nameType, 'name_type');
}
