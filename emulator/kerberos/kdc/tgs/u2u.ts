/**
 * User-to-user (RFC 4120 3.7, 2.9.2; kdc-options ENC-TKT-IN-SKEY): the client asks for a ticket to
 * a user, presenting that user's TGT as additional-tickets[0]; the ticket is sealed with the
 * session key of that TGT instead of a long-term key (and carries no kvno).
 *   - no additional ticket: KDC_ERR_BADOPTION; one that is no TGT of this realm:
 *     KRB_AP_ERR_MODIFIED; one issued by an RODC: KDC_ERR_BADOPTION (not served);
 *   - one sealed with RC4 is KDC_ERR_ETYPE_NOSUPP (Samba's test_user2user_rc4, against Windows);
 *     otherwise it opens like the presented TGT (tgt.ts: a wrong key is
 *     KRB_AP_ERR_BAD_INTEGRITY); an RC4 session key in it is KDC_ERR_ETYPE_NOSUPP, an INVALID or
 *     expired one KRB_AP_ERR_TKT_NYV / KRB_AP_ERR_TKT_EXPIRED, one without a verified PAC
 *     KDC_ERR_TGT_REVOKED, a client that is not in the directory KDC_ERR_C_PRINCIPAL_UNKNOWN;
 *   - the requested server must be that TGT's client: else KRB_AP_ERR_BADMATCH (Samba's
 *     kdc_tgs_tests test_user2user_wrong_sname, written against Windows).
 */
import { KDC_OPTIONS, TICKET_FLAGS, type Ticket } from '../../asn1/index.ts';
import { EncType, type KerberosKey } from '../../crypto/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { wireKey } from './authenticator.ts';
import { verifyDomainClient } from './client.ts';
import { isLocalKrbtgt, sameRealm, type TgsRequest } from './gather.ts';
import type { ServerTarget } from './service.ts';
import { openDomainTgt } from './tgt.ts';

export function isUserToUser(tgs: TgsRequest): boolean {
  return KDC_OPTIONS.has(tgs.body.kdcOptions, 'enc-tkt-in-skey');
}

/** The server target with the user's TGT session key in place of its long-term key. */
export function userToUserTarget(ctx: KdcContext, tgs: TgsRequest, server: ServerTarget, ex: ExchangeRecord): ServerTarget {
  const ticket: Ticket | undefined = tgs.body.additionalTickets?.[0];
  if (!ticket) {
    ex.fact = 'ENC-TKT-IN-SKEY without an additional ticket';
    throw krbError('KDC_ERR_BADOPTION', 'USER-TO-USER WITHOUT TGT');
  }
  if (!sameRealm(ticket.realm, ctx.realm) || !isLocalKrbtgt(ticket.sname, ctx.realm)) {
    ex.fact = `the user-to-user additional ticket is for ${ticket.sname.nameString.join('/')}, not krbtgt/${ctx.realm}`;
    throw krbError('KRB_AP_ERR_MODIFIED', 'USER-TO-USER TICKET IS NO TGT');
  }
  const kvno = ticket.encPart.kvno ?? 0;
  if (kvno >>> 16 !== 0) {
    ex.fact = 'the user-to-user additional ticket was issued by an RODC';
    throw krbError('KDC_ERR_BADOPTION', 'USER-TO-USER WITH AN RODC TGT');
  }
  if (ticket.encPart.etype === EncType.RC4_HMAC) {
    ex.fact = 'the user-to-user additional TGT is sealed with RC4';
    throw krbError('KDC_ERR_ETYPE_NOSUPP', 'USER-TO-USER RC4 TGT');
  }
  const opened = openDomainTgt(ctx, { ...tgs, ticket, kvno }, ex);
  const part = opened.part;
  if (TICKET_FLAGS.has(part.flags, 'invalid')) {
    ex.fact = 'the user-to-user additional TGT has the INVALID flag';
    throw krbError('KRB_AP_ERR_TKT_NYV', 'USER-TO-USER TGT INVALID');
  }
  if (ctx.clock.now() > part.endtime) {
    ex.fact = 'the user-to-user additional TGT has expired';
    throw krbError('KRB_AP_ERR_TKT_EXPIRED', 'USER-TO-USER TGT EXPIRED');
  }
  const user = verifyDomainClient(ctx, opened, ex);
  if (user.account.sid !== server.account.sid) {
    ex.fact = `user-to-user to ${server.account.samAccountName} with a TGT of ${user.account.samAccountName}`;
    throw krbError('KRB_AP_ERR_BADMATCH', 'USER-TO-USER SERVER MISMATCH');
  }
  if (part.key.keytype === EncType.RC4_HMAC) {
    ex.fact = 'the user-to-user TGT has an RC4 session key';
    throw krbError('KDC_ERR_ETYPE_NOSUPP', 'USER-TO-USER RC4 SESSION KEY');
  }
  const key: KerberosKey = wireKey(part.key, 'USER-TO-USER SESSION KEY');
  ex.detail.userToUser = user.account.samAccountName;
  const { kvno: _longTermKvno, ...rest } = server;
  return { ...rest, ticketKey: key };
}
