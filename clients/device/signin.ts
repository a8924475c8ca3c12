/**
 * The emulated Windows device's cloud-trust sign-in (the contract is types.ts): the cloud half
 * (cloud.ts: register, nonce, prt, partialTgt) then the on-premises half (onprem.ts: locateDc,
 * fullTgt, keyList, serviceTicket), over the wire only, against the lab its ready file describes.
 * The first failure stops the chain; what did not run is skipped. The plain AS exchange (asReq)
 * runs beside the chain when asked, for comparison.
 */
import { systemRandom, type RandomSource } from '../../emulator/core/random.ts';
import { encodeCcache } from '../../emulator/kerberos/files/index.ts';
import type { LabFile } from '../../emulator/lab.ts';
import { ccacheOf } from '../kerberos/ccache.ts';
import type { HeldTicket, KdcEndpoint } from '../kerberos/exchanges.ts';
import { cloudSteps } from './cloud.ts';
import type { RegisteredDevice } from './entra.ts';
import type { HttpTarget } from './http.ts';
import { asReq, fullTgt, locate, serviceTicket, type OnPremInput } from './onprem.ts';
import { defaultDomainRealm, type DomainRealmMap } from './realm.ts';
import { StepLog } from './steps.ts';
import type { SignInOptions, SignInResult, SignInStep, TicketView } from './types.ts';
import { ticketViewOf } from './view.ts';

/** What the device can be given beyond the contract's options (all optional). */
export interface DeviceExtras {
  /** A device registered earlier: the sign-in reuses it instead of registering a new one. */
  readonly device?: RegisteredDevice;
  /** [domain_realm] for the service ticket; default the lab realm for its domain. */
  readonly domainRealm?: DomainRealmMap;
  /** The device's computer name (the CSR's CN and the LDAP ping's Host term); default ws1. */
  readonly deviceName?: string;
  /** How the device joins (scenario client.joinType): hybrid registers with JoinType 6 (ServerAd), entra with 0. */
  readonly joinType?: 'hybrid' | 'entra';
  readonly now?: () => number;
  readonly rng?: RandomSource;
  readonly timeoutMs?: number;
}

export type DeviceSignInOptions = SignInOptions & DeviceExtras;

/** The token endpoint the device talks to: HTTPS with the lab CA when given, else the plain HTTP port. */
export function entraTarget(lab: LabFile, caPem?: string, timeoutMs?: number): HttpTarget {
  const https = lab.services.entra;
  const http = lab.services['entra-http'];
  const base = caPem && https?.url ? https.url : (http?.url ?? https?.url);
  if (!base) throw new RangeError('the lab file names no entra service (the token endpoint is down or not configured)');
  return { base, ...(caPem ? { caPem } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
}

export interface SignInRun extends SignInResult {
  /** The device the sign-in used (for `ctlab device register` and the dsregcmd summary). */
  readonly device?: RegisteredDevice;
  readonly kerberosTopLevelNames?: string;
  readonly cloudTgt?: boolean;
  /** The full TGT and the service ticket, for the ccache. */
  readonly held: readonly HeldTicket[];
}

export async function signIn(o: DeviceSignInOptions): Promise<SignInRun> {
  const now = o.now ?? Date.now;
  const rng = o.rng ?? systemRandom;
  const log = new StepLog(now, o.trace);
  const deviceName = o.deviceName ?? 'ws1';
  const tickets: TicketView[] = [];
  const held: HeldTicket[] = [];
  let stopped: SignInStep | undefined;
  const stop = () => (stopped = log.steps.find((s) => s.verdict === 'error')?.step);

  let http: HttpTarget | undefined;
  try {
    http = entraTarget(o.lab, o.caPem, o.timeoutMs);
  } catch (err) {
    log.error('register', 'NO_TOKEN_ENDPOINT', undefined, (err as Error).message);
  }
  const cloud = http
    ? await cloudSteps({ http, upn: o.upn, ...(o.password !== undefined ? { password: o.password } : {}), ...(o.hello ? { hello: true } : {}), ...(o.device ? { device: o.device } : {}), deviceName, joinType: o.joinType === 'hybrid' ? 6 : 0, domain: o.lab.realm.toLowerCase(), now }, log)
    : {};
  stop();
  if (cloud.partial) tickets.push(ticketViewOf(cloud.partial, 'login.microsoftonline.com (Entra ID)'));

  const dns = o.lab.services.dns;
  const kdcPort = o.lab.services.kdc?.port ?? 88;
  const onprem: OnPremInput = {
    upn: o.upn,
    dns: dns ?? { host: o.lab.bind, port: 53 },
    ldapPort: o.lab.services.ldap?.port ?? 389,
    kdcPort,
    hint: o.dcLocatorHint ?? 'onPremisesDomainName',
    deviceName,
    now,
    rng,
    ...(o.trace ? { trace: o.trace } : {}),
  };
  let located: Awaited<ReturnType<typeof locate>>;
  if (!stopped && cloud.partial) {
    located = await locate(onprem, cloud.partial, log);
    stop();
    if (located && !stopped) {
      const full = await fullTgt(onprem, located, cloud.partial, log);
      stop();
      if (full) {
        held.push(full);
        tickets.push(ticketViewOf(full, located.dc.hostName));
        if (o.spn && !stopped) {
          const map = o.domainRealm ?? defaultDomainRealm(full.crealm, full.crealm.toLowerCase());
          const st = await serviceTicket(onprem, located, full, o.spn, map, log);
          stop();
          if (st) {
            held.push(st);
            tickets.push(ticketViewOf(st, located.dc.hostName));
          }
        }
      }
    }
  }
  if (o.alsoAsReq && o.password !== undefined) {
    const kdc: KdcEndpoint = located ? located.kdc : { host: o.lab.services.kdc?.host ?? o.lab.bind, port: kdcPort, transport: 'tcp' };
    const realm = cloud.partial?.crealm ?? o.lab.realm;
    await asReq(onprem, kdc, realm, o.password, log);
  }
  log.skipRest((s) => {
    if (s === 'serviceTicket' && !o.spn) return 'no SPN asked';
    if (s === 'asReq') return o.alsoAsReq ? 'no password for the AS exchange' : 'not asked';
    return stopped ? `not reached: ${stopped} failed` : 'not reached';
  });
  const steps = log.ordered();
  const failure = steps.find((s) => s.verdict === 'error');
  return {
    ok: failure === undefined,
    steps,
    tickets,
    ...(failure ? { failure } : {}),
    ...(held.length ? { ccache: encodeCcache(ccacheOf(held)) } : {}),
    ...(cloud.device ? { device: cloud.device } : {}),
    ...(cloud.kerberosTopLevelNames ? { kerberosTopLevelNames: cloud.kerberosTopLevelNames } : {}),
    ...(cloud.cloudTgt !== undefined ? { cloudTgt: cloud.cloudTgt } : {}),
    held,
  };
}
