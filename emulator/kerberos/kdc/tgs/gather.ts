/**
 * TGS step 1, gather (RFC 4120 3.3.2, MS-KILE 3.3.5.7): read what the request carries without
 * judging it yet: the PA-TGS-REQ AP-REQ (the presented ticket and the encrypted authenticator),
 * KERB-KEY-LIST-REQ (MS-KILE 2.2.11), PA-PAC-REQUEST (MS-KILE 2.2.3), whether it asks for
 * S4U2Self (PA-FOR-USER or PA-S4U-X509-USER, MS-SFU 2.2.1-2.2.2), the requested server and
 * the enctype list; and classify the presented ticket: a TGT of this realm sealed with the domain
 * krbtgt key, or an RODC-issued TGT (kvno upper 16 bits non-zero, MS-KILE 3.1.5.8).
 */
import { DecodeError } from '../../../core/errors.ts';
import {
  findPaValue,
  KDC_OPTIONS,
  PA,
  type ApReq,
  type KdcReq,
  type KdcReqBody,
  type PrincipalName,
  type Ticket,
} from '../../asn1/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';

/** How the presented ticket must be opened. */
export type PresentedKind = 'tgt' | 'rodc';

export interface TgsRequest {
  readonly req: KdcReq;
  readonly body: KdcReqBody;
  /** The request as received (the authenticator checksum covers its req-body bytes). */
  readonly raw: Uint8Array;
  readonly apReq: ApReq;
  readonly ticket: Ticket;
  /** kvno of the presented ticket (0 when absent, as impacket never omits it but RFC allows). */
  readonly kvno: number;
  readonly kind: PresentedKind;
  /** KERB-KEY-LIST-REQ enctypes when the request carries padata 161. */
  readonly keyListReq?: readonly number[];
  /** PA-PAC-REQUEST include-pac when present. */
  readonly pacRequest?: boolean;
  /** The S4U2Self padata type the request carries (PA-FOR-USER 129 or PA-S4U-X509-USER 130), if any. */
  readonly s4uSelf?: number;
  /** The server asked for and its realm (request realm). */
  readonly sname: PrincipalName;
  readonly srealm: string;
}

/** Case-insensitive realm comparison (AD compares realms case-insensitively). */
export function sameRealm(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

/** True when `name` is krbtgt/<realm> (any case) of this KDC's realm. */
export function isLocalKrbtgt(name: PrincipalName, realm: string): boolean {
  const s = name.nameString;
  return s.length === 2 && s[0].toLowerCase() === 'krbtgt' && sameRealm(s[1], realm);
}

/** Runs a padata decoder; a DecodeError becomes KRB_ERR_GENERIC naming the padata (as AD answers). */
export function decodePa<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof DecodeError) throw krbError('KRB_ERR_GENERIC', `MALFORMED ${what}`, undefined, err);
    throw err;
  }
}

/** Reads the TGS-REQ; records sname/srealm/etypes on the exchange for the KRB-ERROR and trace. */
export function gatherTgsRequest(ctx: KdcContext, req: KdcReq, raw: Uint8Array, ex: ExchangeRecord): TgsRequest {
  const body = req.reqBody;
  ex.srealm = body.realm;
  if (body.sname) ex.sname = body.sname;
  ex.etypes = body.etype;

  const apReq = decodePa('PA-TGS-REQ', () => findPaValue(req.padata, PA.PA_TGS_REQ));
  if (!apReq) {
    ex.fact = 'the TGS-REQ carries no PA-TGS-REQ';
    throw krbError('KDC_ERR_PADATA_TYPE_NOSUPP', 'NO PA-TGS-REQ');
  }
  const keyListReq = decodePa('KERB-KEY-LIST-REQ', () => findPaValue(req.padata, PA.KERB_KEY_LIST_REQ));
  const pacReq = decodePa('PA-PAC-REQUEST', () => findPaValue(req.padata, PA.PA_PAC_REQUEST));

  if (!body.sname) {
    ex.fact = 'the TGS-REQ names no server (sname absent)';
    throw krbError('KDC_ERR_S_PRINCIPAL_UNKNOWN', 'NO SERVER NAME');
  }

  const ticket = apReq.ticket;
  const kvno = ticket.encPart.kvno ?? 0;
  ex.detail.presentedKvno = kvno;
  ex.detail.presentedEtype = ticket.encPart.etype;
  // Only krbtgt/<our realm>@<our realm> tickets are accepted here; cross-realm referrals and
  // service tickets presented to the TGS are not for us: KRB_AP_ERR_NOT_US, and KDC_ERR_POLICY
  // when the request asks to renew or validate it (AD; Samba's kdc_tgs_tests
  // test_renew_service_ticket / test_validate_service_ticket).
  if (!sameRealm(ticket.realm, ctx.realm) || !isLocalKrbtgt(ticket.sname, ctx.realm)) {
    ex.fact = `presented ticket is for ${ticket.sname.nameString.join('/')}@${ticket.realm}, not krbtgt/${ctx.realm}`;
    if (KDC_OPTIONS.has(body.kdcOptions, 'renew') || KDC_OPTIONS.has(body.kdcOptions, 'validate')) {
      throw krbError('KDC_ERR_POLICY', 'RENEW OR VALIDATE OF A SERVICE TICKET');
    }
    throw krbError('KRB_AP_ERR_NOT_US', 'TICKET NOT FOR TGS');
  }
  const kind: PresentedKind = kvno >>> 16 !== 0 ? 'rodc' : 'tgt';
  ex.detail.path = kind;
  const s4uSelf = req.padata?.find((p) => p.padataType === PA.PA_FOR_USER || p.padataType === PA.PA_S4U_X509_USER)?.padataType;
  return {
    req,
    body,
    raw,
    apReq,
    ticket,
    kvno,
    kind,
    ...(keyListReq ? { keyListReq } : {}),
    ...(pacReq ? { pacRequest: pacReq.includePac } : {}),
    ...(s4uSelf !== undefined ? { s4uSelf } : {}),
    sname: body.sname,
    srealm: body.realm,
  };
}
