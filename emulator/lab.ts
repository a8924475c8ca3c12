/**
 * The composition root: a scenario in, running services out, with their bound addresses.
 * Services never import each other; this file is the one place that knows them all. It is also
 * the programmatic API for tests and for teams embedding the lab (`startLab`).
 *
 * Start order follows what each service advertises: the KDC and LDAP (with GC and CLDAP) bind
 * first, then DNS, whose SRV records name the ports the others really got.
 */
import { createServer, isIPv4 } from 'node:net';
import type { BoundAddress, PortName, Service } from './core/service.ts';
import { systemClock, skewedClock, type Clock } from './core/clock.ts';
import { systemRandom, type RandomSource } from './core/random.ts';
import { createDnsServer } from './dns/index.ts';
import { AdminServer, ADMIN_PORT_ENV, DEFAULT_ADMIN_PORT, KerberosServerAdmin } from './admin/index.ts';
import { parsePort, PORT_ENV, resolveListen, type AdvertisedPort, type LabListen } from './lab-ports.ts';
import { createLabStores, type LabStores } from './stores/lab-stores.ts';
import type { Scenario } from './scenario/defaults.ts';
import { loadScenario } from './scenario/load.ts';
import { Trace } from './trace/trace.ts';
import type { DerivedKeyStore } from './kerberos/keys/derived-keys.ts';
import { buildWorld, type World } from './world.ts';
import { LAB_SERVICES, servingDc, type LabServiceContext } from './lab-services.ts';
import { hostRecords } from './dns/hosts.ts';
import { ENTRA_HOST_NAMES } from './entra/index.ts';

export interface LabOptions {
  bind?: string;
  standardPorts?: boolean;
  /** Explicit ports (0 = any free port); CTLAB_* variables apply where these are unset. */
  ports?: Partial<Record<PortName, number>>;
  /** Every port `ports` does not name, the admin port included, is any free port (tests, embedders). */
  freePorts?: boolean;
  env?: NodeJS.ProcessEnv;
  /** The Kerberos server admin API's port (loopback only): default CTLAB_ADMIN_PORT, else 10091; 0 = any free port. */
  adminPort?: number;
  clock?: Clock;
  rng?: RandomSource;
  trace?: Trace;
  /**
   * Ports the DC-locator SRV records name instead of the bound ones (a lab behind a port mapping,
   * e.g. a container whose ports the host maps elsewhere). Unset ones name the bound port.
   */
  advertisePorts?: Partial<Record<AdvertisedPort, number>>;
  /** Where derived keys are remembered (e.g. a FileKeyCache); default: in memory. */
  keyStore?: DerivedKeyStore;
}

/** What `.ctlab/lab.json` holds: how other verbs and containers find a running lab. */
export interface LabFile {
  scenario: string;
  bind: string;
  realm: string;
  pid: number;
  /** `url` is set for HTTP services (e.g. `admin`: http://127.0.0.1:10091). */
  services: Record<string, { host: string; port: number; protocols: string[]; url?: string }>;
}

export interface RunningLab {
  readonly world: World;
  readonly listen: LabListen;
  readonly endpoints: readonly BoundAddress[];
  readonly trace: Trace;
  /** The run-time stores (the admin API changes them; the services read them). */
  readonly stores: LabStores;
  /** The port a service really listens on (after port 0 was resolved). */
  port(service: string): number | undefined;
  labFile(): LabFile;
  close(): Promise<void>;
}

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The admin API's port: the option, else CTLAB_ADMIN_PORT, else any free port when every port the
 * caller named is 0 (a lab started on free ports, as tests and embedders do, must not collide on
 * the admin port alone), else 10091.
 */
function adminPortOf(opts: LabOptions): number {
  if (opts.adminPort !== undefined) return opts.adminPort;
  if (opts.freePorts) return 0;
  const fromEnv = opts.env?.[ADMIN_PORT_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return parsePort(fromEnv, ADMIN_PORT_ENV);
  const named = Object.values(opts.ports ?? {});
  return named.length > 0 && named.every((p) => p === 0) ? 0 : DEFAULT_ADMIN_PORT;
}

export async function startLab(input: string | Scenario | World, opts: LabOptions = {}): Promise<RunningLab> {
  const world: World =
    typeof input === 'string' ? buildWorld(loadScenario(input)) : 'directory' in input ? input : buildWorld(input);
  const ports = opts.freePorts
    ? { ...Object.fromEntries((Object.keys(PORT_ENV) as PortName[]).map((n) => [n, 0])), ...opts.ports }
    : opts.ports;
  const listen = resolveListen({ bind: opts.bind, standardPorts: opts.standardPorts, ports, env: opts.env });
  const trace = opts.trace ?? new Trace({ keep: 1000 });
  const clock = opts.clock ?? systemClock;
  const rng = opts.rng ?? systemRandom;
  const down = new Set<string>(world.faults.down);
  const started: Service[] = [];
  const endpoints: BoundAddress[] = [];
  const portOf = (name: string): number | undefined => endpoints.find((e) => e.name.startsWith(`${name}/`))?.port;

  const dc = servingDc(world);
  const stores = createLabStores(world, dc.hostName);
  const ctx: LabServiceContext = {
    world,
    directory: stores.directory,
    stores,
    bind: listen.bind,
    ports: listen.ports,
    rng,
    clock,
    kdcClock: skewedClock(clock, world.faults.clockSkewSeconds.kdc * 1000),
    trace,
    ...(opts.keyStore ? { keyStore: opts.keyStore } : {}),
    boundPort: portOf,
  };
  try {
    for (const spec of LAB_SERVICES) {
      if (down.has(spec.name)) continue;
      const svc = spec.create(ctx);
      if (!svc) continue;
      started.push(svc);
      endpoints.push(...(await svc.start()));
    }
    if (!down.has('dns')) {
      // kpasswd's SRV records name the port it bound (or, when it is down, the port it would use).
      // The same for a service the scenario lists in faults.down: its records name a port nothing listens on.
      const named = async (svc: string, port: number) => portOf(svc) ?? (port === 0 ? await freePort(listen.bind) : port);
      const kpasswd = await named('kpasswd', listen.ports.kpasswd);
      const adv = opts.advertisePorts ?? {};
      const dns = createDnsServer({
        directory: world.directory,
        ports: {
          kerberos: adv.kerberos ?? (await named('kdc', listen.ports.kerberos)),
          ldap: adv.ldap ?? (await named('ldap', listen.ports.ldap)),
          gc: adv.gc ?? (await named('gc', listen.ports.gc)),
          kpasswd: adv.kpasswd ?? kpasswd,
        },
        bind: listen.bind,
        port: listen.ports.dns,
        faults: world.faults.dns,
        faultSource: world.scenario.file,
        ...(world.scenario.entra.dnsRecords && !down.has('entra')
          ? { extra: hostRecords([...ENTRA_HOST_NAMES, ...world.scenario.entra.hostNames], world.scenario.entra.address ?? (isIPv4(listen.bind) && listen.bind !== '0.0.0.0' ? listen.bind : '127.0.0.1')) }
          : {}),
        onEvent: trace.sink('dns', () => clock.now()),
      });
      started.push(dns);
      endpoints.push(...(await dns.start()));
    }
    const adminTrace = trace.sink('admin', () => clock.now());
    const admin = new AdminServer({
      admin: new KerberosServerAdmin({ scenario: world.scenario, baseDirectory: world.directory, stores, clock, dcHostName: dc.hostName, trace: adminTrace }),
      bind: listen.bind,
      port: adminPortOf(opts),
      trace: adminTrace,
    });
    started.push(admin);
    endpoints.push(...(await admin.start()));
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.close()));
    throw err;
  }

  let closed: Promise<void> | undefined;
  return {
    world,
    listen,
    endpoints,
    trace,
    stores,
    port: portOf,
    labFile(): LabFile {
      const services: LabFile['services'] = {};
      for (const e of endpoints) {
        const name = e.name.split('/')[0];
        const entry = (services[name] ??= { host: e.host, port: e.port, protocols: [] });
        entry.protocols.push(e.protocol);
        if (e.protocol === 'http' || e.protocol === 'https') {
          // A URL is for clients to use: an unspecified bind address (0.0.0.0, ::) is reached on
          // loopback, which the lab's TLS certificate names (the unspecified address is no host name).
          const h = e.host === '0.0.0.0' ? '127.0.0.1' : e.host === '::' ? '::1' : e.host;
          entry.url = `${e.protocol}://${h.includes(':') ? `[${h}]` : h}:${e.port}`;
        }
      }
      return { scenario: world.scenario.file, bind: listen.bind, realm: world.directory.domain.realm, pid: process.pid, services };
    },
    close(): Promise<void> {
      closed ??= Promise.allSettled(started.reverse().map((s) => s.close())).then(() => undefined);
      return closed;
    },
  };
}
