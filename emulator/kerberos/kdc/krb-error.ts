/**
 * The one place a failure becomes a KRB-ERROR (RFC 4120 5.9.1) on the wire, and the e-data
 * builders the exchanges use:
 *   - METHOD-DATA (RFC 4120 5.9.1, 5.2.7.5) for KDC_ERR_PREAUTH_REQUIRED / _FAILED, with
 *     PA-ETYPE-INFO2 as Windows sends it;
 *   - KERB-ERROR-DATA with data-type KERB_ERR_TYPE_EXTENDED (3) whose data-value is a
 *     KERB-EXT-ERROR { NTSTATUS, reserved 0, flags 1 } (MS-KILE 2.2.1, 2.2.2) for the account
 *     policy errors, so clients can tell "disabled" from "locked out".
 */
import { DecodeError, KrbError } from '../../core/errors.ts';
import {
  encode,
  encodeKrbError,
  encodeMethodData,
  KerbErrorData,
  NAME_TYPE,
  truncateToSecond,
  type PaData,
  type PrincipalName,
} from '../asn1/index.ts';
import { krbError, type KrbErrorName } from '../error-codes.ts';
import type { KdcContext } from './context.ts';
import type { ExchangeRecord } from './exchange.ts';

/** NTSTATUS values Windows puts in KERB-EXT-ERROR (MS-ERREF 2.3.1). */
export const NTSTATUS = {
  STATUS_WRONG_PASSWORD: 0xc000006a,
  STATUS_INSUFFICIENT_RESOURCES: 0xc000009a,
  STATUS_INVALID_LOGON_HOURS: 0xc000006f,
  STATUS_PASSWORD_EXPIRED: 0xc0000071,
  STATUS_ACCOUNT_DISABLED: 0xc0000072,
  STATUS_ACCOUNT_EXPIRED: 0xc0000193,
  STATUS_PASSWORD_MUST_CHANGE: 0xc0000224,
  STATUS_ACCOUNT_LOCKED_OUT: 0xc0000234,
} as const;

/** KERB-ERROR-DATA data-type values (MS-KILE 2.2.1). */
export const KERB_ERR_TYPE_EXTENDED = 3;
/** KERB-EXT-ERROR flags: EXT_ERROR_CLIENT_INFO, "set to 0x00000001" (MS-KILE 2.2.2). */
export const EXT_ERROR_CLIENT_INFO = 0x1;

/**
 * e-data holding KERB-ERROR-DATA { 3, KERB-EXT-ERROR(status) } (MS-KILE 2.2.1/2.2.2). `flags`:
 * 1 in AS errors; Windows' TGS errors carry 3 (Samba's raw_testcase generic_check_kdc_error).
 */
export function ntStatusEData(status: number, flags = EXT_ERROR_CLIENT_INFO): Uint8Array {
  const ext = new Uint8Array(12);
  const v = new DataView(ext.buffer);
  v.setUint32(0, status >>> 0, true);
  v.setUint32(4, 0, true);
  v.setUint32(8, flags, true);
  return encode(KerbErrorData, { dataType: KERB_ERR_TYPE_EXTENDED, dataValue: ext });
}

/** e-data holding METHOD-DATA (pre-authentication hints). */
export function methodDataEData(padata: PaData[]): Uint8Array {
  return encodeMethodData(padata);
}

/** A typed KDC failure with an NTSTATUS in its e-data (account policy errors). */
export function kdcErrorWithStatus(name: KrbErrorName, status: string, ntstatus: number, flags?: number): KrbError {
  return krbError(name, status, ntStatusEData(ntstatus, flags));
}

/** The krbtgt/REALM name a KRB-ERROR names when the request had no sname. */
function defaultSname(realm: string): PrincipalName {
  return { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', realm] };
}

/**
 * Encodes the KRB-ERROR for `err`: stime/susec from the KDC clock, the service realm and name
 * from the exchange (or the KDC's own krbtgt), cname/crealm and ctime/cusec when known, and the
 * error's e-data as the step built it. `ex` is the exchange, or just the names of a service that
 * answers with KRB-ERRORs too (kpasswd.ts: kadmin/changepw).
 */
export function buildKrbError(
  ctx: KdcContext,
  err: KrbError,
  ex?: Pick<ExchangeRecord, 'ctime' | 'cusec' | 'cname' | 'crealm' | 'srealm' | 'sname'>,
): Uint8Array {
  const now = ctx.clock.now();
  const stime = truncateToSecond(now);
  return encodeKrbError({
    ...(ex?.ctime !== undefined ? { ctime: ex.ctime, cusec: ex.cusec ?? 0 } : {}),
    stime,
    susec: Math.max(0, Math.min(999_999, Math.floor((now - stime) * 1000))),
    errorCode: err.wire,
    ...(ex?.cname ? { cname: ex.cname, crealm: ex.crealm ?? ctx.realm } : {}),
    realm: ex?.srealm ?? ctx.realm,
    sname: ex?.sname ?? defaultSname(ctx.realm),
    ...(err.eData ? { eData: err.eData } : {}),
  });
}

/**
 * Wraps anything thrown into a KrbError: KrbErrors pass, malformed input (DecodeError) and
 * anything unexpected become KRB_ERR_GENERIC (60).
 */
export function asKrbError(err: unknown): KrbError {
  if (err instanceof KrbError) return err;
  if (err instanceof DecodeError) return krbError('KRB_ERR_GENERIC', 'MALFORMED INPUT', undefined, err);
  return krbError('KRB_ERR_GENERIC', 'UNEXPECTED ERROR', undefined, err);
}
