/**
 * DsGetDcName's request flags (dsgetdc.h; MS-NRPC 3.5.4.3.1 DsrGetDcNameEx2 Flags) and, for each
 * requirement, the DS_FLAG bit (MS-ADTS 6.3.1.2) a DC's ping reply must carry to satisfy it.
 * DS_KEY_LIST_SUPPORT_REQUIRED / DS_KEY_LIST_FLAG are what `nltest /keylist` asks and what a DC
 * patched for the key-list request (KB4534307 and later) reports (PROTOCOL.md section 4).
 */
import { DS_FLAG } from '../../emulator/ldap/netlogon/index.ts';

export const DSGETDC = {
  DS_FORCE_REDISCOVERY: 0x00000001,
  DS_DIRECTORY_SERVICE_REQUIRED: 0x00000010,
  DS_DIRECTORY_SERVICE_PREFERRED: 0x00000020,
  DS_GC_SERVER_REQUIRED: 0x00000040,
  DS_PDC_REQUIRED: 0x00000080,
  DS_BACKGROUND_ONLY: 0x00000100,
  DS_IP_REQUIRED: 0x00000200,
  DS_KDC_REQUIRED: 0x00000400,
  DS_TIMESERV_REQUIRED: 0x00000800,
  DS_WRITABLE_REQUIRED: 0x00001000,
  DS_GOOD_TIMESERV_PREFERRED: 0x00002000,
  DS_AVOID_SELF: 0x00004000,
  DS_ONLY_LDAP_NEEDED: 0x00008000,
  DS_IS_FLAT_NAME: 0x00010000,
  DS_IS_DNS_NAME: 0x00020000,
  DS_TRY_NEXTCLOSEST_SITE: 0x00040000,
  DS_DIRECTORY_SERVICE_6_REQUIRED: 0x00080000,
  DS_WEB_SERVICE_REQUIRED: 0x00100000,
  DS_DIRECTORY_SERVICE_8_REQUIRED: 0x00200000,
  DS_DIRECTORY_SERVICE_9_REQUIRED: 0x00400000,
  DS_DIRECTORY_SERVICE_10_REQUIRED: 0x00800000,
  DS_KEY_LIST_SUPPORT_REQUIRED: 0x01000000,
  DS_RETURN_DNS_NAME: 0x40000000,
  DS_RETURN_FLAT_NAME: 0x80000000,
} as const;

export interface Requirement {
  /** The request flag. */
  readonly flag: number;
  readonly name: keyof typeof DSGETDC;
  /** Any of these reply bits satisfies it. */
  readonly dcFlags: number;
  /** What the DC lacks when it does not, for the trace: "key-list support (DS_KEY_LIST_FLAG)". */
  readonly lacks: string;
}

/** Request flag → the ping-reply flag that satisfies it. */
export const REQUIREMENTS: readonly Requirement[] = [
  { flag: DSGETDC.DS_DIRECTORY_SERVICE_REQUIRED, name: 'DS_DIRECTORY_SERVICE_REQUIRED', dcFlags: DS_FLAG.DS_DS_FLAG, lacks: 'a directory service (DS_DS_FLAG)' },
  { flag: DSGETDC.DS_GC_SERVER_REQUIRED, name: 'DS_GC_SERVER_REQUIRED', dcFlags: DS_FLAG.DS_GC_FLAG, lacks: 'the global catalog (DS_GC_FLAG)' },
  { flag: DSGETDC.DS_PDC_REQUIRED, name: 'DS_PDC_REQUIRED', dcFlags: DS_FLAG.DS_PDC_FLAG, lacks: 'the PDC emulator role (DS_PDC_FLAG)' },
  { flag: DSGETDC.DS_KDC_REQUIRED, name: 'DS_KDC_REQUIRED', dcFlags: DS_FLAG.DS_KDC_FLAG, lacks: 'a KDC (DS_KDC_FLAG)' },
  { flag: DSGETDC.DS_TIMESERV_REQUIRED, name: 'DS_TIMESERV_REQUIRED', dcFlags: DS_FLAG.DS_TIMESERV_FLAG, lacks: 'a time service (DS_TIMESERV_FLAG)' },
  { flag: DSGETDC.DS_WRITABLE_REQUIRED, name: 'DS_WRITABLE_REQUIRED', dcFlags: DS_FLAG.DS_WRITABLE_FLAG, lacks: 'a writable directory (DS_WRITABLE_FLAG): it is read-only' },
  {
    flag: DSGETDC.DS_DIRECTORY_SERVICE_6_REQUIRED,
    name: 'DS_DIRECTORY_SERVICE_6_REQUIRED',
    dcFlags: DS_FLAG.DS_FULL_SECRET_DOMAIN_6_FLAG | DS_FLAG.DS_SELECT_SECRET_DOMAIN_6_FLAG,
    lacks: 'Windows Server 2008 or later (DS_FULL_SECRET_DOMAIN_6_FLAG)',
  },
  { flag: DSGETDC.DS_WEB_SERVICE_REQUIRED, name: 'DS_WEB_SERVICE_REQUIRED', dcFlags: DS_FLAG.DS_WS_FLAG, lacks: 'AD Web Services (DS_WS_FLAG)' },
  { flag: DSGETDC.DS_DIRECTORY_SERVICE_8_REQUIRED, name: 'DS_DIRECTORY_SERVICE_8_REQUIRED', dcFlags: DS_FLAG.DS_DS_8_FLAG, lacks: 'Windows Server 2012 or later (DS_DS_8_FLAG)' },
  { flag: DSGETDC.DS_DIRECTORY_SERVICE_9_REQUIRED, name: 'DS_DIRECTORY_SERVICE_9_REQUIRED', dcFlags: DS_FLAG.DS_DS_9_FLAG, lacks: 'Windows Server 2012 R2 or later (DS_DS_9_FLAG)' },
  { flag: DSGETDC.DS_DIRECTORY_SERVICE_10_REQUIRED, name: 'DS_DIRECTORY_SERVICE_10_REQUIRED', dcFlags: DS_FLAG.DS_DS_10_FLAG, lacks: 'Windows Server 2016 or later (DS_DS_10_FLAG)' },
  {
    flag: DSGETDC.DS_KEY_LIST_SUPPORT_REQUIRED,
    name: 'DS_KEY_LIST_SUPPORT_REQUIRED',
    dcFlags: DS_FLAG.DS_KEY_LIST_FLAG,
    lacks: 'key-list support (DS_KEY_LIST_FLAG): not Server 2016+ with KB4534307 or later',
  },
];

/** The requirements `flags` asks for that a reply with `dcFlags` does not meet. */
export function unmet(flags: number, dcFlags: number): Requirement[] {
  return REQUIREMENTS.filter((r) => (flags & r.flag) !== 0 && (dcFlags & r.dcFlags) === 0);
}

/** Names of the request flags set in `flags`, for traces. */
export function requestFlagNames(flags: number): string[] {
  return Object.entries(DSGETDC)
    .filter(([, bit]) => (flags & bit) >>> 0 === bit)
    .map(([n]) => n);
}

/** Win32 status codes the locator returns (winerror.h). */
export const LOCATOR_STATUS = {
  NO_ERROR: 0,
  ERROR_NO_SUCH_DOMAIN: 1355,
  ERROR_INVALID_FLAGS: 1004,
} as const;
