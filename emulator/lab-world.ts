/**
 * One world's services: the stores built from it, the services before DNS (lab-services.ts), then
 * DNS, whose SRV records name the ports the others really got. lab.ts starts these once at start-up
 * and again on every restart (a changed scenario, a fault switch, a reset) on the same ports; the
 * admin API is not among them (it stays up across restarts).
 *
 * `pinned` are the ports of an earlier start: a restart binds exactly those. On the first start
 * every port still 0 is resolved (the bound one, else a free one for a service that is down) and
 * written back into `pinned`, so the next world's services and SRV records use the same numbers.
 */
import { createServer, isIPv4 } from 'node:net';
import type { BoundAddress, PortName, Service } from './core/service.ts';
import { skewedClock, type Clock } from './core/clock.ts';
import type { RandomSource } from './core/random.ts';
import { createDnsServer } from './dns/index.ts';
import type { AdvertisedPort } from './lab-ports.ts';
import { createLabStores, type LabStores } from './stores/lab-stores.ts';
import type { Trace } from './trace/trace.ts';
import type { DerivedKeyStore } from './kerberos/keys/derived-keys.ts';
import type { World } from './world.ts';
import { LAB_SERVICES, servingDc, type LabServiceContext } from './lab-services.ts';
import { hostRecords } from './dns/hosts.ts';
import { ENTRA_HOST_NAMES } from './entra/index.ts';

export interface WorldServicesOptions {
  readonly bind: string;
  /** The ports to bind (0 = any free port); resolved in place on the first start. */
  readonly pinned: Record<PortName, number>;
  readonly clock: Clock;
  readonly rng: RandomSource;
  readonly trace: Trace;
  readonly advertisePorts?: Partial<Record<AdvertisedPort, number>>;
  readonly keyStore?: DerivedKeyStore;
  /** Further DCs whose ping listener is not started (lower-case names). */
  readonly downDcs?: ReadonlySet<string>;
}

export interface WorldServices {
  readonly world: World;
  readonly stores: LabStores;
  readonly endpoints: readonly BoundAddress[];
  /** The serving DC's host name (KeyUpdatedFrom of the admin API's changes). */
  readonly dcHostName: string;
  port(service: string): number | undefined;
  close(): Promise<void>;
}

export async function freePort(host: string): Promise<number> {
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

/** Which bound service fills which port name. */
const SERVICE_OF: Record<PortName, string> = { dns: 'dns', kerberos: 'kdc', ldap: 'ldap', gc: 'gc', kpasswd: 'kpasswd', entra: 'entra', entraHttp: 'entra-http' };

export async function startWorldServices(world: World, o: WorldServicesOptions): Promise<WorldServices> {
  const down = new Set<string>(world.faults.down);
  const started: Service[] = [];
  const endpoints: BoundAddress[] = [];
  const portOf = (name: string): number | undefined => endpoints.find((e) => e.name.startsWith(`${name}/`))?.port;
  /** A port as bound, else as pinned, else (0: the service is down) a free one; pinned from now on. */
  const pin = async (name: PortName): Promise<number> => {
    const p = portOf(SERVICE_OF[name]) ?? (o.pinned[name] === 0 ? await freePort(o.bind) : o.pinned[name]);
    o.pinned[name] = p;
    return p;
  };

  const dc = servingDc(world);
  const stores = createLabStores(world, dc.hostName);
  const ctx: LabServiceContext = {
    world,
    directory: stores.directory,
    stores,
    bind: o.bind,
    ports: o.pinned,
    rng: o.rng,
    clock: o.clock,
    kdcClock: skewedClock(o.clock, world.faults.clockSkewSeconds.kdc * 1000),
    trace: o.trace,
    ...(o.keyStore ? { keyStore: o.keyStore } : {}),
    ...(o.downDcs ? { downDcs: o.downDcs } : {}),
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
    // The SRV records name the port each service bound, or, for one the scenario lists in
    // faults.down, the port it would use (nothing listens there).
    const named = { kerberos: await pin('kerberos'), ldap: await pin('ldap'), gc: await pin('gc'), kpasswd: await pin('kpasswd') };
    await pin('entra');
    await pin('entraHttp');
    if (!down.has('dns')) {
      const adv = o.advertisePorts ?? {};
      const dns = createDnsServer({
        directory: world.directory,
        ports: { kerberos: adv.kerberos ?? named.kerberos, ldap: adv.ldap ?? named.ldap, gc: adv.gc ?? named.gc, kpasswd: adv.kpasswd ?? named.kpasswd },
        bind: o.bind,
        port: o.pinned.dns,
        faults: world.faults.dns,
        faultSource: world.scenario.file,
        ...(world.scenario.entra.dnsRecords && !down.has('entra')
          ? { extra: hostRecords([...ENTRA_HOST_NAMES, ...world.scenario.entra.hostNames], world.scenario.entra.address ?? (isIPv4(o.bind) && o.bind !== '0.0.0.0' ? o.bind : '127.0.0.1')) }
          : {}),
        onEvent: o.trace.sink('dns', () => o.clock.now()),
      });
      started.push(dns);
      endpoints.push(...(await dns.start()));
    }
    await pin('dns');
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.close()));
    throw err;
  }
  let closed: Promise<void> | undefined;
  return {
    world,
    stores,
    endpoints,
    dcHostName: dc.hostName,
    port: portOf,
    close(): Promise<void> {
      closed ??= Promise.allSettled([...started].reverse().map((s) => s.close())).then(() => undefined);
      return closed;
    },
  };
}
