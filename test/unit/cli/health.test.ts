/**
 * `ctlab health` against a lab started in this process on free ports: every service the lab file
 * lists answers its own protocol's probe, every probe's trace event carries the marker that keeps
 * it out of `ctlab up`'s lines, a port where nothing listens fails, and the verb's exit codes.
 * --advertise-ports: parsing and the SRV records it changes.
 */
import { Resolver } from 'node:dns/promises';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../clients/cli/main.ts';
import { checkLab, probeHost } from '../../../clients/health/check.ts';
import { HEALTH_PROBE_NAME, isHealthProbeEvent } from '../../../clients/health/marker.ts';
import { UsageError } from '../../../emulator/core/errors.ts';
import { parseAdvertisePorts } from '../../../emulator/lab-ports.ts';
import { startLab, type RunningLab } from '../../../emulator/lab.ts';
import { Trace } from '../../../emulator/trace/trace.ts';

const SCENARIO = resolve(import.meta.dirname, '../../../scenarios/multi-upn-suffix.yaml');
const ANY = { dns: 0, kerberos: 0, ldap: 0, gc: 0, kpasswd: 0 };

let lab: RunningLab;
let dir: string;
beforeAll(async () => {
  lab = await startLab(SCENARIO, { bind: '127.0.0.1', ports: ANY, freePorts: true, env: {}, trace: new Trace({ keep: 1000 }) });
  dir = mkdtempSync(join(tmpdir(), 'ctlab-health-'));
});
afterAll(async () => {
  await lab.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => vi.restoreAllMocks());

describe('health probes', () => {
  it('every listed service and transport answers its protocol', async () => {
    const results = await checkLab(lab.labFile(), 3000);
    const got = Object.fromEntries(results.map((r) => [`${r.service}/${r.protocol}`, r.ok ? r.detail : `FAILED ${r.detail}`]));
    expect(got).toEqual({
      'kdc/tcp': 'KRB-ERROR 6', // KDC_ERR_C_PRINCIPAL_UNKNOWN for ctlab-health
      'kdc/udp': 'KRB-ERROR 6',
      'kpasswd/tcp': 'KRB-ERROR 60', // KRB_ERR_GENERIC carrying the kpasswd result
      'kpasswd/udp': 'KRB-ERROR 60',
      'ldap/tcp': 'searchResDone success (0)',
      'gc/tcp': 'searchResDone success (0)',
      'cldap/udp': 'searchResEntry',
      'dns/udp': 'NXDOMAIN',
      'dns/tcp': 'NXDOMAIN',
      'admin/http': 'HTTP 404 NOT_FOUND', // GET /ctlab-health: the admin API's own error document
      'entra/https': 'HTTP 400 invalid_request', // GET /ctlab-health/.well-known/...: no such tenant, as Entra answers
      'entra-http/http': 'HTTP 400 invalid_request',
    });
  });

  it("marks every probe's trace event, and nothing else", async () => {
    const before = lab.trace.events().length;
    await checkLab(lab.labFile(), 3000);
    const events = lab.trace.events().slice(before);
    expect(new Set(events.map((e) => e.service))).toEqual(new Set(['kdc', 'kpasswd', 'ldap', 'cldap', 'dns', 'admin', 'entra']));
    expect(events.filter((e) => !isHealthProbeEvent(e))).toEqual([]);
    expect(isHealthProbeEvent({ service: 'kdc', client: 'alice@FABRIKAM.LOCAL' })).toBe(false);
    expect(isHealthProbeEvent({ service: 'dns', name: `${HEALTH_PROBE_NAME}.fabrikam.local` })).toBe(true);
  });

  it('fails a service whose port has no listener', async () => {
    const file = lab.labFile();
    const closed = { ...file, services: { ...file.services, kdc: { ...file.services.kdc, port: 1 } } };
    const results = await checkLab(closed, 1000);
    expect(results.filter((r) => !r.ok).map((r) => `${r.service}/${r.protocol}`).sort()).toEqual(['kdc/tcp', 'kdc/udp']);
  });

  it('probes a wildcard bind on loopback', () => {
    expect(probeHost('0.0.0.0')).toBe('127.0.0.1');
    expect(probeHost('::')).toBe('::1');
    expect(probeHost('10.1.2.3')).toBe('10.1.2.3');
  });
});

describe('ctlab health verb', () => {
  it('exits 0 for the running lab, 1 without a ready file or for a gone pid, 2 for usage', async () => {
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const ready = join(dir, 'lab.json');
    writeFileSync(ready, JSON.stringify(lab.labFile()));
    expect(await main(['health', '--lab', ready])).toBe(0);
    expect(await main(['health', '--lab', join(dir, 'missing.json')])).toBe(1);
    const gone = join(dir, 'gone.json');
    writeFileSync(gone, JSON.stringify({ ...lab.labFile(), pid: 2 ** 22 + 1 }));
    expect(await main(['health', '--lab', gone])).toBe(1);
    expect(await main(['health', '--timeout', 'soon'])).toBe(2);
  });
});

describe('--advertise-ports', () => {
  it('parses NAME=PORT pairs and refuses anything else', () => {
    expect(parseAdvertisePorts('kerberos=32768, ldap=32769,gc=32770,kpasswd=32771', 'x')).toEqual({ kerberos: 32768, ldap: 32769, gc: 32770, kpasswd: 32771 });
    for (const bad of ['dns=53', 'kerberos', 'kerberos=0', 'kerberos=70000', 'kdc=88']) {
      expect(() => parseAdvertisePorts(bad, '--advertise-ports')).toThrow(UsageError);
    }
  });

  it('makes the SRV records name the advertised ports instead of the bound ones', async () => {
    const other = await startLab(SCENARIO, { bind: '127.0.0.1', ports: ANY, freePorts: true, env: {}, advertisePorts: { kerberos: 40088, gc: 43268 } });
    try {
      // c-ares (node:dns) as the client.
      const resolver = new Resolver({ timeout: 2000, tries: 1 });
      resolver.setServers([`127.0.0.1:${other.port('dns')}`]);
      const dnsQuery = async (name: string) => (await resolver.resolveSrv(name)).map((r) => r.port);
      expect(await dnsQuery('_kerberos._tcp.fabrikam.local')).toEqual([40088]);
      expect(await dnsQuery('_gc._tcp.fabrikam.local')).toEqual([43268]);
      expect(await dnsQuery('_ldap._tcp.fabrikam.local')).toEqual([other.port('ldap')]);
    } finally {
      await other.close();
    }
  });
});
