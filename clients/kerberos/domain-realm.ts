/**
 * Which realm a service ticket is asked in, from the scenario's `client.domainRealm` (krb5.conf
 * [domain_realm]; on Windows the "Define host name-to-Kerberos realm mappings" policy): an exact
 * host entry wins, then `.suffix` for the host's own DNS domain (the host name minus its first
 * label; parents are not walked: PROTOCOL.md section 6 (d) reads the mapping this way [I]); a host
 * no entry matches gets its DNS domain upper-cased. With no mapping at all, the TGT's realm. Pure.
 */

/** The host of an SPN such as `cifs/fs1.fabrikam.local:445` (lower case, no port). */
export function spnHost(spn: string): string {
  const host = spn.split('/')[1] ?? spn;
  return host.replace(/:\d+$/, '').toLowerCase();
}

export interface RealmChoice {
  readonly realm: string;
  /** The mapping entry that decided, or why none did. */
  readonly by: string;
}

export function serviceRealm(spn: string, mapping: Readonly<Record<string, string>>, tgtRealm: string): RealmChoice {
  const entries = Object.entries(mapping).map(([k, v]) => [k.toLowerCase(), v] as const);
  if (!entries.length) return { realm: tgtRealm.toUpperCase(), by: 'no domain_realm mapping: the TGT realm' };
  const host = spnHost(spn);
  const exact = entries.find(([k]) => k === host);
  if (exact) return { realm: exact[1], by: exact[0] };
  const dot = host.indexOf('.');
  const domain = dot > 0 ? host.slice(dot + 1) : '';
  const suffix = entries.find(([k]) => k === `.${domain}`);
  if (suffix) return { realm: suffix[1], by: suffix[0] };
  return { realm: (domain || host).toUpperCase(), by: `no entry for ${host} or .${domain}: its DNS domain upper-cased` };
}
