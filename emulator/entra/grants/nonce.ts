/** srv_challenge: issue a nonce; and consuming one in a PRT request (AADSTS50027 when it fails). */
import type { EntraContext } from '../context.ts';
import { oauthError } from '../errors.ts';

export function issueNonce(ctx: EntraContext): string {
  const nonce = Buffer.from(ctx.rng.bytes(48)).toString('base64url');
  ctx.stores.nonces.issue(nonce, ctx.clock.now() + ctx.config.nonceLifetimeMs);
  return nonce;
}

/** Consumes `nonce` for `where` ('request' or 'assertion'); throws AADSTS50027 naming why. */
export function consumeNonce(ctx: EntraContext, nonce: unknown, where: string): void {
  if (typeof nonce !== 'string' || nonce === '') throw oauthError('AADSTS50027', `the ${where} carries no request_nonce`, [`no request_nonce in the ${where}`], { nonce: 'missing', where });
  const verdict = ctx.stores.nonces.consume(nonce, ctx.clock.now());
  if (verdict === 'ok') return;
  const why = { unknown: 'was not issued by this endpoint', expired: `has expired (nonces live ${ctx.config.nonceLifetimeMs / 1000} s)`, replayed: 'was already used (nonces are single use)' }[verdict];
  throw oauthError('AADSTS50027', `the request_nonce of the ${where} ${why}`, [`the request_nonce ${why}`], { nonce: verdict, where });
}
