/**
 * The DS_FLAG word a DC puts in its ping answer (MS-ADTS 6.3.1.2, set per 6.3.3.2), derived from
 * the DC's role and operating system in the directory:
 *
 *   flag                              set when
 *   DS_PDC_FLAG                       the DC holds the PDC emulator role
 *   DS_GC_FLAG                        the DC is a global catalog
 *   DS_LDAP_FLAG, DS_DS_FLAG,
 *   DS_KDC_FLAG, DS_TIMESERV_FLAG     always (every AD DC runs LDAP, the DS, the KDC and W32Time)
 *   DS_CLOSEST_FLAG                   per request: the client is in the DC's site (see answer.ts)
 *   DS_WRITABLE_FLAG                  writable DC
 *   DS_GOOD_TIMESERV_FLAG             PDC emulator (the forest root PDC is the reliable time source)
 *   DS_SELECT_SECRET_DOMAIN_6_FLAG    read-only DC
 *   DS_FULL_SECRET_DOMAIN_6_FLAG      writable DC (Windows Server 2008 or later)
 *   DS_WS_FLAG                        Windows Server 2008 R2 or later (AD Web Services)
 *   DS_DS_8_FLAG                      Windows Server 2012 (6.2) or later
 *   DS_DS_9_FLAG                      Windows Server 2012 R2 (6.3) or later
 *   DS_DS_10_FLAG                     Windows Server 2016 (10.0) or later
 *   DS_KEY_LIST_FLAG                  key-list patch per the scenario, on 2016 or later
 *
 * DS_DNS_CONTROLLER/DOMAIN/FOREST_FLAG are not set: a DC does not claim them in the ping (Samba's
 * netlogon code notes that Windows Server 2008 R2 does not), the client adds them. Pure.
 */
import type { DomainController, OsInfo } from '../../directory/model.ts';
import { DS_FLAG as F } from './constants.ts';

function atLeast(os: OsInfo, major: number, minor: number): boolean {
  return os.major > major || (os.major === major && os.minor >= minor);
}

/** Every flag of the DC except DS_CLOSEST_FLAG, which depends on the client. */
export function dcServerFlags(dc: DomainController): number {
  let f = F.DS_LDAP_FLAG | F.DS_DS_FLAG | F.DS_KDC_FLAG | F.DS_TIMESERV_FLAG;
  if (dc.pdc) f |= F.DS_PDC_FLAG | F.DS_GOOD_TIMESERV_FLAG;
  if (dc.globalCatalog) f |= F.DS_GC_FLAG;
  if (dc.readOnly) f |= F.DS_SELECT_SECRET_DOMAIN_6_FLAG;
  else f |= F.DS_WRITABLE_FLAG | F.DS_FULL_SECRET_DOMAIN_6_FLAG;
  if (atLeast(dc.os, 6, 1)) f |= F.DS_WS_FLAG;
  if (atLeast(dc.os, 6, 2)) f |= F.DS_DS_8_FLAG;
  if (atLeast(dc.os, 6, 3)) f |= F.DS_DS_9_FLAG;
  if (atLeast(dc.os, 10, 0)) {
    f |= F.DS_DS_10_FLAG;
    if (dc.keyListPatch) f |= F.DS_KEY_LIST_FLAG;
  }
  return f >>> 0;
}

/** Flag names set in a DS_FLAG word, in bit order (for traces and test messages). */
export function flagNames(flags: number): string[] {
  return Object.entries(F)
    .filter(([, bit]) => (flags & bit) >>> 0 === bit)
    .map(([name]) => name);
}
