/**
 * A DNS event in the lab's trace envelope (trace/envelope.ts): step = what arrived (query,
 * malformed, notimp, ignored), the RCODE as code and wire value, the fault that decided when one
 * applied, the question in detail. The event's own fields stay for the readable lines.
 */
import type { EnvelopeFields } from '../trace/envelope.ts';
import type { DnsEvent } from './handler.ts';
import { RCODE } from './wire.ts';

export function dnsEnvelope(e: DnsEvent): DnsEvent & EnvelopeFields {
  const wire = e.rcode !== null && e.rcode in RCODE ? RCODE[e.rcode as keyof typeof RCODE] : undefined;
  const fact =
    e.fault && e.fault !== 'delay'
      ? `the scenario's DNS fault ${e.fault} applies to ${e.name ?? 'this query'}`
      : e.kind === 'malformed'
        ? 'the message does not decode as a DNS query'
        : e.kind === 'ignored'
          ? 'a response, not a query: ignored'
          : e.kind === 'notimp'
            ? 'an opcode other than QUERY'
            : e.rcode === 'NXDOMAIN'
              ? `${e.name ?? 'the name'} is not in the lab's zones`
              : undefined;
  return {
    ...e,
    step: e.kind,
    verdict: e.kind === 'ignored' ? 'info' : e.rcode === 'NOERROR' ? 'ok' : 'error',
    ...(e.rcode !== null ? { code: e.rcode } : {}),
    ...(wire !== undefined ? { wire } : {}),
    ...(fact ? { fact } : {}),
    detail: {
      ...(e.name !== undefined ? { name: e.name } : {}),
      ...(e.type !== undefined ? { type: e.type } : {}),
      answers: e.answers,
      truncated: e.truncated,
      ...(e.delayMs ? { delayMs: e.delayMs } : {}),
    },
  };
}
