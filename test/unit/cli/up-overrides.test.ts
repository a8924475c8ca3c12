/**
 * `ctlab up --only / --dc-address` (a lab split across containers) and `ctlab signin --dns`
 * (client mode): the scenario overrides and the DNS server parsing.
 */
import { describe, expect, it } from 'vitest';
import { parseDnsServer, systemDnsServer } from '../../../clients/cli/device-lab.ts';
import { applyUpOverrides, parseDcAddress, parseOnly } from '../../../clients/cli/up-overrides.ts';
import { UsageError } from '../../../emulator/core/errors.ts';
import { loadScenario } from '../../../emulator/scenario/load.ts';
import { buildWorld } from '../../../emulator/world.ts';

const scenario = loadScenario('scenarios/multi-upn-suffix.yaml');

describe('ctlab up overrides', () => {
  it('--only puts every other service in faults.down and keeps the seed', () => {
    const s = applyUpOverrides(scenario, { only: parseOnly('entra', '--only') });
    expect([...s.faults.down].sort()).toEqual(['cldap', 'dns', 'gc', 'kdc', 'kpasswd', 'ldap']);
    expect(s.seed).toBe(scenario.seed);
    expect(scenario.faults.down).toEqual([]);
  });

  it('--dc-address moves the serving DC, and the DNS A record follows', () => {
    const s = applyUpOverrides(scenario, { dcAddress: parseDcAddress('172.28.0.10', '--dc-address') });
    expect(s.dcs[0].address).toBe('172.28.0.10');
    expect(buildWorld(s).directory.dcs[0].address).toBe('172.28.0.10');
    expect(scenario.dcs[0].address).toBe('127.0.0.1');
  });

  it('rejects unknown services and non-addresses with a usage error naming the flag', () => {
    expect(() => parseOnly('entra,web', '--only')).toThrow(UsageError);
    expect(() => parseOnly('entra,web', 'CTLAB_ONLY')).toThrow(/CTLAB_ONLY: 'web' is not a lab service/);
    expect(() => parseOnly(' , ', '--only')).toThrow(UsageError);
    expect(() => parseDcAddress('dc1.fabrikam.local', '--dc-address')).toThrow(/--dc-address: expected an IPv4 or IPv6 address/);
  });
});

describe('ctlab signin --dns', () => {
  it('parses IP, IP:PORT and [v6]:PORT', () => {
    expect(parseDnsServer('172.28.0.10', '--dns')).toEqual({ host: '172.28.0.10', port: 53 });
    expect(parseDnsServer('127.0.0.1:10053', '--dns')).toEqual({ host: '127.0.0.1', port: 10053 });
    expect(parseDnsServer('[::1]:5353', '--dns')).toEqual({ host: '::1', port: 5353 });
    expect(() => parseDnsServer('dc1:53', '--dns')).toThrow(UsageError);
    expect(() => parseDnsServer('127.0.0.1:70000', '--dns')).toThrow(UsageError);
  });

  it('takes the first nameserver of resolv.conf', () => {
    expect(systemDnsServer('# generated\nsearch lab\nnameserver 127.0.0.11\nnameserver 8.8.8.8\noptions ndots:0\n')).toEqual({ host: '127.0.0.11', port: 53 });
    expect(systemDnsServer('search lab\n')).toBeUndefined();
  });
});
