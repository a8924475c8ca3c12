/**
 * MIT FILE credential cache format, versions 4 (0x0504) and 3 (0x0503), big-endian
 * (MIT krb5 doc/formats/ccache_file_format.rst). Pure bytes in/out.
 *
 *   ccache     ::= 0x05 version(1 byte) [header: version 4 only] principal credential*
 *   header     ::= length (uint16) { tag (uint16) length (uint16) value }*
 *                  tag 1 = KDC time offset: seconds (int32) microseconds (int32)
 *   principal  ::= name_type (uint32) count (uint32) realm (data) component (data)*
 *   credential ::= client server keyblock authtime starttime endtime renew_till (uint32 each)
 *                  is_skey (uint8) ticket_flags (uint32) addresses authdata
 *                  ticket (data) second_ticket (data)
 *   keyblock   ::= enctype (uint16) [enctype again in version 3] key (data)
 *   addresses  ::= count (uint32) { addrtype (uint16) address (data) }*
 *   authdata   ::= count (uint32) { ad_type (uint16) data (data) }*
 *   data       ::= length (uint32) bytes
 * The credentials run to the end of the file.
 */
import { Cursor, Writer, checkRange, encodeText } from './cursor.ts';
import type { Ccache, CcacheHeaderField, Credential, Principal } from './types.ts';

export const KRB5_FCC_FVNO_3 = 0x0503;
export const KRB5_FCC_FVNO_4 = 0x0504;
/** Version-4 header tag for the KDC time offset. */
export const FCC_TAG_DELTATIME = 1;

const WHAT = 'ccache';
/** Smallest encodings, used to bound counts before allocating. */
const MIN_DATA = 4;
const MIN_ADDRESS = 6;

/** Encodes a ccache (version 4 unless cc.version is 3). Throws RangeError for unrepresentable values. */
export function encodeCcache(cc: Ccache): Uint8Array {
  const version = cc.version ?? 4;
  const w = new Writer();
  w.u16(version === 3 ? KRB5_FCC_FVNO_3 : KRB5_FCC_FVNO_4, 'version');
  if (version === 4) writeHeader(w, cc);
  else if (cc.kdcTimeOffset || cc.otherHeaderFields?.length) {
    throw new RangeError('a version 3 ccache has no header fields');
  }
  writePrincipal(w, cc.defaultPrincipal);
  for (const cred of cc.credentials) writeCredential(w, cred, version);
  return w.finish();
}

/** Decodes a version 4 or 3 ccache; malformed input throws DecodeError. */
export function decodeCcache(bytes: Uint8Array): Ccache {
  const c = new Cursor(bytes, WHAT);
  const v = c.u16('version');
  if (v !== KRB5_FCC_FVNO_4 && v !== KRB5_FCC_FVNO_3) {
    c.fail(`unsupported ccache version 0x${v.toString(16).padStart(4, '0')}`, 0);
  }
  const version = v === KRB5_FCC_FVNO_4 ? 4 : 3;
  const cc: Ccache = { version, defaultPrincipal: { nameType: 0, components: [], realm: '' }, credentials: [] };
  if (version === 4) readHeader(c, cc);
  cc.defaultPrincipal = readPrincipal(c, 'default principal');
  while (c.remaining > 0) cc.credentials.push(readCredential(c, version));
  return cc;
}

function writeHeader(w: Writer, cc: Ccache): void {
  const fields = new Writer();
  if (cc.kdcTimeOffset) {
    fields.u16(FCC_TAG_DELTATIME, 'header tag').u16(8, 'header length');
    fields.i32(cc.kdcTimeOffset.seconds, 'time offset seconds');
    fields.i32(cc.kdcTimeOffset.microseconds, 'time offset microseconds');
  }
  for (const f of cc.otherHeaderFields ?? []) {
    if (f.tag === FCC_TAG_DELTATIME) throw new RangeError('header tag 1 goes in kdcTimeOffset');
    fields.u16(f.tag, 'header tag').u16(f.value.length, 'header length').bytes(f.value);
  }
  w.u16(fields.length, 'header length').bytes(fields.finish());
}

function readHeader(c: Cursor, cc: Ccache): void {
  const len = c.u16('header length');
  const h = c.sub(len, 'header');
  const other: CcacheHeaderField[] = [];
  while (h.remaining > 0) {
    const at = h.offset;
    const tag = h.u16('header tag');
    const flen = h.u16('header field length');
    if (tag === FCC_TAG_DELTATIME) {
      if (flen !== 8) h.fail(`time offset field of length ${flen}`, at);
      cc.kdcTimeOffset = { seconds: h.i32('time offset seconds'), microseconds: h.i32('time offset microseconds') };
    } else {
      other.push({ tag, value: h.take(flen, 'header field') });
    }
  }
  if (other.length) cc.otherHeaderFields = other;
}

function readData(c: Cursor, field: string): Uint8Array {
  const n = c.u32(`${field} length`);
  return c.take(n, field);
}

function readText(c: Cursor, field: string): string {
  const n = c.u32(`${field} length`);
  return c.text(n, field);
}

function readPrincipal(c: Cursor, field: string): Principal {
  const nameType = c.i32(`${field} name_type`);
  const countAt = c.offset;
  const count = c.u32(`${field} component count`);
  const realm = readText(c, `${field} realm`);
  c.count(count, MIN_DATA, `${field} component`, countAt);
  const components: string[] = [];
  for (let i = 0; i < count; i++) components.push(readText(c, `${field} component`));
  return { nameType, components, realm };
}

function readCredential(c: Cursor, version: 3 | 4): Credential {
  const client = readPrincipal(c, 'client');
  const server = readPrincipal(c, 'server');
  const enctype = c.i16('enctype');
  if (version === 3) {
    const at = c.offset;
    if (c.i16('repeated enctype') !== enctype) c.fail('version 3 keyblock enctypes differ', at);
  }
  const key = { enctype, value: readData(c, 'key') };
  const authtime = c.u32('authtime');
  const starttime = c.u32('starttime');
  const endtime = c.u32('endtime');
  const renewTill = c.u32('renew_till');
  const skAt = c.offset;
  const isSkey = c.u8('is_skey');
  if (isSkey > 1) c.fail(`is_skey ${isSkey}`, skAt);
  const ticketFlags = c.u32('ticket_flags');
  let at = c.offset;
  const nAddr = c.count(c.u32('address count'), MIN_ADDRESS, 'address', at);
  const addresses = [];
  for (let i = 0; i < nAddr; i++) {
    addresses.push({ addrType: c.u16('addrtype'), address: readData(c, 'address') });
  }
  at = c.offset;
  const nAd = c.count(c.u32('authdata count'), MIN_ADDRESS, 'authdata', at);
  const authdata = [];
  for (let i = 0; i < nAd; i++) authdata.push({ adType: c.u16('ad_type'), data: readData(c, 'authdata') });
  const ticket = readData(c, 'ticket');
  const secondTicket = readData(c, 'second_ticket');
  return {
    client, server, key, authtime, starttime, endtime, renewTill, isSkey: isSkey === 1,
    ticketFlags, addresses, authdata, ticket, secondTicket,
  };
}

function writeData(w: Writer, b: Uint8Array, field: string): void {
  w.u32(b.length, `${field} length`).bytes(b);
}

function writePrincipal(w: Writer, p: Principal): void {
  w.i32(p.nameType, 'name_type').u32(p.components.length, 'component count');
  writeData(w, encodeText(p.realm), 'realm');
  for (const comp of p.components) writeData(w, encodeText(comp), 'component');
}

function writeCredential(w: Writer, cr: Credential, version: 3 | 4): void {
  writePrincipal(w, cr.client);
  writePrincipal(w, cr.server);
  w.i16(cr.key.enctype, 'enctype');
  if (version === 3) w.i16(cr.key.enctype, 'enctype');
  writeData(w, cr.key.value, 'key');
  w.u32(cr.authtime, 'authtime').u32(cr.starttime, 'starttime');
  w.u32(cr.endtime, 'endtime').u32(cr.renewTill, 'renew_till');
  // Flags built with bitwise operators may be negative int32: accept them as their uint32 value.
  checkRange(cr.ticketFlags, -0x80000000, 0xffffffff, 'ticket_flags');
  w.u8(cr.isSkey ? 1 : 0, 'is_skey').u32(cr.ticketFlags >>> 0, 'ticket_flags');
  w.u32(cr.addresses.length, 'address count');
  for (const a of cr.addresses) {
    w.u16(a.addrType, 'addrtype');
    writeData(w, a.address, 'address');
  }
  w.u32(cr.authdata.length, 'authdata count');
  for (const ad of cr.authdata) {
    w.u16(ad.adType, 'ad_type');
    writeData(w, ad.data, 'authdata');
  }
  writeData(w, cr.ticket, 'ticket');
  writeData(w, cr.secondTicket, 'second_ticket');
}
