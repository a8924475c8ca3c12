/**
 * The PRT grant: `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` with `request` = the
 * device-signed request JWT (PROTOCOL.md section 1), as a pipeline:
 *   request   verify the JWT against the registered device certificate   (prt/request.ts)
 *   nonce     the request's request_nonce, single use, unexpired          (nonce.ts)
 *   inner     password / Hello assertion / PRT renewal                    (prt/inner.ts)
 *   issue     session key, PRT, session_key_jwe, tgt_ad, tgt_cloud        (prt/response.ts)
 * `tgt` compares case-insensitively (roadtx sends `True`).
 */
import { innerGrant } from '../prt/inner.ts';
import { verifyPrtRequest } from '../prt/request.ts';
import { issuePrt, PRT_CLIENT_ID } from '../prt/response.ts';
import { consumeNonce } from './nonce.ts';
import type { Grant } from './types.ts';
import { param } from './types.ts';

export const prtGrant: Grant = async (ctx, req) => {
  const { device, payload } = await verifyPrtRequest(ctx, param(req, 'request'));
  consumeNonce(ctx, payload.request_nonce, 'request JWT');
  const inner = await innerGrant(ctx, payload, device);
  const reply = await issuePrt(ctx, {
    user: inner.user,
    device,
    clientId: typeof payload.client_id === 'string' ? payload.client_id : PRT_CLIENT_ID,
    amr: inner.amr,
    wantTgt: (req.form.tgt ?? '').toLowerCase() === 'true',
    wantClientInfo: req.form.client_info === '1',
  });
  return { body: reply.body, step: 'prt', fact: `${inner.how}: ${reply.facts.join('; ')}`, detail: { grant: 'prt', ...reply.detail } };
};
