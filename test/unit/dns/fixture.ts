/** A hand-made locator source for DNS unit tests that need no scenario (the builder-backed tests use scenarios/). */
import type { LocatorPorts, LocatorSource } from '../../../emulator/dns/records.ts';

export const PORTS: LocatorPorts = { kerberos: 10088, ldap: 10389, gc: 13268, kpasswd: 10464 };

type Dc = LocatorSource['dcs'][number];

export function dc(name: string, over: Partial<Dc> = {}): Dc {
  return {
    hostName: `${name}.fabrikam.local`,
    address: '127.0.0.1',
    site: 'Default-First-Site-Name',
    readOnly: false,
    globalCatalog: true,
    pdc: false,
    ntdsSettingsGuid: `0000${name.padStart(4, '0').slice(-4)}-1111-4222-8333-444455556666`,
    ...over,
  };
}

export function fabrikam(dcs: Dc[] = [dc('dc1', { pdc: true })]): LocatorSource {
  return {
    domain: { dnsName: 'fabrikam.local', forestName: 'fabrikam.local', guid: 'a1b2c3d4-0000-4000-8000-0123456789ab' },
    dcs,
  };
}
