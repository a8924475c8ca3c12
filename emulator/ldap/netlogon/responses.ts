/**
 * The three answers to an LDAP ping, MS-ADTS 6.3.1.7 to 6.3.1.9, as typed records with a pure
 * encoder and decoder each. All integers little-endian; DNS names compressed across the fields of
 * one response (wire.ts); "Unicode" strings null-terminated UTF-16LE without padding.
 */
import { guidFromBytes, guidToBytes } from '../../directory/ids.ts';
import type { GuidString } from '../../directory/model.ts';
import { NETLOGON_NT_VERSION as V, NETLOGON_OPCODE as OP } from './constants.ts';
import { NetlogonDecodeError, NetlogonEncodeError } from './errors.ts';
import { NetlogonReader, NetlogonWriter, type NameForm } from './wire.ts';

/** MS-ADTS 6.3.1.9 NETLOGON_SAM_LOGON_RESPONSE_EX (Opcode 23 or 25). */
export interface SamLogonResponseEx {
  readonly form: 'ex';
  /** LOGON_SAM_LOGON_RESPONSE_EX (23) or LOGON_SAM_USER_UNKNOWN_EX (25). */
  readonly opcode: number;
  /** DS_FLAG options (6.3.1.2). */
  readonly flags: number;
  readonly domainGuid: GuidString;
  readonly dnsForestName: string;
  readonly dnsDomainName: string;
  readonly dnsHostName: string;
  readonly netbiosDomainName: string;
  readonly netbiosComputerName: string;
  readonly userName: string;
  readonly dcSiteName: string;
  readonly clientSiteName: string;
  /** DcSockAddr's IPv4 address: present exactly when ntVersion has NETLOGON_NT_VERSION_5EX_WITH_IP. */
  readonly dcSockAddr?: string;
  /** Present exactly when ntVersion has NETLOGON_NT_VERSION_WITH_CLOSEST_SITE. */
  readonly nextClosestSiteName?: string;
  readonly ntVersion: number;
  readonly lmNtToken: number;
  readonly lm20Token: number;
}

/** MS-ADTS 6.3.1.8 NETLOGON_SAM_LOGON_RESPONSE (Opcode 19 or 21, NtVersion 1|5). */
export interface SamLogonResponse {
  readonly form: 'v5';
  readonly opcode: number;
  /** NetBIOS name of the server in UNC form (`\\DC1`), as Windows and Samba send it. */
  readonly unicodeLogonServer: string;
  readonly unicodeUserName: string;
  readonly unicodeDomainName: string;
  readonly domainGuid: GuidString;
  readonly dnsForestName: string;
  readonly dnsDomainName: string;
  readonly dnsHostName: string;
  /** DcIpAddress: IPv4, written as Samba 4.17 writes it (the address as a little-endian uint32). */
  readonly dcIpAddress: string;
  readonly flags: number;
  readonly ntVersion: number;
  readonly lmNtToken: number;
  readonly lm20Token: number;
}

/** MS-ADTS 6.3.1.7 NETLOGON_SAM_LOGON_RESPONSE_NT40 (Opcode 19 or 21, NtVersion 1). */
export interface SamLogonResponseNt40 {
  readonly form: 'nt40';
  readonly opcode: number;
  readonly unicodeLogonServer: string;
  readonly unicodeUserName: string;
  readonly unicodeDomainName: string;
  readonly ntVersion: number;
  readonly lmNtToken: number;
  readonly lm20Token: number;
}

export type NetlogonResponse = SamLogonResponseEx | SamLogonResponse | SamLogonResponseNt40;

/** Size of DcSockAddr: a SOCKADDR_IN (family, port, IPv4, 8 zero bytes). */
export const SOCKADDR_IN_SIZE = 16;
const AF_INET = 2;

function ipv4Bytes(field: string, ip: string): Uint8Array {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  const parts = m ? m.slice(1).map(Number) : [];
  if (parts.length !== 4 || parts.some((p) => p > 255)) throw new NetlogonEncodeError(field, `not an IPv4 address: ${ip.slice(0, 45)}`);
  return Uint8Array.from(parts);
}

function ipv4Text(b: Uint8Array): string {
  return Array.from(b).join('.');
}

export function encodeSamLogonResponseEx(r: Omit<SamLogonResponseEx, 'form'>): Uint8Array {
  const w = new NetlogonWriter();
  w.u16(r.opcode).u16(0).u32(r.flags).bytes(guidToBytes(r.domainGuid));
  w.name('DnsForestName', r.dnsForestName)
    .name('DnsDomainName', r.dnsDomainName)
    .name('DnsHostName', r.dnsHostName)
    .name('NetbiosDomainName', r.netbiosDomainName)
    .name('NetbiosComputerName', r.netbiosComputerName)
    .name('UserName', r.userName)
    .name('DcSiteName', r.dcSiteName)
    .name('ClientSiteName', r.clientSiteName);
  if (r.ntVersion & V.NETLOGON_NT_VERSION_5EX_WITH_IP) {
    if (r.dcSockAddr === undefined) throw new NetlogonEncodeError('DcSockAddr', 'NtVersion has 5EX_WITH_IP but no address was given');
    // SOCKADDR_IN: sin_family little-endian as Windows lays it out, port 0, address in network order.
    w.u8(SOCKADDR_IN_SIZE).u16(AF_INET).u16(0).bytes(ipv4Bytes('DcSockAddr', r.dcSockAddr)).bytes(new Uint8Array(8));
  }
  if (r.ntVersion & V.NETLOGON_NT_VERSION_WITH_CLOSEST_SITE) w.name('NextClosestSiteName', r.nextClosestSiteName ?? '');
  return w.u32(r.ntVersion).u16(r.lmNtToken).u16(r.lm20Token).finish();
}

export function encodeSamLogonResponse(r: Omit<SamLogonResponse, 'form'>): Uint8Array {
  const w = new NetlogonWriter();
  w.u16(r.opcode).utf16z(r.unicodeLogonServer).utf16z(r.unicodeUserName).utf16z(r.unicodeDomainName);
  w.bytes(guidToBytes(r.domainGuid)).bytes(new Uint8Array(16));
  w.name('DnsForestName', r.dnsForestName).name('DnsDomainName', r.dnsDomainName).name('DnsHostName', r.dnsHostName);
  w.bytes(ipv4Bytes('DcIpAddress', r.dcIpAddress).reverse());
  return w.u32(r.flags).u32(r.ntVersion).u16(r.lmNtToken).u16(r.lm20Token).finish();
}

export function encodeSamLogonResponseNt40(r: Omit<SamLogonResponseNt40, 'form'>): Uint8Array {
  const w = new NetlogonWriter();
  w.u16(r.opcode).utf16z(r.unicodeLogonServer).utf16z(r.unicodeUserName).utf16z(r.unicodeDomainName);
  return w.u32(r.ntVersion).u16(r.lmNtToken).u16(r.lm20Token).finish();
}

export function encodeNetlogonResponse(r: NetlogonResponse): Uint8Array {
  if (r.form === 'ex') return encodeSamLogonResponseEx(r);
  if (r.form === 'v5') return encodeSamLogonResponse(r);
  return encodeSamLogonResponseNt40(r);
}

/** The compression form of each name field, keyed by the field's spec name (for tests). */
export type NameForms = Record<string, NameForm>;

const W = 'netlogon response';

/**
 * Decodes any of the three forms: the opcode picks EX (23/25) or the older forms (19/21), and
 * for those the trailing NtVersion tells NT40 (exactly NETLOGON_NT_VERSION_1) from v5, as
 * Samba's client does. The optional EX fields follow the response's own NtVersion.
 */
export function decodeNetlogonResponse(b: Uint8Array): { response: NetlogonResponse; names: NameForms } {
  if (b.length < 8) throw new NetlogonDecodeError(W, `only ${b.length} bytes`, 0);
  const tail = new NetlogonReader(b.subarray(b.length - 8), W);
  const ntVersion = tail.u32();
  const lmNtToken = tail.u16();
  const lm20Token = tail.u16();
  const body = b.subarray(0, b.length - 8);
  const r = new NetlogonReader(body, W);
  const names: NameForms = {};
  const name = (field: string): string => {
    const n = r.name();
    names[field] = n.form;
    return n.value;
  };
  const opcode = r.u16();
  let response: NetlogonResponse;
  if (opcode === OP.LOGON_SAM_LOGON_RESPONSE_EX || opcode === OP.LOGON_SAM_USER_UNKNOWN_EX) {
    if (r.u16() !== 0) throw new NetlogonDecodeError(W, 'Sbz is not zero', 2);
    const flags = r.u32();
    const domainGuid = guidFromBytes(r.bytes(16));
    const dnsForestName = name('DnsForestName');
    const dnsDomainName = name('DnsDomainName');
    const dnsHostName = name('DnsHostName');
    const netbiosDomainName = name('NetbiosDomainName');
    const netbiosComputerName = name('NetbiosComputerName');
    const userName = name('UserName');
    const dcSiteName = name('DcSiteName');
    const clientSiteName = name('ClientSiteName');
    let dcSockAddr: string | undefined;
    if (ntVersion & V.NETLOGON_NT_VERSION_5EX_WITH_IP) {
      const size = r.u8();
      if (size !== SOCKADDR_IN_SIZE) throw new NetlogonDecodeError(W, `DcSockAddrSize ${size}`, r.offset - 1);
      const sa = r.bytes(size);
      if ((sa[0] | (sa[1] << 8)) !== AF_INET) throw new NetlogonDecodeError(W, 'DcSockAddr is not AF_INET', r.offset - size);
      dcSockAddr = ipv4Text(sa.subarray(4, 8));
    }
    const nextClosestSiteName = ntVersion & V.NETLOGON_NT_VERSION_WITH_CLOSEST_SITE ? name('NextClosestSiteName') : undefined;
    response = {
      form: 'ex', opcode, flags, domainGuid, dnsForestName, dnsDomainName, dnsHostName, netbiosDomainName,
      netbiosComputerName, userName, dcSiteName, clientSiteName,
      ...(dcSockAddr !== undefined ? { dcSockAddr } : {}),
      ...(nextClosestSiteName !== undefined ? { nextClosestSiteName } : {}),
      ntVersion, lmNtToken, lm20Token,
    };
  } else if (opcode === OP.LOGON_SAM_LOGON_RESPONSE || opcode === OP.LOGON_SAM_USER_UNKNOWN) {
    const unicodeLogonServer = r.utf16z();
    const unicodeUserName = r.utf16z();
    const unicodeDomainName = r.utf16z();
    if (ntVersion === V.NETLOGON_NT_VERSION_1) {
      response = { form: 'nt40', opcode, unicodeLogonServer, unicodeUserName, unicodeDomainName, ntVersion, lmNtToken, lm20Token };
    } else {
      const domainGuid = guidFromBytes(r.bytes(16));
      if (r.bytes(16).some((x) => x !== 0)) throw new NetlogonDecodeError(W, 'NullGuid is not zero', r.offset - 16);
      const dnsForestName = name('DnsForestName');
      const dnsDomainName = name('DnsDomainName');
      const dnsHostName = name('DnsHostName');
      const dcIpAddress = ipv4Text(r.bytes(4).reverse());
      const flags = r.u32();
      response = {
        form: 'v5', opcode, unicodeLogonServer, unicodeUserName, unicodeDomainName, domainGuid, dnsForestName,
        dnsDomainName, dnsHostName, dcIpAddress, flags, ntVersion, lmNtToken, lm20Token,
      };
    }
  } else {
    throw new NetlogonDecodeError(W, `unknown opcode ${opcode}`, 0);
  }
  if (r.remaining !== 0) throw new NetlogonDecodeError(W, `${r.remaining} stray bytes before NtVersion`, r.offset);
  return { response, names };
}
