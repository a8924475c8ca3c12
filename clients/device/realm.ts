/**
 * Which realm a service host belongs to, the way MIT's [domain_realm] decides it (krb5.conf(5)):
 * an exact host entry wins, then the longest `.domain` suffix entry; with no entry the client's
 * own realm (Windows asks its own KDC first and follows referrals). `ctlab krb5conf` writes the
 * mapping the lab's scenario implies (the AD domain and every UPN suffix to the realm); a scenario
 * that maps only `.contoso.com` sends a service in east.contoso.com to another realm. Pure.
 */
export type DomainRealmMap = Readonly<Record<string, string>>;

/** The mapping `ctlab krb5conf` writes for a domain and its UPN suffixes. */
export function defaultDomainRealm(realm: string, domain: string, upnSuffixes: readonly string[] = []): DomainRealmMap {
  const out: Record<string, string> = {};
  for (const d of new Set([domain, ...upnSuffixes].map((x) => x.toLowerCase()))) {
    out[`.${d}`] = realm.toUpperCase();
    out[d] = realm.toUpperCase();
  }
  return out;
}

/** The host part of an SPN: cifs/fs1.fabrikam.local -> fs1.fabrikam.local (port and service name dropped). */
export function spnHost(spn: string): string | undefined {
  const parts = spn.split('/');
  if (parts.length < 2 || parts[1] === '') return undefined;
  return parts[1].replace(/:\d+$/, '').toLowerCase();
}

export function realmForHost(host: string, map: DomainRealmMap, fallback: string): { realm: string; entry?: string } {
  const h = host.toLowerCase().replace(/\.$/, '');
  const entries = Object.entries(map).map(([k, v]) => [k.toLowerCase(), v] as const);
  const exact = entries.find(([k]) => k === h);
  if (exact) return { realm: exact[1], entry: exact[0] };
  let best: readonly [string, string] | undefined;
  for (const e of entries) if (e[0].startsWith('.') && h.endsWith(e[0]) && (!best || e[0].length > best[0].length)) best = e;
  return best ? { realm: best[1], entry: best[0] } : { realm: fallback.toUpperCase() };
}
