/**
 * KDC dispatch: one received message in, one reply out (or nothing). Decodes, routes AS-REQ to
 * as/ and TGS-REQ to tgs/, and turns every failure into a KRB-ERROR through krb-error.ts:
 *   - not an AS-REQ/TGS-REQ: another Kerberos message gets KRB_AP_ERR_MSG_TYPE (40), bytes that are
 *     no Kerberos message at all KRB_ERR_GENERIC (60);
 *   - a malformed AS-REQ/TGS-REQ: KDC_ERR_BAD_PVNO (3) for a wrong pvno, KRB_AP_ERR_MSG_TYPE for a
 *     msg-type that disagrees with the tag, KRB_ERR_GENERIC otherwise;
 *   - a KrbError thrown by a step: its own code and e-data;
 *   - anything else: KRB_ERR_GENERIC, logged (message and stack only, never keys).
 * A reply longer than `meta.maxReply` (UDP) becomes KRB_ERR_RESPONSE_TOO_BIG (52) so the client
 * retries over TCP (RFC 4120 7.2.1). An AS-REQ or TGS-REQ whose exact bytes were answered within
 * the last two minutes gets the reply already computed (lookaside.ts, as MIT krb5kdc does): the
 * full reply over TCP, KRB_ERR_RESPONSE_TOO_BIG again over UDP when it does not fit. Emits exactly
 * one trace event per message (built only when the context has a trace sink); an answer from the
 * lookaside cache says so in its fact and in `detail.lookaside`. Each event carries the request
 * and reply bytes as a capture (trace/capture.ts) that only the training page's decoded view reads.
 */
import { DecodeError, KrbError } from '../../core/errors.ts';
import { withCapture } from '../../trace/capture.ts';
import { decodeAsReq, decodeTgsReq, MSG_TYPE, peekApplicationTag, type KdcReq } from '../asn1/index.ts';
import { krbError } from '../error-codes.ts';
import { handleAsReq } from './as/index.ts';
import type { KdcContext, LookasideRecord } from './context.ts';
import { ExchangeRecord, type ExchangeKind, type RequestMeta } from './exchange.ts';
import { asKrbError, buildKrbError } from './krb-error.ts';
import { LookasideCache, type LookasideEntry } from './lookaside.ts';
import { handleTgsReq } from './tgs/index.ts';

export type { RequestMeta } from './exchange.ts';

/** The KrbError a decoder failure of a KDC-REQ maps to. */
function decodeFailure(err: DecodeError): KrbError {
  if (err.what.endsWith('.pvno')) return krbError('KDC_ERR_BAD_PVNO', 'BAD PVNO', undefined, err);
  if (err.what.endsWith('.msgType')) return krbError('KRB_AP_ERR_MSG_TYPE', 'MSG TYPE MISMATCH', undefined, err);
  return krbError('KRB_ERR_GENERIC', 'MALFORMED REQUEST', undefined, err);
}

function decodeRequest(kind: ExchangeKind, raw: Uint8Array): KdcReq {
  try {
    return kind === 'AS' ? decodeAsReq(raw) : decodeTgsReq(raw);
  } catch (err) {
    if (err instanceof DecodeError) throw decodeFailure(err);
    throw err;
  }
}

/** The fact of a refusal no step explained: the decoder's complaint, or the error's own status. */
function factOf(kind: ExchangeKind, thrown: unknown, err: KrbError): string {
  const decodeError = thrown instanceof DecodeError ? thrown : thrown instanceof KrbError && thrown.cause instanceof DecodeError ? thrown.cause : undefined;
  if (decodeError) return `the ${kind}-REQ does not decode as RFC 4120 says (${decodeError.what})`;
  if (!(thrown instanceof KrbError)) return 'an unexpected failure in the KDC (logged)';
  return err.status.toLowerCase();
}

/**
 * Handles one KDC message as received (without the TCP length prefix). Returns the reply bytes,
 * always: a KRB-ERROR when anything fails. Never throws.
 */
export function dispatchKdc(ctx: KdcContext, raw: Uint8Array, meta: RequestMeta): Uint8Array {
  const tag = peekApplicationTag(raw);
  if (tag !== MSG_TYPE.KRB_AS_REQ && tag !== MSG_TYPE.KRB_TGS_REQ) {
    const err =
      tag === undefined
        ? krbError('KRB_ERR_GENERIC', 'NOT A KERBEROS MESSAGE')
        : krbError('KRB_AP_ERR_MSG_TYPE', `UNEXPECTED MESSAGE [APPLICATION ${tag}]`);
    ctx.trace({
      service: 'kdc',
      step: 'transport',
      exchange: 'transport',
      verdict: 'error',
      code: err.code,
      wire: err.wire,
      status: err.status,
      transport: meta.transport,
      ...(meta.peer ? { peer: meta.peer } : {}),
      fact: tag === undefined ? `${raw.length} bytes that are no Kerberos message` : `a Kerberos [APPLICATION ${tag}] message, which a KDC does not accept`,
      detail: { bytes: raw.length, ...(tag !== undefined ? { tag } : {}) },
    });
    return buildKrbError(ctx, err);
  }
  const lookaside = ctx.lookaside.enabled;
  const key = lookaside ? LookasideCache.keyOf(raw) : '';
  if (lookaside) {
    const hit = ctx.lookaside.lookup(key, ctx.clock.now());
    if (hit) return resend(ctx, hit, meta, raw);
  }
  const ex = new ExchangeRecord(tag === MSG_TYPE.KRB_AS_REQ ? 'AS' : 'TGS', meta);
  const { reply, verdict } = runExchange(ctx, raw, ex);
  if (lookaside) ctx.lookaside.insert(key, raw.length, reply, { ex, verdict }, ctx.clock.now());
  if (verdict.verdict === 'ok' && meta.maxReply !== undefined && reply.length > meta.maxReply) return tooBig(ctx, lookaside ? ex.copyFor(meta) : ex, reply.length, meta.maxReply, raw);
  if (ctx.tracing) ctx.trace(captured(ex.event(verdict), raw, reply));
  return reply;
}

/** Runs the exchange: its reply (a KRB-ERROR when a step fails) and the verdict for its trace event. */
function runExchange(ctx: KdcContext, raw: Uint8Array, ex: ExchangeRecord): { reply: Uint8Array; verdict: LookasideRecord['verdict'] } {
  try {
    const req = decodeRequest(ex.kind, raw);
    const reply = ex.kind === 'AS' ? handleAsReq(ctx, req, raw, ex) : handleTgsReq(ctx, req, raw, ex);
    return { reply, verdict: OK };
  } catch (thrown) {
    const err = asKrbError(thrown);
    // A step records the deciding fact before it throws; where none did, say what failed.
    ex.fact ??= factOf(ex.kind, thrown, err);
    if (!(thrown instanceof KrbError) && !(thrown instanceof DecodeError)) {
      ctx.log.error('unexpected failure in KDC exchange', {
        exchange: ex.kind,
        error: thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown),
        stack: thrown instanceof Error ? thrown.stack : undefined,
      });
    }
    return { reply: buildKrbError(ctx, err, ex), verdict: { verdict: 'error', code: err.code, wire: err.wire, status: err.status } };
  }
}

/** The event with the request and reply bytes attached as the training page's capture. */
function captured<T extends object>(e: T, request: Uint8Array, reply: Uint8Array): T {
  return withCapture(e, () => ({ kind: 'kerberos', request, reply }));
}

const OK: LookasideRecord['verdict'] = Object.freeze({ verdict: 'ok' });

/**
 * KRB_ERR_RESPONSE_TOO_BIG for a reply over the UDP limit (the full reply stays in the lookaside
 * cache for the client's TCP retry). `ex` is the exchange's record, or a copy for a resent reply.
 */
function tooBig(ctx: KdcContext, ex: ExchangeRecord, length: number, maxReply: number, raw: Uint8Array): Uint8Array {
  const err = krbError('KRB_ERR_RESPONSE_TOO_BIG', `REPLY OF ${length} BYTES`);
  ex.detail.replyBytes = length;
  ex.fact = `the reply of ${length} bytes is over the UDP limit of ${maxReply}: the client retries over TCP (RFC 4120 7.2.1)${ex.detail.lookaside ? '; the reply was computed for the same request bytes before (lookaside cache)' : ''}`;
  const reply = buildKrbError(ctx, err, ex);
  if (ctx.tracing) ctx.trace(captured(ex.event({ verdict: 'error', code: err.code, wire: err.wire, status: err.status }), raw, reply));
  return reply;
}

/** The same request bytes again: the reply already computed, as MIT's lookaside cache sends it. */
function resend(ctx: KdcContext, hit: LookasideEntry<LookasideRecord>, meta: RequestMeta, raw: Uint8Array): Uint8Array {
  const { ex: first, verdict } = hit.record;
  const ex = first.copyFor(meta);
  const ageMs = Math.max(0, ctx.clock.now() - hit.storedAt);
  ex.detail.lookaside = true;
  ex.detail.lookasideAgeMs = ageMs;
  ex.detail.lookasideFirstTransport = first.meta.transport;
  if (verdict.verdict === 'ok' && meta.maxReply !== undefined && hit.reply.length > meta.maxReply) return tooBig(ctx, ex, hit.reply.length, meta.maxReply, raw);
  if (ctx.tracing) {
    const decided = first.fact ? ` (${first.fact})` : '';
    ex.fact = `the same request bytes were answered ${ageMs} ms ago over ${first.meta.transport}: the reply already computed is sent again (lookaside cache)${decided}`;
    ctx.trace(captured(ex.event(verdict), raw, hit.reply));
  }
  return hit.reply;
}
