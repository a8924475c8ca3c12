/**
 * The device's settings from a scenario (client section, the krb5conf-style [domain_realm]) and
 * the realm chosen for a service host: exact host entries win over the longest `.domain` suffix,
 * no entry leaves the client's own realm (krb5.conf(5) [domain_realm]).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deviceSettings, realmForHost, scenarioPassword, spnHost } from '../../../clients/device/index.ts';
import { loadScenario } from '../../../emulator/scenario/load.ts';

const ROOT = join(import.meta.dirname, '../../..');

describe('device settings from a scenario', () => {
  it('multi-upn-suffix: the client section and a domain_realm entry per name', () => {
    const s = loadScenario(join(ROOT, 'scenarios/multi-upn-suffix.yaml'));
    expect(deviceSettings(s)).toEqual({
      dcLocatorHint: 'onPremisesDomainName',
      joinType: 'hybrid',
      deviceName: 'ws1',
      domainRealm: {
        '.fabrikam.local': 'FABRIKAM.LOCAL',
        'fabrikam.local': 'FABRIKAM.LOCAL',
        '.contoso.com': 'FABRIKAM.LOCAL',
        'contoso.com': 'FABRIKAM.LOCAL',
        '.east.contoso.com': 'FABRIKAM.LOCAL',
        'east.contoso.com': 'FABRIKAM.LOCAL',
      },
    });
    expect(scenarioPassword(s, 'BOB@east.contoso.com')).toBe('Bob-Passw0rd!');
    expect(scenarioPassword(s, 'nobody@contoso.com')).toBeUndefined();
  });

  it("a cloud-only user's password is the tenant's", () => {
    const s = loadScenario(join(ROOT, 'test/fixtures/device-lab.yaml'));
    expect(scenarioPassword(s, 'zoe@contoso.com')).toBe('Zoe-Passw0rd!');
  });
});

describe('realm for a service host', () => {
  const map = { '.contoso.com': 'CONTOSO.COM', '.east.contoso.com': 'FABRIKAM.LOCAL', 'special.contoso.com': 'OTHER.REALM' };
  it.each([
    ['fs1.east.contoso.com', 'FABRIKAM.LOCAL', '.east.contoso.com'],
    ['web.contoso.com', 'CONTOSO.COM', '.contoso.com'],
    ['special.contoso.com', 'OTHER.REALM', 'special.contoso.com'],
    ['FS1.EAST.CONTOSO.COM.', 'FABRIKAM.LOCAL', '.east.contoso.com'],
  ])('%s -> %s (entry %s)', (host, realm, entry) => {
    expect(realmForHost(host, map, 'FABRIKAM.LOCAL')).toEqual({ realm, entry });
  });
  it('no entry: the client realm', () => {
    expect(realmForHost('fs1.fabrikam.local', map, 'fabrikam.local')).toEqual({ realm: 'FABRIKAM.LOCAL' });
  });
  it('the SPN host drops the service and the port', () => {
    expect(spnHost('MSSQLSvc/sql1.fabrikam.local:1433')).toBe('sql1.fabrikam.local');
    expect(spnHost('krbtgt')).toBeUndefined();
  });
});
