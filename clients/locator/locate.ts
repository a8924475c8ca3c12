/**
 * DsGetDcName over the wire, as a Windows client's Netlogon does it for a DNS domain name
 * (MS-ADTS 6.3.6.1 DNS-based discovery, 6.3.3 the LDAP ping; the "directory service functions"
 * page of the Win32 docs for the site logic):
 *
 *   1. when the client's site is known: the site-specific SRV name, ping each DC, take the first
 *      that meets every requirement;
 *   2. otherwise (or when none did): the generic SRV name, ping each DC;
 *   3. when the DC chosen in 2 is not in the client's site (no DS_CLOSEST_FLAG) and its reply
 *      names the client's site (ClientSiteName), one more round in that site; a suitable DC
 *      there wins, else the one from 2 stays.
 *
 * Requirements (/kdc, /writable, /keylist, ...) are checked on the reply's DS_FLAG word. Every
 * step is a trace event (service 'locator': dns-srv, dns-a, cldap-ping, select); a failure ends
 * with ERROR_NO_SUCH_DOMAIN (1355) and the fact that decided it.
 */
import { DS_FLAG, flagNames, NETLOGON_OPCODE, type NetlogonResponse } from '../../emulator/ldap/netlogon/index.ts';
import type { TraceEnvelope } from '../../emulator/trace/envelope.ts';
import type { DnsServerAddress } from '../dns/resolver.ts';
import { LabError } from '../../emulator/core/errors.ts';
import { cldapPing, type PingRequest } from '../ldap/cldap.ts';
import { discover, type Candidate, type Emit } from './discover.ts';
import { LOCATOR_STATUS, requestFlagNames, unmet } from './flags.ts';
import { srvName, type SrvQuery } from './srv-names.ts';

export interface LocatorOptions {
  /** The DNS server the client uses (the lab's). */
  readonly dns: DnsServerAddress;
  /** The DNS domain to find a DC for (the DC-locator hint). */
  readonly domain: string;
  /** DSGETDC request flags (DS_KDC_REQUIRED | DS_KEY_LIST_SUPPORT_REQUIRED, ...). */
  readonly flags?: number;
  /** The client's site when it knows it (Windows caches it from an earlier ping). */
  readonly siteName?: string;
  /** UDP port for the ping when the SRV record names the KDC port (_kerberos records); default 389. */
  readonly ldapPort?: number;
  /** Ping from this local address (its subnet decides the site the DC reports for the client). */
  readonly clientAddress?: string;
  /** The Host term of the ping (the client's computer name). */
  readonly clientHost?: string;
  /** Ask the DC whether this account exists (User and AAC terms). */
  readonly account?: { readonly user: string; readonly aac: number };
  /** Per DNS query and per ping; default 1000 ms. */
  readonly timeoutMs?: number;
  readonly onEvent?: (e: TraceEnvelope) => void;
  /** Stamps `t` on events; default Date.now. */
  readonly now?: () => number;
  /** The trace envelope's service; default 'locator' (the device uses 'device'). */
  readonly service?: string;
}

/** DOMAIN_CONTROLLER_INFO (MS-NRPC 2.2.1.2.1) as DsGetDcName returns it. */
export interface DcInfo {
  /** `\\dc1.fabrikam.local` */
  readonly domainControllerName: string;
  /** `\\127.0.0.1` */
  readonly domainControllerAddress: string;
  readonly domainGuid: string;
  readonly domainName: string;
  readonly dnsForestName: string;
  /** The reply's DS_FLAG word plus DS_DNS_CONTROLLER/DOMAIN/FOREST_FLAG (names are DNS names). */
  readonly flags: number;
  readonly dcSiteName: string;
  readonly clientSiteName: string;
  /** Where the ping went (the address to send Kerberos and LDAP to). */
  readonly address: string;
  readonly hostName: string;
  readonly netbiosComputerName: string;
  readonly netbiosDomainName: string;
}

export type LocateResult =
  | { readonly ok: true; readonly dc: DcInfo; readonly trace: readonly TraceEnvelope[] }
  | { readonly ok: false; readonly status: number; readonly statusName: 'ERROR_NO_SUCH_DOMAIN'; readonly fact: string; readonly trace: readonly TraceEnvelope[] };

interface Answered {
  readonly candidate: Candidate;
  readonly address: string;
  readonly response: Extract<NetlogonResponse, { form: 'ex' }>;
}

interface Round {
  readonly query?: SrvQuery;
  readonly answered: Answered[];
  readonly chosen?: Answered;
  /** Why each answering DC was passed over. */
  readonly rejected: string[];
  readonly candidates: number;
}

const DNS_FLAGS = (DS_FLAG.DS_DNS_CONTROLLER_FLAG | DS_FLAG.DS_DNS_DOMAIN_FLAG | DS_FLAG.DS_DNS_FOREST_FLAG) >>> 0;

function dcInfoOf(a: Answered): DcInfo {
  const r = a.response;
  return {
    domainControllerName: `\\\\${r.dnsHostName}`,
    domainControllerAddress: `\\\\${a.address}`,
    domainGuid: r.domainGuid,
    domainName: r.dnsDomainName,
    dnsForestName: r.dnsForestName,
    flags: (r.flags | DNS_FLAGS) >>> 0,
    dcSiteName: r.dcSiteName,
    clientSiteName: r.clientSiteName,
    address: a.address,
    hostName: r.dnsHostName,
    netbiosComputerName: r.netbiosComputerName,
    netbiosDomainName: r.netbiosDomainName,
  };
}

/** Pings every address of every candidate at once; keeps SRV order in the result. */
async function pingAll(cands: readonly Candidate[], q: SrvQuery, o: LocatorOptions, emit: Emit): Promise<Answered[]> {
  const req: PingRequest = {
    dnsDomain: o.domain.replace(/\.$/, ''),
    ...(o.clientHost ? { host: o.clientHost } : {}),
    ...(o.account ? { user: o.account.user, aac: o.account.aac } : {}),
  };
  const jobs = cands.flatMap((c) => c.addresses.map((address) => ({ c, address, port: q.service === 'ldap' ? c.srvPort : (o.ldapPort ?? 389) })));
  const results = await Promise.all(
    jobs.map(async ({ c, address, port }) => {
      const where = `${c.host} (${address}:${port}/udp)`;
      try {
        const r = await cldapPing({ host: address, port, ...(o.clientAddress ? { localAddress: o.clientAddress } : {}) }, req, o.timeoutMs ?? 1000);
        if (!r.answered) {
          emit({ step: 'cldap-ping', verdict: 'error', code: 'NO_ANSWER', fact: `${where} returned no Netlogon entry: it does not serve ${req.dnsDomain}`, detail: { host: c.host, address, port } });
          return undefined;
        }
        if (r.response.form !== 'ex') {
          emit({ step: 'cldap-ping', verdict: 'error', code: 'OLD_FORM', fact: `${where} answered without the _EX form (pre-Windows 2000 DC)`, detail: { host: c.host, address, port } });
          return undefined;
        }
        const res = r.response;
        const unknownUser = res.opcode === NETLOGON_OPCODE.LOGON_SAM_USER_UNKNOWN_EX;
        emit({
          step: 'cldap-ping',
          verdict: unknownUser ? 'error' : 'ok',
          code: unknownUser ? 'LOGON_SAM_USER_UNKNOWN_EX' : 'LOGON_SAM_LOGON_RESPONSE_EX',
          wire: res.opcode,
          fact: `${where} is ${res.dnsHostName} in site ${res.dcSiteName}; client site '${res.clientSiteName}'; flags 0x${res.flags.toString(16)}`,
          detail: { host: c.host, address, port, flags: res.flags, flagNames: flagNames(res.flags), dcSiteName: res.dcSiteName, clientSiteName: res.clientSiteName, rttMs: Math.round(r.rttMs * 10) / 10 },
        });
        return unknownUser ? undefined : ({ candidate: c, address, response: res } satisfies Answered);
      } catch (err) {
        // No reply, or one that does not decode (a DecodeError from the LDAP or netlogon codec).
        if (!(err instanceof LabError)) throw err;
        const code = err.code;
        emit({ step: 'cldap-ping', verdict: 'error', code, fact: `${where}: ${(err as Error).message}`, detail: { host: c.host, address, port } });
        return undefined;
      }
    }),
  );
  return results.filter((x): x is Answered => x !== undefined);
}

async function round(q: SrvQuery | undefined, o: LocatorOptions, flags: number, emit: Emit): Promise<Round> {
  if (!q) return { answered: [], rejected: [], candidates: 0 };
  const cands = await discover(o.dns, q, o.timeoutMs ?? 1000, emit);
  const answered = cands.length ? await pingAll(cands, q, o, emit) : [];
  const rejected: string[] = [];
  const domain = o.domain.toLowerCase().replace(/\.$/, '');
  for (const a of answered) {
    if (a.response.dnsDomainName.toLowerCase() !== domain) {
      rejected.push(`${a.response.dnsHostName} serves ${a.response.dnsDomainName}, not ${domain}`);
      continue;
    }
    const missing = unmet(flags, a.response.flags);
    if (missing.length) {
      rejected.push(`${a.response.dnsHostName} lacks ${missing.map((m) => m.lacks).join('; ')}`);
      continue;
    }
    return { query: q, answered, chosen: a, rejected, candidates: cands.length };
  }
  return { query: q, answered, rejected, candidates: cands.length };
}

/** Finds a DC for `o.domain` meeting `o.flags`. Never throws for what the network answers. */
export async function locateDc(o: LocatorOptions): Promise<LocateResult> {
  const trace: TraceEnvelope[] = [];
  const service = o.service ?? 'locator';
  const now = o.now ?? Date.now;
  const emit: Emit = (e) => {
    const ev: TraceEnvelope = { service, t: now(), ...e };
    trace.push(ev);
    o.onEvent?.(ev);
  };
  const flags = o.flags ?? 0;
  const domain = o.domain.replace(/\.$/, '');
  const forest = domain; // a one-domain forest; the GC name is under the forest root
  const asked = requestFlagNames(flags);
  const tried = new Set<string>();
  const rounds: Round[] = [];

  const runSite = async (site: string): Promise<Round | undefined> => {
    if (tried.has(site.toLowerCase())) return undefined;
    tried.add(site.toLowerCase());
    const r = await round(srvName(domain, forest, flags, site), o, flags, emit);
    rounds.push(r);
    return r;
  };

  let chosen: Answered | undefined;
  if (o.siteName) chosen = (await runSite(o.siteName))?.chosen;
  if (!chosen) {
    const generic = await round(srvName(domain, forest, flags), o, flags, emit);
    rounds.push(generic);
    chosen = generic.chosen;
    // The DC answered for the client's site: look there when the chosen DC is not in it, or
    // when no DC was suitable (a site-specific record can name DCs the generic one does not).
    const clientSite = (chosen ?? generic.answered[0])?.response.clientSiteName;
    const closest = chosen ? (chosen.response.flags & DS_FLAG.DS_CLOSEST_FLAG) !== 0 : false;
    if (clientSite && !closest) {
      const inSite = await runSite(clientSite);
      if (inSite?.chosen) chosen = inSite.chosen;
    }
  }

  if (chosen) {
    const dc = dcInfoOf(chosen);
    emit({
      step: 'select',
      verdict: 'ok',
      code: 'NO_ERROR',
      wire: LOCATOR_STATUS.NO_ERROR,
      fact: `${chosen.response.dnsHostName} (${chosen.address}) in site ${dc.dcSiteName}${asked.length ? ` meets ${asked.join(', ')}` : ''}${(dc.flags & DS_FLAG.DS_CLOSEST_FLAG) === 0 ? `; not in the client's site '${dc.clientSiteName}'` : ''}`,
      detail: { dc: dc.hostName, address: dc.address, flags: dc.flags, flagNames: flagNames(dc.flags), dcSiteName: dc.dcSiteName, clientSiteName: dc.clientSiteName, requested: asked },
    });
    return { ok: true, dc, trace };
  }
  const answered = rounds.reduce((n, r) => n + r.answered.length, 0);
  const candidates = rounds.reduce((n, r) => n + r.candidates, 0);
  const rejected = [...new Set(rounds.flatMap((r) => r.rejected))];
  const names = rounds.flatMap((r) => (r.query ? [r.query.name] : []));
  const fact =
    candidates === 0
      ? `no DC found in DNS for ${domain}: ${names.join(', ')} returned no SRV records`
      : answered === 0
        ? `${candidates} DC(s) found in DNS for ${domain}, none answered the LDAP ping`
        : `${answered} DC(s) answered for ${domain}, none meets ${asked.join(', ') || 'the request'}: ${rejected.join('; ')}`;
  emit({ step: 'select', verdict: 'error', code: 'ERROR_NO_SUCH_DOMAIN', wire: LOCATOR_STATUS.ERROR_NO_SUCH_DOMAIN, fact, detail: { requested: asked, queried: names } });
  return { ok: false, status: LOCATOR_STATUS.ERROR_NO_SUCH_DOMAIN, statusName: 'ERROR_NO_SUCH_DOMAIN', fact, trace };
}
