/** DS_FLAG words per OS and role (MS-ADTS 6.3.1.2; the table in emulator/ldap/netlogon/flags.ts). */
import { describe, expect, it } from 'vitest';
import type { DomainController } from '../../../../emulator/directory/model.ts';
import { osInfo } from '../../../../emulator/directory/os.ts';
import { DS_FLAG as F, dcServerFlags, flagNames } from '../../../../emulator/ldap/netlogon/index.ts';
import { multiUpnDirectory } from './fixture.ts';

const base = multiUpnDirectory().dcs[0];
function dcOf(os: string, role: { readOnly?: boolean; pdc?: boolean; gc?: boolean; keyList?: boolean }): DomainController {
  return {
    ...base,
    os: osInfo(os)!,
    readOnly: role.readOnly ?? false,
    pdc: role.pdc ?? false,
    globalCatalog: role.gc ?? false,
    keyListPatch: role.keyList ?? false,
  };
}

// Expected words written out in hex, computed by hand from the bit values of MS-ADTS 6.3.1.2.
const table: [string, string, Parameters<typeof dcOf>[1], number][] = [
  ['2008', 'writable member DC', {}, 0x00001178],
  ['2008R2', 'writable member DC (ADWS)', {}, 0x00003178],
  ['2012', 'PDC + GC', { pdc: true, gc: true }, 0x0000737d],
  ['2012R2', 'RODC + GC', { readOnly: true, gc: true }, 0x0000e87c],
  ['2016', 'PDC + GC, key-list patch', { pdc: true, gc: true, keyList: true }, 0x0003f37d],
  ['2016', 'PDC + GC, unpatched', { pdc: true, gc: true }, 0x0001f37d],
  ['2019', 'writable, not GC, patched', { keyList: true }, 0x0003f178],
  ['2022', 'RODC, patched', { readOnly: true, keyList: true }, 0x0003e878],
  ['2012R2', 'patch flag on a pre-2016 OS is ignored', { keyList: true }, 0x0000f178],
];

describe('dcServerFlags', () => {
  it.each(table)('%s %s', (os, _role, role, want) => {
    const got = dcServerFlags(dcOf(os, role));
    expect(flagNames(got)).toEqual(flagNames(want));
    expect(got).toBe(want);
  });

  it('never sets CLOSEST (per client) nor the DNS_* bits the client adds', () => {
    for (const [os, , role] of table) {
      const f = dcServerFlags(dcOf(os, role));
      expect(f & (F.DS_CLOSEST_FLAG | F.DS_DNS_CONTROLLER_FLAG | F.DS_DNS_DOMAIN_FLAG | F.DS_DNS_FOREST_FLAG)).toBe(0);
    }
  });

  it('gives the scenario DC (Windows Server 2022, PDC, GC, patched) the flags of a current Windows PDC', () => {
    expect(dcServerFlags(base)).toBe(0x0003f37d); // 0x3f3fd with DS_CLOSEST_FLAG, as nltest shows it
  });
});
