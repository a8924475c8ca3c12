/**
 * One DNS message in, at most one reply out: the server's semantics in one pure function.
 * Steps: header (too short: drop; a response: drop) → opcode (not QUERY: NOTIMP) → decode (malformed:
 * FORMERR) → EDNS version (not 0: BADVERS, RFC 6891 6.1.3) → class (not IN: REFUSED) → faults →
 * authoritative lookup → encode within the transport's size limit (TC over UDP when too big).
 * The server adds timing (the fault delay) and I/O.
 */
import { DecodeError, DnsError } from '../core/errors.ts';
import { encodeResponse, SERVER_UDP_PAYLOAD, type ResponseSpec } from './encode.ts';
import type { DnsFaults, TerminalFault } from './faults.ts';
import { negativeSoa, type ZoneIndex } from './lookup.ts';
import { CLASS, CLASSIC_UDP_LIMIT, decodeHeader, decodeQuery, HEADER_BYTES, OPCODE, RCODE, rcodeName, TYPE, typeName, type DnsQuery } from './wire.ts';

export type Transport = 'udp' | 'tcp';

/** The structured event emitted for every message received (the trace module consumes it later). */
export interface DnsEvent {
  readonly service: 'dns';
  readonly transport: Transport;
  /** `query` answered normally; `malformed` undecodable; `notimp` other opcode; `ignored` a response. */
  readonly kind: 'query' | 'malformed' | 'notimp' | 'ignored';
  readonly id?: number;
  /** Question name as asked and its type mnemonic, when decodable. */
  readonly name?: string;
  readonly type?: string;
  /** RCODE mnemonic sent, or null when nothing was sent. */
  readonly rcode: string | null;
  /** The fault applied, if any (`delay` only when no terminal fault applied). */
  readonly fault?: TerminalFault | 'delay';
  readonly delayMs?: number;
  readonly answers: number;
  readonly truncated: boolean;
  /** Peer address:port, filled by the server. */
  readonly peer?: string;
}

export interface HandleResult {
  readonly reply: Uint8Array | null;
  readonly delayMs: number;
  readonly event: DnsEvent;
}

/** Largest DNS message over TCP (RFC 1035 4.2.2 two-octet length). */
export const TCP_LIMIT = 65535;

function sizeLimit(transport: Transport, q: DnsQuery): number {
  if (transport === 'tcp') return TCP_LIMIT;
  if (!q.edns) return CLASSIC_UDP_LIMIT;
  // RFC 6891 6.2.3/6.2.5: below 512 means 512; never more than we advertise.
  return Math.min(Math.max(q.edns.udpPayloadSize, CLASSIC_UDP_LIMIT), SERVER_UDP_PAYLOAD);
}

function headerOnly(msg: Uint8Array, rcode: number): Uint8Array {
  const h = decodeHeader(msg);
  return encodeResponse({ id: h.id, opcode: h.opcode, aa: false, rd: h.rd, rcode }, HEADER_BYTES).bytes;
}

export function handleMessage(msg: Uint8Array, transport: Transport, index: ZoneIndex, faults: DnsFaults): HandleResult {
  const base = { service: 'dns' as const, transport, answers: 0, truncated: false };
  if (msg.length < HEADER_BYTES) return { reply: null, delayMs: 0, event: { ...base, kind: 'malformed', rcode: null } };
  const header = decodeHeader(msg);
  if (header.qr) return { reply: null, delayMs: 0, event: { ...base, kind: 'ignored', id: header.id, rcode: null } };
  if (header.opcode !== OPCODE.QUERY) {
    return { reply: headerOnly(msg, RCODE.NOTIMP), delayMs: 0, event: { ...base, kind: 'notimp', id: header.id, rcode: 'NOTIMP' } };
  }
  let q: DnsQuery;
  try {
    q = decodeQuery(msg);
  } catch (err) {
    if (!(err instanceof DecodeError)) throw err;
    return { reply: headerOnly(msg, RCODE.FORMERR), delayMs: 0, event: { ...base, kind: 'malformed', id: header.id, rcode: 'FORMERR' } };
  }
  const limit = sizeLimit(transport, q);
  const qinfo = { id: header.id, name: q.question.name, type: typeName(q.question.type) };
  const spec = {
    id: header.id,
    opcode: header.opcode,
    rd: header.rd,
    cd: header.cd,
    question: q.question.wire,
    ...(q.edns ? { edns: { udpPayloadSize: SERVER_UDP_PAYLOAD } } : {}),
  };
  const reply = (s: ResponseSpec, extra: Partial<DnsEvent> = {}, delayMs = 0): HandleResult => {
    let enc;
    try {
      enc = encodeResponse(s, limit);
    } catch (err) {
      if (!(err instanceof DnsError)) throw err;
      enc = encodeResponse({ ...spec, aa: false, rcode: RCODE.SERVFAIL }, limit);
      s = { ...s, rcode: RCODE.SERVFAIL, answers: [] };
    }
    const answers = enc.truncated ? 0 : (s.answers?.length ?? 0);
    const event: DnsEvent = { ...base, kind: 'query', ...qinfo, rcode: rcodeName(s.rcode), answers, truncated: enc.truncated, ...extra };
    return { reply: enc.bytes, delayMs, event };
  };

  if (q.edns && q.edns.version !== 0) return reply({ ...spec, aa: false, rcode: RCODE.BADVERS });
  const qclass = q.question.class;
  const qtype = q.question.type;
  if (qclass !== CLASS.IN && qclass !== CLASS.ANY) return reply({ ...spec, aa: false, rcode: RCODE.REFUSED });
  // No zone transfers from the lab.
  if (qtype === TYPE.AXFR || qtype === TYPE.IXFR) return reply({ ...spec, aa: false, rcode: RCODE.REFUSED });

  const decision = faults.decide(q.question.name, qtype);
  const delayMs = decision.delayMs;
  const delayed = delayMs > 0 ? { fault: 'delay' as const, delayMs } : {};
  if (decision.action === 'drop') {
    return { reply: null, delayMs: 0, event: { ...base, kind: 'query', ...qinfo, rcode: null, fault: 'drop', ...(delayMs ? { delayMs } : {}) } };
  }
  const zone = index.zoneOf(q.question.name);
  if (decision.action === 'servfail') return reply({ ...spec, aa: false, rcode: RCODE.SERVFAIL }, { fault: 'servfail', ...(delayMs ? { delayMs } : {}) }, delayMs);
  if (decision.action === 'nxdomain') {
    const soa = zone ? [negativeSoa(zone)] : [];
    return reply({ ...spec, aa: zone !== undefined, rcode: RCODE.NXDOMAIN, authorities: soa }, { fault: 'nxdomain', ...(delayMs ? { delayMs } : {}) }, delayMs);
  }
  const r = index.lookup(q.question.name, qtype);
  return reply(
    { ...spec, aa: r.authoritative, rcode: r.rcode, answers: r.answers, authorities: r.authorities, additionals: r.additionals },
    delayed,
    delayMs,
  );
}
