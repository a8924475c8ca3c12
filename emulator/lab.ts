/**
 * The composition root: a scenario in, running services out, with their bound addresses.
 * Services never import each other; this file is the one place that knows them all. It is also
 * the programmatic API for tests and for teams embedding the lab (`startLab`).
 *
 * Start order follows what each service advertises: the KDC and LDAP (with GC and CLDAP) bind
 * first, then DNS, whose SRV records name the ports the others really got.
 */
import { createServer } from 'node:net';
import type { BoundAddress, PortName, Service } from './core/service.ts';
import { systemClock, skewedClock, type Clock } from './core/clock.ts';
import { systemRandom, type RandomSource } from './core/random.ts';
import { createDnsServer } from './dns/index.ts';
import { resolveListen, type LabListen } from './lab-ports.ts';
import type { Scenario } from './scenario/defaults.ts';
import { loadScenario } from './scenario/load.ts';
import { Trace } from './trace/trace.ts';
import type { DerivedKeyStore } from './kerberos/keys/derived-keys.ts';
import { buildWorld, type World } from './world.ts';
import { LAB_SERVICES, type LabServiceContext } from './lab-services.ts';

export interface LabOptions {
  bind?: string;
  standardPorts?: boolean;
  /** Explicit ports (0 = any free port); CTLAB_* variables apply where these are unset. */
  ports?: Partial<Record<PortName, number>>;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  rng?: RandomSource;
  trace?: Trace;
  /** Where derived keys are remembered (e.g. a FileKeyCache); default: in memory. */
  keyStore?: DerivedKeyStore;
}

/** What `.ctlab/lab.json` holds: how other verbs and containers find a running lab. */
export interface LabFile {
  scenario: string;
  bind: string;
  realm: string;
  pid: number;
  services: Record<string, { host: string; port: number; protocols: string[] }>;
}

export interface RunningLab {
  readonly world: World;
  readonly listen: LabListen;
  readonly endpoints: readonly BoundAddress[];
  readonly trace: Trace;
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

export async function startLab(input: string | Scenario | World, opts: LabOptions = {}): Promise<RunningLab> {
  const world: World =
    typeof input === 'string' ? buildWorld(loadScenario(input)) : 'directory' in input ? input : buildWorld(input);
  const listen = resolveListen({ bind: opts.bind, standardPorts: opts.standardPorts, ports: opts.ports, env: opts.env });
  const trace = opts.trace ?? new Trace({ keep: 1000 });
  const clock = opts.clock ?? systemClock;
  const rng = opts.rng ?? systemRandom;
  const down = new Set<string>(world.faults.down);
  const started: Service[] = [];
  const endpoints: BoundAddress[] = [];
  const portOf = (name: string): number | undefined => endpoints.find((e) => e.name.startsWith(`${name}/`))?.port;

  const ctx: LabServiceContext = {
    world,
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
      const kpasswd = portOf('kpasswd') ?? (listen.ports.kpasswd === 0 ? await freePort(listen.bind) : listen.ports.kpasswd);
      const dns = createDnsServer({
        directory: world.directory,
        ports: {
          kerberos: portOf('kdc') ?? listen.ports.kerberos,
          ldap: portOf('ldap') ?? listen.ports.ldap,
          gc: portOf('gc') ?? listen.ports.gc,
          kpasswd,
        },
        bind: listen.bind,
        port: listen.ports.dns,
        faults: world.faults.dns,
        faultSource: world.scenario.file,
        onEvent: trace.sink('dns', () => clock.now()),
      });
      started.push(dns);
      endpoints.push(...(await dns.start()));
    }
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
    port: portOf,
    labFile(): LabFile {
      const services: LabFile['services'] = {};
      for (const e of endpoints) {
        const name = e.name.split('/')[0];
        const entry = (services[name] ??= { host: e.host, port: e.port, protocols: [] });
        entry.protocols.push(e.protocol);
      }
      return { scenario: world.scenario.file, bind: listen.bind, realm: world.directory.domain.realm, pid: process.pid, services };
    },
    close(): Promise<void> {
      closed ??= Promise.allSettled(started.reverse().map((s) => s.close())).then(() => undefined);
      return closed;
    },
  };
}
