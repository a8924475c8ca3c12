import type { StartedTestContainer, ExecResult } from 'testcontainers';

export declare const DEFAULT_IMAGE: string;
export declare const LAB_PORTS: Readonly<{ dns: 53; kerberos: 88; ldap: 389; kpasswd: 464; gc: 3268 }>;

export interface LabEndpoint {
  host: string;
  port: number;
}

export interface CloudTrustLabOptions {
  /** Default: $CTLAB_IMAGE, else cloudtrust-lab:latest (`make image`). */
  image?: string;
  /**
   * 'mapped' (default): host ports are chosen before start and the DNS SRV records name them, so
   * a host client following the records reaches the lab. 'container': Docker picks the host
   * ports and the records name the in-container ones (53, 88, 389, 464, 3268).
   */
  advertise?: 'mapped' | 'container';
  startupTimeoutMs?: number;
}

export declare class CloudTrustLabContainer {
  constructor(scenario?: string | Record<string, unknown>, options?: CloudTrustLabOptions);
  start(): Promise<StartedCloudTrustLab>;
}

export declare class StartedCloudTrustLab {
  readonly container: StartedTestContainer;
  readonly endpoints: Readonly<{
    dnsUdp: LabEndpoint;
    dnsTcp: LabEndpoint;
    kdcTcp: LabEndpoint;
    kdcUdp: LabEndpoint;
    ldapTcp: LabEndpoint;
    cldapUdp: LabEndpoint;
    gcTcp: LabEndpoint;
    kpasswdTcp: LabEndpoint;
    kpasswdUdp: LabEndpoint;
  }>;
  /** krb5.conf text for MIT clients on the host, naming the mapped KDC port. */
  readonly krb5Conf: string;
  readonly realm: string;
  /** Milliseconds from start() to healthy. */
  readonly startupMs: number;
  exec(args: string[]): Promise<ExecResult>;
  logs(): Promise<string>;
  stop(): Promise<void>;
}
