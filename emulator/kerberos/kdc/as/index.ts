/**
 * The AS exchange (RFC 4120 3.1, MS-KILE 3.3.5.6): gather -> check -> issue, behind the FAST
 * armor when the request carries PA-FX-FAST and the armoring policy processes it (../fast/).
 * Called by dispatch.ts with the decoded AS-REQ; throws KrbErrors that dispatch turns into
 * KRB-ERRORs through krb-error.ts.
 */
import type { KdcReq } from '../../asn1/index.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { KrbError } from '../../../core/errors.ts';
import { fastPadata, openFast, UnwrappedFastError } from '../fast/armor.ts';
import { fastEnabled } from '../fast/policy.ts';
import { wrapFastError } from '../fast/reply.ts';
import { checkAs } from './check.ts';
import { gatherAs } from './gather.ts';
import { issueAs } from './issue.ts';

export { checkAs, AS_RULES, type AsDecision } from './check.ts';
export { gatherAs, type AsRequest } from './gather.ts';
export { issueAs, asTimesAndFlags, AD_NEVER_EXPIRES, KEY_USAGE_AS_REQ } from './issue.ts';
export { etypeInfo2For, verifyEncTimestamp } from './preauth.ts';

/** Handles one decoded AS-REQ (`raw`: the request as received). Returns the encoded AS-REP. */
export function handleAsReq(ctx: KdcContext, req: KdcReq, raw: Uint8Array, ex: ExchangeRecord): Uint8Array {
  // FAST (../fast/): the armored request replaces the outer one; its failures are armored too.
  const armored = fastEnabled(ctx) ? fastPadata(req, ex) : undefined;
  const fast = armored ? openFast(ctx, req, raw, armored, ex) : undefined;
  try {
    const r = gatherAs(ctx, fast ? fast.inner : req, raw, ex, fast);
    const d = checkAs(ctx, r, ex);
    return issueAs(ctx, r, d, ex);
  } catch (err) {
    if (fast && err instanceof KrbError && !(err instanceof UnwrappedFastError)) throw wrapFastError(ctx, fast, err, ex, fast.inner.reqBody.nonce);
    throw err;
  }
}
