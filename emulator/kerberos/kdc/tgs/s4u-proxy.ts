/**
 * S4U2Proxy (MS-SFU 3.2.5.2): service 1 presents its TGT, the option cname-in-addl-tkt and, as
 * additional-tickets[0], a ticket a user holds for service 1 (the evidence: from S4U2Self or from
 * the user); the KDC issues a ticket for the requested service 2 in the user's name.
 *   - with an RODC-issued TGT: KDC_ERR_BADOPTION, as the lab has always refused it;
 *   - no evidence ticket, or one that is not for service 1: KDC_ERR_BADOPTION; one that does not
 *     decrypt with service 1's key: KRB_AP_ERR_BAD_INTEGRITY; its PAC must carry valid server
 *     (service 1 key) and KDC (krbtgt key) signatures, else KRB_AP_ERR_MODIFIED, and must be
 *     there at all (KDC_ERR_TGT_REVOKED);
 *   - allowed by constrained delegation (service 1's msDS-AllowedToDelegateTo lists the requested
 *     SPN, case-insensitive) when the evidence is FORWARDABLE; else by resource-based constrained
 *     delegation (service 2's msDS-AllowedToActOnBehalfOfOtherIdentity names service 1) when the
 *     user is not "sensitive and cannot be delegated"; else KDC_ERR_BADOPTION (MS-SFU 3.2.5.2.1,
 *     3.2.5.2.2; the trace says which rule refused);
 *   - the issued ticket's client is the evidence's, its PAC the user's from the directory, its
 *     times and FORWARDABLE bounded by the evidence ticket (lifetime.ts with the evidence in the
 *     TGT's place). Windows' S4U_DELEGATION_INFO PAC buffer is not added.
 */
import { DecodeError } from '../../../core/errors.ts';
import { hasFlag, UF } from '../../../directory/uac.ts';
import { findPac, KDC_OPTIONS, TICKET_FLAGS, type EncTicketPart } from '../../asn1/index.ts';
import { krbError } from '../../error-codes.ts';
import { verifyPac } from '../../pac/index.ts';
import type { KdcContext } from '../context.ts';
import { principalText, type ExchangeRecord } from '../exchange.ts';
import { findClient, findServer, isOurRealm } from '../principals.ts';
import { unsealTicketWith } from '../ticket.ts';
import type { VerifiedClient } from './client.ts';
import type { TgsRequest } from './gather.ts';
import type { ServerTarget } from './service.ts';

/** Whether the request asks for S4U2Proxy (kdc-options cname-in-addl-tkt). */
export function isS4uProxy(tgs: TgsRequest): boolean {
  return KDC_OPTIONS.has(tgs.body.kdcOptions, 'cname-in-addl-tkt');
}

/** S4U2Proxy with an RODC-issued TGT stays refused. */
export function refuseRodcS4uProxy(tgs: TgsRequest, ex: ExchangeRecord): void {
  if (!isS4uProxy(tgs) || tgs.kind !== 'rodc') return;
  ex.fact = 'S4U2Proxy (cname-in-addl-tkt) with an RODC-issued TGT is refused';
  throw krbError('KDC_ERR_BADOPTION', 'S4U2PROXY WITH AN RODC TGT');
}

/** The S4U2Proxy step (file comment): the user the issued ticket speaks for and the evidence. */
export function s4uProxyStep(ctx: KdcContext, tgs: TgsRequest, service: VerifiedClient, target: ServerTarget, ex: ExchangeRecord): { who: VerifiedClient; evidence: EncTicketPart } {
  const ticket = tgs.body.additionalTickets?.[0];
  if (!ticket) {
    ex.fact = 'S4U2Proxy (cname-in-addl-tkt) without an additional ticket';
    throw krbError('KDC_ERR_BADOPTION', 'S4U2PROXY WITHOUT EVIDENCE TICKET');
  }
  const evidenceServer = isOurRealm(ctx.directory, ticket.realm) ? findServer(ctx.directory, ticket.sname) : undefined;
  if (!evidenceServer || evidenceServer.account.sid !== service.account.sid) {
    ex.fact = `the evidence ticket is for ${principalText(ticket.sname, ticket.realm)}, not for ${service.account.samAccountName}, which asks`;
    throw krbError('KDC_ERR_BADOPTION', 'EVIDENCE TICKET NOT FOR THE REQUESTER');
  }
  const sel = ctx.keys.generationsForKvno(service.account, ticket.encPart.kvno);
  if (!sel) throw krbError('KDC_ERR_S_PRINCIPAL_UNKNOWN', 'REQUESTER HAS NO KEYS');
  let opened;
  try {
    opened = unsealTicketWith(ticket, sel.generations);
  } catch (err) {
    ex.fact = `the evidence ticket does not decrypt with ${service.account.samAccountName}'s key`;
    throw err;
  }
  const evidence = opened.part;
  const pac = findPac(evidence.authorizationData);
  if (!pac) {
    ex.fact = 'the evidence ticket carries no PAC';
    throw krbError('KDC_ERR_TGT_REVOKED', 'EVIDENCE WITHOUT PAC');
  }
  const krbtgt = ctx.keys.strongestKey(ctx.directory.krbtgt);
  let sigs;
  try {
    sigs = verifyPac(pac, { serverKey: opened.key, ...(krbtgt ? { kdcKey: krbtgt.key } : {}) });
  } catch (err) {
    if (err instanceof DecodeError) throw krbError('KRB_AP_ERR_MODIFIED', 'MALFORMED EVIDENCE PAC', undefined, err);
    throw err;
  }
  if (sigs.server !== 'valid' || sigs.kdc !== 'valid') {
    ex.fact = `the evidence ticket's PAC signatures do not verify (server ${sigs.server}, KDC ${sigs.kdc})`;
    throw krbError('KRB_AP_ERR_MODIFIED', 'EVIDENCE PAC SIGNATURE INVALID');
  }
  const user = isOurRealm(ctx.directory, evidence.crealm) ? findClient(ctx.directory, evidence.cname) : undefined;
  if (!user) {
    ex.fact = `the evidence ticket's client ${principalText(evidence.cname, evidence.crealm)} is not in the directory`;
    throw krbError('KDC_ERR_C_PRINCIPAL_UNKNOWN', 'EVIDENCE CLIENT NOT FOUND');
  }
  const spn = tgs.sname.nameString.join('/').toLowerCase();
  const constrained = (service.account.allowedToDelegateTo ?? []).some((s) => s.toLowerCase() === spn);
  const forwardable = TICKET_FLAGS.has(evidence.flags, 'forwardable');
  const rbcd = (target.account.allowedToActOnBehalfOfSids ?? []).some((sid) => sid.toUpperCase() === service.account.sid.toUpperCase());
  const sensitive = hasFlag(user.account.userAccountControl, UF.NOT_DELEGATED);
  ex.detail.s4uProxy = `constrained ${constrained}, evidence forwardable ${forwardable}, rbcd ${rbcd}`;
  if (constrained && forwardable) ex.detail.s4uProxyRule = 'msDS-AllowedToDelegateTo';
  else if (rbcd && !sensitive) ex.detail.s4uProxyRule = 'msDS-AllowedToActOnBehalfOfOtherIdentity';
  else {
    ex.fact = constrained
      ? `${service.account.samAccountName} may delegate to ${spn}, but the evidence ticket is not forwardable (no protocol transition, or a sensitive user)`
      : rbcd
        ? `${target.account.samAccountName} lets ${service.account.samAccountName} act for others, but ${user.account.samAccountName} is sensitive and cannot be delegated`
        : `${service.account.samAccountName}'s msDS-AllowedToDelegateTo does not list ${spn} and ${target.account.samAccountName}'s msDS-AllowedToActOnBehalfOfOtherIdentity does not name it`;
    throw krbError('KDC_ERR_BADOPTION', 'DELEGATION NOT ALLOWED');
  }
  return { who: { account: user.account, cname: evidence.cname, crealm: evidence.crealm, pac: { kind: 'directory' } }, evidence };
}
