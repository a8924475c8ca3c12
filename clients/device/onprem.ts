/**
 * The on-premises half of the sign-in (PROTOCOL.md sections 4 and 5): locateDc (DsGetDcName for
 * the hint, a KDC with key-list support that is writable), fullTgt (TGS-REQ for krbtgt/REALM with
 * the partial TGT and KERB-KEY-LIST-REQ [23] over TCP), keyList (the NT hash in
 * KERB-KEY-LIST-REP), serviceTicket (TGS-REQ with the full TGT, realm by domain_realm) and the
 * plain password AS exchange. KDC answers end the step with the KRB-ERROR's name.
 */
import type { RandomSource } from '../../emulator/core/random.ts';
import { KDC_OPTIONS, NAME_TYPE } from '../../emulator/kerberos/asn1/index.ts';
import type { TraceEnvelope } from '../../emulator/trace/envelope.ts';
import { asWithPassword, tgsExchange, type ExchangeResult, type HeldTicket, type KdcEndpoint } from '../kerberos/exchanges.ts';
import { CLOUD_TRUST_LOCATOR_FLAGS, locateDc, locatorHint, type DcInfo, type LocatorHintSetting } from '../locator/index.ts';
import { transportFailure } from './cloud.ts';
import { realmForHost, spnHost, type DomainRealmMap } from './realm.ts';
import type { StepLog } from './steps.ts';

export interface OnPremInput {
  readonly upn: string;
  readonly dns: { host: string; port: number };
  readonly ldapPort: number;
  /** The KDC port when the SRV record does not say (the lab's own KDC port). */
  readonly kdcPort: number;
  readonly hint: LocatorHintSetting;
  readonly deviceName: string;
  readonly now: () => number;
  readonly rng: RandomSource;
  readonly trace?: (e: TraceEnvelope) => void;
}

export interface LocatedKdc {
  readonly dc: DcInfo;
  readonly kdc: KdcEndpoint;
}

const NT_HASH_ETYPE = 23;
/** What Windows asks in its AS-REQ: forwardable, renewable, canonicalize (MS-KILE 3.3.5.1.1 name canonicalization). */
const AS_OPTIONS = KDC_OPTIONS.from(['forwardable', 'renewable', 'renewable-ok', 'canonicalize']);

/** The KDC port the _kerberos SRV record named for the chosen DC (the locator's dns-srv events). */
function srvPortOf(trace: readonly TraceEnvelope[], host: string): number | undefined {
  for (const e of trace) {
    const targets = e.step === 'dns-srv' && e.verdict === 'ok' ? (e.detail?.targets as { target: string; port: number }[] | undefined) : undefined;
    const name = String(e.detail?.name ?? '');
    const hit = name.startsWith('_kerberos.') ? targets?.find((t) => t.target.toLowerCase().replace(/\.$/, '') === host.toLowerCase()) : undefined;
    if (hit) return hit.port;
  }
  return undefined;
}

export async function locate(o: OnPremInput, partial: HeldTicket, log: StepLog): Promise<LocatedKdc | undefined> {
  const domain = locatorHint(o.hint, partial.crealm, o.upn);
  const r = await locateDc({ dns: o.dns, ldapPort: o.ldapPort, domain, flags: CLOUD_TRUST_LOCATOR_FLAGS, clientHost: o.deviceName, service: 'device', now: o.now, ...(o.trace ? { onEvent: o.trace } : {}) });
  const detail = { domain, hint: o.hint, flags: CLOUD_TRUST_LOCATOR_FLAGS };
  if (!r.ok) {
    const srv = r.trace.filter((e) => e.step === 'dns-srv');
    const nx = srv.length > 0 && srv.every((e) => e.code === 'NXDOMAIN');
    const names = srv.map((e) => String(e.detail?.name ?? ''));
    if (nx) log.error('locateDc', 'NXDOMAIN', 3, `${names.join(', ')}: the name does not exist in DNS (DC-locator hint ${domain} from ${o.hint}); DsGetDcName returns ERROR_NO_SUCH_DOMAIN`, { ...detail, queried: names, locatorStatus: r.statusName });
    else log.error('locateDc', r.statusName, r.status, r.fact, { ...detail, queried: names, dnsRcodes: srv.map((e) => e.code ?? null) });
    return undefined;
  }
  const port = srvPortOf(r.trace, r.dc.hostName) ?? o.kdcPort;
  log.ok('locateDc', `${r.dc.hostName} (${r.dc.address}) in site ${r.dc.dcSiteName}: a writable KDC with key-list support for ${domain}`, { ...detail, dc: r.dc.hostName, address: r.dc.address, kdcPort: port, site: r.dc.dcSiteName, dcFlags: r.dc.flags });
  return { dc: r.dc, kdc: { host: r.dc.address, port, transport: 'tcp' } };
}

async function exchange(log: StepLog, step: 'fullTgt' | 'serviceTicket' | 'asReq', run: () => Promise<ExchangeResult>, why?: { prefix: string; detail: Record<string, unknown> }): Promise<ExchangeResult | undefined> {
  try {
    const r = await run();
    if (!r.ok) {
      const last = r.trace.at(-1);
      log.error(step, r.code, r.wire, `${why?.prefix ?? ''}${last?.fact ?? `the KDC answered ${r.code}`}`, { ...(why?.detail ?? {}), eText: r.error.eText ?? null });
      return undefined;
    }
    return r;
  } catch (err) {
    transportFailure(log, step, err);
    return undefined;
  }
}

/** The cloud-trust exchange: partial TGT + KERB-KEY-LIST-REQ -> full TGT and the NT hash. */
export async function fullTgt(o: OnPremInput, at: LocatedKdc, partial: HeldTicket, log: StepLog): Promise<HeldTicket | undefined> {
  const realm = partial.crealm.toUpperCase();
  const r = await exchange(log, 'fullTgt', () =>
    tgsExchange({ kdc: at.kdc, now: o.now, rng: o.rng, service: 'device', ...(o.trace ? { onEvent: o.trace } : {}), tgt: partial, sname: `krbtgt/${realm}`, realm, keyList: [NT_HASH_ETYPE] }),
  );
  if (!r?.ok) return undefined;
  const t = r.held.ticket.encPart;
  log.ok('fullTgt', `full TGT ${r.held.cname.nameString.join('/')}@${r.held.crealm} from ${at.dc.hostName}: krbtgt kvno ${t.kvno ?? 0}, etype ${t.etype}`, { dc: at.dc.hostName, kvno: t.kvno ?? 0, etype: t.etype, realm });
  const nt = r.keyList?.find((k) => k.keytype === NT_HASH_ETYPE);
  if (nt && nt.keyvalue.length === 16) log.ok('keyList', `KERB-KEY-LIST-REP carried the NT hash (etype ${NT_HASH_ETYPE}, 16 bytes)`, { keytypes: r.keyList!.map((k) => k.keytype) });
  else log.error('keyList', 'KEY_LIST_MISSING', undefined, `the TGS-REP of ${at.dc.hostName} carried ${r.keyList ? `keys of etype ${r.keyList.map((k) => k.keytype).join(', ')}` : 'no KERB-KEY-LIST-REP'}, not the NT hash`, { keytypes: r.keyList?.map((k) => k.keytype) ?? [] });
  return r.held;
}

/** A service ticket with the full TGT; a service mapped to another realm asks for the cross-realm TGT first. */
export async function serviceTicket(o: OnPremInput, at: LocatedKdc, tgt: HeldTicket, spn: string, map: DomainRealmMap, log: StepLog): Promise<HeldTicket | undefined> {
  const host = spnHost(spn);
  if (!host) {
    log.error('serviceTicket', 'BAD_SPN', undefined, `'${spn}' is not service/host[:port]`);
    return undefined;
  }
  const own = tgt.crealm.toUpperCase();
  const mapped = realmForHost(host, map, own);
  const sname = mapped.realm === own ? spn : `krbtgt/${mapped.realm}`;
  const why =
    mapped.realm === own
      ? { prefix: '', detail: { spn, realm: own, domainRealmEntry: mapped.entry ?? null } }
      : { prefix: `domain_realm maps ${host} to ${mapped.realm} (entry ${mapped.entry}), so the client asked for a cross-realm TGT: `, detail: { spn, realm: mapped.realm, domainRealmEntry: mapped.entry ?? null } };
  const r = await exchange(log, 'serviceTicket', () => tgsExchange({ kdc: at.kdc, now: o.now, rng: o.rng, service: 'device', ...(o.trace ? { onEvent: o.trace } : {}), tgt, sname, realm: own }), why);
  if (!r?.ok) return undefined;
  const t = r.held.ticket.encPart;
  const server = `${r.held.part.sname.nameString.join('/')}@${r.held.part.srealm}`;
  if (mapped.realm !== own) {
    log.error('serviceTicket', 'REALM_MISMATCH', undefined, `${host} maps to ${mapped.realm} (${mapped.entry ?? 'no entry'}), so the client asked ${own} for ${server}, not ${spn}`, { realm: mapped.realm, entry: mapped.entry ?? null });
    return undefined;
  }
  log.ok('serviceTicket', `service ticket for ${server}: kvno ${t.kvno ?? 0}, etype ${t.etype}`, { spn, realm: mapped.realm, domainRealmEntry: mapped.entry ?? null, kvno: t.kvno ?? 0, etype: t.etype });
  return r.held;
}

/** The plain AS exchange with the password, the UPN as an NT-ENTERPRISE name with canonicalize (what Windows sends). */
export async function asReq(o: OnPremInput, kdc: KdcEndpoint, realm: string, password: string, log: StepLog): Promise<HeldTicket | undefined> {
  const r = await exchange(log, 'asReq', () =>
    asWithPassword({ kdc, now: o.now, rng: o.rng, service: 'device', ...(o.trace ? { onEvent: o.trace } : {}), user: o.upn, nameType: NAME_TYPE.NT_ENTERPRISE, kdcOptions: AS_OPTIONS, realm, password }),
  );
  if (!r?.ok) return undefined;
  log.ok('asReq', `AS exchange for ${o.upn}: TGT ${r.held.cname.nameString.join('/')}@${r.held.crealm}, etype ${r.held.ticket.encPart.etype}`, { realm, cname: r.held.cname.nameString.join('/') });
  return r.held;
}
