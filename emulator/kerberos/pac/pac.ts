import { DecodeError } from '../../core/errors.ts';
import { decodeAttributesInfo, encodeAttributesInfo, type PacAttributesInfo } from './attributes-info.ts';
import { decodeClientInfo, encodeClientInfo, type PacClientInfo } from './client-info.ts';
import { PAC_TYPE } from './constants.ts';
import { decodeLogonInfo, encodeLogonInfo, type KerbValidationInfo } from './logon-info.ts';
import { decodePacType, type PacBuffer, type PacBufferLocation } from './pactype.ts';
import { decodeRequestor, encodeRequestor, type PacRequestor } from './requestor.ts';
import { decodeSignatureData, type PacSignatureData } from './signature-data.ts';
import { decodeUpnDnsInfo, encodeUpnDnsInfo, type UpnDnsInfo } from './upn-dns-info.ts';

/** The buffers of a PAC we build, before signing (MS-PAC 2.4 buffer types 1, 10, 12, 0x11, 0x12). */
export interface PacContents {
  logonInfo: KerbValidationInfo;
  clientInfo: PacClientInfo;
  upnDnsInfo?: UpnDnsInfo;
  attributesInfo?: PacAttributesInfo;
  requestor?: PacRequestor;
}

/**
 * The unsigned buffers in the order Windows writes them: LOGON_INFO, CLIENT_INFO, UPN_DNS_INFO,
 * ATTRIBUTES_INFO, REQUESTOR; signPac() appends the signature buffers after them.
 */
export function encodePacContents(c: PacContents): PacBuffer[] {
  const out: PacBuffer[] = [
    { type: PAC_TYPE.LOGON_INFO, data: encodeLogonInfo(c.logonInfo) },
    { type: PAC_TYPE.CLIENT_INFO, data: encodeClientInfo(c.clientInfo) },
  ];
  if (c.upnDnsInfo) out.push({ type: PAC_TYPE.UPN_DNS_INFO, data: encodeUpnDnsInfo(c.upnDnsInfo) });
  if (c.attributesInfo) out.push({ type: PAC_TYPE.ATTRIBUTES_INFO, data: encodeAttributesInfo(c.attributesInfo) });
  if (c.requestor) out.push({ type: PAC_TYPE.REQUESTOR, data: encodeRequestor(c.requestor) });
  return out;
}

/** A decoded PAC: every buffer as it was (order and bytes), plus typed views of the known ones. */
export interface DecodedPac {
  buffers: PacBufferLocation[];
  logonInfo?: KerbValidationInfo;
  clientInfo?: PacClientInfo;
  upnDnsInfo?: UpnDnsInfo;
  attributesInfo?: PacAttributesInfo;
  requestor?: PacRequestor;
  serverChecksum?: PacSignatureData;
  kdcChecksum?: PacSignatureData;
  ticketChecksum?: PacSignatureData;
  fullChecksum?: PacSignatureData;
  /** Decode-only passthrough buffers, kept as bytes: types 2, 11, 13, 14, 15. */
  credentialsInfo?: Uint8Array;
  delegationInfo?: Uint8Array;
  clientClaimsInfo?: Uint8Array;
  deviceInfo?: Uint8Array;
  deviceClaimsInfo?: Uint8Array;
}

/** Types that may appear once: a second signature or client info makes the PAC ambiguous. */
export const PAC_UNIQUE_TYPES: ReadonlySet<number> = new Set<number>([
  PAC_TYPE.SERVER_CHECKSUM,
  PAC_TYPE.PRIVSVR_CHECKSUM,
  PAC_TYPE.TICKET_CHECKSUM,
  PAC_TYPE.FULL_CHECKSUM,
  PAC_TYPE.CLIENT_INFO,
]);

/**
 * Decodes a whole PAC. Unknown buffer types are kept in `buffers` untouched; for repeated
 * LOGON_INFO and other types the first one counts (MS-PAC 2.4: additional ones MUST be ignored),
 * a repeated signature or CLIENT_INFO is a DecodeError("PAC"). Any malformed buffer is a DecodeError.
 */
export function decodePac(bytes: Uint8Array): DecodedPac {
  const buffers = decodePacType(bytes);
  const out: DecodedPac = { buffers };
  const seen = new Set<number>();
  for (const b of buffers) {
    if (seen.has(b.type)) {
      if (PAC_UNIQUE_TYPES.has(b.type)) throw new DecodeError('PAC', `buffer type ${b.type} appears twice`, b.offset);
      continue;
    }
    seen.add(b.type);
    const d = b.data;
    switch (b.type) {
      case PAC_TYPE.LOGON_INFO: out.logonInfo = decodeLogonInfo(d); break;
      case PAC_TYPE.CLIENT_INFO: out.clientInfo = decodeClientInfo(d); break;
      case PAC_TYPE.UPN_DNS_INFO: out.upnDnsInfo = decodeUpnDnsInfo(d); break;
      case PAC_TYPE.ATTRIBUTES_INFO: out.attributesInfo = decodeAttributesInfo(d); break;
      case PAC_TYPE.REQUESTOR: out.requestor = decodeRequestor(d); break;
      case PAC_TYPE.SERVER_CHECKSUM: out.serverChecksum = decodeSignatureData(d); break;
      case PAC_TYPE.PRIVSVR_CHECKSUM: out.kdcChecksum = decodeSignatureData(d); break;
      case PAC_TYPE.TICKET_CHECKSUM: out.ticketChecksum = decodeSignatureData(d); break;
      case PAC_TYPE.FULL_CHECKSUM: out.fullChecksum = decodeSignatureData(d); break;
      case PAC_TYPE.CREDENTIALS_INFO: out.credentialsInfo = d; break;
      case PAC_TYPE.DELEGATION_INFO: out.delegationInfo = d; break;
      case PAC_TYPE.CLIENT_CLAIMS_INFO: out.clientClaimsInfo = d; break;
      case PAC_TYPE.DEVICE_INFO: out.deviceInfo = d; break;
      case PAC_TYPE.DEVICE_CLAIMS_INFO: out.deviceClaimsInfo = d; break;
      default: break; // MS-PAC 2.4: types that are not understood MUST be ignored
    }
  }
  return out;
}
