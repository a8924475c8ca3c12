import { describe, expect, it } from 'vitest';
import { adSalt } from '../../../../emulator/kerberos/crypto/index.ts';

describe('Active Directory salts', () => {
  it('user: upper-case realm + sAMAccountName as stored (case kept)', () => {
    expect(adSalt({ realm: 'contoso.local', sAMAccountName: 'Alice.Smith', isComputer: false })).toBe('CONTOSO.LOCALAlice.Smith');
  });

  it('krbtgt accounts follow the user rule', () => {
    expect(adSalt({ realm: 'Contoso.Local', sAMAccountName: 'krbtgt', isComputer: false })).toBe('CONTOSO.LOCALkrbtgt');
    expect(adSalt({ realm: 'CONTOSO.LOCAL', sAMAccountName: 'krbtgt_AzureAD', isComputer: false })).toBe(
      'CONTOSO.LOCALkrbtgt_AzureAD',
    );
  });

  it('computer: REALM + "host" + lower-case name without "$" + "." + lower-case realm', () => {
    expect(adSalt({ realm: 'Contoso.Local', sAMAccountName: 'WS01$', isComputer: true })).toBe(
      'CONTOSO.LOCALhostws01.contoso.local',
    );
    expect(adSalt({ realm: 'CONTOSO.LOCAL', sAMAccountName: 'AzureADKerberos$', isComputer: true })).toBe(
      'CONTOSO.LOCALhostazureadkerberos.contoso.local',
    );
  });

  it('computer without a trailing "$" keeps its whole name', () => {
    expect(adSalt({ realm: 'a.b', sAMAccountName: 'DC1', isComputer: true })).toBe('A.Bhostdc1.a.b');
  });
});
