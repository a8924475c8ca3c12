/**
 * The DNS half of the DC locator: one SRV query, then the address of each target (from the
 * reply's additional section when the server put it there, else an A query), each step reported
 * as a trace event. Candidates keep the SRV order: priority ascending, then weight descending,
 * then name (RFC 2782 picks by weighted chance within a priority; the lab keeps it repeatable).
 */
import { TYPE } from '../../emulator/dns/wire.ts';
import type { TraceEnvelope } from '../../emulator/trace/envelope.ts';
import { resolve, type DnsServerAddress } from '../dns/resolver.ts';
import { LabError } from '../../emulator/core/errors.ts';
import type { SrvQuery } from './srv-names.ts';

export interface Candidate {
  /** SRV target, lower case, no trailing dot (`dc1.fabrikam.local`). */
  readonly host: string;
  readonly priority: number;
  readonly weight: number;
  /** The SRV record's port (LDAP or KDC, per the query's service). */
  readonly srvPort: number;
  /** IPv4 addresses of the host (empty when it has none). */
  readonly addresses: readonly string[];
}

export type Emit = (e: Omit<TraceEnvelope, 'service'>) => void;

/** Runs one SRV lookup and resolves its targets. Never throws for DNS answers; empty on failure. */
export async function discover(dns: DnsServerAddress, q: SrvQuery, timeoutMs: number, emit: Emit): Promise<Candidate[]> {
  let answer;
  try {
    answer = await resolve(dns, q.name, TYPE.SRV, { timeoutMs });
  } catch (err) {
    // A transport failure (ClientError) or a reply that does not decode (DecodeError); a bug throws.
    if (!(err instanceof LabError)) throw err;
    const code = err.code;
    emit({ step: 'dns-srv', verdict: 'error', code, fact: `no DNS answer for ${q.name} from ${dns.host}:${dns.port} (${(err as Error).message})`, detail: { name: q.name, site: q.site ?? null } });
    return [];
  }
  const srvs = answer.records.flatMap((r) => (r.data.type === 'SRV' ? [r.data] : []));
  if (answer.rcode !== 'NOERROR' || srvs.length === 0) {
    const why = answer.rcode === 'NXDOMAIN' ? 'the name does not exist in DNS' : answer.rcode === 'NOERROR' ? 'the name has no SRV records' : `the server answered ${answer.rcode}`;
    emit({
      step: 'dns-srv',
      verdict: 'error',
      code: answer.rcode,
      wire: answer.response.header.rcode,
      fact: `${q.name}: ${why}${q.site ? ` (no DC registered in site ${q.site})` : ''}`,
      detail: { name: q.name, site: q.site ?? null },
    });
    return [];
  }
  const sorted = [...srvs].sort((a, b) => a.priority - b.priority || b.weight - a.weight || a.target.localeCompare(b.target));
  emit({
    step: 'dns-srv',
    verdict: 'ok',
    code: 'NOERROR',
    wire: 0,
    fact: `${q.name}: ${sorted.length} SRV record(s): ${sorted.map((s) => `${s.target}:${s.port}`).join(', ')}`,
    detail: { name: q.name, site: q.site ?? null, targets: sorted.map((s) => ({ target: s.target, port: s.port, priority: s.priority, weight: s.weight })) },
  });
  const glue = new Map<string, string[]>();
  for (const r of answer.response.additional) {
    if (r.data.type !== 'A') continue;
    const k = r.name.toLowerCase();
    glue.set(k, [...(glue.get(k) ?? []), r.data.address]);
  }
  const out: Candidate[] = [];
  for (const s of sorted) {
    const host = s.target.toLowerCase();
    let addresses = glue.get(host);
    if (addresses) {
      emit({ step: 'dns-a', verdict: 'ok', code: 'NOERROR', wire: 0, fact: `${host} is ${addresses.join(', ')} (additional section of the SRV reply)`, detail: { host, addresses } });
    } else {
      try {
        const a = await resolve(dns, host, TYPE.A, { timeoutMs });
        addresses = a.records.flatMap((r) => (r.data.type === 'A' ? [r.data.address] : []));
        emit(
          addresses.length
            ? { step: 'dns-a', verdict: 'ok', code: a.rcode, wire: a.response.header.rcode, fact: `${host} is ${addresses.join(', ')}`, detail: { host, addresses } }
            : { step: 'dns-a', verdict: 'error', code: a.rcode, wire: a.response.header.rcode, fact: `${host} has no A record (${a.rcode})`, detail: { host, addresses: [] } },
        );
      } catch (err) {
        if (!(err instanceof LabError)) throw err;
        addresses = [];
        emit({ step: 'dns-a', verdict: 'error', code: err.code, fact: `no DNS answer for ${host} (${(err as Error).message})`, detail: { host } });
      }
    }
    out.push({ host, priority: s.priority, weight: s.weight, srvPort: s.port, addresses });
  }
  return out;
}
