/**
 * Authoritative lookup over the zone data (RFC 1034 4.3.2 without delegations or recursion):
 * the zone is the longest apex that is a suffix of the name; names outside every zone are REFUSED;
 * an existing name without the asked type is NODATA and a missing one NXDOMAIN, both with the
 * zone's SOA in the authority section (RFC 2308 3, its TTL capped by SOA MINIMUM); empty
 * non-terminals such as `_tcp.<domain>` exist (RFC 8020). CNAMEs are followed inside our data.
 * Names match case-insensitively. Pure.
 */
import type { ResourceRecord, Zone, ZoneData } from './rr.ts';
import { nameKey, RCODE, TYPE, typeName } from './wire.ts';

export type LookupKind = 'answer' | 'nodata' | 'nxdomain' | 'refused';

export interface LookupResult {
  readonly kind: LookupKind;
  readonly rcode: number;
  /** True when the name lies in one of our zones (AA is set). */
  readonly authoritative: boolean;
  readonly zone?: Zone;
  readonly answers: readonly ResourceRecord[];
  readonly authorities: readonly ResourceRecord[];
  /** Addresses of SRV/NS targets held here, as Windows DNS adds them. */
  readonly additionals: readonly ResourceRecord[];
}

/** CNAME chains longer than this are cut (RFC 1034 suggests following, not looping). */
const MAX_CNAME_HOPS = 8;

export class ZoneIndex {
  private readonly byName = new Map<string, ResourceRecord[]>();
  /** Every owner name and every ancestor of one up to its zone apex (empty non-terminals). */
  private readonly existing = new Set<string>();
  private readonly zones: readonly Zone[];

  readonly data: ZoneData;
  constructor(data: ZoneData) {
    this.data = data;
    // Longest apex first, so the most specific zone wins (`_msdcs.x` before `x`).
    this.zones = [...data.zones].sort((a, b) => b.name.length - a.name.length);
    for (const rr of data.records) {
      const key = nameKey(rr.name);
      const list = this.byName.get(key);
      if (list) list.push(rr);
      else this.byName.set(key, [rr]);
      const zone = this.zoneOf(key);
      if (!zone) continue;
      const apex = nameKey(zone.name);
      for (let n = key; ; n = n.slice(n.indexOf('.') + 1)) {
        this.existing.add(n);
        if (n === apex || !n.includes('.')) break;
      }
    }
  }

  /** The most specific zone containing the name, if any. */
  zoneOf(name: string): Zone | undefined {
    const key = nameKey(name);
    return this.zones.find((z) => {
      const apex = nameKey(z.name);
      return key === apex || key.endsWith(`.${apex}`);
    });
  }

  /** Records owned by a name (any type), case-insensitive. */
  recordsAt(name: string): readonly ResourceRecord[] {
    return this.byName.get(nameKey(name)) ?? [];
  }

  /** Answers `qname`/`qtype` (TYPE.ANY returns every RRset at the name). */
  lookup(qname: string, qtype: number): LookupResult {
    const zone = this.zoneOf(qname);
    if (!zone) return { kind: 'refused', rcode: RCODE.REFUSED, authoritative: false, answers: [], authorities: [], additionals: [] };
    const answers: ResourceRecord[] = [];
    let name = nameKey(qname);
    const visited = new Set<string>();
    for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      visited.add(name);
      const here = this.byName.get(name) ?? [];
      const cname = here.find((r) => r.data.type === 'CNAME');
      const matching = here.filter((r) => qtype === TYPE.ANY || typeName(qtype) === r.data.type);
      if (matching.length) {
        answers.push(...matching);
        break;
      }
      if (cname && cname.data.type === 'CNAME' && qtype !== TYPE.CNAME) {
        answers.push(cname);
        const next = nameKey(cname.data.target);
        if (visited.has(next) || !this.zoneOf(next)) break;
        name = next;
        continue;
      }
      // Nothing (more) at this name. The rcode describes the last name of the chain (RFC 6604).
      const targetZone = this.zoneOf(name) ?? zone;
      const soa = negativeSoa(targetZone);
      if (this.existing.has(name)) {
        return answers.length
          ? this.positive(zone, answers, [soa])
          : { kind: 'nodata', rcode: RCODE.NOERROR, authoritative: true, zone, answers: [], authorities: [soa], additionals: [] };
      }
      return { kind: 'nxdomain', rcode: RCODE.NXDOMAIN, authoritative: true, zone, answers, authorities: [soa], additionals: [] };
    }
    return this.positive(zone, answers, []);
  }

  private positive(zone: Zone, answers: ResourceRecord[], authorities: ResourceRecord[]): LookupResult {
    const additionals: ResourceRecord[] = [];
    const have = new Set<string>();
    for (const rr of answers) {
      const target = rr.data.type === 'SRV' ? rr.data.target : rr.data.type === 'NS' ? rr.data.host : undefined;
      if (!target || have.has(nameKey(target))) continue;
      have.add(nameKey(target));
      for (const a of this.recordsAt(target)) if (a.data.type === 'A' || a.data.type === 'AAAA') additionals.push(a);
    }
    return { kind: 'answer', rcode: RCODE.NOERROR, authoritative: true, zone, answers, authorities, additionals };
  }
}

/** The SOA as sent in a negative answer: TTL = min(SOA TTL, MINIMUM) (RFC 2308 3). */
export function negativeSoa(zone: Zone): ResourceRecord {
  const d = zone.soa.data;
  const min = d.type === 'SOA' ? d.minimum : zone.soa.ttl;
  return { ...zone.soa, ttl: Math.min(zone.soa.ttl, min) };
}
