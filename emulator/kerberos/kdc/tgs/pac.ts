/**
 * The presented TGT's PAC (MS-PAC 2.8, MS-KILE 3.3.5.7; Samba's kdc_tgs_tests as the oracle):
 *   - a domain TGT without a PAC is KDC_ERR_TGT_REVOKED (Samba test_tgs_no_pac; Windows since
 *     the 2021 PAC enforcement);
 *   - server and KDC signatures are checked with the krbtgt key that opened the ticket (and the
 *     ticket signature when the PAC carries one); a bad one is KRB_AP_ERR_MODIFIED;
 *   - the client is identified by PAC_REQUESTOR (MS-PAC 2.15); without it the TGT is refused with
 *     KDC_ERR_TGT_REVOKED while the DC enforces PAC_REQUESTOR (the 2022 enforcement, the DC's
 *     `rodcPacRequestorEnforced`), else LOGON_INFO's SID is used; a SID that is not the account's
 *     objectSid is KDC_ERR_TGT_REVOKED (Samba test_tgs_sid_mismatch_*).
 * And the copy into an issued ticket: the TGT's buffers with fresh signatures (server signature
 * with the new ticket's key, KDC signature with the krbtgt key; for service tickets also the
 * ticket and full-PAC signatures, and without ATTRIBUTES_INFO and REQUESTOR, which only TGTs carry).
 *
 * Only what a decision needs is decoded: the PACTYPE (every buffer located, a repeated signature
 * or CLIENT_INFO refused as before), the signature buffers (by verifyPac), PAC_REQUESTOR and
 * ATTRIBUTES_INFO, and LOGON_INFO only when there is no PAC_REQUESTOR (its SID then names the
 * client). The other buffers (LOGON_INFO with a requestor, CLIENT_INFO, UPN_DNS_INFO, unknown
 * types) are authenticated by the krbtgt signatures and copied byte for byte.
 */
import { DecodeError } from '../../../core/errors.ts';
import type { Account, SidString } from '../../../directory/model.ts';
import {
  AD_TYPE,
  adIfRelevant,
  adWin2kPac,
  decodeAdIfRelevant,
  encodeEncTicketPart,
  findPac,
  pacAuthorizationData,
  type AuthorizationData,
  type EncTicketPart,
} from '../../asn1/index.ts';
import type { KerberosKey } from '../../crypto/index.ts';
import { krbError } from '../../error-codes.ts';
import {
  decodeAttributesInfo,
  decodeLogonInfo,
  decodePacType,
  decodeRequestor,
  PAC_TYPE,
  layoutPacForSigning,
  PAC_UNIQUE_TYPES,
  signPacLayout,
  verifyPac,
  type PacAttributesInfo,
  type PacBuffer,
  type PacBufferLocation,
  type PacRequestor,
  type PacSigningLayout,
} from '../../pac/index.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { replaceTrailingOctet } from './ticket-encoding.ts';
import type { OpenedTgtEntry } from './tgt-cache.ts';

/** A PAC read from a presented ticket: its bytes, where each buffer sits, and the decoded parts decisions need. */
export interface PresentedPac {
  readonly bytes: Uint8Array;
  /** Every buffer in order, as views into `bytes` (copied as they are). */
  readonly buffers: readonly PacBufferLocation[];
  readonly requestor?: PacRequestor;
  readonly attributesInfo?: PacAttributesInfo;
  /** LOGON_INFO's domain SID + UserId, read only when there is no PAC_REQUESTOR. */
  readonly logonInfoSid?: SidString;
  /** The RODCIdentifier the KDC signature carries, if any. */
  readonly rodcIdentifier?: number;
}

/**
 * Locates the buffers and decodes what decisions need (file comment); for a repeated type the
 * first counts (MS-PAC 2.4). DecodeError on a malformed PACTYPE or decoded buffer.
 */
function readPresentedPac(bytes: Uint8Array): { pac: PresentedPac; ticketChecksum: boolean } {
  const buffers = decodePacType(bytes);
  const seen = new Set<number>();
  let requestor: PacRequestor | undefined;
  let attributesInfo: PacAttributesInfo | undefined;
  let logonInfo: Uint8Array | undefined;
  for (const b of buffers) {
    if (seen.has(b.type)) {
      if (PAC_UNIQUE_TYPES.has(b.type)) throw new DecodeError('PAC', `buffer type ${b.type} appears twice`, b.offset);
      continue;
    }
    seen.add(b.type);
    if (b.type === PAC_TYPE.REQUESTOR) requestor = decodeRequestor(b.data);
    else if (b.type === PAC_TYPE.ATTRIBUTES_INFO) attributesInfo = decodeAttributesInfo(b.data);
    else if (b.type === PAC_TYPE.LOGON_INFO) logonInfo = b.data;
  }
  let logonInfoSid: SidString | undefined;
  if (!requestor && logonInfo) {
    const li = decodeLogonInfo(logonInfo);
    if (li.logonDomainId) logonInfoSid = `${li.logonDomainId}-${li.userId}`;
  }
  const pac: PresentedPac = {
    bytes,
    buffers,
    ...(requestor ? { requestor } : {}),
    ...(attributesInfo ? { attributesInfo } : {}),
    ...(logonInfoSid ? { logonInfoSid } : {}),
  };
  return { pac, ticketChecksum: seen.has(PAC_TYPE.TICKET_CHECKSUM) };
}

/** The PAC bytes of a ticket part; DecodeError-safe (a malformed container is KRB_ERR_GENERIC). */
export function pacOf(part: EncTicketPart): Uint8Array | undefined {
  try {
    return findPac(part.authorizationData);
  } catch (err) {
    if (err instanceof DecodeError) throw krbError('KRB_ERR_GENERIC', 'MALFORMED AUTHORIZATION-DATA', undefined, err);
    throw err;
  }
}

/**
 * The ticket with its PAC replaced by one zero byte (MS-PAC 2.8.3): what the ticket signature
 * covers. Works on a decoded part; our decoder keeps the order, so the DER re-encodes as issued.
 */
export function ticketSigningData(part: EncTicketPart): Uint8Array {
  const zero = new Uint8Array([0]);
  const replace = (ad: AuthorizationData): AuthorizationData =>
    ad.map((e) => {
      if (e.adType === AD_TYPE.AD_WIN2K_PAC) return adWin2kPac(zero);
      if (e.adType === AD_TYPE.AD_IF_RELEVANT) return adIfRelevant(replace(decodeAdIfRelevant(e)));
      return e;
    });
  return encodeEncTicketPart({ ...part, ...(part.authorizationData ? { authorizationData: replace(part.authorizationData) } : {}) });
}

/** The SID a PAC names its client by: PAC_REQUESTOR, else LOGON_INFO's domain SID + UserId. */
export function pacClientSid(pac: PresentedPac): { sid?: SidString; from: 'PAC_REQUESTOR' | 'LOGON_INFO' | 'none' } {
  if (pac.requestor) return { sid: pac.requestor.sid, from: 'PAC_REQUESTOR' };
  if (pac.logonInfoSid) return { sid: pac.logonInfoSid, from: 'LOGON_INFO' };
  return { from: 'none' };
}

/** Verifies a PAC's signatures with `key` (server and KDC, plus the ticket signature if present). */
export function verifyPacSignatures(pac: Uint8Array, part: EncTicketPart, key: KerberosKey, ex: ExchangeRecord, who: string): PresentedPac {
  try {
    const read = readPresentedPac(pac);
    const v = verifyPac(pac, { serverKey: key, kdcKey: key, ...(read.ticketChecksum ? { ticketSigningData: ticketSigningData(part) } : {}) });
    ex.detail.pacSignatures = `server ${v.server}, kdc ${v.kdc}, ticket ${v.ticket}`;
    const bad = v.server !== 'valid' || v.kdc !== 'valid' || v.ticket === 'invalid';
    if (bad) {
      ex.fact = `the PAC signatures do not verify with the ${who} key (server ${v.server}, KDC ${v.kdc}, ticket ${v.ticket})`;
      throw krbError('KRB_AP_ERR_MODIFIED', 'PAC SIGNATURE INVALID');
    }
    if (v.rodcIdentifier === undefined) return read.pac;
    ex.detail.pacRodcIdentifier = v.rodcIdentifier;
    return { ...read.pac, rodcIdentifier: v.rodcIdentifier };
  } catch (err) {
    if (err instanceof DecodeError) {
      ex.fact = `the PAC of the presented ticket is malformed (${err.what})`;
      throw krbError('KRB_AP_ERR_MODIFIED', 'MALFORMED PAC', undefined, err);
    }
    throw err;
  }
}

/** Checks that the PAC names `client` (see the file comment); throws KDC_ERR_TGT_REVOKED otherwise. */
export function requirePacNamesClient(ctx: KdcContext, pac: PresentedPac, client: Account, ex: ExchangeRecord): void {
  const named = pacClientSid(pac);
  if (named.from !== 'PAC_REQUESTOR' && ctx.dc.rodcPacRequestorEnforced) {
    ex.fact = `the PAC has no PAC_REQUESTOR and ${ctx.dc.name} enforces it (rodcPacRequestorEnforced)`;
    throw krbError('KDC_ERR_TGT_REVOKED', 'PAC WITHOUT REQUESTOR');
  }
  if (named.sid === undefined || named.sid.toUpperCase() !== client.sid.toUpperCase()) {
    ex.fact = `the PAC's ${named.from} SID ${named.sid ?? '(none)'} is not ${client.samAccountName}'s objectSid ${client.sid}`;
    throw krbError('KDC_ERR_TGT_REVOKED', 'PAC SID MISMATCH');
  }
}

/**
 * Verifies the domain TGT's PAC and its client (file comment); returns it for copying. With the
 * TGT's cache entry (tgt-cache.ts), a PAC that verified before with the same key is not checked
 * again (its trace detail is written as the check wrote it); the client is checked every time.
 */
export function verifyDomainTgtPac(ctx: KdcContext, part: EncTicketPart, key: KerberosKey, client: Account, ex: ExchangeRecord, cached?: OpenedTgtEntry): PresentedPac {
  let pac: PresentedPac;
  const memo = cached?.verifiedPac;
  if (memo) {
    pac = memo.pac;
    ex.detail.pacSignatures = memo.pacSignatures;
    if (memo.rodcIdentifier !== undefined) ex.detail.pacRodcIdentifier = memo.rodcIdentifier;
  } else {
    const bytes = pacOf(part);
    if (!bytes) {
      ex.fact = 'the presented TGT carries no PAC';
      throw krbError('KDC_ERR_TGT_REVOKED', 'TGT WITHOUT PAC');
    }
    pac = verifyPacSignatures(bytes, part, key, ex, 'domain krbtgt');
    if (cached) {
      cached.verifiedPac = Object.freeze({
        pac: deepFreezePac(pac),
        pacSignatures: String(ex.detail.pacSignatures),
        ...(pac.rodcIdentifier !== undefined ? { rodcIdentifier: pac.rodcIdentifier } : {}),
      });
    }
  }
  requirePacNamesClient(ctx, pac, client, ex);
  return pac;
}

/** The PresentedPac made shareable between requests (its byte arrays stay as they are). */
function deepFreezePac(pac: PresentedPac): PresentedPac {
  for (const b of pac.buffers) Object.freeze(b);
  Object.freeze(pac.buffers);
  if (pac.requestor) Object.freeze(pac.requestor);
  if (pac.attributesInfo) Object.freeze(Object.freeze(pac.attributesInfo).flags);
  return Object.freeze(pac);
}

/** Buffers only TGTs carry (MS-PAC 2.14, 2.15): Windows and Samba drop them from service tickets. */
const TGT_ONLY = new Set<number>([PAC_TYPE.ATTRIBUTES_INFO, PAC_TYPE.REQUESTOR]);

/**
 * The presented PAC laid out for re-signing (signatures zeroed), per kind of ticket and key
 * enctypes. Remembered for the frozen PACs the TGT cache shares between requests (tgt-cache.ts),
 * so a TGT's PAC is laid out once per kind of ticket, not once per request.
 */
const layouts = new WeakMap<PresentedPac, Map<string, PacSigningLayout>>();
function copiedPacLayout(pac: PresentedPac, serviceTicket: boolean, serverEtype: number, kdcEtype: number): PacSigningLayout {
  const key = `${serviceTicket ? 's' : 't'}:${serverEtype}:${kdcEtype}`;
  const known = layouts.get(pac)?.get(key);
  if (known) return known;
  const buffers: PacBuffer[] = pac.buffers.filter((b) => !(serviceTicket && TGT_ONLY.has(b.type))).map((b) => ({ type: b.type, data: b.data }));
  const layout = layoutPacForSigning(buffers, { serverEtype, kdcEtype, ticket: serviceTicket, fullChecksum: serviceTicket });
  if (Object.isFrozen(pac)) {
    let m = layouts.get(pac);
    if (!m) layouts.set(pac, (m = new Map()));
    m.set(key, layout);
  }
  return layout;
}

/**
 * The DER encoding of `part` with the presented PAC copied in and re-signed: server signature with
 * `serverKey`, KDC signature with the domain krbtgt key; for service tickets also the ticket
 * signature over `part` (PAC replaced by one zero byte) and the full-PAC signature. Encoded once:
 * a service ticket's encoding is the ticket signature's input with the signed PAC put in
 * (ticket-encoding.ts).
 */
export function withCopiedPac(
  part: EncTicketPart,
  pac: PresentedPac,
  keys: { serverKey: KerberosKey; kdcKey: KerberosKey; serviceTicket: boolean },
): Uint8Array {
  const layout = copiedPacLayout(pac, keys.serviceTicket, keys.serverKey.etype, keys.kdcKey.etype);
  const prior = part.authorizationData ?? [];
  if (!keys.serviceTicket) {
    const signed = signPacLayout(layout, { serverKey: keys.serverKey, kdcKey: keys.kdcKey });
    return encodeEncTicketPart({ ...part, authorizationData: [...prior, ...pacAuthorizationData(signed)] });
  }
  const signingData = encodeEncTicketPart({ ...part, authorizationData: [...prior, ...pacAuthorizationData(new Uint8Array([0]))] });
  const signed = signPacLayout(layout, { serverKey: keys.serverKey, kdcKey: keys.kdcKey, ticketSigningData: signingData });
  return replaceTrailingOctet(signingData, signed);
}
