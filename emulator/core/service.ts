/** The lifecycle every network service of the lab follows. */
export interface BoundAddress {
  /** e.g. "kdc/tcp", "ldap/tcp", "cldap/udp", "dns/udp" */
  name: string;
  protocol: 'tcp' | 'udp' | 'http' | 'https';
  host: string;
  port: number;
}

export type ServiceState = 'new' | 'starting' | 'running' | 'closing' | 'closed';

export interface Service {
  readonly name: string;
  readonly state: ServiceState;
  /** Binds every listener; resolves once all are listening. */
  start(): Promise<BoundAddress[]>;
  /** Closes listeners and open connections; idempotent. */
  close(): Promise<void>;
}

/** Default listen address: loopback only unless the user asks otherwise. */
export const DEFAULT_BIND = '127.0.0.1';

/** Standard ports and the lab's local defaults (standard + 10000), per ARCHITECTURE.md. */
export const STANDARD_PORTS = {
  dns: 53,
  kerberos: 88,
  ldap: 389,
  gc: 3268,
  kpasswd: 464,
  entra: 443,
  entraHttp: 80,
} as const;
export type PortName = keyof typeof STANDARD_PORTS;

export function localDefaultPorts(): Record<PortName, number> {
  const out = {} as Record<PortName, number>;
  for (const [k, v] of Object.entries(STANDARD_PORTS)) out[k as PortName] = v + 10000;
  return out;
}
