/**
 * The one trace envelope every service emits (KDC, kpasswd, LDAP, CLDAP, DNS, the Entra token
 * endpoint, the admin API) and every reader consumes (`ctlab up`'s lines, `ctlab trace`,
 * `ctlab signin`, `ctlab test`, the training page). Events never carry passwords or keys.
 *
 * Services may add their own top-level fields (peer, transport, cname, ...), but these are the
 * ones a reader can rely on.
 */
export type TraceVerdict = 'ok' | 'error' | 'info';

export interface TraceEnvelope {
  /** Which service emitted it: 'kdc', 'kpasswd', 'ldap', 'cldap', 'dns', 'entra', 'admin', 'device'. */
  readonly service: string;
  /** Milliseconds since the epoch, from the lab's clock (stamped by the trace sink). */
  readonly t?: number;
  /** The step within the service: 'AS', 'TGS', 'search', 'srv_challenge', 'prt', 'register', ... */
  readonly step: string;
  readonly verdict: TraceVerdict;
  /** The wire code's name: 'KDC_ERR_TGT_REVOKED', 'invalidCredentials', 'NXDOMAIN', 'AADSTS50126'. */
  readonly code?: string;
  /** The wire code's value: 18, 49, 3, 50126 (an HTTP status goes in detail.httpStatus). */
  readonly wire?: number;
  /** The fact that decided the verdict, in one sentence a person can act on. */
  readonly fact?: string;
  /** Structured detail for tools (never secrets). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** The envelope fields a service adds to its own event (the sink stamps service and time). */
export type EnvelopeFields = Omit<TraceEnvelope, 'service' | 't'>;
