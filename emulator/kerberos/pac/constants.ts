/**
 * MS-PAC constants, spelled as the spec spells them.
 */

/** MS-PAC 2.4 PAC_INFO_BUFFER ulType values. */
export const PAC_TYPE = {
  /** 2.5 KERB_VALIDATION_INFO. */
  LOGON_INFO: 0x00000001,
  /** 2.6 PAC_CREDENTIAL_INFO. */
  CREDENTIALS_INFO: 0x00000002,
  /** 2.8 PAC_SIGNATURE_DATA, server signature. */
  SERVER_CHECKSUM: 0x00000006,
  /** 2.8 PAC_SIGNATURE_DATA, KDC (privilege server) signature. */
  PRIVSVR_CHECKSUM: 0x00000007,
  /** 2.7 PAC_CLIENT_INFO. */
  CLIENT_INFO: 0x0000000a,
  /** 2.9 S4U_DELEGATION_INFO. */
  DELEGATION_INFO: 0x0000000b,
  /** 2.10 UPN_DNS_INFO. */
  UPN_DNS_INFO: 0x0000000c,
  /** 2.11 PAC_CLIENT_CLAIMS_INFO. */
  CLIENT_CLAIMS_INFO: 0x0000000d,
  /** 2.12 PAC_DEVICE_INFO. */
  DEVICE_INFO: 0x0000000e,
  /** 2.13 PAC_DEVICE_CLAIMS_INFO. */
  DEVICE_CLAIMS_INFO: 0x0000000f,
  /** 2.8 PAC_SIGNATURE_DATA, ticket signature (2.8.3 in older revisions). */
  TICKET_CHECKSUM: 0x00000010,
  /** 2.14 PAC_ATTRIBUTES_INFO. */
  ATTRIBUTES_INFO: 0x00000011,
  /** 2.15 PAC_REQUESTOR. */
  REQUESTOR: 0x00000012,
  /** 2.8 PAC_SIGNATURE_DATA, extended KDC signature over the full PAC. */
  FULL_CHECKSUM: 0x00000013,
} as const;

/** The buffer types whose content is a PAC_SIGNATURE_DATA. */
export const SIGNATURE_TYPES: readonly number[] = [
  PAC_TYPE.SERVER_CHECKSUM,
  PAC_TYPE.PRIVSVR_CHECKSUM,
  PAC_TYPE.TICKET_CHECKSUM,
  PAC_TYPE.FULL_CHECKSUM,
];

/** MS-PAC 2.5 KERB_VALIDATION_INFO.UserFlags bits (MS-NRPC 2.2.1.4.11 NETLOGON_VALIDATION_SAM_INFO). */
export const LOGON_FLAGS = {
  LOGON_GUEST: 0x00000001,
  LOGON_NOENCRYPTION: 0x00000002,
  /** D: ExtraSids holds SIDs. */
  LOGON_EXTRA_SIDS: 0x00000020,
  /** H: ResourceGroupDomainSid and ResourceGroupIds hold resource groups. */
  LOGON_RESOURCE_GROUPS: 0x00000200,
} as const;

/** MS-PAC 2.2.1 / MS-DTYP 2.4.2.4 SE_GROUP_* attributes of group memberships and extra SIDs. */
export const SE_GROUP = {
  SE_GROUP_MANDATORY: 0x00000001,
  SE_GROUP_ENABLED_BY_DEFAULT: 0x00000002,
  SE_GROUP_ENABLED: 0x00000004,
  SE_GROUP_OWNER: 0x00000008,
  SE_GROUP_USE_FOR_DENY_ONLY: 0x00000010,
  SE_GROUP_INTEGRITY: 0x00000020,
  SE_GROUP_INTEGRITY_ENABLED: 0x00000040,
  SE_GROUP_RESOURCE: 0x20000000,
  SE_GROUP_LOGON_ID: 0xc0000000,
} as const;

/** Mandatory | enabled by default | enabled: what AD puts on ordinary memberships. */
export const DEFAULT_GROUP_ATTRIBUTES = 0x00000007;
/** The same plus SE_GROUP_RESOURCE, for domain-local (resource) groups and SID history. */
export const RESOURCE_GROUP_ATTRIBUTES = 0x20000007;

/** MS-PAC 2.10 UPN_DNS_INFO Flags. */
export const UPN_DNS_FLAGS = {
  /** U: the account has no userPrincipalName; the UPN field holds a constructed one. */
  U: 0x00000001,
  /** S: the structure is extended with the SAM name and the SID. */
  S: 0x00000002,
} as const;

/** MS-PAC 2.14 PAC_ATTRIBUTES_INFO Flags. */
export const PAC_ATTRIBUTE_FLAGS = {
  PAC_WAS_REQUESTED: 0x00000001,
  PAC_WAS_GIVEN_IMPLICITLY: 0x00000002,
} as const;

/** FILETIME "never" (MS-PAC 2.5: dwHighDateTime 0x7FFFFFFF, dwLowDateTime 0xFFFFFFFF). */
export const FILETIME_NEVER = 0x7fffffffffffffffn;
/** FILETIME zero: "not set". */
export const FILETIME_ZERO = 0n;
/** Milliseconds between 1601-01-01 and 1970-01-01. */
const EPOCH_OFFSET_MS = 11644473600000n;

/** Epoch milliseconds to a FILETIME (100 ns since 1601), truncating below 100 ns. */
export function filetimeFromMs(ms: number): bigint {
  return (BigInt(Math.floor(ms)) + EPOCH_OFFSET_MS) * 10000n;
}

/** FILETIME to epoch milliseconds (floor). */
export function msFromFiletime(ft: bigint): number {
  return Number(ft / 10000n - EPOCH_OFFSET_MS);
}
