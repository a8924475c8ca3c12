/**
 * The composition root: a scenario in, running services out, with their bound addresses.
 * Services never import each other; this file is the one place that knows them all. It is also
 * the programmatic API for tests and for teams embedding the lab (`startLab`).
 *
 * Start order follows what each service advertises: the KDC and LDAP (with GC and CLDAP) bind
 * first, then DNS, whose SRV records name the ports the others really got (lab-world.ts).
 *
 * Restart in place (docs/lab-admin.md): the admin API (and the training page, which `ctlab up`
 * runs beside it) stay up; the world's services close and start again on a new scenario, on the
 * ports the first start bound. The scenario text is validated first, so a text the loader refuses
 * leaves the running lab untouched. The run-time stores are built afresh: rotated keys are lost.
 */
import { readFileSync } from 'node:fs';
import type { BoundAddress, PortName } from './core/service.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { systemRandom, type RandomSource } from './core/random.ts';
import { AdminError, AdminServer, ADMIN_PORT_ENV, DEFAULT_ADMIN_PORT, KerberosServerAdmin, type LabControl, type ScenarioSource } from './admin/index.ts';
import { parsePort, PORT_ENV, resolveListen, type AdvertisedPort, type LabListen } from './lab-ports.ts';
import type { LabStores } from './stores/lab-stores.ts';
import type { Scenario } from './scenario/defaults.ts';
import { loadScenario, parseScenarioText } from './scenario/load.ts';
import { Trace } from './trace/trace.ts';
import type { DerivedKeyStore } from './kerberos/keys/derived-keys.ts';
import { buildWorld, type World } from './world.ts';
import { startWorldServices, type WorldServices } from './lab-world.ts';

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
  /**
   * The scenario's text when `input` is an object (e.g. `ctlab up` with --only): what GET /scenario
   * shows and POST /lab/reset restarts on. A path input is read as its own source.
   */
  source?: ScenarioSource;
  /** Applied to every scenario the lab starts on, the restarts' too (`ctlab up`'s --only, --dc-address). */
  prepare?: (s: Scenario) => Scenario;
  /** Called after every restart (e.g. `ctlab up` rewrites its ready file). */
  onRestart?: (lab: RunningLab) => void;
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
  /** The running world (a new one after each restart: read it through the lab, do not keep it). */
  readonly world: World;
  readonly listen: LabListen;
  readonly endpoints: readonly BoundAddress[];
  readonly trace: Trace;
  /** The run-time stores (the admin API changes them; the services read them); new after a restart. */
  readonly stores: LabStores;
  /** The scenario, its source and the restart, as the admin API uses them. */
  readonly control: LabControl;
  /** The port a service really listens on (after port 0 was resolved). */
  port(service: string): number | undefined;
  labFile(): LabFile;
  close(): Promise<void>;
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
  const prepare = opts.prepare ?? ((s: Scenario) => s);
  const original: ScenarioSource | undefined = typeof input === 'string' ? { name: input, text: readFileSync(input, 'utf8') } : opts.source;
  let world: World =
    typeof input === 'string' ? buildWorld(prepare(loadScenario(input))) : 'directory' in input ? input : buildWorld(prepare(input));
  const ports = opts.freePorts
    ? { ...Object.fromEntries((Object.keys(PORT_ENV) as PortName[]).map((n) => [n, 0])), ...opts.ports }
    : opts.ports;
  const listen = resolveListen({ bind: opts.bind, standardPorts: opts.standardPorts, ports, env: opts.env });
  const trace = opts.trace ?? new Trace({ keep: 1000 });
  const clock = opts.clock ?? systemClock;
  const rng = opts.rng ?? systemRandom;
  /** The ports of the first start, kept for every restart (lab-world.ts resolves the 0s). */
  const pinned: Record<PortName, number> = { ...listen.ports };
  let worldOpts: Parameters<typeof startWorldServices>[1] = { bind: listen.bind, pinned, clock, rng, trace, ...(opts.advertisePorts ? { advertisePorts: opts.advertisePorts } : {}), ...(opts.keyStore ? { keyStore: opts.keyStore } : {}) };
  const adminTrace = trace.sink('admin', () => clock.now());
  const kerberosAdmin = (w: WorldServices) =>
    new KerberosServerAdmin({ scenario: w.world.scenario, baseDirectory: w.world.directory, stores: w.stores, clock, dcHostName: w.dcHostName, trace: adminTrace });

  let current = await startWorldServices(world, worldOpts);
  let kadmin = kerberosAdmin(current);
  let source = original;
  let isOriginal = true;
  let queue: Promise<unknown> = Promise.resolve();

  /** Closes the running world's services and starts `next`'s; on failure the previous world again. */
  async function swap(next: World, downDcs: readonly string[]): Promise<void> {
    const before = current;
    const beforeOpts = worldOpts;
    await before.close();
    try {
      worldOpts = { ...worldOpts, downDcs: new Set(downDcs.map((n) => n.toLowerCase())) };
      current = await startWorldServices(next, worldOpts);
    } catch (err) {
      worldOpts = beforeOpts;
      current = await startWorldServices(before.world, worldOpts);
      kadmin = kerberosAdmin(current);
      throw new AdminError('RESTART_FAILED', `the new scenario's services did not start (${(err as Error).message}); the lab runs the previous scenario again`);
    }
    world = next;
    kadmin = kerberosAdmin(current);
  }

  const control: LabControl = {
    current: () => ({ scenario: world.scenario, ...(source ? { source } : {}), original: isOriginal }),
    original: () => original,
    restart(given, toOriginal) {
      const run = async () => {
        const t0 = performance.now();
        const src = typeof given === 'function' ? given() : given;
        // Everything that can refuse the text runs before the running services close.
        const next = buildWorld(prepare(parseScenarioText(src.text, src.name)));
        void next.tenant;
        await swap(next, src.downDcs ?? []);
        source = src;
        isOriginal = toOriginal;
        opts.onRestart?.(lab);
        return { ms: Math.round(performance.now() - t0) };
      };
      const p = queue.then(run, run);
      queue = p.catch(() => undefined);
      return p;
    },
  };

  let admin: AdminServer;
  const adminEndpoints: BoundAddress[] = [];
  try {
    admin = new AdminServer({ admin: () => kadmin, lab: control, bind: listen.bind, port: adminPortOf(opts), trace: adminTrace });
    adminEndpoints.push(...(await admin.start()));
  } catch (err) {
    await current.close();
    throw err;
  }

  const endpoints = (): BoundAddress[] => [...current.endpoints, ...adminEndpoints];
  const portOf = (name: string): number | undefined => endpoints().find((e) => e.name.startsWith(`${name}/`))?.port;
  let closed: Promise<void> | undefined;
  const lab: RunningLab = {
    get world() {
      return world;
    },
    get stores() {
      return current.stores;
    },
    get endpoints() {
      return endpoints();
    },
    listen,
    trace,
    control,
    port: portOf,
    labFile(): LabFile {
      const services: LabFile['services'] = {};
      for (const e of endpoints()) {
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
      closed ??= queue.then(async () => {
        await admin.close();
        await current.close();
      });
      return closed;
    },
  };
  return lab;
}
