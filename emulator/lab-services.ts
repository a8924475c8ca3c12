/**
 * The services the lab starts before DNS, in order, each created from the world. DNS comes last
 * (lab.ts) because its SRV records advertise the ports these really bound.
 */
import { skewedClock, type Clock } from './core/clock.ts';
import type { RandomSource } from './core/random.ts';
import type { PortName, Service } from './core/service.ts';
import { createKdcContext, handleKpasswd, kdcConfigFromPolicy, KdcServer, type KdcTraceEvent } from './kerberos/kdc/index.ts';
import { createCldapServer } from './ldap/cldap/index.ts';
import { createLdapServer } from './ldap/index.ts';
import { rootDseForCldap } from './ldap/rootdse.ts';
import type { DerivedKeyStore } from './kerberos/keys/derived-keys.ts';
import { KeyTable } from './kerberos/keys/keytable.ts';
import type { LabStores } from './stores/lab-stores.ts';
import type { LiveDirectory } from './stores/live-directory.ts';
import { EntraService } from './entra/index.ts';
import type { Trace } from './trace/trace.ts';
import type { World } from './world.ts';
import { DcPingService, pingableDcs } from './lab-dc-pings.ts';

export interface LabServiceContext {
  readonly world: World;
  /**
   * The directory the services serve: the world's, with the run-time AD objects the stores hold
   * (the AzureADKerberos objects and krbtgt_AzureAD's keys follow the admin API without a restart).
   */
  readonly directory: LiveDirectory;
  /** Run-time state: the AD side's Kerberos server objects and the tenant's KerberosDomain objects. */
  readonly stores: LabStores;
  readonly bind: string;
  readonly ports: Record<PortName, number>;
  readonly rng: RandomSource;
  readonly clock: Clock;
  /** The KDC's clock, shifted by the scenario's clock-skew fault. */
  readonly kdcClock: Clock;
  readonly trace: Trace;
  /** Where derived keys are remembered (the key cache file of `ctlab up`); default in memory. */
  readonly keyStore?: DerivedKeyStore;
  /** The port a service started earlier really bound (port 0 resolved). */
  boundPort(service: string): number | undefined;
  /** Further DCs switched down (lower-case names, the `dcDown` switch): no ping listener for them. */
  readonly downDcs?: ReadonlySet<string>;
}

export interface LabServiceSpec {
  /** The scenario's service name (faults.down uses it). */
  readonly name: string;
  /** Returns the service, or undefined when the world has nothing for it to serve. */
  create(ctx: LabServiceContext): Service | undefined;
}

/** The writable DC the lab's services act as: the scenario's first writable DC. */
export function servingDc(world: World) {
  const dc = world.directory.dcs.find((d) => !d.readOnly) ?? world.directory.dcs[0];
  return dc;
}

/** The world's key table, one for the KDC and kpasswd (keys are derived on first use and kept). */
const keyTables = new WeakMap<World, KeyTable>();
function keyTableOf(ctx: LabServiceContext): KeyTable {
  let t = keyTables.get(ctx.world);
  if (!t) keyTables.set(ctx.world, (t = KeyTable.build(ctx.directory, ctx.keyStore ? { store: ctx.keyStore } : {})));
  return t;
}

/** A KDC context for the serving DC with the world's key table, the scenario's policy and `trace`. */
function kdcContextFor(ctx: LabServiceContext, trace: (e: KdcTraceEvent) => void) {
  return createKdcContext(ctx.directory, {
    keys: keyTableOf(ctx),
    dc: servingDc(ctx.world).name,
    clock: ctx.kdcClock,
    rng: ctx.rng,
    config: kdcConfigFromPolicy(ctx.world.scenario.kerberos),
    trace,
  });
}

export const LAB_SERVICES: readonly LabServiceSpec[] = [
  {
    name: 'kdc',
    create: (ctx) => new KdcServer(kdcContextFor(ctx, ctx.trace.sink('kdc', () => ctx.kdcClock.now())), { host: ctx.bind, port: ctx.ports.kerberos }),
  },
  {
    // kpasswd on the port the _kpasswd SRV records name: every request answered with a refusal
    // that says why (the lab does not change passwords; kdc/kpasswd.ts).
    name: 'kpasswd',
    create: (ctx) => {
      const trace = ctx.trace.sink('kpasswd', () => ctx.kdcClock.now());
      const kdc = kdcContextFor(ctx, trace);
      return new KdcServer(kdc, { host: ctx.bind, port: ctx.ports.kpasswd, service: { name: 'kpasswd', handle: (raw, meta) => handleKpasswd(kdc, raw, meta, trace) } });
    },
  },
  {
    // LDAP and the global catalog port (one-domain forest: the same directory on both).
    name: 'ldap',
    create: (ctx) =>
      createLdapServer({
        directory: ctx.directory,
        revision: ctx.directory.revision,
        dc: servingDc(ctx.world).name,
        bind: ctx.bind,
        port: ctx.ports.ldap,
        gcPort: ctx.world.faults.down.includes('gc') ? null : ctx.ports.gc,
        clock: ctx.clock,
        random: ctx.rng,
        onEvent: ctx.trace.sink('ldap', () => ctx.clock.now()),
      }),
  },
  {
    // CLDAP shares the LDAP port number on UDP (389 with standard ports).
    name: 'cldap',
    create: (ctx) =>
      createCldapServer({
        directory: ctx.world.directory,
        dc: servingDc(ctx.world).name,
        bind: ctx.bind,
        port: ctx.boundPort('ldap') ?? ctx.ports.ldap,
        rootDse: rootDseForCldap(ctx.world.directory, servingDc(ctx.world), () => ctx.clock.now()),
        onEvent: ctx.trace.sink('cldap', () => ctx.clock.now()),
      }),
  },
  {
    // The fake Entra ID token endpoint: HTTPS and plain HTTP (emulator/entra/, docs/entra.md).
    name: 'entra',
    create: (ctx) =>
      new EntraService({
        tenant: ctx.world.tenant,
        kerberosDomains: ctx.stores.kerberosDomains,
        seed: ctx.world.scenario.seed,
        clock: ctx.clock,
        cloudClock: skewedClock(ctx.clock, ctx.world.faults.clockSkewSeconds.cloud * 1000),
        rng: ctx.rng,
        trace: ctx.trace.sink('entra', () => ctx.clock.now()),
        bind: ctx.bind,
        httpsPort: ctx.ports.entra,
        httpPort: ctx.ports.entraHttp,
        hostNames: ctx.world.scenario.entra.hostNames,
      }),
  },
  {
    // The scenario's other DCs answer the LDAP ping at their own loopback addresses (lab-dc-pings.ts).
    name: 'cldap',
    create: (ctx) => {
      const dcs = pingableDcs(ctx.world.directory.dcs, servingDc(ctx.world), ctx.bind).filter((d) => !ctx.downDcs?.has(d.name.toLowerCase()));
      return dcs.length ? new DcPingService(ctx, dcs) : undefined;
    },
  },
];
