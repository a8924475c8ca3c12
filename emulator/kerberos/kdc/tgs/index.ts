/**
 * TGS exchange entry point (RFC 4120 3.3, MS-KILE 3.3.5.7).
 *
 * PLACEHOLDER owned by KDC-2: replace this file (and add gather/check/issue next to it) with the
 * real TGS exchange; keep the signature, dispatch.ts calls it. Until then every TGS-REQ is
 * answered KDC_ERR_SVC_UNAVAILABLE (29), which MIT reports as "A service is not available".
 */
import type { KdcReq } from '../../asn1/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';

/**
 * Handles one decoded TGS-REQ. `raw` is the request exactly as received (the authenticator
 * checksum covers its req-body bytes: asn1 `reqBodyBytes(raw)`); `ex` collects the client,
 * server and decision for the KRB-ERROR and the trace. Returns the encoded TGS-REP; throws a
 * KrbError for a KRB-ERROR reply.
 */
export function handleTgsReq(ctx: KdcContext, req: KdcReq, raw: Uint8Array, ex: ExchangeRecord): Uint8Array {
  void ctx;
  void raw;
  ex.sname = req.reqBody.sname;
  ex.srealm = req.reqBody.realm;
  ex.fact = 'TGS exchange not implemented yet';
  throw krbError('KDC_ERR_SVC_UNAVAILABLE', 'TGS NOT IMPLEMENTED');
}
