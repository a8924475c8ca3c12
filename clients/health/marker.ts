/**
 * The name every `ctlab health` probe carries where its protocol has a name (the DNS query name,
 * the Kerberos client and ticket server, the LDAP filter, the CLDAP ping's User), so `ctlab up`
 * can leave the probes out of its readable lines: a container health check every few seconds
 * would otherwise bury the exchanges a user is looking at. The JSON trace (--trace) keeps them.
 */
export const HEALTH_PROBE_NAME = 'ctlab-health';

/** True when a trace event is a `ctlab health` probe's exchange. */
export function isHealthProbeEvent(e: object): boolean {
  return JSON.stringify(e).includes(HEALTH_PROBE_NAME);
}
