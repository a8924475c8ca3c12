/**
 * The locator when the network misbehaves the way a scenario's faults make it: an SRV name the
 * DNS server drops (TIMEOUT), answers SERVFAIL or NXDOMAIN for, and a DC whose CLDAP is down
 * (SRV found, no ping answered). Each ends in ERROR_NO_SUCH_DOMAIN with the fact that decided it.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DSGETDC, locateDc } from '../../../clients/locator/index.ts';
import { startLab, type RunningLab } from '../../../emulator/lab.ts';
import { loadScenario } from '../../../emulator/scenario/load.ts';
import type { Scenario } from '../../../emulator/scenario/defaults.ts';
import { SCENARIOS } from './lab.ts';

let lab: RunningLab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

async function withFaults(faults: Partial<Scenario['faults']>): Promise<{ dns: { host: string; port: number }; ldapPort: number }> {
  const s = loadScenario(join(SCENARIOS, 'multi-upn-suffix.yaml'));
  lab = await startLab({ ...s, faults: { ...s.faults, ...faults } }, { ports: { dns: 0, kerberos: 0, ldap: 0, gc: 0, kpasswd: 0, entra: 0 }, freePorts: true, env: {} });
  return { dns: { host: '127.0.0.1', port: lab.port('dns')! }, ldapPort: lab.port('ldap') ?? 1 };
}

const SRV = '_kerberos._tcp.dc._msdcs.fabrikam.local';

describe('locateDc under scenario faults', () => {
  for (const [action, code] of [
    ['drop', 'TIMEOUT'],
    ['servfail', 'SERVFAIL'],
    ['nxdomain', 'NXDOMAIN'],
  ] as const) {
    it(`an SRV name the DNS server answers with '${action}' is ${code} at dns-srv, then 1355`, async () => {
      const ends = await withFaults({ dns: [{ name: SRV, type: 'SRV', action }] });
      const r = await locateDc({ ...ends, domain: 'fabrikam.local', flags: DSGETDC.DS_KDC_REQUIRED, timeoutMs: 300 });
      expect(r.ok).toBe(false);
      expect(r.trace[0]).toMatchObject({ step: 'dns-srv', verdict: 'error', code, detail: { name: SRV } });
      expect(r.trace.at(-1)).toMatchObject({ step: 'select', code: 'ERROR_NO_SUCH_DOMAIN', wire: 1355 });
      expect(r.ok === false && r.fact).toContain('returned no SRV records');
    });
  }

  it('SRV found but CLDAP down: every ping times out and the fact says none answered', async () => {
    const ends = await withFaults({ down: ['cldap'] });
    const r = await locateDc({ ...ends, domain: 'fabrikam.local', flags: DSGETDC.DS_KDC_REQUIRED, timeoutMs: 300 });
    expect(r.ok).toBe(false);
    const pings = r.trace.filter((e) => e.step === 'cldap-ping');
    expect(pings.length).toBeGreaterThan(0);
    expect(pings.every((e) => e.verdict === 'error' && e.code === 'TIMEOUT')).toBe(true);
    expect(r.ok === false && r.fact).toBe('1 DC(s) found in DNS for fabrikam.local, none answered the LDAP ping');
  });
});
