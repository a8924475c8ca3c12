/**
 * What a DC's Windows Server version implies: operatingSystem strings, build numbers and the
 * DSA's functional level (MS-ADTS 6.1.4.2 msDS-Behavior-Version), used by LDAP's rootDSE and the
 * CLDAP flags (DS_8 for 2012, DS_9 for 2012 R2, DS_10 for 2016 and later).
 */
import type { FunctionalLevel, OsInfo } from './model.ts';

const TABLE: Record<string, Omit<OsInfo, 'label'>> = {
  '2008': { operatingSystem: 'Windows Server 2008 Standard', operatingSystemVersion: '6.0 (6002)', major: 6, minor: 0, build: 6002, dcFunctionality: 3 },
  '2008R2': { operatingSystem: 'Windows Server 2008 R2 Standard', operatingSystemVersion: '6.1 (7601)', major: 6, minor: 1, build: 7601, dcFunctionality: 4 },
  '2012': { operatingSystem: 'Windows Server 2012 Standard', operatingSystemVersion: '6.2 (9200)', major: 6, minor: 2, build: 9200, dcFunctionality: 5 },
  '2012R2': { operatingSystem: 'Windows Server 2012 R2 Standard', operatingSystemVersion: '6.3 (9600)', major: 6, minor: 3, build: 9600, dcFunctionality: 6 },
  '2016': { operatingSystem: 'Windows Server 2016 Standard', operatingSystemVersion: '10.0 (14393)', major: 10, minor: 0, build: 14393, dcFunctionality: 7 },
  '2019': { operatingSystem: 'Windows Server 2019 Standard', operatingSystemVersion: '10.0 (17763)', major: 10, minor: 0, build: 17763, dcFunctionality: 7 },
  '2022': { operatingSystem: 'Windows Server 2022 Datacenter', operatingSystemVersion: '10.0 (20348)', major: 10, minor: 0, build: 20348, dcFunctionality: 7 },
  '2025': { operatingSystem: 'Windows Server 2025 Datacenter', operatingSystemVersion: '10.0 (26100)', major: 10, minor: 0, build: 26100, dcFunctionality: 10 },
};

/** "Windows Server 2012 R2", "2012 R2", "2012r2" -> "2012R2"; undefined when unknown. */
export function normalizeOsLabel(label: string): string | undefined {
  const key = label.replace(/^windows server\s*/i, '').replace(/\s+/g, '').toUpperCase();
  return key in TABLE ? key : undefined;
}

export function osInfo(label: string): OsInfo | undefined {
  const key = normalizeOsLabel(label);
  return key ? { label: key, ...TABLE[key] } : undefined;
}

/** Server 2016 and later can carry the key-list patch (KB4534307 and successors). */
export function supportsKeyList(os: OsInfo): boolean {
  return os.major >= 10;
}

/** Functional level labels of the scenario to msDS-Behavior-Version. */
export const FUNCTIONAL_LEVELS: Record<string, FunctionalLevel> = {
  '2003': 2,
  '2008': 3,
  '2008R2': 4,
  '2012': 5,
  '2012R2': 6,
  '2016': 7,
  '2025': 10,
};
