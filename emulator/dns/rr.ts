/**
 * Resource records as the lab holds them: owner names in presentation form (no trailing dot),
 * class IN implied, rdata typed per RFC 1035 3.3/3.4 (A, NS, CNAME, SOA), RFC 3596 (AAAA) and
 * RFC 2782 (SRV).
 */
export type RData =
  /** RFC 1035 3.4.1 */
  | { readonly type: 'A'; readonly address: string }
  /** RFC 3596 2.2 */
  | { readonly type: 'AAAA'; readonly address: string }
  /** RFC 1035 3.3.11 */
  | { readonly type: 'NS'; readonly host: string }
  /** RFC 1035 3.3.1 */
  | { readonly type: 'CNAME'; readonly target: string }
  /** RFC 1035 3.3.13 */
  | {
      readonly type: 'SOA';
      readonly mname: string;
      readonly rname: string;
      readonly serial: number;
      readonly refresh: number;
      readonly retry: number;
      readonly expire: number;
      readonly minimum: number;
    }
  /** RFC 2782: the target is never compressed on the wire. */
  | { readonly type: 'SRV'; readonly priority: number; readonly weight: number; readonly port: number; readonly target: string };

export type RrType = RData['type'];

export interface ResourceRecord {
  /** Owner name, presentation form, no trailing dot; case as registered. */
  readonly name: string;
  readonly ttl: number;
  readonly data: RData;
}

/** A zone this server is authoritative for, with its apex SOA and NS records. */
export interface Zone {
  /** Apex name, e.g. `fabrikam.local` or `_msdcs.fabrikam.local`. */
  readonly name: string;
  readonly soa: ResourceRecord;
  readonly ns: readonly ResourceRecord[];
}

/** Everything the DNS server serves. Every record lies inside one of the zones. */
export interface ZoneData {
  readonly zones: readonly Zone[];
  readonly records: readonly ResourceRecord[];
}

/** One-line text of a record, as in a zone file (tests and logs). */
export function rrText(rr: ResourceRecord): string {
  const d = rr.data;
  let rdata: string;
  switch (d.type) {
    case 'A':
    case 'AAAA':
      rdata = d.address;
      break;
    case 'NS':
      rdata = `${d.host}.`;
      break;
    case 'CNAME':
      rdata = `${d.target}.`;
      break;
    case 'SOA':
      rdata = `${d.mname}. ${d.rname}. ${d.serial} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
      break;
    case 'SRV':
      rdata = `${d.priority} ${d.weight} ${d.port} ${d.target}.`;
      break;
  }
  return `${rr.name}. ${rr.ttl} IN ${d.type} ${rdata}`;
}
