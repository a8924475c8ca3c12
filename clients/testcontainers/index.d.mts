import type { StartedTestContainer, ExecResult } from 'testcontainers';

export declare const DEFAULT_IMAGE: string;
export declare const LAB_PORTS: Readonly<{ dns: 53; kerberos: 88; ldap: 389; kpasswd: 464; gc: 3268; entra: 443; entraHttp: 80 }>;

export interface LabEndpoint {
  host: string;
  port: number;
}

export interface CloudTrustLabOptions {
  /** Default: $CTLAB_IMAGE, else cloudtrust-lab:latest (`make image`). */
  image?: string;
  /**
   * 'mapped' (default): free host ports are chosen before start and the lab binds the same
   * numbers inside the container (published 1:1), so the DNS SRV records and URLs name ports that
   * work from the host and from inside (signIn()). 'container': Docker picks the host ports and
   * the lab binds the standard ones (53, 88, 389, 464, 3268, 443, 80), which the records name.
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
    /** The Entra token endpoint over HTTPS (the lab CA, caPem) and plain HTTP. */
    entraHttps: LabEndpoint;
    entraHttp: LabEndpoint;
    /** The training page (docs/training-page.md). */
    ui: LabEndpoint;
  }>;
  /** The training page on the host: http://127.0.0.1:PORT/ (one per trainee's lab). */
  readonly uiUrl: string;
  /** Base URLs of the token endpoint on the host: https://127.0.0.1:PORT, http://127.0.0.1:PORT. */
  readonly entraUrls: Readonly<{ https: string; http: string }>;
  /** The lab CA certificate (PEM) the token endpoint's HTTPS chains to (`ctlab ca`, from the scenario seed). */
  readonly caPem: string;
  /** krb5.conf text for MIT clients on the host, naming the mapped KDC port. */
  readonly krb5Conf: string;
  readonly realm: string;
  /** Milliseconds from start() to healthy. */
  readonly startupMs: number;
  exec(args: string[]): Promise<ExecResult>;
  /** `ctlab signin UPN --json` inside the container; `steps` are the per-step trace envelopes. */
  signIn(upn: string, options?: SignInOptions): Promise<SignInOutcome>;
  /** `ctlab test [files]` inside the container (needs an image whose ctlab has the `test` verb). */
  runTests(files?: string[]): Promise<{ ok: boolean; exitCode: number; output: string }>;
  logs(): Promise<string>;
  stop(): Promise<void>;
}

export interface SignInOptions {
  password?: string;
  /** Sign in with a Windows Hello key (provisioned with the password first). */
  hello?: boolean;
  /** Also get a service ticket, e.g. cifs/fs1.fabrikam.local. */
  spn?: string;
}

/** One step of the sign-in as `ctlab signin --json` prints it (a trace envelope, service 'device'). */
export interface SignInStepEnvelope {
  service: 'device';
  step: 'register' | 'nonce' | 'prt' | 'partialTgt' | 'locateDc' | 'fullTgt' | 'keyList' | 'serviceTicket' | 'asReq';
  /** 'info' for a step that did not run (detail.skipped is true). */
  verdict: 'ok' | 'error' | 'info';
  code?: string;
  fact?: string;
  detail?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface SignInOutcome {
  /** exit 0: signed in. */
  ok: boolean;
  exitCode: number;
  steps: SignInStepEnvelope[];
}
