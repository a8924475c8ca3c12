/**
 * AS exchange, step 2 of 3: the checks, in the order a Windows KDC applies them (MS-KILE
 * 3.3.5.6 / 3.3.5.7.1; RFC 4120 3.1.3). Each rule reads the gathered request and either passes or
 * throws the KrbError the client sees, after recording the directory fact that decided.
 *
 *   options        TGS-only options in an AS-REQ                -> KDC_ERR_BADOPTION
 *                  postdating (Windows does not postdate)       -> KDC_ERR_CANNOT_POSTDATE
 *   times          till before now                              -> KDC_ERR_NEVER_VALID
 *   account        disabled / locked out / account expired      -> KDC_ERR_CLIENT_REVOKED (+ NTSTATUS)
 *                  (before pre-authentication, as AD answers even without a password;
 *                  ../account-policy.ts, shared with the RODC exchange)
 *   etypes         no client-listed enctype the account has     -> KDC_ERR_ETYPE_NOSUPP
 *   armor          policy failUnarmored, unarmored, not a computer -> KDC_ERR_PREAUTH_REQUIRED (+ PA-FX-FAST)
 *   preauth        armored: PA-ENCRYPTED-CHALLENGE (../fast/challenge.ts), else PREAUTH_REQUIRED
 *                  no PA-ENC-TIMESTAMP                          -> KDC_ERR_PREAUTH_REQUIRED (+ ETYPE-INFO(2))
 *                  (skipped for DONT_REQ_PREAUTH accounts without one)
 *                  wrong key / skew                             -> KDC_ERR_PREAUTH_FAILED / KRB_AP_ERR_SKEW
 *   password       expired or must change (except kadmin/changepw) -> KDC_ERR_KEY_EXPIRED (+ NTSTATUS)
 *                  (after pre-authentication: only the password's owner learns it)
 */
import type { AccountState } from '../../../directory/account-state.ts';
import { hasFlag, UF } from '../../../directory/uac.ts';
import { KDC_OPTIONS, truncateToSecond } from '../../asn1/index.ts';
import { krbError } from '../../error-codes.ts';
import { checkAccountRestrictions, checkPasswordCurrent } from '../account-policy.ts';
import type { KdcContext } from '../context.ts';
import { chooseClientEtype, chooseSessionEtype } from '../etypes.ts';
import type { ExchangeRecord } from '../exchange.ts';
import type { AsRequest } from './gather.ts';
import { ENC_CHALLENGE_OFFER, verifyEncryptedChallenge } from '../fast/challenge.ts';
import { offersFast, refusesUnarmored } from '../fast/policy.ts';
import { PA } from '../../asn1/index.ts';
import { preauthRequiredEData, verifyEncTimestamp } from './preauth.ts';

/** What the checks established, for the issue step. */
export interface AsDecision {
  /** The time of the exchange (whole seconds): authtime and starttime. */
  readonly now: number;
  readonly state: AccountState;
  /** True when a PA-ENC-TIMESTAMP was verified (ticket flag pre-authent). */
  readonly preauthenticated: boolean;
  /** The reply key's enctype (the pre-authentication enctype when there was one). */
  readonly replyEtype: number;
  readonly sessionEtype: number;
}

interface Draft {
  now: number;
  state?: AccountState;
  preauthenticated?: boolean;
  replyEtype?: number;
  sessionEtype?: number;
}

type Rule = (ctx: KdcContext, r: AsRequest, d: Draft, ex: ExchangeRecord) => void;

/** Options RFC 4120 defines for TGS-REQs only (MIT's AS_INVALID_OPTIONS). */
const TGS_ONLY_OPTIONS = ['forwarded', 'proxy', 'validate', 'renew', 'enc-tkt-in-skey', 'cname-in-addl-tkt'] as const;

const options: Rule = (ctx, r, d, ex) => {
  const o = r.body.kdcOptions;
  for (const name of TGS_ONLY_OPTIONS) {
    if (KDC_OPTIONS.has(o, name)) {
      ex.fact = `kdc-options ${name} is not valid in an AS-REQ`;
      throw krbError('KDC_ERR_BADOPTION', `AS-REQ WITH ${name.toUpperCase()}`);
    }
  }
  const futureStart = r.body.from !== undefined && r.body.from > d.now + ctx.config.maxSkewMs;
  if (KDC_OPTIONS.has(o, 'postdated') || KDC_OPTIONS.has(o, 'allow-postdate') || futureStart) {
    ex.fact = 'the KDC does not issue postdated tickets';
    throw krbError('KDC_ERR_CANNOT_POSTDATE', 'POSTDATING NOT ALLOWED');
  }
};

const times: Rule = (_ctx, r, d, ex) => {
  // till = 0 (19700101000000Z) means "as long as possible" (RFC 4120 5.4.1 for AS).
  if (r.body.till !== 0 && r.body.till <= d.now) {
    ex.fact = 'the requested end time is in the past';
    throw krbError('KDC_ERR_NEVER_VALID', 'TILL BEFORE NOW');
  }
};

const account: Rule = (ctx, r, d, ex) => {
  d.state = checkAccountRestrictions(ctx, r.client.account, d.now, ex);
};

const etypes: Rule = (_ctx, r, d, ex) => {
  try {
    d.replyEtype = chooseClientEtype(r.etypes, r.clientKeys.current);
  } catch (err) {
    ex.fact = `the client listed [${r.body.etype.join(', ')}]; ${r.client.account.samAccountName} has keys [${[...r.clientKeys.current.keys.keys()].join(', ')}]`;
    throw err;
  }
  try {
    d.sessionEtype = chooseSessionEtype(r.etypes, r.server.account, r.serverKeys.current);
  } catch (err) {
    ex.fact = `${r.server.account.samAccountName} supports none of [${r.body.etype.join(', ')}]`;
    throw err;
  }
};

/** PREAUTH_REQUIRED's offers unarmored: PA-ENC-TIMESTAMP, and PA-FX-FAST under policies 2 and 3. */
function unarmoredOffers(ctx: KdcContext) {
  const empty = new Uint8Array(0);
  return [{ padataType: PA.PA_ENC_TIMESTAMP, padataValue: empty }, ...(offersFast(ctx) ? [{ padataType: PA.PA_FX_FAST, padataValue: empty }] : [])];
}

/** Policy failUnarmored (MS-KILE 3.3.5.1, value 3): a user's unarmored AS-REQ gets PREAUTH_REQUIRED. */
const armor: Rule = (ctx, r, _d, ex) => {
  if (r.fast || !refusesUnarmored(ctx, r.client.account)) return;
  ex.fact = `the KDC armoring policy is failUnarmored and ${r.client.account.samAccountName} is not a computer: the AS-REQ must be armored (FAST)`;
  throw krbError('KDC_ERR_PREAUTH_REQUIRED', 'ARMORING REQUIRED', preauthRequiredEData(r.etypes, r.clientKeys.current, unarmoredOffers(ctx)));
};

/** Armored pre-authentication: PA-ENCRYPTED-CHALLENGE only (PA-ENC-TIMESTAMP inside FAST is not accepted). */
function armoredPreauth(ctx: KdcContext, r: AsRequest, d: Draft, ex: ExchangeRecord): void {
  if (!r.encChallenge) {
    if (hasFlag(r.client.account.userAccountControl, UF.DONT_REQ_PREAUTH)) {
      d.preauthenticated = false;
      ex.detail.preauth = 'not required (DONT_REQ_PREAUTH)';
      return;
    }
    ex.fact = `${r.client.account.samAccountName} requires pre-authentication; an armored AS-REQ pre-authenticates with PA-ENCRYPTED-CHALLENGE${r.encTimestamp ? ' (PA-ENC-TIMESTAMP is not accepted inside FAST)' : ''}`;
    throw krbError('KDC_ERR_PREAUTH_REQUIRED', 'NEEDED_PREAUTH', preauthRequiredEData(r.etypes, r.clientKeys.current, [ENC_CHALLENGE_OFFER]));
  }
  d.replyEtype = verifyEncryptedChallenge(r.encChallenge, r.fast!.armorKey, r.clientKeys.current, r.etypes, d.now, ctx.config.maxSkewMs, ex);
  d.preauthenticated = true;
  ex.detail.preauth = 'PA-ENCRYPTED-CHALLENGE';
}

const preauth: Rule = (ctx, r, d, ex) => {
  if (r.fast) return armoredPreauth(ctx, r, d, ex);
  if (!r.encTimestamp) {
    if (hasFlag(r.client.account.userAccountControl, UF.DONT_REQ_PREAUTH)) {
      d.preauthenticated = false;
      ex.detail.preauth = 'not required (DONT_REQ_PREAUTH)';
      return;
    }
    ex.fact = `${r.client.account.samAccountName} requires pre-authentication`;
    throw krbError('KDC_ERR_PREAUTH_REQUIRED', 'NEEDED_PREAUTH', preauthRequiredEData(r.etypes, r.clientKeys.current, unarmoredOffers(ctx)));
  }
  d.replyEtype = verifyEncTimestamp(r.encTimestamp, r.clientKeys.current, r.etypes, d.now, ctx.config.maxSkewMs, ex);
  d.preauthenticated = true;
  ex.detail.preauth = 'PA-ENC-TIMESTAMP';
};

const password: Rule = (_ctx, r, d, ex) => {
  if (!r.isChangePw) checkPasswordCurrent(r.client.account, d.state!, ex);
};

/** The rule table, in order. */
export const AS_RULES: ReadonlyArray<readonly [string, Rule]> = [
  ['options', options],
  ['times', times],
  ['account', account],
  ['etypes', etypes],
  ['armor', armor],
  ['preauth', preauth],
  ['password', password],
];

/** Runs every rule; returns what they established or throws the first failure. */
export function checkAs(ctx: KdcContext, r: AsRequest, ex: ExchangeRecord): AsDecision {
  const d: Draft = { now: truncateToSecond(ctx.clock.now()) };
  for (const [name, rule] of AS_RULES) {
    ex.detail.step = name;
    rule(ctx, r, d, ex);
  }
  delete ex.detail.step;
  ex.replyEtype = d.replyEtype;
  ex.sessionEtype = d.sessionEtype;
  return {
    now: d.now,
    state: d.state!,
    preauthenticated: d.preauthenticated ?? false,
    replyEtype: d.replyEtype!,
    sessionEtype: d.sessionEtype!,
  };
}
