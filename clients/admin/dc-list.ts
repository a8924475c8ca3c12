/**
 * The DC list `nltest /dclist:` prints, read over LDAP from a DC the way DsGetDomainControllerInfo
 * reports it: one server object per DC under CN=Sites of the configuration NC (dNSHostName, the
 * site from the DN), the PDC being the server whose NTDS Settings the domain's fSMORoleOwner
 * names. The AzureADKerberos object has no server object, so it is not listed (as in AD).
 */
import { ClientError } from '../errors.ts';
import type { LdapConnection } from '../ldap/search.ts';
import type { DcListEntry } from './nltest-format.ts';

export interface RootDse {
  readonly defaultNamingContext: string;
  readonly configurationNamingContext: string;
  readonly dnsHostName: string;
}

const first = (m: ReadonlyMap<string, readonly string[]>, k: string): string => m.get(k.toLowerCase())?.[0] ?? '';

export async function readRootDse(conn: LdapConnection): Promise<RootDse> {
  const r = await conn.search({ base: '', scope: 'base', filter: '(objectClass=*)', attributes: ['defaultNamingContext', 'configurationNamingContext', 'dnsHostName'] });
  const e = r.entries[0];
  if (!e) throw new ClientError('ldap', 'UNEXPECTED_REPLY', `no rootDSE entry (${r.result.resultName})`, { peer: conn.peer });
  return { defaultNamingContext: first(e.attributes, 'defaultNamingContext'), configurationNamingContext: first(e.attributes, 'configurationNamingContext'), dnsHostName: first(e.attributes, 'dnsHostName') };
}

/** `CN=DC1,CN=Servers,CN=HQ,CN=Sites,...` → `HQ`. */
export function siteOfServerDn(dn: string): string {
  const parts = dn.split(/,(?=\s*CN=)/i).map((p) => p.trim().replace(/^CN=/i, ''));
  return parts[2] ?? '';
}

/** Lists the domain's DCs from a bound connection. */
export async function readDcList(conn: LdapConnection, root: RootDse): Promise<DcListEntry[]> {
  const dom = await conn.search({ base: root.defaultNamingContext, scope: 'base', attributes: ['fSMORoleOwner'] });
  if (dom.result.resultCode !== 0) throw new ClientError('ldap', 'UNEXPECTED_REPLY', `reading ${root.defaultNamingContext}: ${dom.result.resultName} ${dom.result.diagnosticMessage}`, { peer: conn.peer });
  const pdcNtds = first(dom.entries[0]?.attributes ?? new Map(), 'fSMORoleOwner').toLowerCase();
  const servers = await conn.search({ base: `CN=Sites,${root.configurationNamingContext}`, scope: 'sub', filter: '(objectClass=server)', attributes: ['dNSHostName', 'serverReference'] });
  if (servers.result.resultCode !== 0) throw new ClientError('ldap', 'UNEXPECTED_REPLY', `searching CN=Sites: ${servers.result.resultName}`, { peer: conn.peer });
  return servers.entries
    .filter((e) => first(e.attributes, 'dNSHostName') !== '')
    .map((e) => ({ hostName: first(e.attributes, 'dNSHostName'), pdc: `cn=ntds settings,${e.dn}`.toLowerCase() === pdcNtds, site: siteOfServerDn(e.dn) }));
}
