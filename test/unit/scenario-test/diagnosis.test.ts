// The diagnosis (clients/diagnosis): the scenario settings behind a failed step, read from the
// shipped scenario files. Assertions are on the setting paths and values, not the prose.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose, formatDiagnosis } from '../../../clients/diagnosis/index.ts';
import { loadScenario } from '../../../emulator/scenario/load.ts';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';

const DIR = join(import.meta.dirname, '../../../scenarios');
const load = (f: string) => loadScenario(join(DIR, f));
const settings = (d: ReturnType<typeof diagnose>) => d.findings.map((f) => f.setting);

describe('diagnose', () => {
  it('KDC_ERR_TGT_REVOKED for a Domain Admin names the NeverReveal list and the groups that hit', () => {
    const d = diagnose(load('multi-upn-suffix.yaml'), 'carol', { step: 'fullTgt', code: 'KDC_ERR_TGT_REVOKED', wire: 20 });
    expect(settings(d)).toEqual(['azureADKerberos.neverReveal']);
    expect(d.findings[0].why).toContain('Domain Admins');
    expect(d.findings[0].why).toContain('users[2].groups');
  });
  it('KDC_ERR_TGT_REVOKED for a scenario group on the list names that group', () => {
    const d = diagnose(load('east-never-reveal.yaml'), 'bob@east.contoso.com', { step: 'fullTgt', code: 'KDC_ERR_TGT_REVOKED' });
    expect(settings(d)).toEqual(['azureADKerberos.neverReveal']);
    expect(d.findings[0].why).toMatch(/contains East Admins;/);
  });
  it('KDC_ERR_TGT_REVOKED for a user listed on NeverReveal itself (the Break it switch) names the list', () => {
    const s = load('multi-upn-suffix.yaml');
    const never = [...(s.azureADKerberos.neverReveal ?? []), 'alice'];
    const d = diagnose({ ...s, azureADKerberos: { ...s.azureADKerberos, neverReveal: never } }, 'alice@contoso.com', { step: 'fullTgt', code: 'KDC_ERR_TGT_REVOKED' });
    expect(d.findings.map((f) => [f.setting, f.value])).toEqual([['azureADKerberos.neverReveal', never]]);
    expect(d.findings[0].why).toContain('alice itself');
  });
  it('KDC_ERR_TGT_REVOKED for a user outside Domain Users names the primary group', () => {
    const d = diagnose(load('user-outside-domain-users.yaml'), 'dan', { step: 'fullTgt', code: 'KDC_ERR_TGT_REVOKED' });
    expect(d.findings.map((f) => [f.setting, f.value])).toEqual([['users[2].primaryGroup', 'Contractors']]);
  });
  it('an ordinary user gets no finding for KDC_ERR_TGT_REVOKED', () => {
    expect(diagnose(load('multi-upn-suffix.yaml'), 'alice', { step: 'fullTgt', code: 'KDC_ERR_TGT_REVOKED' }).findings).toEqual([]);
  });
  it('KRB_AP_ERR_BAD_INTEGRITY at fullTgt names KeyVersion against CloudKeyVersion', () => {
    const d = diagnose(load('key-rotated-on-prem-only.yaml'), 'alice', { step: 'fullTgt', code: 'KRB_AP_ERR_BAD_INTEGRITY', wire: 31 });
    expect(d.findings.map((f) => [f.setting, f.value])).toEqual([
      ['azureADKerberos.keyVersion', 4],
      ['tenant.kerberosDomain.password', '(secret)'],
    ]);
    // One rotation: the cloud key is AD's N-1, so only the version differs.
    const once = diagnose(load('key-rotated-once-out-of-band.yaml'), 'alice', { step: 'fullTgt', code: 'KRB_AP_ERR_BAD_INTEGRITY' });
    expect(settings(once)).toEqual(['azureADKerberos.keyVersion']);
  });
  it('NXDOMAIN at locateDc names client.dcLocatorHint: upnSuffix only for the suffix that is not the domain', () => {
    const s = load('upn-suffix-locator-hint.yaml');
    expect(diagnose(s, 'bob', { step: 'locateDc', code: 'NXDOMAIN', wire: 3 }).findings.map((f) => [f.setting, f.value])).toEqual([['client.dcLocatorHint', 'upnSuffix']]);
    expect(diagnose(s, 'alice', { step: 'locateDc', code: 'NXDOMAIN' }).findings).toEqual([]);
  });
  it('ERROR_NO_SUCH_DOMAIN with only unpatched DCs names keyListPatch', () => {
    expect(settings(diagnose(load('old-dcs-only.yaml'), 'alice', { step: 'locateDc', code: 'ERROR_NO_SUCH_DOMAIN', wire: 1355 }))).toEqual(['dcs[].keyListPatch']);
  });
  it('cloud-side and AD-side disabled accounts name the side that disables them', () => {
    const s = load('disabled-account.yaml');
    expect(diagnose(s, 'frank', { step: 'prt', code: 'AADSTS50057' }).findings.map((f) => [f.setting, f.value])).toEqual([['users[2].enabled', false]]);
    expect(diagnose(s, 'gina', { step: 'fullTgt', code: 'KDC_ERR_CLIENT_REVOKED' }).findings.map((f) => [f.setting, f.value])).toEqual([['users[3].enabled', false]]);
  });
  it('the remaining scenario failures each map to their setting', () => {
    const cases: [string, string, string, string, string[]][] = [
      ['clock-skew.yaml', 'alice', 'fullTgt', 'KRB_AP_ERR_SKEW', ['faults.clockSkewSeconds.kdc']],
      ['password-expired.yaml', 'alice', 'fullTgt', 'KDC_ERR_KEY_EXPIRED', ['users[0].passwordExpired']],
      ['not-synced-user.yaml', 'erin', 'prt', 'AADSTS50034', ['tenant.users[0].synced']],
      ['cloud-fields-empty.yaml', 'alice', 'partialTgt', 'KerberosDomainNotFound', ['tenant.kerberosDomain.present']],
      ['east-missing-onprem-attributes.yaml', 'bob', 'partialTgt', 'OnPremisesAttributesMissing', ['tenant.users[0].onPremisesSamAccountName', 'tenant.users[0].onPremisesDomainName'].sort()],
      ['east-upn-suffix-unpublished.yaml', 'bob', 'asReq', 'KDC_ERR_C_PRINCIPAL_UNKNOWN', ['upnSuffixes']],
      ['dc-unreachable.yaml', 'alice', 'fullTgt', 'KDC_UNREACHABLE', ['faults.down']],
    ];
    for (const [file, user, step, code, want] of cases) {
      expect([file, settings(diagnose(load(file), user, { step, code })).sort()]).toEqual([file, want]);
    }
  });
  it('a service ticket in the wrong realm names client.domainRealm; the right realm gives nothing', () => {
    const s = load('east-domain-realm.yaml');
    const bad = diagnose(s, 'bob', { step: 'serviceTicket', code: 'KDC_ERR_S_PRINCIPAL_UNKNOWN' }, 'cifs/fs2.east.contoso.com');
    expect(settings(bad)).toEqual(['client.domainRealm']);
    expect(bad.findings[0].why).toContain('EAST.CONTOSO.COM');
    expect(diagnose(s, 'alice', { step: 'serviceTicket', code: 'KDC_ERR_S_PRINCIPAL_UNKNOWN' }, 'cifs/fs1.contoso.com').findings).toEqual([]);
  });
  it('an unknown code or user gives no finding, and the text says so', () => {
    const s = parseScenarioText('domain: { dnsName: fabrikam.local }\n', 'x.yaml');
    const d = diagnose(s, 'nobody', { step: 'prt', code: 'AADSTS99999' });
    expect(d.findings).toEqual([]);
    expect(formatDiagnosis(d)[1]).toContain('none of the scenario');
  });
});

describe('diagnose an LDAP bind refusal by the data code AD puts in its message', () => {
  const fact = (data: string) => `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563`;
  it('data 533 (disabled) and 773 (must change password) name the user settings', () => {
    expect(settings(diagnose(load('disabled-account.yaml'), 'gina', { step: 'ldapBind', code: 'invalidCredentials', wire: 49, fact: fact('533') }))).toEqual(['users[3].enabled']);
    expect(settings(diagnose(load('password-expired.yaml'), 'alice', { step: 'ldapBind', code: 'invalidCredentials', wire: 49, fact: fact('773') }))).toEqual(['users[0].passwordExpired']);
  });
  it('data 52e (a wrong password) names no setting', () => {
    expect(diagnose(load('password-expired.yaml'), 'alice', { step: 'ldapBind', code: 'invalidCredentials', fact: fact('52e') }).findings).toEqual([]);
  });
});
