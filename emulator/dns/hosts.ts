/**
 * Host records the lab serves outside the AD zones when the scenario asks (issue 8): one zone per
 * name (so `login.microsoftonline.com` answers while `microsoftonline.com` stays REFUSED), its
 * SOA and NS naming itself, and an A record with the address where the lab's endpoint listens.
 * A container or network namespace that uses the lab's DNS then reaches the fake Entra ID with
 * the real URLs. Pure.
 */
import { SOA_TIMERS, ZONE_TTL } from './records.ts';
import type { ResourceRecord, Zone, ZoneData } from './rr.ts';

export function hostRecords(names: readonly string[], address: string, ttl = ZONE_TTL): ZoneData {
  const zones: Zone[] = [];
  const records: ResourceRecord[] = [];
  for (const raw of new Set(names.map((n) => n.toLowerCase().replace(/\.$/, '')))) {
    zones.push({
      name: raw,
      soa: { name: raw, ttl: ZONE_TTL, data: { type: 'SOA', mname: raw, rname: `hostmaster.${raw}`, ...SOA_TIMERS } },
      ns: [{ name: raw, ttl: ZONE_TTL, data: { type: 'NS', host: raw } }],
    });
    records.push({ name: raw, ttl, data: { type: 'A', address } });
  }
  return { zones, records };
}
