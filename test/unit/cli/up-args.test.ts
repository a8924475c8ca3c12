/**
 * `ctlab up` option handling: exit code 2 for bad usage (before anything listens), and how the
 * listen settings resolve (flag > CTLAB_* variable > --standard-ports > standard port + 10000).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../clients/cli/main.ts';
import { UsageError } from '../../../emulator/core/errors.ts';
import { resolveListen } from '../../../emulator/lab-ports.ts';

afterEach(() => vi.restoreAllMocks());

function quiet(): void {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
}

describe('ctlab up usage errors', () => {
  it.each([
    [['up', '--bogus']],
    [['up', '--kdc-port', 'eighty-eight']],
    [['up', '--ldap-port', '70000']],
    [['up', 'a.yaml', 'b.yaml']],
    [['up', '--no-key-cache', '--key-cache', '/tmp/x']],
    [['up', '--ui-port', 'ninety']],
    [['up', '--no-ui', '--ui-port', '0']],
    [['up', '--no-ui', '--ui-show-secrets']],
    [['up', '--ui-bind', 'everywhere']],
    [['up', '--no-ui', '--ui-bind', '0.0.0.0']],
    [['keytab', '-o', '/tmp/x']],
  ])('%j exits 2', async (argv) => {
    quiet();
    expect(await main(argv)).toBe(2);
  });

  it('--help exits 0', async () => {
    quiet();
    expect(await main(['up', '--help'])).toBe(0);
  });

  it('an unknown verb exits 2', async () => {
    quiet();
    expect(await main(['frobnicate'])).toBe(2);
  });
});

describe('listen settings', () => {
  it('defaults to loopback and the standard ports + 10000', () => {
    expect(resolveListen({})).toEqual({
      bind: '127.0.0.1',
      ports: { dns: 10053, kerberos: 10088, ldap: 10389, gc: 13268, kpasswd: 10464, entra: 10443, entraHttp: 10080 },
    });
  });

  it('--standard-ports, then CTLAB_* variables, then flags take precedence in that order', () => {
    const l = resolveListen({
      standardPorts: true,
      env: { CTLAB_KDC_PORT: '1088', CTLAB_LDAP_PORT: '1389', CTLAB_BIND: '127.0.0.2' },
      ports: { ldap: 2389 },
    });
    expect(l.bind).toBe('127.0.0.2');
    expect(l.ports).toEqual({ dns: 53, kerberos: 1088, ldap: 2389, gc: 3268, kpasswd: 464, entra: 443, entraHttp: 80 });
  });

  it('refuses a port variable that is not a port', () => {
    expect(() => resolveListen({ env: { CTLAB_DNS_PORT: '53x' } })).toThrow(UsageError);
  });
});
