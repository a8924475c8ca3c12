/**
 * Node 22 as a real client: its resolver (c-ares, stricter than Node 20's: it rejects a compressed
 * SRV target with EBADRESP) resolves every SRV name of the lab's DC locator, and the ctlab command
 * itself runs on Node 22.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorld } from '../../emulator/world.ts';
import { locatorRecords } from '../../emulator/dns/records.ts';
import { createDnsServer, type DnsServer } from '../../emulator/dns/server.ts';
import { oldestNodeBinary } from '../support/runtimes.ts';

const PORTS = { kerberos: 10088, ldap: 10389, gc: 13268, kpasswd: 10464 };
const world = loadWorld('scenarios/multi-upn-suffix.yaml');
const srvNames = [
  ...new Set(locatorRecords(world.directory, PORTS).records.filter((r) => r.data.type === 'SRV').map((r) => r.name)),
];

let server: DnsServer;
let port: number;
const node22 = oldestNodeBinary();

beforeAll(async () => {
  server = createDnsServer({ directory: world.directory, ports: PORTS, port: 0 });
  [{ port }] = await server.start();
});
afterAll(async () => {
  await server?.close();
});

// Runs in the Node 22 process: resolves each name and prints the answers (or the error code) as JSON.
const RESOLVER = `
const { Resolver } = require('node:dns').promises;
const r = new Resolver({ timeout: 2000, tries: 1 });
r.setServers([process.argv[1]]);
(async () => {
  const out = {};
  for (const name of JSON.parse(process.argv[2])) {
    try { out[name] = await r.resolveSrv(name); } catch (e) { out[name] = { error: e.code }; }
  }
  process.stdout.write(JSON.stringify({ version: process.version, out }));
})();
`;

describe('Node 22 as a client of the lab', () => {
  it('is really Node 22', () => {
    expect(execFileSync(node22, ['--version'], { encoding: 'utf8' }).trim()).toMatch(/^v22\./);
  });

  it(`resolves all ${srvNames.length} SRV names of multi-upn-suffix.yaml to the lab's ports`, async () => {
    expect(srvNames.length).toBeGreaterThan(15);
    // Asynchronous: the DNS server runs in this process and must keep answering.
    const { stdout } = await promisify(execFile)(node22, ['-e', RESOLVER, `127.0.0.1:${port}`, JSON.stringify(srvNames)], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    const { version, out } = JSON.parse(stdout) as { version: string; out: Record<string, unknown> };
    expect(version).toMatch(/^v22\./);
    for (const name of srvNames) {
      const answers = out[name] as { name: string; port: number; priority: number; weight: number }[];
      expect(Array.isArray(answers), `${name}: ${JSON.stringify(out[name])}`).toBe(true);
      expect(answers.map((a) => a.name)).toEqual(['dc1.fabrikam.local']);
      const expected = name.startsWith('_kerberos.')
        ? PORTS.kerberos
        : name.startsWith('_gc.') || name.includes('.gc._msdcs.')
          ? PORTS.gc
          : name.startsWith('_kpasswd.')
            ? PORTS.kpasswd
            : PORTS.ldap;
      expect(answers[0].port, name).toBe(expected);
    }
  });

  it('runs the ctlab command (ctlab validate on every shipped scenario)', () => {
    const res = spawnSync(node22, ['bin/ctlab.mjs', 'validate', 'scenarios/baseline.yaml', 'scenarios/multi-upn-suffix.yaml'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });
});
