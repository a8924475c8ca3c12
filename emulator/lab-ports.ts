import { UsageError } from './core/errors.ts';
import { DEFAULT_BIND, STANDARD_PORTS, localDefaultPorts, type PortName } from './core/service.ts';

/**
 * Where the lab listens. Every port is configurable: a flag, a CTLAB_* variable, or the
 * `--standard-ports` switch; the local default is the standard port + 10000 (no root needed).
 * 0 asks the OS for a free port (tests); CLDAP always shares the LDAP port number on UDP.
 */
export interface LabListen {
  bind: string;
  ports: Record<PortName, number>;
}

export const PORT_ENV: Record<PortName, string> = {
  dns: 'CTLAB_DNS_PORT',
  kerberos: 'CTLAB_KDC_PORT',
  ldap: 'CTLAB_LDAP_PORT',
  gc: 'CTLAB_GC_PORT',
  kpasswd: 'CTLAB_KPASSWD_PORT',
  entra: 'CTLAB_ENTRA_PORT',
  entraHttp: 'CTLAB_ENTRA_HTTP_PORT',
};

export function parsePort(value: string, what: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${what}: expected a port number 0..65535, got '${value}'`);
  const n = Number(value);
  if (n > 65535) throw new UsageError(`${what}: expected a port number 0..65535, got ${n}`);
  return n;
}

/**
 * Resolves the listen settings: explicit values win over CTLAB_* variables, which win over
 * `standardPorts`, which wins over the local defaults.
 */
export function resolveListen(opts: {
  bind?: string;
  standardPorts?: boolean;
  ports?: Partial<Record<PortName, number>>;
  env?: NodeJS.ProcessEnv;
}): LabListen {
  const env = opts.env ?? {};
  const base: Record<PortName, number> = opts.standardPorts ? { ...STANDARD_PORTS } : localDefaultPorts();
  const ports = { ...base };
  for (const name of Object.keys(PORT_ENV) as PortName[]) {
    const fromEnv = env[PORT_ENV[name]];
    if (fromEnv !== undefined && fromEnv !== '') ports[name] = parsePort(fromEnv, PORT_ENV[name]);
    const explicit = opts.ports?.[name];
    if (explicit !== undefined) ports[name] = explicit;
  }
  return { bind: opts.bind ?? (env.CTLAB_BIND || DEFAULT_BIND), ports };
}

/** The SRV-record ports `--advertise-ports` can override (the DNS port itself is never advertised). */
export const ADVERTISED_PORTS = ['kerberos', 'ldap', 'gc', 'kpasswd'] as const;
export type AdvertisedPort = (typeof ADVERTISED_PORTS)[number];

/**
 * `kerberos=N,ldap=N,gc=N,kpasswd=N` (any subset) as ports the DC-locator SRV records name instead
 * of the ports the lab bound: for a lab behind a port mapping (a container whose ports the host
 * maps elsewhere), so clients outside follow the records to ports that reach it.
 */
export function parseAdvertisePorts(value: string, what: string): Partial<Record<AdvertisedPort, number>> {
  const out: Partial<Record<AdvertisedPort, number>> = {};
  for (const part of value.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^([a-z]+)=(.*)$/.exec(part);
    const name = m?.[1] as AdvertisedPort | undefined;
    if (!m || !name || !(ADVERTISED_PORTS as readonly string[]).includes(name)) {
      throw new UsageError(`${what}: expected NAME=PORT pairs separated by commas, NAME one of ${ADVERTISED_PORTS.join(', ')}; got '${part}'`);
    }
    const port = parsePort(m[2], `${what} ${name}`);
    if (port === 0) throw new UsageError(`${what} ${name}: 0 is not a port a client can reach`);
    out[name] = port;
  }
  return out;
}
