/**
 * FAST, step "issue" (RFC 6113 5.4.2, 5.4.3; MS-KILE 3.3.5.7.4): the armored reply and the
 * armored error.
 *
 *   reply   the KDC-REP's padata is exactly one PA-FX-FAST whose KrbFastArmoredRep holds
 *           KrbFastResponse { padata, strengthen-key (AS), finished, nonce } encrypted with the
 *           armor key (usage 52); finished carries the real client name and a checksum of the
 *           ticket keyed with the armor key (usage 53); with hide-client-names the outer cname is
 *           WELLKNOWN/ANONYMOUS@WELLKNOWN:ANONYMOUS (RFC 6113 5.4.1, RFC 8062).
 *   error   the outer KRB-ERROR keeps the code and carries METHOD-DATA { PA-FX-FAST } whose
 *           KrbFastResponse padata is PA-FX-ERROR (the KRB-ERROR without e-data), PA-FX-COOKIE,
 *           then the padata the error's own METHOD-DATA e-data held (ETYPE-INFO2, the
 *           PA-ENCRYPTED-CHALLENGE offer), no strengthen-key (Samba's raw_testcase
 *           generic_check_kdc_error, written against Windows).
 */
import { KrbError } from '../../../core/errors.ts';
import { utf8 } from '../../../core/bytes.ts';
import {
  decode,
  encodeKrbFastResponse,
  encodeMethodData,
  encodePaFxFastReply,
  encodeTicket,
  MethodData,
  NAME_TYPE,
  PA,
  truncateToSecond,
  type KrbFastFinished,
  type PaData,
  type PrincipalName,
  type Ticket,
} from '../../asn1/index.ts';
import { checksum, checksumTypeForEtype, encrypt, KeyUsage, type KerberosKey } from '../../crypto/index.ts';
import type { KdcContext } from '../context.ts';
import type { ExchangeRecord } from '../exchange.ts';
import { buildKrbError } from '../krb-error.ts';
import type { FastRequest } from './armor.ts';

/** The anonymous name a reply shows with hide-client-names (RFC 8062 3). */
export const ANONYMOUS_NAME: PrincipalName = { nameType: NAME_TYPE.NT_WELLKNOWN, nameString: ['WELLKNOWN', 'ANONYMOUS'] };
export const ANONYMOUS_REALM = 'WELLKNOWN:ANONYMOUS';

/**
 * The PA-FX-COOKIE the KDC sends in armored errors. The lab keeps no state between the messages
 * of a conversation (every check is redone on the next request), so the cookie is a fixed
 * marker the client echoes back unread (RFC 6113 5.2: opaque to the client).
 */
export const FX_COOKIE = utf8('ctlab-fast-cookie');

/** PA-FX-FAST holding the encrypted KrbFastResponse. */
function armoredPadata(ctx: KdcContext, fast: FastRequest, response: Parameters<typeof encodeKrbFastResponse>[0]): PaData {
  const cipher = encrypt(fast.armorKey, KeyUsage.FAST_REP, encodeKrbFastResponse(response), ctx.rng);
  return { padataType: PA.PA_FX_FAST, padataValue: encodePaFxFastReply({ encFastRep: { etype: fast.armorKey.etype, cipher } }) };
}

/** KrbFastFinished for an issued ticket: the real client name and the ticket checksum (usage 53). */
export function fastFinished(ctx: KdcContext, fast: FastRequest, ticket: Ticket, crealm: string, cname: PrincipalName): KrbFastFinished {
  const now = ctx.clock.now();
  const ts = truncateToSecond(now);
  const type = checksumTypeForEtype(fast.armorKey.etype);
  return {
    timestamp: ts,
    usec: Math.max(0, Math.min(999_999, Math.floor((now - ts) * 1000))),
    crealm,
    cname,
    ticketChecksum: { cksumtype: type, checksum: checksum(type, fast.armorKey, KeyUsage.FAST_FINISHED, encodeTicket(ticket)) },
  };
}

/** The padata of an armored KDC-REP: PA-FX-FAST only. */
export function fastReplyPadata(
  ctx: KdcContext,
  fast: FastRequest,
  inner: { padata: PaData[]; nonce: number; finished: KrbFastFinished; strengthenKey?: KerberosKey },
): PaData[] {
  return [
    armoredPadata(ctx, fast, {
      padata: inner.padata,
      ...(inner.strengthenKey ? { strengthenKey: { keytype: inner.strengthenKey.etype, keyvalue: inner.strengthenKey.bytes } } : {}),
      finished: inner.finished,
      nonce: inner.nonce,
    }),
  ];
}

/** The padata an error's e-data carries when it is METHOD-DATA (pre-authentication hints); [] otherwise. */
function methodDataOf(eData: Uint8Array | undefined): PaData[] {
  if (!eData) return [];
  try {
    return decode(MethodData, eData);
  } catch {
    return []; // KERB-ERROR-DATA (NTSTATUS): not padata, stays out of the armored reply
  }
}

/** The armored form of `err` (file comment): same code, e-data METHOD-DATA { PA-FX-FAST }. */
export function wrapFastError(ctx: KdcContext, fast: FastRequest, err: KrbError, ex: ExchangeRecord, nonce: number): KrbError {
  const hints = methodDataOf(err.eData);
  const bare = new KrbError(err.wire, err.code, err.status);
  const innerError = buildKrbError(ctx, bare, ex);
  const padata: PaData[] = [
    { padataType: PA.PA_FX_ERROR, padataValue: innerError },
    { padataType: PA.PA_FX_COOKIE, padataValue: FX_COOKIE },
    ...hints,
  ];
  const eData = encodeMethodData([armoredPadata(ctx, fast, { padata, nonce })]);
  if (fast.hideClientNames) {
    ex.cname = ANONYMOUS_NAME;
    ex.crealm = ANONYMOUS_REALM;
  }
  ex.detail.fastError = true;
  return new KrbError(err.wire, err.code, err.status, eData, { cause: err });
}
