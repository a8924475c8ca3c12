/**
 * The DNS SRV names DsGetDcName asks, per MS-ADTS 6.3.6.1 (DNS-based discovery) and the records a
 * DC registers (6.3.6.1; Samba's dns_update_list): the site-specific name when the client knows
 * its site, then the generic one. A KDC is looked up under `_kerberos._tcp`, a PDC under
 * `pdc._msdcs`, a global catalog under `gc._msdcs.<forest>`, any other DC under `_ldap._tcp`.
 */
import { DSGETDC } from './flags.ts';

export interface SrvQuery {
  readonly name: string;
  /** The site the name is specific to, or undefined for the generic name. */
  readonly site?: string;
  /** The SRV's service: 'ldap' (port = LDAP, ping there) or 'kerberos' (port = KDC). */
  readonly service: 'ldap' | 'kerberos';
}

/** The SRV name for one round: site-specific when `site` is given (none exists for the PDC). */
export function srvName(domain: string, forest: string, flags: number, site?: string): SrvQuery | undefined {
  const dom = domain.toLowerCase().replace(/\.$/, '');
  const sitePart = site ? `${site}._sites.` : '';
  if (flags & DSGETDC.DS_PDC_REQUIRED) return site ? undefined : { name: `_ldap._tcp.pdc._msdcs.${dom}`, service: 'ldap' };
  if (flags & DSGETDC.DS_GC_SERVER_REQUIRED) {
    const f = forest.toLowerCase().replace(/\.$/, '');
    return { name: `_ldap._tcp.${sitePart}gc._msdcs.${f}`, service: 'ldap', ...(site ? { site } : {}) };
  }
  if (flags & DSGETDC.DS_KDC_REQUIRED) return { name: `_kerberos._tcp.${sitePart}dc._msdcs.${dom}`, service: 'kerberos', ...(site ? { site } : {}) };
  return { name: `_ldap._tcp.${sitePart}dc._msdcs.${dom}`, service: 'ldap', ...(site ? { site } : {}) };
}
