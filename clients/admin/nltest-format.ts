/**
 * What nltest.exe prints for /dsgetdc: and /dclist:, from a located DC or a DC list. Pure.
 * Formats as published outputs of Windows' nltest show them (field labels right-aligned to
 * "Our Site Name:", flag names in nltest's order, "The command completed successfully"; newer
 * nltest prints KEYLIST for 0x20000, older prints the bare 0x20000).
 */
import { DS_FLAG } from '../../emulator/ldap/netlogon/index.ts';
import type { DcInfo } from '../locator/index.ts';

/** nltest's flag names in the order it prints them (bits it has no name for print as hex). */
export const NLTEST_FLAG_NAMES: readonly (readonly [number, string])[] = [
  [DS_FLAG.DS_PDC_FLAG, 'PDC'],
  [DS_FLAG.DS_GC_FLAG, 'GC'],
  [DS_FLAG.DS_DS_FLAG, 'DS'],
  [DS_FLAG.DS_LDAP_FLAG, 'LDAP'],
  [DS_FLAG.DS_KDC_FLAG, 'KDC'],
  [DS_FLAG.DS_TIMESERV_FLAG, 'TIMESERV'],
  [DS_FLAG.DS_GOOD_TIMESERV_FLAG, 'GTIMESERV'],
  [DS_FLAG.DS_WRITABLE_FLAG, 'WRITABLE'],
  [DS_FLAG.DS_NDNC_FLAG, 'NDNC'],
  [DS_FLAG.DS_DNS_CONTROLLER_FLAG, 'DNS_DC'],
  [DS_FLAG.DS_DNS_DOMAIN_FLAG, 'DNS_DOMAIN'],
  [DS_FLAG.DS_DNS_FOREST_FLAG, 'DNS_FOREST'],
  [DS_FLAG.DS_CLOSEST_FLAG, 'CLOSE_SITE'],
  [DS_FLAG.DS_SELECT_SECRET_DOMAIN_6_FLAG, 'SELECT_SECRET'],
  [DS_FLAG.DS_FULL_SECRET_DOMAIN_6_FLAG, 'FULL_SECRET'],
  [DS_FLAG.DS_WS_FLAG, 'WS'],
  [DS_FLAG.DS_DS_8_FLAG, 'DS_8'],
  [DS_FLAG.DS_DS_9_FLAG, 'DS_9'],
  [DS_FLAG.DS_DS_10_FLAG, 'DS_10'],
  [DS_FLAG.DS_KEY_LIST_FLAG, 'KEYLIST'],
];

export function nltestFlagNames(flags: number): string[] {
  const out: string[] = [];
  let rest = flags >>> 0;
  for (const [bit, name] of NLTEST_FLAG_NAMES) {
    if ((flags & bit) >>> 0 === bit) {
      out.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  for (let bit = 1; rest !== 0; bit = (bit << 1) >>> 0) {
    if ((rest & bit) >>> 0) {
      out.push(`0x${bit.toString(16)}`);
      rest = (rest & ~bit) >>> 0;
    }
  }
  return out;
}

export const COMPLETED = 'The command completed successfully';

/** The /dsgetdc: block. */
export function formatDsGetDc(dc: DcInfo): string {
  const rows: [string, string][] = [
    ['DC', dc.domainControllerName],
    ['Address', dc.domainControllerAddress],
    ['Dom Guid', dc.domainGuid],
    ['Dom Name', dc.domainName],
    ['Forest Name', dc.dnsForestName],
    ['Dc Site Name', dc.dcSiteName],
    ['Our Site Name', dc.clientSiteName],
    ['Flags', nltestFlagNames(dc.flags).join(' ')],
  ];
  return rows.map(([k, v]) => `${`${k}:`.padStart(14)} ${v}`).join('\n') + `\n${COMPLETED}\n`;
}

/** PrintStatus as nltest writes it: `Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN`. */
export function statusText(status: number, name: string): string {
  return `Status = ${status} 0x${status.toString(16)} ${name}`;
}

export function formatDsGetDcFailure(status: number, name: string): string {
  return `Getting DC name failed: ${statusText(status, name)}\n`;
}

export interface DcListEntry {
  readonly hostName: string;
  readonly pdc: boolean;
  readonly site: string;
}

/** The /dclist: block: names right-aligned, `[PDC]` column, `[DS]`, the site. */
export function formatDcList(domainAsTyped: string, fromDc: string, dcs: readonly DcListEntry[]): string {
  const width = Math.max(0, ...dcs.map((d) => d.hostName.length));
  const lines = [`Get list of DCs in domain '${domainAsTyped}' from '\\\\${fromDc}'.`];
  for (const d of dcs) lines.push(`    ${d.hostName.padStart(width)} ${d.pdc ? '[PDC]  ' : '       '}[DS] Site: ${d.site}`);
  lines.push(COMPLETED);
  return lines.join('\n') + '\n';
}
