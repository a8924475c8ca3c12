/**
 * FAST, step "gather" (RFC 6113 5.4.1, 5.4.1.1; MS-KILE 3.3.5.7.4): read PA-FX-FAST from a
 * KDC-REQ, establish the armor key and open the armored request.
 *
 *   AS   explicit armor only: KrbFastArmor type 1 (FX_FAST_ARMOR_AP_REQUEST) whose AP-REQ presents
 *        a ticket of this realm (the armor TGT, e.g. the computer's; armor-ticket.ts says which
 *        tickets AD accepts); its authenticator (usage 11)
 *        must carry a subkey: armor key = KRB-FX-CF2(subkey, ticket session key, "subkeyarmor",
 *        "ticketarmor"); req-checksum (usage 50) covers the outer KDC-REQ-BODY as received.
 *   TGS  implicit armor: the same combination of the PA-TGS-REQ authenticator's subkey and the
 *        TGT's session key (refused when the TGT or authenticator carries AD-fx-fast-armor); with
 *        explicit armor (the armor TGT checked as a presented TGT), KRB-FX-CF2(explicit armor key, TGS subkey,
 *        "explicitarmor", "tgsarmor"); req-checksum covers the PA-TGS-REQ AP-REQ bytes.
 *   both enc-fast-req decrypts with the armor key (usage 51) into KrbFastReq, whose padata and
 *        req-body replace the outer ones; an unknown critical FAST option (bits 0-15) is
 *        KDC_ERR_UNKNOWN_CRITICAL_FAST_OPTIONS.
 *
 * Failures before the armor key exists cannot be wrapped (the client cannot read a FAST reply
 * without it): they are plain KRB-ERRORs without e-data, as Windows answers (Samba's fast_tests
 * test_unarmored_as_req, test_fast_invalid_armor_type).
 */
import { DecodeError, KrbError } from '../../../core/errors.ts';
import {

  decodeApReq,
  decodeAuthenticator,
  decodeKrbFastReq,
  decodePaFxFastRequest,
  FAST_OPTIONS,
  FX_FAST_ARMOR,
  PA,
  type KdcReq,
  type KrbFastArmoredReq,
  type KrbFastReq,
  type PaData,
} from '../../asn1/index.ts';
import { cf2 } from '../../crypto/prf.ts';
import { decrypt, KeyUsage, verifyChecksum, type KerberosKey } from '../../crypto/index.ts';
import { krbError } from '../../error-codes.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { wireKey } from '../tgs/authenticator.ts';
import { tgsReqBodyBytes } from '../tgs/req-body.ts';
import { openAsArmorTicket, openTgsArmorTgt } from './armor-ticket.ts';

/** An opened armored request: what the exchanges work from instead of the outer request. */
export interface FastRequest {
  readonly armorKey: KerberosKey;
  readonly fastReq: KrbFastReq;
  /** The inner request: the outer one with KrbFastReq's padata and req-body. */
  readonly inner: KdcReq;
  readonly hideClientNames: boolean;
  /** True when the request carried a KrbFastArmor (always in AS). */
  readonly explicitArmor: boolean;
}

/** A refusal of the armor found after the armor key exists: the caller returns it armored. */
export class ArmoredRefusal extends Error {
  readonly fast: FastRequest;
  readonly error: KrbError;
  constructor(fast: FastRequest, error: KrbError) {
    super(error.message);
    this.fast = fast;
    this.error = error;
  }
}

/** A failure that must not be wrapped in PA-FX-FAST (no armor key yet, or FAST-level errors). */
export class UnwrappedFastError extends KrbError {}

function plain(err: KrbError): UnwrappedFastError {
  return new UnwrappedFastError(err.wire, err.code, err.status, err.eData, { cause: err.cause });
}

function decoded<T>(what: string, ex: ExchangeRecord, f: () => T, code: 'KRB_ERR_GENERIC' | 'KDC_ERR_PREAUTH_FAILED' = 'KRB_ERR_GENERIC'): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof DecodeError || (err instanceof KrbError && err.code === 'KRB_AP_ERR_BAD_INTEGRITY')) {
      ex.fact = `the ${what} does not ${err instanceof DecodeError ? `decode (${err.what})` : 'decrypt with the armor key'}`;
      throw plain(krbError(code, `BAD ${what.toUpperCase()}`, undefined, err));
    }
    throw err;
  }
}

/** The armor key of an AP-REQ armor: its ticket opened (armor-ticket.ts), its subkey combined. */
function apReqArmorKey(ctx: KdcContext, value: Uint8Array, ex: ExchangeRecord, tgs: { req: KdcReq; raw: Uint8Array } | undefined): { key: KerberosKey; deferred?: KrbError } {
  const apReq = decoded('armor AP-REQ', ex, () => decodeApReq(value));
  const { part, deferred } = tgs ? openTgsArmorTgt(ctx, apReq, tgs.req, tgs.raw, ex, plain) : { part: openAsArmorTicket(ctx, apReq, ex, plain), deferred: undefined };
  const sessionKey = wireKey(part.key, 'ARMOR SESSION KEY');
  const auth = decoded('armor authenticator', ex, () => decodeAuthenticator(decrypt(sessionKey, KeyUsage.AP_REQ_AUTH, apReq.authenticator.cipher)), 'KDC_ERR_PREAUTH_FAILED');
  if (part.endtime < ctx.clock.now()) {
    ex.fact = 'the armor ticket has expired';
    throw plain(krbError('KRB_AP_ERR_TKT_EXPIRED', 'ARMOR TICKET EXPIRED'));
  }
  if (!auth.subkey) {
    ex.fact = 'the armor AP-REQ authenticator carries no subkey (RFC 6113 5.4.1.1)';
    throw plain(krbError('KDC_ERR_PREAUTH_FAILED', 'ARMOR WITHOUT SUBKEY'));
  }
  ex.detail.armorClient = auth.cname.nameString.join('/');
  const key = cf2(wireKey(auth.subkey, 'ARMOR SUBKEY'), sessionKey, 'subkeyarmor', 'ticketarmor');
  return deferred ? { key, deferred } : { key };
}

/** Reads PA-FX-FAST's armored request (undefined when the request carries none). */
export function fastPadata(req: KdcReq, ex: ExchangeRecord): KrbFastArmoredReq | undefined {
  const pa = (req.padata ?? []).find((p: PaData) => p.padataType === PA.PA_FX_FAST);
  if (!pa) return undefined;
  ex.detail.fast = true;
  return decoded('PA-FX-FAST', ex, () => decodePaFxFastRequest(pa.padataValue));
}

/**
 * Opens an armored request. `tgs`: the TGS case's implicit armor (the PA-TGS-REQ's subkey and
 * TGT session key, and the AP-REQ bytes the req-checksum covers); absent for AS.
 */
export function openFast(
  ctx: KdcContext,
  req: KdcReq,
  raw: Uint8Array,
  armored: KrbFastArmoredReq,
  ex: ExchangeRecord,
  tgs?: { readonly subkey?: KerberosKey; readonly sessionKey: KerberosKey; readonly apReqBytes: Uint8Array; readonly adFxFastArmor: boolean },
): FastRequest {
  let armorKey: KerberosKey;
  let deferred: KrbError | undefined;
  if (armored.armor) {
    if (armored.armor.armorType !== FX_FAST_ARMOR.AP_REQUEST) {
      ex.fact = `armor-type ${armored.armor.armorType} is not FX_FAST_ARMOR_AP_REQUEST (1)`;
      throw plain(krbError('KDC_ERR_PREAUTH_FAILED', 'UNKNOWN ARMOR TYPE'));
    }
    const opened = apReqArmorKey(ctx, armored.armor.armorValue, ex, tgs ? { req, raw } : undefined);
    armorKey = opened.key;
    deferred = opened.deferred;
    if (tgs) {
      if (!tgs.subkey) throw plain(krbError('KDC_ERR_PREAUTH_FAILED', 'TGS-REQ WITHOUT SUBKEY'));
      armorKey = cf2(armorKey, tgs.subkey, 'explicitarmor', 'tgsarmor');
    }
  } else if (tgs) {
    if (tgs.adFxFastArmor) {
      ex.fact = 'implicit armor, but the TGT or authenticator carries AD-fx-fast-armor (RFC 6113 5.4.1.1)';
      throw plain(krbError('KRB_ERR_GENERIC', 'AD-FX-FAST-ARMOR WITH IMPLICIT ARMOR'));
    }
    if (!tgs.subkey) {
      ex.fact = 'an armored TGS-REQ whose authenticator has no subkey (RFC 6113 5.4.1.1)';
      throw plain(krbError('KDC_ERR_PREAUTH_FAILED', 'TGS-REQ WITHOUT SUBKEY'));
    }
    armorKey = cf2(tgs.subkey, tgs.sessionKey, 'subkeyarmor', 'ticketarmor');
  } else {
    ex.fact = 'an AS-REQ with PA-FX-FAST but no armor (RFC 6113 5.4.1.1: AS requests need explicit armor)';
    throw plain(krbError('KDC_ERR_PREAUTH_FAILED', 'NO ARMOR'));
  }
  const covered = tgs ? tgs.apReqBytes : tgsReqBodyBytes(raw);
  const ck = armored.reqChecksum;
  let ok = false;
  try {
    ok = verifyChecksum(ck.cksumtype, armorKey, KeyUsage.FAST_REQ_CHKSUM, covered, ck.checksum);
  } catch {
    ok = false;
  }
  if (!ok) {
    ex.fact = 'the PA-FX-FAST req-checksum does not verify with the armor key (usage 50)';
    throw plain(krbError('KRB_AP_ERR_MODIFIED', 'BAD FAST REQ CHECKSUM'));
  }
  const fastReq = decoded('KrbFastReq', ex, () => decodeKrbFastReq(decrypt(armorKey, KeyUsage.FAST_ENC, armored.encFastReq.cipher)), 'KDC_ERR_PREAUTH_FAILED');
  const unknownCritical = fastReq.fastOptions & FAST_OPTIONS.CRITICAL_MASK & ~FAST_OPTIONS.KNOWN_CRITICAL;
  if (unknownCritical !== 0) {
    ex.fact = `fast-options 0x${(fastReq.fastOptions >>> 0).toString(16)} sets a critical option this KDC does not know (RFC 6113 5.4.1)`;
    throw plain(krbError('KDC_ERR_UNKNOWN_CRITICAL_FAST_OPTIONS', 'UNKNOWN CRITICAL FAST OPTION'));
  }
  // The inner request: KrbFastReq's padata and req-body; a TGS-REQ keeps its PA-TGS-REQ.
  const outerKeep = tgs ? (req.padata ?? []).filter((p) => p.padataType === PA.PA_TGS_REQ) : [];
  const inner: KdcReq = { ...req, padata: [...outerKeep, ...fastReq.padata], reqBody: fastReq.reqBody };
  const fast: FastRequest = {
    armorKey,
    fastReq,
    inner,
    hideClientNames: (fastReq.fastOptions & FAST_OPTIONS.HIDE_CLIENT_NAMES) !== 0,
    explicitArmor: armored.armor !== undefined,
  };
  if (deferred) throw new ArmoredRefusal(fast, deferred);
  return fast;
}

