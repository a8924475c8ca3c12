import { deferredArray, type NdrReader } from './ndr/reader.ts';
import { decodeTypeSerialization1, encodeTypeSerialization1 } from './ndr/serialization.ts';
import {
  type GroupMembership,
  type SidAndAttributes,
  readFiletime,
  readGroupArray,
  readSid,
  readSidAndAttributesArray,
  readUnicodeString,
  resolveSidAndAttributes,
  unicodeValue,
  USER_SESSION_KEY_LENGTH,
  writeFiletime,
  writeGroupArray,
  writeSid,
  writeSidAndAttributesArray,
  writeUnicodeString,
} from './ndr/types.ts';
import type { NdrWriter } from './ndr/writer.ts';

/** The RPC_UNICODE_STRING fields of KERB_VALIDATION_INFO, in wire order. */
export const LOGON_INFO_STRING_FIELDS = [
  'effectiveName',
  'fullName',
  'logonScript',
  'profilePath',
  'homeDirectory',
  'homeDirectoryDrive',
  'logonServer',
  'logonDomainName',
] as const;
export type LogonInfoStringField = (typeof LOGON_INFO_STRING_FIELDS)[number];

/**
 * MS-PAC 2.5 KERB_VALIDATION_INFO (PAC buffer type 1, LOGON_INFO), serialized as a pointer to the
 * structure with MS-RPCE type serialization version 1. Counts (GroupCount, SidCount,
 * ResourceGroupCount) are the lengths of the arrays. FILETIMEs are 100 ns ticks since 1601.
 */
export interface KerbValidationInfo {
  logonTime: bigint;
  logoffTime: bigint;
  kickOffTime: bigint;
  passwordLastSet: bigint;
  passwordCanChange: bigint;
  passwordMustChange: bigint;
  effectiveName: string;
  fullName: string;
  logonScript: string;
  profilePath: string;
  homeDirectory: string;
  homeDirectoryDrive: string;
  logonCount: number;
  badPasswordCount: number;
  /** RID of the account in LogonDomainId. */
  userId: number;
  primaryGroupId: number;
  /** GroupIds [size_is(GroupCount)]: RIDs in LogonDomainId. */
  groupIds: GroupMembership[];
  /** LOGON_FLAGS bits (LOGON_EXTRA_SIDS 0x20, LOGON_RESOURCE_GROUPS 0x200). */
  userFlags: number;
  /** USER_SESSION_KEY: two CYPHER_BLOCKs, 16 bytes, zero in Kerberos PACs. */
  userSessionKey: Uint8Array;
  logonServer: string;
  logonDomainName: string;
  /** PISID LogonDomainId; null is a NULL pointer. */
  logonDomainId: string | null;
  /** Reserved1 (ULONG[2], impacket's LMKey): 8 bytes. */
  reserved1: Uint8Array;
  /** MS-SAMR 2.2.1.12 USER_* account control bits (not the AD userAccountControl bits). */
  userAccountControl: number;
  subAuthStatus: number;
  lastSuccessfulILogon: bigint;
  lastFailedILogon: bigint;
  failedILogonCount: number;
  reserved3: number;
  /** ExtraSids [size_is(SidCount)]. */
  extraSids: SidAndAttributes[];
  resourceGroupDomainSid: string | null;
  /** ResourceGroupIds [size_is(ResourceGroupCount)]: RIDs in ResourceGroupDomainSid. */
  resourceGroupIds: GroupMembership[];
  /**
   * Wire MaximumLength of string fields where it is not Length. Windows reserves room for a
   * terminator in LogonServer and LogonDomainName; the decoder records what it saw so that a
   * re-encode is byte-identical.
   */
  stringMaxLengths?: Partial<Record<LogonInfoStringField, number>>;
}

function writeFixedBytes(w: NdrWriter, b: Uint8Array, n: number, field: string): void {
  if (b.length !== n) throw new RangeError(`${field} must be ${n} bytes, got ${b.length}`);
  w.bytes(b);
}

function writeBody(w: NdrWriter, v: KerbValidationInfo): void {
  const max = v.stringMaxLengths ?? {};
  const str = (f: LogonInfoStringField) => writeUnicodeString(w, v[f], max[f]);
  w.align(4);
  writeFiletime(w, v.logonTime);
  writeFiletime(w, v.logoffTime);
  writeFiletime(w, v.kickOffTime);
  writeFiletime(w, v.passwordLastSet);
  writeFiletime(w, v.passwordCanChange);
  writeFiletime(w, v.passwordMustChange);
  str('effectiveName');
  str('fullName');
  str('logonScript');
  str('profilePath');
  str('homeDirectory');
  str('homeDirectoryDrive');
  w.u16(v.logonCount);
  w.u16(v.badPasswordCount);
  w.u32(v.userId);
  w.u32(v.primaryGroupId);
  w.u32(v.groupIds.length); // GroupCount
  w.pointer(v.groupIds.length > 0, () => writeGroupArray(w, v.groupIds));
  w.u32(v.userFlags);
  writeFixedBytes(w, v.userSessionKey, USER_SESSION_KEY_LENGTH, 'UserSessionKey');
  str('logonServer');
  str('logonDomainName');
  const domainSid = v.logonDomainId;
  w.pointer(domainSid !== null, () => writeSid(w, domainSid as string));
  writeFixedBytes(w, v.reserved1, 8, 'Reserved1');
  w.u32(v.userAccountControl);
  w.u32(v.subAuthStatus);
  writeFiletime(w, v.lastSuccessfulILogon);
  writeFiletime(w, v.lastFailedILogon);
  w.u32(v.failedILogonCount);
  w.u32(v.reserved3);
  w.u32(v.extraSids.length); // SidCount
  w.pointer(v.extraSids.length > 0, () => writeSidAndAttributesArray(w, v.extraSids));
  const rgSid = v.resourceGroupDomainSid;
  w.pointer(rgSid !== null, () => writeSid(w, rgSid as string));
  w.u32(v.resourceGroupIds.length); // ResourceGroupCount
  w.pointer(v.resourceGroupIds.length > 0, () => writeGroupArray(w, v.resourceGroupIds));
}

/** Encodes a LOGON_INFO buffer (type serialization header included, padded to 8 bytes). */
export function encodeLogonInfo(v: KerbValidationInfo): Uint8Array {
  return encodeTypeSerialization1((w) => w.pointer(true, () => writeBody(w, v)));
}

function readBody(r: NdrReader): () => KerbValidationInfo {
  r.align(4);
  const logonTime = readFiletime(r);
  const logoffTime = readFiletime(r);
  const kickOffTime = readFiletime(r);
  const passwordLastSet = readFiletime(r);
  const passwordCanChange = readFiletime(r);
  const passwordMustChange = readFiletime(r);
  const effectiveName = readUnicodeString(r, 'EffectiveName');
  const fullName = readUnicodeString(r, 'FullName');
  const logonScript = readUnicodeString(r, 'LogonScript');
  const profilePath = readUnicodeString(r, 'ProfilePath');
  const homeDirectory = readUnicodeString(r, 'HomeDirectory');
  const homeDirectoryDrive = readUnicodeString(r, 'HomeDirectoryDrive');
  const logonCount = r.u16();
  const badPasswordCount = r.u16();
  const userId = r.u32();
  const primaryGroupId = r.u32();
  const groupCount = r.u32();
  const groupIds = r.pointer(() => readGroupArray(r));
  const userFlags = r.u32();
  const userSessionKey = r.take(USER_SESSION_KEY_LENGTH);
  const logonServer = readUnicodeString(r, 'LogonServer');
  const logonDomainName = readUnicodeString(r, 'LogonDomainName');
  const logonDomainId = r.pointer(() => readSid(r));
  const reserved1 = r.take(8);
  const userAccountControl = r.u32();
  const subAuthStatus = r.u32();
  const lastSuccessfulILogon = readFiletime(r);
  const lastFailedILogon = readFiletime(r);
  const failedILogonCount = r.u32();
  const reserved3 = r.u32();
  const sidCount = r.u32();
  const extraSids = r.pointer(() => readSidAndAttributesArray(r));
  const resourceGroupDomainSid = r.pointer(() => readSid(r));
  const resourceGroupCount = r.u32();
  const resourceGroupIds = r.pointer(() => readGroupArray(r));

  // Runs after the deferred pointees have been read.
  return () => {
    const strings = {
      effectiveName, fullName, logonScript, profilePath, homeDirectory, homeDirectoryDrive, logonServer, logonDomainName,
    };
    const stringMaxLengths: Partial<Record<LogonInfoStringField, number>> = {};
    for (const f of LOGON_INFO_STRING_FIELDS) {
      if (strings[f].maximumLength !== strings[f].length) stringMaxLengths[f] = strings[f].maximumLength;
    }
    const extra = extraSids.present ? { present: true, value: resolveSidAndAttributes(r, extraSids.value ?? [], 'ExtraSids') } : { present: false };
    const v: KerbValidationInfo = {
      logonTime, logoffTime, kickOffTime, passwordLastSet, passwordCanChange, passwordMustChange,
      effectiveName: unicodeValue(effectiveName),
      fullName: unicodeValue(fullName),
      logonScript: unicodeValue(logonScript),
      profilePath: unicodeValue(profilePath),
      homeDirectory: unicodeValue(homeDirectory),
      homeDirectoryDrive: unicodeValue(homeDirectoryDrive),
      logonCount, badPasswordCount, userId, primaryGroupId,
      groupIds: deferredArray(groupIds, groupCount, r, 'GroupIds'),
      userFlags, userSessionKey,
      logonServer: unicodeValue(logonServer),
      logonDomainName: unicodeValue(logonDomainName),
      logonDomainId: logonDomainId.value ?? null,
      reserved1, userAccountControl, subAuthStatus, lastSuccessfulILogon, lastFailedILogon, failedILogonCount, reserved3,
      extraSids: deferredArray(extra, sidCount, r, 'ExtraSids'),
      resourceGroupDomainSid: resourceGroupDomainSid.value ?? null,
      resourceGroupIds: deferredArray(resourceGroupIds, resourceGroupCount, r, 'ResourceGroupIds'),
    };
    if (Object.keys(stringMaxLengths).length > 0) v.stringMaxLengths = stringMaxLengths;
    return v;
  };
}

/** Decodes a LOGON_INFO buffer; DecodeError("KERB_VALIDATION_INFO") on anything malformed. */
export function decodeLogonInfo(bytes: Uint8Array): KerbValidationInfo {
  return decodeTypeSerialization1(bytes, 'KERB_VALIDATION_INFO', (r: NdrReader) => {
    const top = r.pointer(() => readBody(r));
    r.flush();
    const finish = top.value;
    if (finish === undefined) return r.fail('NULL top-level pointer', 16);
    return finish();
  });
}
