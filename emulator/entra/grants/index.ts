/** The token endpoint's grants, keyed by the wire `grant_type`. */
import { issueNonce } from './nonce.ts';
import { passwordGrant } from './password.ts';
import { prtGrant } from './prt.ts';
import { refreshGrant } from './refresh.ts';
import type { Grant } from './types.ts';

const srvChallenge: Grant = async (ctx) => ({ body: { Nonce: issueNonce(ctx) }, step: 'srv_challenge', fact: `nonce issued, valid ${ctx.config.nonceLifetimeMs / 1000} s, single use` });

export const GRANTS: Readonly<Record<string, Grant>> = {
  srv_challenge: srvChallenge,
  password: passwordGrant,
  refresh_token: refreshGrant,
  'urn:ietf:params:oauth:grant-type:jwt-bearer': prtGrant,
};

export type { Grant, GrantResult, TokenRequest } from './types.ts';
