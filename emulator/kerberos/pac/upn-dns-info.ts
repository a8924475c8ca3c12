import { sidFromBytes } from '../../directory/ids.ts';
import { sidBytes } from './ndr/types.ts';
import { readUtf16 } from './client-info.ts';
import { UPN_DNS_FLAGS } from './constants.ts';
import { LeReader } from './ndr/reader.ts';
import { LeWriter } from './ndr/writer.ts';

/**
 * MS-PAC 2.10 UPN_DNS_INFO (buffer type 12). Flags U (0x1): the account has no UPN and `upn` is a
 * constructed one. Flag S (0x2): extended with SamName and Sid (2.10.1). Strings are UTF-16LE
 * without terminator at offsets relative to the start of the buffer.
 */
export interface UpnDnsInfo {
  upn: string;
  dnsDomainName: string;
  flags: number;
  /** Present exactly when flags has S. */
  samName?: string;
  /** Present exactly when flags has S: the account SID. */
  sid?: string;
}

const HEADER = 12; // UpnLength, UpnOffset, DnsDomainNameLength, DnsDomainNameOffset (u16 each), Flags (u32)
const EXTENDED_HEADER = 20; // + SamNameLength, SamNameOffset, SidLength, SidOffset (u16 each)

/** UTF-16LE code units of a string (as MS-PAC strings are sent, no terminator). */
function utf16(s: string): Uint8Array {
  const out = new Uint8Array(2 * s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >>> 8;
  }
  return out;
}

/**
 * Encodes as Windows lays it out: the header, then each field at the next 8-byte boundary in the
 * order UPN, DNS domain, SAM name, SID, and the whole buffer padded to a multiple of 8.
 */
export function encodeUpnDnsInfo(v: UpnDnsInfo): Uint8Array {
  const extended = (v.flags & UPN_DNS_FLAGS.S) !== 0;
  if (extended && (v.samName === undefined || v.sid === undefined)) {
    throw new RangeError('UPN_DNS_INFO with flag S needs samName and sid');
  }
  const parts = [utf16(v.upn), utf16(v.dnsDomainName)];
  if (extended) parts.push(utf16(v.samName as string), sidBytes(v.sid as string));
  const offsets: number[] = [];
  let at = extended ? EXTENDED_HEADER : HEADER;
  for (const p of parts) {
    at = Math.ceil(at / 8) * 8;
    offsets.push(at);
    at += p.length;
  }
  const w = new LeWriter();
  const lenOff = (i: number) => {
    if (parts[i].length > 0xffff || offsets[i] > 0xffff) throw new RangeError('UPN_DNS_INFO field beyond 64 KiB');
    w.u16(parts[i].length);
    w.u16(offsets[i]);
  };
  lenOff(0); // UpnLength, UpnOffset
  lenOff(1); // DnsDomainNameLength, DnsDomainNameOffset
  w.u32(v.flags); // Flags
  if (extended) {
    lenOff(2); // SamNameLength, SamNameOffset
    lenOff(3); // SidLength, SidOffset
  }
  parts.forEach((p, i) => {
    w.zeros(offsets[i] - w.pos);
    w.bytes(p);
  });
  w.padTo(8);
  return w.finish();
}

function field(bytes: Uint8Array, r: LeReader, length: number, offset: number, name: string): LeReader {
  if (offset + length > bytes.length) r.fail(`${name} (offset ${offset}, length ${length}) runs past the buffer`);
  return new LeReader(bytes, 'UPN_DNS_INFO', offset, offset + length);
}

export function decodeUpnDnsInfo(bytes: Uint8Array): UpnDnsInfo {
  const r = new LeReader(bytes, 'UPN_DNS_INFO');
  const upnLength = r.u16();
  const upnOffset = r.u16();
  const dnsLength = r.u16();
  const dnsOffset = r.u16();
  const flags = r.u32();
  if (upnLength % 2 !== 0 || dnsLength % 2 !== 0) r.fail('odd string length', 0);
  const upn = readUtf16(field(bytes, r, upnLength, upnOffset, 'Upn'), upnLength);
  const dnsDomainName = readUtf16(field(bytes, r, dnsLength, dnsOffset, 'DnsDomainName'), dnsLength);
  const out: UpnDnsInfo = { upn, dnsDomainName, flags };
  if (flags & UPN_DNS_FLAGS.S) {
    const samLength = r.u16();
    const samOffset = r.u16();
    const sidLength = r.u16();
    const sidOffset = r.u16();
    if (samLength % 2 !== 0) r.fail('odd SamNameLength', 12);
    out.samName = readUtf16(field(bytes, r, samLength, samOffset, 'SamName'), samLength);
    out.sid = sidFromBytes(field(bytes, r, sidLength, sidOffset, 'Sid').take(sidLength));
  }
  return out;
}
