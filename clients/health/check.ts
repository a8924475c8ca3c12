/**
 * Is every service of a running lab answering? Reads what the ready file lists and sends each
 * service, on each of its transports, the probe of probes.ts. Used by `ctlab health` (the
 * container HEALTHCHECK and the Kubernetes readiness probe).
 */
import type { LabFile } from '../../emulator/lab.ts';
import { hasHttpProbe, httpProbe } from './http.ts';
import { SERVICE_PROBES, ldapDoneArrived } from './probes.ts';
import { lengthPrefixed, tcpExchange, udpExchange, unprefixed, type Target } from './wire.ts';

export interface ProbeResult {
  service: string;
  protocol: string;
  target: Target;
  ok: boolean;
  /** What answered (e.g. "KRB-ERROR 6", "NXDOMAIN", "connect only"), or why it failed. */
  detail: string;
  ms: number;
}

/** A wildcard bind address probed where the lab listens on it: loopback. */
export function probeHost(bind: string): string {
  if (bind === '0.0.0.0' || bind === '') return '127.0.0.1';
  if (bind === '::' || bind === '[::]') return '::1';
  return bind;
}

async function probeOne(service: string, protocol: string, target: Target, lab: Pick<LabFile, 'realm'>, timeoutMs: number): Promise<ProbeResult> {
  const started = performance.now();
  const ctx = { realm: lab.realm.toUpperCase(), domain: lab.realm.toLowerCase() };
  const probes = SERVICE_PROBES.get(service);
  const done = (ok: boolean, detail: string): ProbeResult => ({ service, protocol, target, ok, detail, ms: Math.round(performance.now() - started) });
  try {
    if (protocol === 'udp') {
      if (!probes?.udp) return done(true, 'not probed (no UDP probe for this service)');
      const { bytes, check } = probes.udp.request(ctx);
      return done(true, check(await udpExchange(target, bytes, timeoutMs)));
    }
    if ((protocol === 'http' || protocol === 'https') && hasHttpProbe(service)) {
      return done(true, await httpProbe(service, protocol, target, timeoutMs));
    }
    const tcp = probes?.tcp;
    if (!tcp) {
      await tcpExchange(target, undefined, () => true, timeoutMs);
      return done(true, 'connect only');
    }
    const { bytes, check } = tcp.request(ctx);
    if (tcp.framing === 'ldap') return done(true, check(await tcpExchange(target, bytes, ldapDoneArrived, timeoutMs)));
    const prefix = tcp.framing;
    const reply = await tcpExchange(target, lengthPrefixed(bytes, prefix), (r) => unprefixed(r, prefix) !== undefined, timeoutMs);
    return done(true, check(unprefixed(reply, prefix)!));
  } catch (err) {
    return done(false, (err as Error).message);
  }
}

/** Probes every service and transport the lab file lists, all at once. */
export async function checkLab(lab: Pick<LabFile, 'realm' | 'services'>, timeoutMs: number): Promise<ProbeResult[]> {
  const jobs: Promise<ProbeResult>[] = [];
  for (const [service, e] of Object.entries(lab.services)) {
    for (const protocol of e.protocols) jobs.push(probeOne(service, protocol, { host: probeHost(e.host), port: e.port }, lab, timeoutMs));
  }
  return Promise.all(jobs);
}
