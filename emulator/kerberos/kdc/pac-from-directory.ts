/**
 * The PAC a KDC builds from the directory (MS-KILE 3.3.5.3 "PAC generation", MS-PAC 2.5 ff.):
 * maps an account and its token groups to the pac module's PacUserDescription, signs it
 * (server signature with the service key, KDC signature with the domain krbtgt key, plus the
 * ticket and full-PAC signatures for service tickets) and places it in an EncTicketPart as
 * AD-IF-RELEVANT { AD-WIN2K-PAC }.
 *
 * Groups: LOGON_INFO GroupIds carry the account's global and universal groups of this domain,
 * nested memberships resolved and the primary group included (directory `tokenGroups`);
 * BUILTIN groups never appear in a PAC (the resource computer adds them); domain-local groups go
 * in as resource groups only when asked (a service ticket in this domain), not in TGTs.
 * ExtraSids: S-1-18-1 "Authentication authority asserted identity" by default, as Windows adds
 * for a logon the KDC itself verified.
 */
import { accountState } from '../../directory/account-state.ts';
import type { Account } from '../../directory/model.ts';
import { tokenGroups } from '../../directory/tokens.ts';
import { encodeEncTicketPart, pacAuthorizationData, type EncTicketPart } from '../asn1/index.ts';
import type { KerberosKey } from '../crypto/index.ts';
import {
  buildSignedPac,
  FILETIME_NEVER,
  FILETIME_ZERO,
  filetimeFromMs,
  PAC_ATTRIBUTE_FLAGS,
  samrAccountControlFromUac,
  type PacUserDescription,
} from '../pac/index.ts';
import type { KdcContext } from './context.ts';

/** "Authentication authority asserted identity" (MS-DTYP 2.4.2.4, added by Windows 2012 KDCs). */
export const AUTHENTICATION_AUTHORITY_ASSERTED_IDENTITY = 'S-1-18-1';

export interface PacOptions {
  /** The ticket's authtime (epoch ms): CLIENT_INFO ClientId and LogonTime. */
  authTime: number;
  /** CLIENT_INFO Name: the ticket's cname as the client will see it (default sAMAccountName). */
  clientName?: string;
  /**
   * PA-PAC-REQUEST as the client sent it, recorded in ATTRIBUTES_INFO (MS-PAC 2.14): true ->
   * PAC_WAS_REQUESTED, undefined (none sent) -> PAC_WAS_GIVEN_IMPLICITLY, false -> neither (the
   * TGS then leaves the PAC out of service tickets). Leave `attributes` false to omit the buffer.
   */
  pacRequested?: boolean;
  /** Add PAC_ATTRIBUTES_INFO (Windows does in TGTs since KB5008380); default true. */
  attributes?: boolean;
  /** Add PAC_REQUESTOR with the account SID (MS-PAC 2.15); default true. */
  requestor?: boolean;
  /** ExtraSids; default [S-1-18-1]. */
  extraSids?: readonly string[];
  /** Put the account's domain-local groups of this domain in as resource groups (service tickets). */
  domainLocalAsResourceGroups?: boolean;
}

export interface PacKeys {
  /** The key the ticket is encrypted with (for a TGT: the domain krbtgt key). */
  serverKey: KerberosKey;
  /** The domain krbtgt key (KDC signature, ticket and full-PAC signatures). */
  kdcKey: KerberosKey;
  /** Add the ticket (0x10) and full-PAC (0x13) signatures, as Windows does in service tickets. */
  serviceTicket?: boolean;
}

/**
 * ATTRIBUTES_INFO flags for a PA-PAC-REQUEST (MS-PAC 2.14; Windows since KB5008380, Samba's
 * samba_get_pac_attrs_blob): asked for -> PAC_WAS_REQUESTED, not mentioned ->
 * PAC_WAS_GIVEN_IMPLICITLY, declined -> 0.
 */
export function pacAttributeFlags(pacRequested: boolean | undefined): number {
  if (pacRequested === undefined) return PAC_ATTRIBUTE_FLAGS.PAC_WAS_GIVEN_IMPLICITLY;
  return pacRequested ? PAC_ATTRIBUTE_FLAGS.PAC_WAS_REQUESTED : 0;
}

/**
 * The account's group RIDs as LOGON_INFO wants them: global/universal groups of this domain
 * (GroupIds) and domain-local ones (resource groups), from its token groups. The directory is
 * frozen once a scenario is loaded, so this is worked out once per account and kept (WeakMap:
 * it goes with the directory).
 */
interface PacGroups {
  readonly groups: readonly number[];
  readonly resource: readonly number[];
}
const groupsByAccount = new WeakMap<Account, PacGroups>();

function pacGroups(dir: KdcContext['directory'], account: Account): PacGroups {
  const known = groupsByAccount.get(account);
  if (known) return known;
  const domainSid = dir.domain.sid.toUpperCase();
  const inDomain = (sid: string) => sid.toUpperCase().startsWith(`${domainSid}-`) && sid.split('-').length === domainSid.split('-').length + 1;
  const rid = (sid: string) => Number(sid.slice(sid.lastIndexOf('-') + 1));
  const groups: number[] = [];
  const resource: number[] = [];
  for (const g of tokenGroups(dir, account).groups) {
    if (g.scope === 'builtin' || !inDomain(g.sid)) continue;
    if (g.scope === 'domainLocal') resource.push(rid(g.sid));
    else groups.push(rid(g.sid));
  }
  const out = Object.freeze({ groups: Object.freeze(groups), resource: Object.freeze(resource) });
  groupsByAccount.set(account, out);
  return out;
}

/** Maps a directory account to the description the pac module builds buffers from. */
export function pacDescriptionFor(ctx: KdcContext, account: Account, opts: PacOptions): PacUserDescription {
  const dir = ctx.directory;
  const { groups, resource } = pacGroups(dir, account);
  const state = accountState(dir.domain, account, opts.authTime);
  const pwdLastSet = account.pwdLastSet === null ? FILETIME_ZERO : filetimeFromMs(account.pwdLastSet);
  const canChange = account.pwdLastSet === null ? FILETIME_ZERO : filetimeFromMs(account.pwdLastSet + dir.domain.passwordPolicy.minPwdAgeMs);
  const mustChange = state.mustChangePassword
    ? FILETIME_ZERO
    : state.passwordExpiresAt === null
      ? FILETIME_NEVER
      : filetimeFromMs(state.passwordExpiresAt);
  const attributes = opts.attributes ?? true;
  return {
    samAccountName: account.samAccountName,
    ...(account.displayName ? { fullName: account.displayName } : {}),
    netbiosDomainName: dir.domain.netbiosName,
    dnsDomainName: dir.domain.dnsName,
    logonServer: ctx.dc.name.toUpperCase(),
    domainSid: dir.domain.sid,
    userRid: account.rid,
    primaryGroupRid: account.primaryGroupRid,
    groups: [...groups],
    extraSids: [...(opts.extraSids ?? [AUTHENTICATION_AUTHORITY_ASSERTED_IDENTITY])],
    ...(opts.domainLocalAsResourceGroups && resource.length > 0 ? { resourceGroups: { domainSid: dir.domain.sid, groups: [...resource] } } : {}),
    ...(account.upn ? { upn: account.upn } : {}),
    userAccountControl: samrAccountControlFromUac(account.userAccountControl),
    authTime: opts.authTime,
    kickOffTime: account.accountExpires,
    passwordLastSet: pwdLastSet,
    passwordCanChange: canChange,
    passwordMustChange: mustChange,
    ...(attributes ? { pacAttributes: pacAttributeFlags(opts.pacRequested) } : {}),
    requestor: opts.requestor ?? true,
    ...(opts.clientName !== undefined ? { clientName: opts.clientName } : {}),
  };
}

/** The signed PAC bytes (AD-WIN2K-PAC ad-data) for an account, without ticket signatures. */
export function buildPacFromDirectory(ctx: KdcContext, account: Account, opts: PacOptions, keys: Omit<PacKeys, 'serviceTicket'>): Uint8Array {
  return buildSignedPac(pacDescriptionFor(ctx, account, opts), { serverKey: keys.serverKey, kdcKey: keys.kdcKey });
}

/**
 * Completes an EncTicketPart with the account's PAC in its authorization-data (after any the part
 * already carries). For service tickets (`keys.serviceTicket`) the ticket signature covers the
 * part with the PAC replaced by one zero byte (MS-PAC 2.8.3), and the full-PAC signature is added.
 */
export function withDirectoryPac(
  ctx: KdcContext,
  part: EncTicketPart,
  account: Account,
  opts: PacOptions,
  keys: PacKeys,
): EncTicketPart {
  const desc = pacDescriptionFor(ctx, account, opts);
  const prior = part.authorizationData ?? [];
  let pac: Uint8Array;
  if (keys.serviceTicket) {
    const signingData = encodeEncTicketPart({ ...part, authorizationData: [...prior, ...pacAuthorizationData(new Uint8Array([0]))] });
    pac = buildSignedPac(desc, { serverKey: keys.serverKey, kdcKey: keys.kdcKey, ticketSigningData: signingData, fullChecksum: true });
  } else {
    pac = buildSignedPac(desc, { serverKey: keys.serverKey, kdcKey: keys.kdcKey });
  }
  return { ...part, authorizationData: [...prior, ...pacAuthorizationData(pac)] };
}
