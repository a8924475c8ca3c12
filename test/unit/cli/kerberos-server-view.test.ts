/**
 * `ctlab kerberos-server get` prints Get-AzureADKerberosServer as PowerShell's Format-List does:
 * the sample from a public write-up of the module (Id 31787, ad.domain.tld) reproduced line for line
 * from the same values (times in UTC).
 */
import { describe, expect, it } from 'vitest';
import type { KerberosServerView } from '../../../emulator/admin/view.ts';
import { formatKerberosServer, powershellDate } from '../../../clients/cli/kerberos-server-view.ts';

const SAMPLE = `Id                 : 31787
UserAccount        : CN=krbtgt_AzureAD,CN=Users,DC=ad,DC=domain,DC=tld
ComputerAccount    : CN=AzureADKerberos,OU=Domain Controllers,DC=ad,DC=domain,DC=tld
DisplayName        : krbtgt_31787
DomainDnsName      : ad.domain.tld
KeyVersion         : 46771
KeyUpdatedOn       : 6/23/2024 8:05:44 PM
KeyUpdatedFrom     : DC01.ad.domain.tld
CloudDisplayName   : krbtgt_31787
CloudDomainDnsName : ad.domain.tld
CloudId            : 31787
CloudKeyVersion    : 46771
CloudKeyUpdatedOn  : 6/23/2024 8:05:44 PM
CloudTrustDisplay  :
`;

describe('formatKerberosServer', () => {
  it('matches the cmdlet sample', () => {
    const v: KerberosServerView = {
      Id: 31787,
      UserAccount: 'CN=krbtgt_AzureAD,CN=Users,DC=ad,DC=domain,DC=tld',
      ComputerAccount: 'CN=AzureADKerberos,OU=Domain Controllers,DC=ad,DC=domain,DC=tld',
      DisplayName: 'krbtgt_31787',
      DomainDnsName: 'ad.domain.tld',
      KeyVersion: 46771,
      KeyUpdatedOn: '2024-06-23T20:05:44.000Z',
      KeyUpdatedFrom: 'DC01.ad.domain.tld',
      CloudDisplayName: 'krbtgt_31787',
      CloudDomainDnsName: 'ad.domain.tld',
      CloudId: 31787,
      CloudKeyVersion: 46771,
      CloudKeyUpdatedOn: '2024-06-23T20:05:44.000Z',
      CloudTrustDisplay: null,
    };
    expect(formatKerberosServer(v)).toBe(SAMPLE);
  });

  it('empty Cloud* fields print as `Name :`', () => {
    const lines = formatKerberosServer({ Id: 1, KeyVersion: 2, CloudId: null, CloudKeyVersion: null } as unknown as KerberosServerView).split('\n');
    expect(lines).toContain('CloudKeyVersion    :');
    expect(lines).toContain('KeyVersion         : 2');
  });

  it.each([
    ['2024-01-01T00:00:45Z', '1/1/2024 12:00:45 AM'],
    ['2024-01-01T12:00:00Z', '1/1/2024 12:00:00 PM'],
    ['2026-12-02T17:05:09Z', '12/2/2026 5:05:09 PM'],
  ])('%s -> %s', (iso, out) => expect(powershellDate(iso)).toBe(out));
});
