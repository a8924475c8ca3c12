/**
 * A SID's name as the lab's directory knows it (users, computers, groups, the domain), plus the
 * well-known SIDs a PAC carries that no directory object holds (MS-DTYP 2.4.2.4).
 */
import type { Directory } from '../../directory/model.ts';

const WELL_KNOWN: Record<string, string> = {
  'S-1-18-1': 'Authentication authority asserted identity',
  'S-1-18-2': 'Service asserted identity',
  'S-1-5-32-544': 'BUILTIN\\Administrators',
  'S-1-5-32-545': 'BUILTIN\\Users',
  'S-1-5-32-554': 'BUILTIN\\Pre-Windows 2000 Compatible Access',
  'S-1-5-11': 'Authenticated Users',
  'S-1-1-0': 'Everyone',
  'S-1-5-1000': 'Other Organization',
  'S-1-16-8192': 'Medium Mandatory Level',
  'S-1-16-12288': 'High Mandatory Level',
};

/** The name for `sid`, or undefined when neither the directory nor the well-known list has it. */
export function sidName(dir: Pick<Directory, 'principalBySid' | 'domain'>, sid: string): string | undefined {
  const p = dir.principalBySid(sid);
  if (p) return p.samAccountName;
  if (sid === dir.domain.sid) return `${dir.domain.netbiosName} (the domain)`;
  return WELL_KNOWN[sid.toUpperCase()];
}
