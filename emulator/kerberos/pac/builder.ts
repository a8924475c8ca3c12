import {
  DEFAULT_GROUP_ATTRIBUTES,
  FILETIME_NEVER,
  FILETIME_ZERO,
  filetimeFromMs,
  LOGON_FLAGS,
  RESOURCE_GROUP_ATTRIBUTES,
  UPN_DNS_FLAGS,
} from './constants.ts';
import type { KerbValidationInfo } from './logon-info.ts';
import type { GroupMembership, SidAndAttributes } from './ndr/types.ts';
import { encodePacContents, type PacContents } from './pac.ts';
import { signPac, type PacSignOptions } from './sign.ts';

/** A time in a PAC: epoch milliseconds, a raw FILETIME (bigint), or null for "never". */
export type PacTime = number | bigint | null;

/**
 * A plain description of the account a PAC is about: what the KDC maps a directory entry to.
 * Everything protocol-shaped (FILETIMEs, NDR, flags derived from lists) is the builder's job.
 */
export interface PacUserDescription {
  /** sAMAccountName: EffectiveName, the CLIENT_INFO name and the UPN_DNS_INFO SamName. */
  samAccountName: string;
  fullName?: string;
  logonScript?: string;
  profilePath?: string;
  homeDirectory?: string;
  homeDirectoryDrive?: string;
  /** NetBIOS domain name (LogonDomainName). */
  netbiosDomainName: string;
  /** DNS domain name; written upper-case as DnsDomainName, as Windows does. */
  dnsDomainName: string;
  /** NetBIOS name of the issuing DC (LogonServer). */
  logonServer: string;
  domainSid: string;
  userRid: number;
  /** Default 513 (Domain Users); added to the groups when missing, as Windows lists it there. */
  primaryGroupRid?: number;
  /** Global/universal group RIDs in the domain; a bare RID gets SE_GROUP mandatory|enabled (7). */
  groups?: ReadonlyArray<number | GroupMembership>;
  /** ExtraSids (other domains, well-known SIDs); a bare SID gets attributes 7. Sets LOGON_EXTRA_SIDS. */
  extraSids?: ReadonlyArray<string | SidAndAttributes>;
  /** Domain-local groups as resource groups; bare RIDs get 0x20000007. Sets LOGON_RESOURCE_GROUPS. */
  resourceGroups?: { domainSid: string; groups: ReadonlyArray<number | GroupMembership> };
  /** userPrincipalName; absent: a constructed sam@dnsdomain with flag U (MS-PAC 2.10). */
  upn?: string;
  /** Write the extended UPN_DNS_INFO with SamName and Sid (flag S); default true. */
  upnDnsExtended?: boolean;
  /** MS-SAMR USER_ACCOUNT codes (samrAccountControlFromUac maps AD userAccountControl). */
  userAccountControl: number;
  /** The ticket's authtime, epoch ms: CLIENT_INFO ClientId, and LogonTime unless given. */
  authTime: number;
  logonTime?: PacTime;
  /** Default never. */
  logoffTime?: PacTime;
  /** Default never. */
  kickOffTime?: PacTime;
  /** Default zero (not set). */
  passwordLastSet?: PacTime;
  /** Default passwordLastSet. */
  passwordCanChange?: PacTime;
  /** Default never. */
  passwordMustChange?: PacTime;
  logonCount?: number;
  badPasswordCount?: number;
  /** Extra UserFlags bits beyond the two the builder derives. */
  userFlags?: number;
  /** PAC_ATTRIBUTES_INFO Flags (PAC_WAS_REQUESTED 0x1, ...); absent: no such buffer. */
  pacAttributes?: number;
  /** Add PAC_REQUESTOR with the account SID. */
  requestor?: boolean;
  /** CLIENT_INFO Name; default samAccountName. */
  clientName?: string;
}

function filetime(t: PacTime | undefined, dflt: bigint): bigint {
  if (t === undefined) return dflt;
  if (t === null) return FILETIME_NEVER;
  return typeof t === 'bigint' ? t : filetimeFromMs(t);
}

const groupOf = (g: number | GroupMembership, attributes: number): GroupMembership =>
  typeof g === 'number' ? { relativeId: g, attributes } : { ...g };

/** Windows sends LogonServer and LogonDomainName with room for a terminator in MaximumLength. */
const withTerminatorRoom = (s: string) => s.length * 2 + 2;

/** The KERB_VALIDATION_INFO for a user description. */
export function buildLogonInfo(d: PacUserDescription): KerbValidationInfo {
  const primary = d.primaryGroupRid ?? 513;
  const groups = (d.groups ?? []).map((g) => groupOf(g, DEFAULT_GROUP_ATTRIBUTES));
  if (!groups.some((g) => g.relativeId === primary)) groups.unshift({ relativeId: primary, attributes: DEFAULT_GROUP_ATTRIBUTES });
  const extraSids = (d.extraSids ?? []).map((s) => (typeof s === 'string' ? { sid: s, attributes: DEFAULT_GROUP_ATTRIBUTES } : { ...s }));
  const rg = d.resourceGroups && d.resourceGroups.groups.length > 0 ? d.resourceGroups : undefined;
  let userFlags = d.userFlags ?? 0;
  if (extraSids.length > 0) userFlags |= LOGON_FLAGS.LOGON_EXTRA_SIDS;
  if (rg) userFlags |= LOGON_FLAGS.LOGON_RESOURCE_GROUPS;
  const passwordLastSet = filetime(d.passwordLastSet, FILETIME_ZERO);
  return {
    logonTime: filetime(d.logonTime, filetimeFromMs(d.authTime)),
    logoffTime: filetime(d.logoffTime, FILETIME_NEVER),
    kickOffTime: filetime(d.kickOffTime, FILETIME_NEVER),
    passwordLastSet,
    passwordCanChange: filetime(d.passwordCanChange, passwordLastSet),
    passwordMustChange: filetime(d.passwordMustChange, FILETIME_NEVER),
    effectiveName: d.samAccountName,
    fullName: d.fullName ?? '',
    logonScript: d.logonScript ?? '',
    profilePath: d.profilePath ?? '',
    homeDirectory: d.homeDirectory ?? '',
    homeDirectoryDrive: d.homeDirectoryDrive ?? '',
    logonCount: d.logonCount ?? 0,
    badPasswordCount: d.badPasswordCount ?? 0,
    userId: d.userRid,
    primaryGroupId: primary,
    groupIds: groups,
    userFlags,
    userSessionKey: new Uint8Array(16),
    logonServer: d.logonServer,
    logonDomainName: d.netbiosDomainName,
    logonDomainId: d.domainSid,
    reserved1: new Uint8Array(8),
    userAccountControl: d.userAccountControl,
    subAuthStatus: 0,
    lastSuccessfulILogon: FILETIME_ZERO,
    lastFailedILogon: FILETIME_ZERO,
    failedILogonCount: 0,
    reserved3: 0,
    extraSids,
    resourceGroupDomainSid: rg ? rg.domainSid : null,
    resourceGroupIds: rg ? rg.groups.map((g) => groupOf(g, RESOURCE_GROUP_ATTRIBUTES)) : [],
    stringMaxLengths: {
      logonServer: withTerminatorRoom(d.logonServer),
      logonDomainName: withTerminatorRoom(d.netbiosDomainName),
    },
  };
}

/** All unsigned buffers for a user description (LOGON_INFO, CLIENT_INFO, UPN_DNS_INFO, optional ATTRIBUTES and REQUESTOR). */
export function buildPacContents(d: PacUserDescription): PacContents {
  const userSid = `${d.domainSid}-${d.userRid}`;
  const extended = d.upnDnsExtended ?? true;
  let flags = extended ? UPN_DNS_FLAGS.S : 0;
  if (d.upn === undefined) flags |= UPN_DNS_FLAGS.U;
  const c: PacContents = {
    logonInfo: buildLogonInfo(d),
    clientInfo: { clientId: filetimeFromMs(d.authTime), name: d.clientName ?? d.samAccountName },
    upnDnsInfo: {
      upn: d.upn ?? `${d.samAccountName}@${d.dnsDomainName.toLowerCase()}`,
      dnsDomainName: d.dnsDomainName.toUpperCase(),
      flags,
      ...(extended ? { samName: d.samAccountName, sid: userSid } : {}),
    },
  };
  if (d.pacAttributes !== undefined) c.attributesInfo = { flagsLength: 2, flags: [d.pacAttributes] };
  if (d.requestor) c.requestor = { sid: userSid };
  return c;
}

/** Builds, encodes and signs: the AD-WIN2K-PAC bytes for a user description. */
export function buildSignedPac(d: PacUserDescription, sign: PacSignOptions): Uint8Array {
  return signPac(encodePacContents(buildPacContents(d)), sign);
}
