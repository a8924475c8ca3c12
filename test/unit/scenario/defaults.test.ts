import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../emulator/scenario/load.ts';
import { MINIMAL } from './helpers.ts';

describe('derived defaults', () => {
  const s = parseScenarioText('domain:\n  dnsName: Corp.Example.com\nusers:\n  - sam: dave\n', 'tiny.yaml');

  it('names the scenario after its file and fills domain identity from the DNS name', () => {
    expect(s.name).toBe('tiny');
    expect(s.domain.dnsName).toBe('corp.example.com');
    expect(s.domain.netbiosName).toBe('CORP');
    expect(s.domain.sid).toMatch(/^S-1-5-21-\d+-\d+-\d+$/);
    expect(s.seed).toBe('corp.example.com');
  });

  it('gives a small lab one writable 2022 DC at 127.0.0.1 in the default site', () => {
    expect(s.dcs).toHaveLength(1);
    expect(s.dcs[0]).toMatchObject({ name: 'dc1', address: '127.0.0.1', os: '2022', readOnly: false, keyListPatch: true, rodcPacRequestorEnforced: true, site: 'Default-First-Site-Name' });
  });

  it('derives UPN, display name and a password per account, stable across loads', () => {
    expect(s.users[0].upn).toBe('dave@corp.example.com');
    expect(s.users[0].displayName).toBe('dave');
    const again = parseScenarioText('domain:\n  dnsName: Corp.Example.com\nusers:\n  - sam: dave\n', 'tiny.yaml');
    expect(again).toEqual(s);
    expect(s.users[0].secret.password).not.toBe(s.builtin.krbtgt.password);
  });

  it('derives an AzureADKerberos id in 1..65535 and a KerberosDomain that mirrors AD', () => {
    const az = s.azureADKerberos;
    expect(az.present).toBe(true);
    expect(az.id).toBeGreaterThanOrEqual(1);
    expect(az.id).toBeLessThanOrEqual(65535);
    const kd = s.tenant.kerberosDomain;
    expect(kd).toMatchObject({ present: true, domainDnsName: 'corp.example.com', id: az.id });
    expect(kd.secret).toEqual(az.secret);
  });

  it('turns routable suffixes into verified managed tenant domains, but not .local ones', () => {
    expect(s.tenant.domains.map((d) => d.name)).toEqual(['corp.example.com']);
    const f = parseScenarioText(MINIMAL, 'm.yaml');
    expect(f.tenant.domains.map((d) => d.name)).toEqual(['contoso.com']);
    expect(f.tenant.domains[0].default).toBe(true);
  });

  it('keeps the cloud key apart when the file gives the KerberosDomain its own password', () => {
    const f = parseScenarioText(`${MINIMAL}azureADKerberos:\n  id: 7\n  password: ad-key\n  keyVersion: 5\ntenant:\n  kerberosDomain:\n    password: cloud-key\n    keyVersion: 6\n`, 'd.yaml');
    expect(f.azureADKerberos.secret).toMatchObject({ password: 'ad-key', keyVersion: 5 });
    expect(f.tenant.kerberosDomain.secret).toMatchObject({ password: 'cloud-key', keyVersion: 6 });
  });

  it('does not let two derived RODC numbers collide', () => {
    const f = parseScenarioText(`${MINIMAL}dcs:\n  - name: dc1\n  - name: r1\n    readOnly: true\n  - name: r2\n    readOnly: true\n`, 'r.yaml');
    const numbers = [f.azureADKerberos.id, ...f.dcs.flatMap((d) => (d.rodcNumber ? [d.rodcNumber] : []))];
    expect(numbers).toHaveLength(3);
    expect(new Set(numbers).size).toBe(3);
  });
});
