/**
 * Answering an LDAP ping, MS-ADTS 6.3.3.2, from the directory model: find the domain the ping
 * names, check the user it asks about, pick the response form NtVer asks for, fill it. Where the
 * spec leaves room, this follows what Samba 4.17's DC answered in our captures
 * (test/vectors/samba-netlogon/). Pure: the caller passes the client's address.
 *
 *   domain    DnsDomain (case-insensitive, one trailing dot allowed) names ours -> answer;
 *             otherwise DomainGuid, else DomainSid, must be ours; with none of the three the
 *             ping is for the DC's own domain (Samba's `net ads lookup` sends only NtVer and AAC).
 *   user      User given: LOGON_SAM_LOGON_RESPONSE(_EX) when an enabled account of that
 *             sAMAccountName has a type bit in AAC (USER_ACCOUNT codes), else the USER_UNKNOWN form.
 *   form      NtVer has 5EX or 5EX_WITH_IP -> NETLOGON_SAM_LOGON_RESPONSE_EX (sockaddr with
 *             5EX_WITH_IP, NextClosestSiteName with WITH_CLOSEST_SITE); else 5 ->
 *             NETLOGON_SAM_LOGON_RESPONSE; else NETLOGON_SAM_LOGON_RESPONSE_NT40. A missing or
 *             malformed NtVer gets the v5 form, as Samba 4.17 answers.
 */
import type { Account, Directory, DomainController } from '../../directory/model.ts';
import { UF } from '../../directory/uac.ts';
import type { Filter } from '../codec/index.ts';
import { DS_FLAG, LM_TOKEN, NETLOGON_NT_VERSION as V, NETLOGON_OPCODE as OP, USER_ACCOUNT as UA } from './constants.ts';
import { dcServerFlags } from './flags.ts';
import { encodeNetlogonResponse, type NetlogonResponse } from './responses.ts';
import { clientSiteName, parseAddress } from './site.ts';
import { extractPingTerms, type PingTerms } from './terms.ts';

export interface NetlogonContext {
  readonly directory: Directory;
  /** The DC that answers (one of directory.dcs). */
  readonly dc: DomainController;
  /** The client's address as the socket reports it; decides ClientSiteName and DS_CLOSEST_FLAG. */
  readonly clientAddress?: string;
  /** The local address the request arrived at: DcSockAddr when the DC's own address is not IPv4. */
  readonly serverAddress?: string;
}

export type NoAnswerReason = 'not-a-ping' | 'no-host' | 'wrong-domain' | 'wrong-guid' | 'wrong-sid';

export type PingOutcome =
  | { readonly answered: false; readonly reason: NoAnswerReason; readonly terms?: PingTerms }
  | { readonly answered: true; readonly terms: PingTerms; readonly response: NetlogonResponse; readonly bytes: Uint8Array };

/** The account-type bits a ping may ask about, and the userAccountControl bit each stands for. */
const AAC_TO_UF: readonly (readonly [number, number])[] = [
  [UA.USER_TEMP_DUPLICATE_ACCOUNT, UF.TEMP_DUPLICATE_ACCOUNT],
  [UA.USER_NORMAL_ACCOUNT, UF.NORMAL_ACCOUNT],
  [UA.USER_INTERDOMAIN_TRUST_ACCOUNT, UF.INTERDOMAIN_TRUST_ACCOUNT],
  [UA.USER_WORKSTATION_TRUST_ACCOUNT, UF.WORKSTATION_TRUST_ACCOUNT],
  [UA.USER_SERVER_TRUST_ACCOUNT, UF.SERVER_TRUST_ACCOUNT],
];

/** True when the ping's User names an enabled account whose type is one AAC allows. */
export function userKnown(directory: Directory, user: string, aac: number | undefined): boolean {
  const account: Account | undefined = directory.accountBySam(user);
  if (!account || account.samAccountName.toLowerCase() !== user.toLowerCase()) return false;
  if (account.userAccountControl & UF.ACCOUNTDISABLE) return false;
  const allowed = aac ?? 0;
  return AAC_TO_UF.some(([bit, uf]) => (allowed & bit) !== 0 && (account.userAccountControl & uf) !== 0);
}

function domainReason(ctx: NetlogonContext, t: PingTerms): NoAnswerReason | undefined {
  const dom = ctx.directory.domain;
  if (t.dnsDomain !== undefined && t.dnsDomain.toLowerCase() === dom.dnsName.toLowerCase()) return undefined;
  if (t.domainGuid !== undefined) return t.domainGuid.toLowerCase() === dom.guid.toLowerCase() ? undefined : 'wrong-guid';
  if (t.domainSid !== undefined) return t.domainSid.toUpperCase() === dom.sid.toUpperCase() ? undefined : 'wrong-sid';
  return t.dnsDomain === undefined ? undefined : 'wrong-domain';
}

function ipv4Of(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  const p = parseAddress(address);
  if (!p || p.v6) return undefined;
  const v = Number(p.value);
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

/** Decides and builds the answer to one ping. */
export function evaluatePing(ctx: NetlogonContext, terms: PingTerms): PingOutcome {
  const { directory, dc } = ctx;
  if (dc.computer.role === 'azureAdKerberos' || dc.computer.dnsHostName === undefined) return { answered: false, reason: 'no-host', terms };
  const reason = domainReason(ctx, terms);
  if (reason) return { answered: false, reason, terms };

  const dom = directory.domain;
  const known = terms.user === undefined || userKnown(directory, terms.user, terms.aac);
  const clientSite = clientSiteName(directory.sites, ctx.clientAddress) ?? dc.site;
  let flags = dcServerFlags(dc);
  if (clientSite.toLowerCase() === dc.site.toLowerCase()) flags |= DS_FLAG.DS_CLOSEST_FLAG;
  const netbiosComputer = dc.computer.samAccountName.replace(/\$$/, '').toUpperCase();
  const dcIp = ipv4Of(dc.address) ?? ipv4Of(ctx.serverAddress) ?? '0.0.0.0';
  const ntVer = terms.ntVer ?? V.NETLOGON_NT_VERSION_5;
  const user = terms.user ?? '';

  let response: NetlogonResponse;
  if (ntVer & (V.NETLOGON_NT_VERSION_5EX | V.NETLOGON_NT_VERSION_5EX_WITH_IP)) {
    const withIp = (ntVer & V.NETLOGON_NT_VERSION_5EX_WITH_IP) !== 0;
    const withSite = (ntVer & V.NETLOGON_NT_VERSION_WITH_CLOSEST_SITE) !== 0;
    response = {
      form: 'ex',
      opcode: known ? OP.LOGON_SAM_LOGON_RESPONSE_EX : OP.LOGON_SAM_USER_UNKNOWN_EX,
      flags,
      domainGuid: dom.guid,
      dnsForestName: dom.forestName,
      dnsDomainName: dom.dnsName,
      dnsHostName: dc.hostName,
      netbiosDomainName: dom.netbiosName,
      netbiosComputerName: netbiosComputer,
      userName: user,
      dcSiteName: dc.site,
      clientSiteName: clientSite,
      ...(withIp ? { dcSockAddr: dcIp } : {}),
      // The model has no site links, so there is no next closest site to name.
      ...(withSite ? { nextClosestSiteName: '' } : {}),
      ntVersion:
        V.NETLOGON_NT_VERSION_1 |
        V.NETLOGON_NT_VERSION_5EX |
        (withIp ? V.NETLOGON_NT_VERSION_5EX_WITH_IP : 0) |
        (withSite ? V.NETLOGON_NT_VERSION_WITH_CLOSEST_SITE : 0),
      lmNtToken: LM_TOKEN,
      lm20Token: LM_TOKEN,
    };
  } else if (ntVer & V.NETLOGON_NT_VERSION_5) {
    response = {
      form: 'v5',
      opcode: known ? OP.LOGON_SAM_LOGON_RESPONSE : OP.LOGON_SAM_USER_UNKNOWN,
      unicodeLogonServer: `\\\\${netbiosComputer}`,
      unicodeUserName: user,
      unicodeDomainName: dom.netbiosName,
      domainGuid: dom.guid,
      dnsForestName: dom.forestName,
      dnsDomainName: dom.dnsName,
      dnsHostName: dc.hostName,
      dcIpAddress: dcIp,
      flags,
      ntVersion: V.NETLOGON_NT_VERSION_1 | V.NETLOGON_NT_VERSION_5,
      lmNtToken: LM_TOKEN,
      lm20Token: LM_TOKEN,
    };
  } else {
    response = {
      form: 'nt40',
      opcode: known ? OP.LOGON_SAM_LOGON_RESPONSE : OP.LOGON_SAM_USER_UNKNOWN,
      unicodeLogonServer: `\\\\${netbiosComputer}`,
      unicodeUserName: user,
      unicodeDomainName: dom.netbiosName,
      ntVersion: V.NETLOGON_NT_VERSION_1,
      lmNtToken: LM_TOKEN,
      lm20Token: LM_TOKEN,
    };
  }
  return { answered: true, terms, response, bytes: encodeNetlogonResponse(response) };
}

/** Evaluates a search filter as a ping; `not-a-ping` when it is not an AND of equality matches. */
export function evaluateNetlogonSearch(ctx: NetlogonContext, filter: Filter): PingOutcome {
  const terms = extractPingTerms(filter);
  if (!terms) return { answered: false, reason: 'not-a-ping' };
  return evaluatePing(ctx, terms);
}

/**
 * The Netlogon attribute value for a base-scope rootDSE search that asks for `Netlogon` (over
 * CLDAP or TCP LDAP), or null when the DC does not answer this ping (the search then returns no
 * entry, only SearchResultDone).
 */
export function answerNetlogonSearch(ctx: NetlogonContext, filter: Filter): Uint8Array | null {
  const o = evaluateNetlogonSearch(ctx, filter);
  return o.answered ? o.bytes : null;
}
