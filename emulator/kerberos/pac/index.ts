/**
 * Public API of the MS-PAC layer: the PACTYPE container, every buffer codec, the NDR
 * (type serialization version 1) underneath, signing and verification, and a builder that turns a
 * plain user description into PAC buffers. Pure: no I/O, no clock, no randomness.
 */
export {
  PAC_TYPE,
  SIGNATURE_TYPES,
  LOGON_FLAGS,
  SE_GROUP,
  DEFAULT_GROUP_ATTRIBUTES,
  RESOURCE_GROUP_ATTRIBUTES,
  UPN_DNS_FLAGS,
  PAC_ATTRIBUTE_FLAGS,
  FILETIME_NEVER,
  FILETIME_ZERO,
  filetimeFromMs,
  msFromFiletime,
} from './constants.ts';
export { encodePacType, decodePacType, layoutPacType, PAC_VERSION, type PacBuffer, type PacBufferLocation } from './pactype.ts';
export { encodeLogonInfo, decodeLogonInfo, LOGON_INFO_STRING_FIELDS, type KerbValidationInfo, type LogonInfoStringField } from './logon-info.ts';
export type { GroupMembership, SidAndAttributes } from './ndr/types.ts';
export { encodeClientInfo, decodeClientInfo, type PacClientInfo } from './client-info.ts';
export { encodeUpnDnsInfo, decodeUpnDnsInfo, type UpnDnsInfo } from './upn-dns-info.ts';
export { encodeAttributesInfo, decodeAttributesInfo, type PacAttributesInfo } from './attributes-info.ts';
export { encodeRequestor, decodeRequestor, type PacRequestor } from './requestor.ts';
export { encodeSignatureData, decodeSignatureData, signatureLength, type PacSignatureData } from './signature-data.ts';
export { decodePac, encodePacContents, PAC_UNIQUE_TYPES, type DecodedPac, type PacContents } from './pac.ts';
export {
  layoutPacForSigning,
  signPac,
  signPacLayout,
  verifyPac,
  type PacLayoutOptions,
  type PacSigningLayout,
  type PacSignOptions,
  type PacVerifyOptions,
  type PacVerification,
  type SignatureStatus,
} from './sign.ts';
export { buildLogonInfo, buildPacContents, buildSignedPac, type PacUserDescription, type PacTime } from './builder.ts';
export { USER_ACCOUNT, samrAccountControlFromUac } from './samr-flags.ts';
export { encodeTypeSerialization1, decodeTypeSerialization1 } from './ndr/serialization.ts';
