/**
 * The kpasswd service (RFC 3244; the version 1 change-password protocol of MS-KILE 3.3.5.8 and
 * the 0xff80 set-password one), on the port the DC-locator `_kpasswd` records advertise. The lab
 * does not change passwords: they live in the scenario file and the directory is built from it
 * once, so a change here would leave every other service with the old one. Every request is
 * answered, so a client says why instead of "cannot contact": a KRB-ERROR whose e-data is the
 * kpasswd result (2-byte result code, then a UTF-8 result string), sent unframed as AD sends it
 * for version 1 requests (MIT's krb5int_rd_chpw_rep accepts it for both versions):
 *   - a request that is not RFC 3244's framing, or whose AP-REQ does not decode: MALFORMED (1);
 *   - a protocol version other than 1 and 0xff80: BAD_VERSION (6);
 *   - a ticket that is not for kadmin/changepw, or does not open with the krbtgt key that AD's
 *     kadmin/changepw name resolves to: AUTHERROR (3);
 *   - otherwise HARDERROR (2), naming the account the ticket is for and what to do instead.
 * Request framing (RFC 3244 section 2): message length (2 bytes), version (2), AP-REQ length (2),
 * AP-REQ, KRB-PRIV (the new password, which is never decrypted here).
 */
import { DecodeError, KrbError } from '../../core/errors.ts';
import { withCapture } from '../../trace/capture.ts';
import { decodeApReq, NAME_TYPE, type ApReq, type PrincipalName } from '../asn1/index.ts';
import { krbError } from '../error-codes.ts';
import type { KdcContext } from './context.ts';
import { principalText, type RequestMeta } from './exchange.ts';
import { buildKrbError } from './krb-error.ts';
import { unsealTicketWith } from './ticket.ts';

/** Result codes (RFC 3244 section 2; 7 is MS-KILE's KRB5_KPASSWD_INITIAL_FLAG_NEEDED). */
export const KPASSWD_RESULT = {
  SUCCESS: 0,
  MALFORMED: 1,
  HARDERROR: 2,
  AUTHERROR: 3,
  SOFTERROR: 4,
  ACCESSDENIED: 5,
  BAD_VERSION: 6,
  INITIAL_FLAG_NEEDED: 7,
} as const;
export type KpasswdResultName = keyof typeof KPASSWD_RESULT;

/** Protocol versions: MS change-password (1) and RFC 3244 set-password (0xff80). */
export const KPASSWD_VERSION = { CHANGE: 0x0001, SET: 0xff80 } as const;

export interface KpasswdRequest {
  readonly version: number;
  readonly apReq: Uint8Array;
  readonly krbPriv: Uint8Array;
}

/** Splits a request into its parts; DecodeError when the framing does not add up. */
export function parseKpasswdRequest(raw: Uint8Array): KpasswdRequest {
  if (raw.length < 6) throw new DecodeError('kpasswd request', `${raw.length} bytes, fewer than the 6-byte header`, 0);
  const length = (raw[0] << 8) | raw[1];
  if (length !== raw.length) throw new DecodeError('kpasswd request.length', `says ${length} bytes, the message has ${raw.length}`, 0);
  const version = (raw[2] << 8) | raw[3];
  const apLength = (raw[4] << 8) | raw[5];
  if (apLength === 0 || 6 + apLength > raw.length) throw new DecodeError('kpasswd request.ap-req-length', `${apLength} bytes do not fit`, 4);
  return { version, apReq: raw.subarray(6, 6 + apLength), krbPriv: raw.subarray(6 + apLength) };
}

/** The result a kpasswd reply carries: the code and a UTF-8 string. */
export function kpasswdResult(code: number, text: string): Uint8Array {
  const s = new TextEncoder().encode(text);
  const out = new Uint8Array(2 + s.length);
  out[0] = code >> 8;
  out[1] = code & 0xff;
  out.set(s, 2);
  return out;
}

const CHANGEPW: PrincipalName = { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['kadmin', 'changepw'] };

/** What the server decided about one request (for the reply and the trace event). */
interface Verdict {
  readonly result: KpasswdResultName;
  readonly fact: string;
  readonly client?: string;
}

function decide(ctx: KdcContext, raw: Uint8Array): Verdict & { version?: number } {
  let req: KpasswdRequest;
  let ap: ApReq;
  try {
    req = parseKpasswdRequest(raw);
    ap = decodeApReq(req.apReq);
  } catch (err) {
    if (err instanceof DecodeError) return { result: 'MALFORMED', fact: `the request is not RFC 3244's framing with an AP-REQ (${err.message})` };
    throw err;
  }
  const version = req.version;
  if (version !== KPASSWD_VERSION.CHANGE && version !== KPASSWD_VERSION.SET) {
    return { result: 'BAD_VERSION', fact: `protocol version 0x${version.toString(16)} is neither 1 (change) nor 0xff80 (set)`, version };
  }
  const s = ap.ticket.sname.nameString;
  if (s.length !== 2 || s[0].toLowerCase() !== 'kadmin' || s[1].toLowerCase() !== 'changepw') {
    return { result: 'AUTHERROR', fact: `the ticket is for ${s.join('/')}, not kadmin/changepw`, version };
  }
  const sel = ctx.keys.generationsForKvno(ctx.directory.krbtgt, ap.ticket.encPart.kvno);
  let client: string;
  try {
    if (!sel) throw krbError('KDC_ERR_S_PRINCIPAL_UNKNOWN', 'NO KRBTGT KEYS');
    const part = unsealTicketWith(ap.ticket, sel.generations).part;
    client = principalText(part.cname, part.crealm);
  } catch (err) {
    if (err instanceof KrbError) return { result: 'AUTHERROR', fact: `the kadmin/changepw ticket does not open with the krbtgt key (${err.code})`, version };
    throw err;
  }
  const what = version === KPASSWD_VERSION.SET ? 'to set a password (0xff80)' : 'for a password change (version 1)';
  return {
    result: 'HARDERROR',
    fact: `${client} asked ${what}; the lab keeps passwords in the scenario file and does not change them`,
    client,
    version,
  };
}

/** The request's AP-REQ bytes (never the KRB-PRIV with the new password), or undefined when it does not parse. */
function apReqOf(raw: Uint8Array): Uint8Array | undefined {
  try {
    return parseKpasswdRequest(raw).apReq.slice();
  } catch {
    return undefined;
  }
}

/** The text a client shows for a refusal: what happened and what to do instead. */
function resultText(v: Verdict): string {
  if (v.result !== 'HARDERROR') return `cloudtrust-lab: ${v.fact}`;
  return 'cloudtrust-lab does not change passwords: edit the password in the scenario file and restart the lab';
}

/**
 * Answers one kpasswd request (`raw` without the TCP length prefix) with the unframed KRB-ERROR
 * described in the file comment, and reports the verdict to `trace`. Never throws for bad input.
 */
export function handleKpasswd(ctx: KdcContext, raw: Uint8Array, meta: RequestMeta, trace?: (e: object) => void): Uint8Array {
  const v = decide(ctx, raw);
  const code = KPASSWD_RESULT[v.result];
  const reply = buildKrbError(ctx, krbError('KRB_ERR_GENERIC', `KPASSWD ${v.result}`, kpasswdResult(code, resultText(v))), { srealm: ctx.realm, sname: CHANGEPW });
  // The capture keeps the AP-REQ only: the KRB-PRIV after it holds the new password.
  trace?.(withCapture({
    step: 'kpasswd',
    exchange: 'kpasswd',
    verdict: 'error',
    code: `KRB5_KPASSWD_${v.result}`,
    wire: code,
    ...(v.client ? { client: v.client } : {}),
    server: `kadmin/changepw@${ctx.realm}`,
    fact: v.fact,
    transport: meta.transport,
    ...(meta.peer ? { peer: meta.peer } : {}),
    ...(v.version !== undefined ? { detail: { version: v.version } } : {}),
  }, () => ({ kind: 'kpasswd', apReq: apReqOf(raw), reply })));
  return reply;
}
