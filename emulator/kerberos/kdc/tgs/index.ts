/**
 * The TGS exchange (RFC 4120 3.3, MS-KILE 3.3.5.7) as a pipeline, one screen:
 *
 *   gather        PA-TGS-REQ, KERB-KEY-LIST-REQ, PA-PAC-REQUEST, sname          gather.ts
 *   open          the presented TGT: domain krbtgt key of its kvno (tgt.ts), or, when the kvno's
 *                 upper 16 bits are set, the RODC's krbtgt_<n> key (../rodc/open.ts)
 *   authenticate  the authenticator: usage 7, client, skew, replay, req-body checksum
 *                 (optional, as AD), subkey                                       authenticator.ts
 *   check         options, ticket times and flags (expired, not yet valid, renew)  check.ts
 *                 S4U2Self padata, which the lab refuses by name                  s4u.ts
 *   client        ordinary path: client lookup, PAC signatures and requester SID   client.ts, pac.ts
 *                 RODC path: the named partial-TGT exchange step                  ../rodc/index.ts
 *   server        the requested service (SPN, krbtgt/REALM, sAMAccountName)       service.ts
 *   issue         ticket, PAC, encrypted-pa-data, TGS-REP                         issue.ts
 *
 * Each step throws the KrbError the client sees after recording the deciding fact on the
 * exchange; dispatch.ts turns it into the KRB-ERROR and emits the trace event.
 */
import type { KdcReq } from '../../asn1/index.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { openRodcTicket, rodcExchangeStep } from '../rodc/index.ts';
import { checkAuthenticator } from './authenticator.ts';
import { checkOptions, checkTicketTimes } from './check.ts';
import { verifyDomainClient, type VerifiedClient } from './client.ts';
import { gatherTgsRequest } from './gather.ts';
import { issueTgsReply } from './issue.ts';
import { refuseS4uSelf } from './s4u.ts';
import { resolveServer } from './service.ts';
import { openDomainTgt, type OpenedTicket } from './tgt.ts';

/**
 * Handles one decoded TGS-REQ. `raw` is the request exactly as received (the authenticator
 * checksum covers its req-body bytes); `ex` collects the client, server and decision for the
 * KRB-ERROR and the trace. Returns the encoded TGS-REP; throws a KrbError for a KRB-ERROR reply.
 */
export function handleTgsReq(ctx: KdcContext, req: KdcReq, raw: Uint8Array, ex: ExchangeRecord): Uint8Array {
  const tgs = gatherTgsRequest(ctx, req, raw, ex);
  const rodcTicket = tgs.kind === 'rodc' ? openRodcTicket(ctx, tgs, ex) : undefined;
  const opened: OpenedTicket = rodcTicket ?? openDomainTgt(ctx, tgs, ex);
  const auth = checkAuthenticator(ctx, tgs, opened.part, ex);
  checkOptions(tgs.body, ex);
  checkTicketTimes(ctx, opened.part, tgs.body, ex);
  refuseS4uSelf(tgs, ex);
  const who: VerifiedClient = rodcTicket ? rodcExchangeStep(ctx, rodcTicket, ex) : verifyDomainClient(ctx, opened, ex);
  ex.cname = who.cname;
  ex.crealm = who.crealm;
  const server = resolveServer(ctx, tgs.sname, tgs.srealm, ex);
  return issueTgsReply(ctx, tgs, opened.part, auth, who, server, ex);
}

export { gatherTgsRequest, type TgsRequest } from './gather.ts';
export { ReplayCache, REPLAY_CACHE_MAX_ENTRIES } from './replay.ts';
