/**
 * Opening the ticket of an AP-REQ armor (RFC 6113 5.4.1.1), as AD does:
 *   AS   any ticket of this realm sealed with its server's key: Windows accepts a service ticket
 *        as armor (Samba's fast_tests test_fast_invalid_tgt: "this test fails against Windows,
 *        which will still accept a service ticket identifying a different server principal");
 *   TGS  (explicit armor) a service ticket as in AS (Windows accepts it, kdc_tgs_tests
 *        test_fast_service_ticket); a TGT goes through the checks of a presented TGT: the domain
 *        krbtgt key (an RC4-sealed TGT is KRB_ERR_GENERIC), or an RODC's krbtgt_<n> and its
 *        reveal policy; not INVALID (KRB_AP_ERR_TKT_NYV); its PAC present and signed
 *        (KDC_ERR_TGT_REVOKED) (Samba's kdc_tgs_tests test_fast_*).
 * Every failure is a plain KRB-ERROR: without the ticket there is no armor key to wrap it with.
 */
import { KrbError } from '../../../core/errors.ts';
import type { ApReq, EncTicketPart, KdcReq } from '../../asn1/index.ts';
import { EncType } from '../../crypto/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { findServer } from '../principals.ts';
import { openRodcTicket, rodcExchangeStep } from '../rodc/index.ts';
import { checkTicketTimes } from '../tgs/check.ts';
import { verifyDomainClient } from '../tgs/client.ts';
import { isLocalKrbtgt, sameRealm, type TgsRequest } from '../tgs/gather.ts';
import { openDomainTgt } from '../tgs/tgt.ts';
import { unsealTicketWith } from '../ticket.ts';

/** A failure of the armor as a plain KRB-ERROR (see armor.ts UnwrappedFastError). */
export type Plain = (err: KrbError) => KrbError;

/** The AS case: the ticket opened with the key of the server it names. */
export function openAsArmorTicket(ctx: KdcContext, apReq: ApReq, ex: ExchangeRecord, plain: Plain): EncTicketPart {
  const ticket = apReq.ticket;
  const server = sameRealm(ticket.realm, ctx.realm) ? findServer(ctx.directory, ticket.sname) : undefined;
  if (!server) {
    ex.fact = `the armor ticket is for ${ticket.sname.nameString.join('/')}@${ticket.realm}, which is no principal of ${ctx.realm}`;
    throw plain(krbError('KDC_ERR_S_PRINCIPAL_UNKNOWN', 'ARMOR TICKET SERVER UNKNOWN'));
  }
  const sel = ctx.keys.generationsForKvno(server.account, ticket.encPart.kvno);
  if (!sel) throw plain(krbError('KDC_ERR_S_PRINCIPAL_UNKNOWN', 'NO KEYS FOR ARMOR TICKET SERVER'));
  try {
    return unsealTicketWith(ticket, sel.generations).part;
  } catch (err) {
    ex.fact = `the armor ticket does not decrypt with the key of ${server.account.samAccountName}`;
    throw err instanceof KrbError ? plain(err) : err;
  }
}

/** An opened armor ticket, and a refusal that comes armored once the armor key exists. */
export interface OpenedArmor {
  readonly part: EncTicketPart;
  readonly deferred?: KrbError;
}

/**
 * The TGS case (explicit armor): the armor TGT checked as a presented TGT. An RC4-sealed armor
 * TGT still yields the armor key and its KRB_ERR_GENERIC is returned armored, as Windows does
 * (kdc_tgs_tests test_fast_rc4 expects PA-FX-FAST in the outer e-data).
 */
export function openTgsArmorTgt(ctx: KdcContext, apReq: ApReq, req: KdcReq, raw: Uint8Array, ex: ExchangeRecord, plain: Plain): OpenedArmor {
  const ticket = apReq.ticket;
  // A service ticket as armor: Windows accepts it here too (kdc_tgs_tests test_fast_service_ticket:
  // "expected to fail against Windows, which does not produce an error").
  if (!sameRealm(ticket.realm, ctx.realm) || !isLocalKrbtgt(ticket.sname, ctx.realm)) return { part: openAsArmorTicket(ctx, apReq, ex, plain) };
  const kvno = ticket.encPart.kvno ?? 0;
  const kind = kvno >>> 16 !== 0 ? 'rodc' : 'tgt';
  const asPresented: TgsRequest = { req, body: req.reqBody, raw, apReq, ticket, kvno, kind, sname: ticket.sname, srealm: ticket.realm };
  const saved = { cname: ex.cname, crealm: ex.crealm };
  try {
    if (kind === 'rodc') {
      const opened = openRodcTicket(ctx, asPresented, ex);
      checkTicketTimes(ctx, opened.part, req.reqBody, ex);
      rodcExchangeStep(ctx, opened, ex);
      return { part: opened.part };
    }
    let opened;
    try {
      opened = openDomainTgt(ctx, asPresented, ex);
    } catch (err) {
      if (!(err instanceof KrbError) || err.code !== 'KRB_ERR_GENERIC' || ticket.encPart.etype !== EncType.RC4_HMAC) throw err;
      const sel = ctx.keys.generationsForKvno(ctx.directory.krbtgt, kvno);
      if (!sel) throw err;
      return { part: unsealTicketWith(ticket, sel.generations).part, deferred: err };
    }
    checkTicketTimes(ctx, opened.part, req.reqBody, ex);
    verifyDomainClient(ctx, opened, ex);
    return { part: opened.part };
  } catch (err) {
    if (ex.fact) ex.fact = `armor TGT: ${ex.fact}`;
    throw err instanceof KrbError ? plain(err) : err;
  } finally {
    if (saved.cname) ex.cname = saved.cname;
    if (saved.crealm !== undefined) ex.crealm = saved.crealm;
  }
}
