/**
 * TGS step 3, check (RFC 4120 3.3.3 and 3.3.3.1; MIT do_tgs_req/validate_tgs_request as the
 * model): the presented ticket's times and flags against the request's options.
 *   - an INVALID ticket (postdated, not yet validated) is KRB_AP_ERR_TKT_NYV (VALIDATE is not offered);
 *   - starttime (or authtime) more than the skew in the future: KRB_AP_ERR_TKT_NYV;
 *   - RENEW: the ticket must be renewable (KDC_ERR_BADOPTION) and renew-till not passed
 *     (KRB_AP_ERR_TKT_EXPIRED); its endtime may have passed;
 *   - otherwise endtime passed: KRB_AP_ERR_TKT_EXPIRED (no skew allowance, as MIT's KDC);
 *   - FORWARDED with a presented ticket that is not FORWARDABLE: KDC_ERR_BADOPTION (RFC 4120
 *     2.6; the issued ticket then carries the request's addresses, lifetime.ts and issue.ts);
 *   - options the lab does not implement (VALIDATE as Windows, postdating, PROXY):
 *     KDC_ERR_BADOPTION (cname-in-addl-tkt is S4U2Proxy, s4u-proxy.ts; enc-tkt-in-skey
 *     user-to-user, u2u.ts).
 */
import { KDC_OPTIONS, TICKET_FLAGS, type EncTicketPart, type KdcReqBody } from '../../asn1/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';

/** KDC options this TGS does not implement, with the reason recorded in the trace. */
const UNSUPPORTED_OPTIONS = ['validate', 'postdated', 'allow-postdate', 'proxy'] as const;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Rejects request options the lab does not implement. */
export function checkOptions(body: KdcReqBody, ex: ExchangeRecord): void {
  for (const opt of UNSUPPORTED_OPTIONS) {
    if (KDC_OPTIONS.has(body.kdcOptions, opt)) {
      ex.fact = `KDC option ${opt} is not supported by the lab TGS`;
      throw krbError('KDC_ERR_BADOPTION', `OPTION ${opt.toUpperCase()} NOT SUPPORTED`);
    }
  }
}

/** Checks the presented ticket's validity period and flags (see the file comment). */
export function checkTicketTimes(ctx: KdcContext, part: EncTicketPart, body: KdcReqBody, ex: ExchangeRecord): void {
  const now = ctx.clock.now();
  if (TICKET_FLAGS.has(part.flags, 'invalid')) {
    ex.fact = 'the presented ticket has the INVALID flag';
    throw krbError('KRB_AP_ERR_TKT_NYV', 'TICKET NOT YET VALID (INVALID FLAG)');
  }
  const start = part.starttime ?? part.authtime;
  if (start - ctx.config.maxSkewMs > now) {
    ex.fact = `the presented ticket starts at ${iso(start)}, after the KDC time ${iso(now)} plus the skew`;
    throw krbError('KRB_AP_ERR_TKT_NYV', 'TICKET NOT YET VALID');
  }
  if (KDC_OPTIONS.has(body.kdcOptions, 'forwarded') && !TICKET_FLAGS.has(part.flags, 'forwardable')) {
    ex.fact = 'FORWARDED asked with a presented ticket that is not FORWARDABLE';
    throw krbError('KDC_ERR_BADOPTION', 'TICKET NOT FORWARDABLE');
  }
  if (KDC_OPTIONS.has(body.kdcOptions, 'renew')) {
    if (!TICKET_FLAGS.has(part.flags, 'renewable')) {
      ex.fact = 'RENEW asked for a ticket without the RENEWABLE flag';
      throw krbError('KDC_ERR_BADOPTION', 'TICKET NOT RENEWABLE');
    }
    if (part.renewTill === undefined || now > part.renewTill) {
      ex.fact = `the presented ticket's renew-till ${part.renewTill === undefined ? '(absent)' : iso(part.renewTill)} has passed`;
      throw krbError('KRB_AP_ERR_TKT_EXPIRED', 'RENEW TIME EXPIRED');
    }
    return;
  }
  if (now > part.endtime) {
    ex.fact = `the presented ticket expired at ${iso(part.endtime)}`;
    throw krbError('KRB_AP_ERR_TKT_EXPIRED', 'TICKET EXPIRED');
  }
}
