/**
 * The TGS exchange (RFC 4120 3.3, MS-KILE 3.3.5.7) as a pipeline, one screen:
 *
 *   gather        PA-TGS-REQ, KERB-KEY-LIST-REQ, PA-PAC-REQUEST, sname          gather.ts
 *   open          the presented TGT: domain krbtgt key of its kvno (tgt.ts), or, when the kvno's
 *                 upper 16 bits are set, the RODC's krbtgt_<n> key (../rodc/open.ts)
 *   authenticate  the authenticator: usage 7, client, skew, replay, req-body checksum
 *                 (optional, as AD), subkey                                       authenticator.ts
 *   fast          PA-FX-FAST: armor key, the armored request replaces the outer one   ../fast/
 *   check         options, ticket times and flags (expired, not yet valid, renew)  check.ts
 *   client        ordinary path: client lookup, PAC signatures and requester SID   client.ts, pac.ts
 *                 RODC path: the named partial-TGT exchange step                  ../rodc/index.ts
 *                 then S4U2Self with an RODC-issued TGT is refused                s4u.ts
 *   s4u2self      PA-FOR-USER / PA-S4U-X509-USER: the client becomes the named user s4u.ts
 *   server        the requested service (SPN, krbtgt/REALM, sAMAccountName)       service.ts
 *   user-to-user  enc-tkt-in-skey: sealed with the session key of the server's TGT u2u.ts
 *   s4u2proxy     cname-in-addl-tkt: the evidence ticket's user, if delegation allows  s4u-proxy.ts
 *   issue         ticket, PAC, encrypted-pa-data, TGS-REP                         issue.ts
 *
 * Each step throws the KrbError the client sees after recording the deciding fact on the
 * exchange; dispatch.ts turns it into the KRB-ERROR and emits the trace event.
 */
import { KrbError } from '../../../core/errors.ts';
import { AD_TYPE, hasAdType, NAME_TYPE, PA, type KdcReq } from '../../asn1/index.ts';
import { ArmoredRefusal, fastPadata, openFast, UnwrappedFastError, type FastRequest } from '../fast/armor.ts';
import { fastEnabled } from '../fast/policy.ts';
import { wrapFastError } from '../fast/reply.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { openRodcTicket, rodcExchangeStep } from '../rodc/index.ts';
import { checkAuthenticator, type VerifiedAuthenticator } from './authenticator.ts';
import { checkOptions, checkTicketTimes } from './check.ts';
import { verifyDomainClient, type VerifiedClient } from './client.ts';
import { gatherTgsRequest, type TgsRequest } from './gather.ts';
import { issueTgsReply } from './issue.ts';
import { refuseRodcS4uSelf, requireSelf, s4uSelfStep } from './s4u.ts';
import { isS4uProxy, refuseRodcS4uProxy, s4uProxyStep } from './s4u-proxy.ts';
import { isUserToUser, userToUserTarget } from './u2u.ts';
import { resolveServer } from './service.ts';
import { openDomainTgt, type OpenedTicket } from './tgt.ts';

/**
 * Handles one decoded TGS-REQ. `raw` is the request exactly as received (the authenticator
 * checksum covers its req-body bytes); `ex` collects the client, server and decision for the
 * KRB-ERROR and the trace. Returns the encoded TGS-REP; throws a KrbError for a KRB-ERROR reply.
 */
export function handleTgsReq(ctx: KdcContext, req: KdcReq, raw: Uint8Array, ex: ExchangeRecord): Uint8Array {
  const armored = fastEnabled(ctx) ? fastPadata(req, ex) : undefined;
  // Under FAST the outer req-body is only checksummed; its sname may be absent (RFC 6113 5.4.2).
  const outerReq = armored && !req.reqBody.sname ? { ...req, reqBody: { ...req.reqBody, sname: { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', ctx.realm] } } } : req;
  const outer = gatherTgsRequest(ctx, outerReq, raw, ex);
  const rodcTicket = outer.kind === 'rodc' ? openRodcTicket(ctx, outer, ex) : undefined;
  const opened: OpenedTicket = rodcTicket ?? openDomainTgt(ctx, outer, ex);
  const auth = checkAuthenticator(ctx, outer, opened.part, ex, armored !== undefined);
  // FAST (../fast/): implicit armor from this authenticator, or explicit armor combined with it;
  // the armored request's padata and body replace the outer ones, its failures are armored too.
  const apReqBytes = (req.padata ?? []).find((p) => p.padataType === PA.PA_TGS_REQ)!.padataValue;
  const fast = armored
    ? openArmored(ctx, req, raw, armored, ex, {
        ...(auth.subkey ? { subkey: auth.subkey } : {}),
        sessionKey: auth.sessionKey,
        apReqBytes,
        adFxFastArmor: hasAdType(auth.authenticator.authorizationData, AD_TYPE.AD_FX_FAST_ARMOR) || hasAdType(opened.part.authorizationData, AD_TYPE.AD_FX_FAST_ARMOR),
      })
    : undefined;
  if (!fast) return afterAuthenticator(ctx, outer, rodcTicket, opened, auth, ex);
  try {
    return afterAuthenticator(ctx, gatherTgsRequest(ctx, fast.inner, raw, ex), rodcTicket, opened, auth, ex, fast);
  } catch (err) {
    if (err instanceof KrbError && !(err instanceof UnwrappedFastError)) throw wrapFastError(ctx, fast, err, ex, fast.inner.reqBody.nonce);
    throw err;
  }
}

/** openFast, with a refusal of the armor TGT found after the armor key returned armored. */
function openArmored(...args: Parameters<typeof openFast>): FastRequest {
  try {
    return openFast(...args);
  } catch (err) {
    if (err instanceof ArmoredRefusal) throw wrapFastError(args[0], err.fast, err.error, args[4], err.fast.inner.reqBody.nonce);
    throw err;
  }
}

/** The steps after the authenticator, on the request (the armored one under FAST). */
function afterAuthenticator(
  ctx: KdcContext,
  tgs: TgsRequest,
  rodcTicket: ReturnType<typeof openRodcTicket> | undefined,
  opened: OpenedTicket,
  auth: VerifiedAuthenticator,
  ex: ExchangeRecord,
  fast?: FastRequest,
): Uint8Array {
  checkOptions(tgs.body, ex);
  checkTicketTimes(ctx, opened.part, tgs.body, ex);
  refuseRodcS4uProxy(tgs, ex);
  const presented: VerifiedClient = rodcTicket ? rodcExchangeStep(ctx, rodcTicket, ex) : verifyDomainClient(ctx, opened, ex);
  // After the RODC step: a denied account gets KDC_ERR_TGT_REVOKED first, as Windows answers
  // (Samba's kdc_tgs_tests test_s4u2self_rodc_denied).
  refuseRodcS4uSelf(tgs, ex);
  const s4u = tgs.s4uSelf !== undefined ? s4uSelfStep(ctx, tgs, { sessionKey: auth.sessionKey, ...(auth.subkey ? { subkey: auth.subkey } : {}) }, presented, ex) : undefined;
  const resolved = resolveServer(ctx, tgs.sname, tgs.srealm, ex);
  const server = isUserToUser(tgs) ? userToUserTarget(ctx, tgs, resolved, ex) : resolved;
  if (s4u) requireSelf(s4u.grant, server.account, ex);
  const proxy = !s4u && isS4uProxy(tgs) ? s4uProxyStep(ctx, tgs, presented, server, ex) : undefined;
  const who = s4u?.who ?? proxy?.who ?? presented;
  ex.cname = who.cname;
  ex.crealm = who.crealm;
  // S4U2Proxy: times and FORWARDABLE follow the evidence ticket, in the TGT's place.
  return issueTgsReply(ctx, tgs, proxy?.evidence ?? opened.part, auth, who, server, ex, s4u?.grant, fast);
}

export { gatherTgsRequest, type TgsRequest } from './gather.ts';
export { ReplayCache, REPLAY_CACHE_MAX_ENTRIES } from './replay.ts';
