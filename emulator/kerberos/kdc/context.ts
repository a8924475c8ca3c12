/**
 * Everything one KDC instance needs, passed to every exchange: the directory it serves, the key
 * table derived from it, the DC it runs as, the realm, an injected clock and random source, the
 * policy knobs (Windows defaults, overridable), its TGS replay cache, its lookaside cache of
 * replies already sent and a trace sink. No
 * globals: tests build one per case.
 */
import { skewedClock, systemClock, type Clock } from '../../core/clock.ts';
import { Logger } from '../../core/log.ts';
import { systemRandom, type RandomSource } from '../../core/random.ts';
import type { Directory, DomainController } from '../../directory/model.ts';
import { KeyTable } from '../keys/keytable.ts';
import type { ExchangeRecord } from './exchange.ts';
import { LOOKASIDE_MAX_BYTES, LOOKASIDE_TTL_MS, LookasideCache } from './lookaside.ts';
import { REPLAY_CACHE_MAX_ENTRIES, ReplayCache } from './tgs/replay.ts';
import { OpenedTgtCache } from './tgs/tgt-cache.ts';

/** KDC policy; defaults are Windows' (Default Domain Policy "Kerberos Policy", MS-KILE 3.3.1). */
/**
 * The KDC policy "KDC support for claims, compound authentication and Kerberos armoring"
 * (MS-KILE 3.3.1 ClaimsCompIdFASTSupport; Default Domain Controllers Policy): notSupported
 * (not configured: no FAST), supported (FAST served and advertised), alwaysProvideClaims (the
 * same, claims flags advertised whatever the domain functional level), failUnarmored (AS-REQs
 * without FAST armor are refused).
 */
export type KdcArmoring = 'notSupported' | 'supported' | 'alwaysProvideClaims' | 'failUnarmored';

export interface KdcConfig {
  /** Maximum tolerance for computer clock synchronization (default 5 minutes). */
  readonly maxSkewMs: number;
  /** Maximum lifetime for user ticket (default 10 hours). */
  readonly ticketLifetimeMs: number;
  /** Maximum lifetime for user ticket renewal (default 7 days). */
  readonly renewLifetimeMs: number;
  /** Maximum lifetime for service ticket: tickets for any server but krbtgt (default 600 minutes). */
  readonly serviceTicketLifetimeMs: number;
  /** FORWARDABLE is granted when asked (Windows); false: never (a scenario's `kerberos.forwardable`). */
  readonly forwardable: boolean;
  /** RENEWABLE is granted when asked (Windows); false: never (a scenario's `kerberos.renewable`). */
  readonly renewable: boolean;
  /** Lifetime of a kadmin/changepw ticket (Windows and MIT: 5 minutes). */
  readonly changePwLifetimeMs: number;
  /** Largest UDP reply; above it the KDC answers KRB_ERR_RESPONSE_TOO_BIG (Windows MaxPacketSize 1465). */
  readonly udpMaxReply: number;
  /** Largest TCP request accepted; a longer length prefix gets KRB_ERR_FIELD_TOOLONG and a close. */
  readonly tcpMaxMessage: number;
  /** Open TCP connections accepted at once (more are closed on accept). */
  readonly tcpMaxConnections: number;
  /** An idle TCP connection is closed after this long. */
  readonly tcpIdleTimeoutMs: number;
  /** PA-SUPPORTED-ETYPES sent for accounts without msDS-SupportedEncryptionTypes (MS-KILE 2.2.8: 0x1f). */
  readonly defaultSupportedEtypes: number;
  /** Most authenticators the TGS replay cache remembers at once (oldest dropped first). */
  readonly replayCacheMaxEntries: number;
  /** Lookaside cache (lookaside.ts): total bytes kept (MIT: 10 MiB); 0 turns it off. */
  readonly lookasideMaxBytes: number;
  /** Lookaside cache: how long a reply is sent again for the same request bytes (MIT: 2 minutes). */
  readonly lookasideTtlMs: number;
  /** The armoring (FAST) policy (fast/policy.ts). */
  readonly armoring: KdcArmoring;
}

export const DEFAULT_KDC_CONFIG: KdcConfig = Object.freeze({
  maxSkewMs: 5 * 60_000,
  ticketLifetimeMs: 10 * 3_600_000,
  renewLifetimeMs: 7 * 86_400_000,
  serviceTicketLifetimeMs: 600 * 60_000,
  forwardable: true,
  renewable: true,
  changePwLifetimeMs: 5 * 60_000,
  udpMaxReply: 1465,
  tcpMaxMessage: 64 * 1024,
  tcpMaxConnections: 256,
  tcpIdleTimeoutMs: 30_000,
  defaultSupportedEtypes: 0x1f,
  replayCacheMaxEntries: REPLAY_CACHE_MAX_ENTRIES,
  lookasideMaxBytes: LOOKASIDE_MAX_BYTES,
  lookasideTtlMs: LOOKASIDE_TTL_MS,
  armoring: 'notSupported',
});

/**
 * One trace event per exchange (and per transport-level refusal): who asked for what, which
 * enctypes, the verdict, the error code and the directory fact that decided it. Never keys.
 */
export interface KdcTraceEvent {
  readonly service: 'kdc';
  /** The trace envelope's step (trace/envelope.ts): the same as `exchange`. */
  readonly step: 'AS' | 'TGS' | 'transport';
  /** 'AS', 'TGS', or 'transport' (framing errors, oversized replies, undecodable input). */
  readonly exchange: 'AS' | 'TGS' | 'transport';
  readonly verdict: 'ok' | 'error';
  /** Client principal as `name@REALM` when known. */
  readonly client?: string;
  /** Server principal as `name@REALM` when known. */
  readonly server?: string;
  /** The etypes of the request, as sent. */
  readonly etypes?: readonly number[];
  /** Reply-key / session-key / ticket etypes chosen. */
  readonly replyEtype?: number;
  readonly sessionEtype?: number;
  readonly ticketEtype?: number;
  /** Spec name of the error (KDC_ERR_PREAUTH_FAILED) and its wire number. */
  readonly code?: string;
  readonly wire?: number;
  /** The short MIT-style status ("CLIENT LOCKED OUT"). */
  readonly status?: string;
  /** The directory fact that decided, e.g. "userAccountControl has ACCOUNTDISABLE". */
  readonly fact?: string;
  readonly transport?: 'tcp' | 'udp' | 'direct';
  readonly peer?: string;
  /** Extra detail a step wants to record (pre-auth type, kvno, ...). No secrets. */
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
}

export interface KdcContext {
  readonly directory: Directory;
  readonly keys: KeyTable;
  /** The DomainController this KDC answers as (its enforcement and key-list settings apply). */
  readonly dc: DomainController;
  /** The realm, upper case (`FABRIKAM.LOCAL`); requests compare case-insensitively. */
  readonly realm: string;
  readonly clock: Clock;
  readonly rng: RandomSource;
  readonly config: KdcConfig;
  /**
   * The TGS replay cache of this KDC (RFC 4120 3.2.3; MS-KILE 3.3.3: empty when the KDC starts),
   * created with the context: a window of twice `maxSkewMs`, at most `replayCacheMaxEntries`.
   */
  readonly replayCache: ReplayCache;
  /**
   * The replies already computed, by request bytes (lookaside.ts, MIT's lookaside cache): a
   * retransmitted request, or the TCP retry after KRB_ERR_RESPONSE_TOO_BIG, gets the same reply.
   */
  readonly lookaside: LookasideCache<LookasideRecord>;
  /**
   * The domain TGTs already opened and their PACs verified, by enc-part bytes (tgs/tgt-cache.ts):
   * the same TGT presented again is not decrypted and its PAC signatures not checked again.
   */
  readonly tgtCache: OpenedTgtCache;
  /** Trace sink; called synchronously once per exchange. */
  readonly trace: (event: KdcTraceEvent) => void;
  /** Whether a trace sink was given: without one, dispatch does not build the events at all. */
  readonly tracing: boolean;
  /** For unexpected failures only (never keys or passwords). */
  readonly log: Pick<Logger, 'error'>;
}

/** What the lookaside cache keeps beside a reply: the exchange as it was decided. */
export interface LookasideRecord {
  readonly ex: ExchangeRecord;
  readonly verdict: Pick<KdcTraceEvent, 'verdict' | 'code' | 'wire' | 'status'>;
}

export interface KdcContextOptions {
  /** A key table already built for this directory (built here otherwise: the slow part). */
  keys?: KeyTable;
  /** DC host name or short name (default: the PDC, else the first writable DC). */
  dc?: string;
  clock?: Clock;
  /** Shifts `clock` (scenario faults.clockSkewSeconds.kdc). */
  clockSkewMs?: number;
  rng?: RandomSource;
  config?: Partial<KdcConfig>;
  trace?: (event: KdcTraceEvent) => void;
  /** Where unexpected failures are logged; default a `kdc` Logger (stderr, CTLAB_LOG_LEVEL). */
  log?: Pick<Logger, 'error'>;
}

/** Picks the DC a KDC serves as: by name, else the PDC, else the first writable DC, else the first. */
export function pickDc(directory: Directory, name?: string): DomainController {
  if (name !== undefined) {
    const n = name.toLowerCase();
    const dc = directory.dcs.find((d) => d.name === n || d.hostName === n);
    if (!dc) throw new RangeError(`no DC named ${name} in the directory`);
    return dc;
  }
  return directory.dcs.find((d) => d.pdc) ?? directory.dcs.find((d) => !d.readOnly) ?? directory.dcs[0];
}

/** Builds a KdcContext with the defaults above (system clock and randomness unless injected). */
export function createKdcContext(directory: Directory, opts: KdcContextOptions = {}): KdcContext {
  const base = opts.clock ?? systemClock;
  const config: KdcConfig = Object.freeze({ ...DEFAULT_KDC_CONFIG, ...(opts.config ?? {}) });
  return Object.freeze({
    directory,
    keys: opts.keys ?? KeyTable.build(directory),
    dc: pickDc(directory, opts.dc),
    realm: directory.domain.realm.toUpperCase(),
    clock: opts.clockSkewMs ? skewedClock(base, opts.clockSkewMs) : base,
    rng: opts.rng ?? systemRandom,
    config,
    // An authenticator may be up to maxSkewMs ahead of the KDC clock and stays replayable until
    // it falls maxSkewMs behind (older or newer ones are refused as KRB_AP_ERR_SKEW).
    replayCache: new ReplayCache(2 * config.maxSkewMs, config.replayCacheMaxEntries),
    lookaside: new LookasideCache<LookasideRecord>(config.lookasideTtlMs, config.lookasideMaxBytes),
    tgtCache: new OpenedTgtCache(),
    trace: opts.trace ?? (() => {}),
    tracing: opts.trace !== undefined,
    log: opts.log ?? new Logger('kdc'),
  });
}
