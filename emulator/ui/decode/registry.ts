/**
 * Decoders by capture kind (trace/capture.ts: the service that captured sets it), and the one
 * entry point: an event and its capture in, the decoded view's tree out. Never throws: a decoder
 * that fails becomes a node saying what failed.
 */
import type { Capture } from '../../trace/capture.ts';
import type { TraceEvent } from '../../trace/trace.ts';
import { decodeCldapCapture } from './cldap.ts';
import type { DecodeContext } from './context.ts';
import { decodeDnsCapture } from './dns.ts';
import { decodeEntraCapture } from './entra.ts';
import { decodeKerberosCapture, decodeKpasswdCapture } from './kerberos/index.ts';
import { attempt, failed, group, openAlong, type DecodedNode } from './tree.ts';

type Decoder = (ctx: DecodeContext, c: Capture) => DecodedNode[];

export const DECODERS: Readonly<Record<string, Decoder>> = {
  kerberos: decodeKerberosCapture,
  kpasswd: decodeKpasswdCapture,
  dns: (_ctx, c) => decodeDnsCapture(c),
  cldap: (_ctx, c) => decodeCldapCapture(c),
  entra: decodeEntraCapture,
};

/** The parts a trainer points at, open when the panel opens (the request's ticket stays closed). */
const OPEN_KEYS = new Set(['pac.groups', 'pac.extra-sids', 'rep.key-list', 'rep.ticket.kvno', 'req.key-list', 'error.code', 'netlogon.flags', 'dns.answers', 'dns.rcode', 'tgt_ad.ticket.kvno', 'entra.field.request']);
const CLOSED = new Set(['req.ticket']);

export interface DecodedEvent {
  readonly id: number;
  readonly service: string;
  readonly step: string;
  readonly showSecrets: boolean;
  readonly tree: readonly DecodedNode[];
}

export function decodeEvent(ctx: DecodeContext, id: number, event: TraceEvent, capture: Capture | undefined): DecodedEvent {
  const head = { id, service: event.service, step: String(event.step ?? ''), showSecrets: ctx.showSecrets };
  if (!capture) return { ...head, tree: [failed('Message', `no bytes were captured for this ${event.service} event (this service does not capture, or the event came before the page's server started)`)] };
  const dec = DECODERS[capture.kind];
  if (!dec) return { ...head, tree: [failed('Message', `no decoder for captures of kind ${capture.kind}`)] };
  const tree = attempt('Message', () => group('Message', dec(ctx, capture)));
  return { ...head, tree: openAlong(tree.children ?? [tree], OPEN_KEYS, CLOSED) };
}
