/**
 * The DNS DC locator seen by real resolvers: dig (bind9-dnsutils) for every DC-locator name of
 * scenarios/multi-upn-suffix.yaml over UDP and TCP, zone data, negative answers and faults; and
 * Node's own resolver (c-ares, dns.promises.Resolver) for the SRV answers, whose wire bytes must
 * hold no compression pointer in the target (RFC 2782; Node 22's parser rejects one).
 */
import { promises as dnsPromises } from 'node:dns';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirectory } from '../../emulator/directory/build.ts';
import type { DnsEvent } from '../../emulator/dns/handler.ts';
import { locatorRecords } from '../../emulator/dns/records.ts';
import type { ResourceRecord } from '../../emulator/dns/rr.ts';
import { createDnsServer, type DnsServer } from '../../emulator/dns/server.ts';
import { TYPE } from '../../emulator/dns/wire.ts';
import { parseScenarioText } from '../../emulator/scenario/load.ts';
import { UdpProbe } from '../../clients/dns/index.ts';
import { query } from '../unit/dns/respond.ts';
import { srvTargetUncompressed, walkMessage } from '../unit/dns/walk.ts';
import { dig, requireDig, type DigResult } from './dig.support.ts';

// The lab's local default ports (ARCHITECTURE.md), which the SRV records must advertise.
const PORTS = { kerberos: 10088, ldap: 10389, gc: 13268, kpasswd: 10464 };
const FAULTS = `
faults:
  dns:
    - { name: _kerberos._tcp.dc._msdcs.fabrikam.local, action: nxdomain }
    - { name: _ldap._tcp.pdc._msdcs.fabrikam.local, type: SRV, action: servfail }
    - { name: gc._msdcs.fabrikam.local, action: drop }
`;
const plain = parseScenarioText(readFileSync('scenarios/multi-upn-suffix.yaml', 'utf8'), 'scenarios/multi-upn-suffix.yaml');
// The shipped scenario plus faults, as a user would write them in a copy of it.
const withFaults = parseScenarioText(readFileSync('scenarios/multi-upn-suffix.yaml', 'utf8') + FAULTS, 'multi-upn-suffix+faults.yaml');
const directory = buildDirectory(plain);
const zone = locatorRecords(directory, PORTS);
/** Every owner name with its RRsets. */
const rrsets = new Map<string, ResourceRecord[]>();
for (const rr of zone.records) {
  const key = `${rr.name} ${rr.data.type}`;
  rrsets.set(key, [...(rrsets.get(key) ?? []), rr]);
}

let server: DnsServer;
let port: number;
let faultServer: DnsServer;
let faultPort: number;
const events: DnsEvent[] = [];
const faultEvents: DnsEvent[] = [];

beforeAll(async () => {
  requireDig();
  expect(plain.faults.dns).toEqual([]);
  server = createDnsServer({ directory, ports: PORTS, port: 0, onEvent: (e) => events.push(e) });
  [{ port }] = await server.start();
  faultServer = createDnsServer({
    directory: buildDirectory(withFaults),
    ports: PORTS,
    port: 0,
    faults: withFaults.faults.dns,
    faultSource: withFaults.file,
    onEvent: (e) => faultEvents.push(e),
  });
  [{ port: faultPort }] = await faultServer.start();
});
afterAll(async () => {
  await server?.close();
  await faultServer?.close();
});

/** What dig should print as rdata for one of our records. */
function digRdata(rr: ResourceRecord): string[] {
  const d = rr.data;
  switch (d.type) {
    case 'SRV':
      return [String(d.priority), String(d.weight), String(d.port), `${d.target}.`];
    case 'A':
    case 'AAAA':
      return [d.address];
    case 'CNAME':
      return [`${d.target}.`];
    case 'NS':
      return [`${d.host}.`];
    case 'SOA':
      return [`${d.mname}.`, `${d.rname}.`, ...[d.serial, d.refresh, d.retry, d.expire, d.minimum].map(String)];
  }
}

function expectAuthoritative(r: DigResult, status = 'NOERROR'): void {
  expect(r.exitCode).toBe(0);
  expect(r.status).toBe(status);
  expect(r.flags).toContain('qr');
  expect(r.flags).toContain('aa');
  expect(r.flags).not.toContain('ra');
  expect(r.flags).not.toContain('tc');
}

describe.each([
  ['UDP', [] as string[]],
  ['TCP', ['+tcp']],
])('dig over %s: every DC-locator name of multi-upn-suffix.yaml', (transport, extra) => {
  it(`answers all ${rrsets.size} RRsets authoritatively with the lab's data`, async () => {
    // 21 SRV names, 5 A names, the DSA CNAME, SOA and NS of both zones.
    expect(rrsets.size).toBe(31);
    const before = events.length;
    for (const [key, rrs] of rrsets) {
      const [name, type] = key.split(' ');
      const r = await dig(port, [...extra, name, type]);
      expectAuthoritative(r);
      const got = r.answer.filter((a) => a.type === type).map((a) => [a.name.toLowerCase(), a.ttl, a.rdata.join(' ')]);
      const want = rrs.map((rr) => [rr.name.toLowerCase(), rr.ttl, digRdata(rr).join(' ')]);
      expect(got.sort(), key).toEqual(want.sort());
    }
    const mine = events.slice(before);
    expect(mine).toHaveLength(rrsets.size);
    expect(new Set(mine.map((e) => e.transport))).toEqual(new Set([transport.toLowerCase()]));
  });

  it('SRV records point at the lab ports: _kerberos, _ldap, _gc, _kpasswd', async () => {
    const cases: [string, number][] = [
      ['_kerberos._tcp.fabrikam.local', PORTS.kerberos],
      ['_kerberos._udp.fabrikam.local', PORTS.kerberos],
      ['_ldap._tcp.dc._msdcs.fabrikam.local', PORTS.ldap],
      ['_gc._tcp.fabrikam.local', PORTS.gc],
      ['_kpasswd._udp.fabrikam.local', PORTS.kpasswd],
    ];
    for (const [name, p] of cases) {
      const r = await dig(port, [...extra, name, 'SRV']);
      expectAuthoritative(r);
      expect(r.answer.map((a) => a.rdata)).toEqual([['0', '100', String(p), 'dc1.fabrikam.local.']]);
    }
  });

  it('CNAME of the DSA GUID, followed to the A record', async () => {
    const cname = `${directory.dcs[0].ntdsSettingsGuid}._msdcs.fabrikam.local`;
    const r = await dig(port, [...extra, cname, 'A']);
    expectAuthoritative(r);
    expect(r.answer.map((a) => [a.name, a.type, a.rdata.join(' ')])).toEqual([
      [cname, 'CNAME', 'dc1.fabrikam.local.'],
      ['dc1.fabrikam.local', 'A', '127.0.0.1'],
    ]);
  });

  it('SOA for both zones; NXDOMAIN with the SOA for an unknown name; REFUSED outside', async () => {
    for (const apex of ['fabrikam.local', '_msdcs.fabrikam.local']) {
      const r = await dig(port, [...extra, apex, 'SOA']);
      expectAuthoritative(r);
      expect(r.answer.map((a) => [a.name, a.type, a.rdata[0]])).toEqual([[apex, 'SOA', 'dc1.fabrikam.local.']]);
    }
    const nx = await dig(port, [...extra, 'no-such-host.fabrikam.local', 'A']);
    expectAuthoritative(nx, 'NXDOMAIN');
    expect(nx.answer).toEqual([]);
    expect(nx.authority.map((a) => [a.name, a.type])).toEqual([['fabrikam.local', 'SOA']]);
    const nodata = await dig(port, [...extra, 'dc1.fabrikam.local', 'SRV']);
    expectAuthoritative(nodata, 'NOERROR');
    expect(nodata.answer).toEqual([]);
    expect(nodata.authority.map((a) => a.type)).toEqual(['SOA']);
    const refused = await dig(port, [...extra, 'example.org', 'A']);
    expect(refused.status).toBe('REFUSED');
    expect(refused.flags).not.toContain('aa');
    expect(refused.flags).not.toContain('ra');
  });

  it('faults: NXDOMAIN for a name the scenario removes, SERVFAIL, and no reply for a dropped name', async () => {
    // Unfaulted, these names answer normally (checked above); with the faults:
    const nx = await dig(faultPort, [...extra, '_kerberos._tcp.dc._msdcs.fabrikam.local', 'SRV']);
    expectAuthoritative(nx, 'NXDOMAIN');
    expect(nx.answer).toEqual([]);
    const sf = await dig(faultPort, [...extra, '_ldap._tcp.pdc._msdcs.fabrikam.local', 'SRV']);
    expect(sf.exitCode).toBe(0);
    expect(sf.status).toBe('SERVFAIL');
    // The SERVFAIL rule is for SRV only: the name's other types are untouched (NODATA here).
    expectAuthoritative(await dig(faultPort, [...extra, '_ldap._tcp.pdc._msdcs.fabrikam.local', 'A']));
    const dropped = await dig(faultPort, [...extra, '+time=1', 'gc._msdcs.fabrikam.local', 'A']);
    expect(dropped.exitCode).toBe(9);
    expect(dropped.status).toBeUndefined();
    const faults = faultEvents.filter((e) => e.fault && e.transport === transport.toLowerCase()).map((e) => [e.name, e.fault, e.rcode]);
    expect(faults).toEqual([
      ['_kerberos._tcp.dc._msdcs.fabrikam.local', 'nxdomain', 'NXDOMAIN'],
      ['_ldap._tcp.pdc._msdcs.fabrikam.local', 'servfail', 'SERVFAIL'],
      ['gc._msdcs.fabrikam.local', 'drop', null],
    ]);
  });
});

describe("Node's resolver (c-ares) and the SRV wire bytes", () => {
  const srvNames = [...rrsets.keys()].filter((k) => k.endsWith(' SRV')).map((k) => k.split(' ')[0]);

  it(`dns.promises.Resolver (Node ${process.versions.node}) resolves every SRV name to the lab ports`, async () => {
    const resolver = new dnsPromises.Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`127.0.0.1:${port}`]);
    for (const name of srvNames) {
      // Node 26 adds `type: 'SRV'` to each record; the comparison is on the SRV fields.
      const got = (await resolver.resolveSrv(name)).map(({ name: n, port: p, priority, weight }) => ({ name: n, port: p, priority, weight }));
      const want = rrsets.get(`${name} SRV`)!.map((rr) => (rr.data.type === 'SRV' ? { name: rr.data.target, port: rr.data.port, priority: 0, weight: 100 } : {}));
      expect(got, name).toEqual(want);
    }
    expect(await resolver.resolveSoa('fabrikam.local')).toMatchObject({ nsname: 'dc1.fabrikam.local', hostmaster: 'hostmaster.fabrikam.local' });
    await expect(resolver.resolve4('no-such-host.fabrikam.local')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolver.resolve4('example.org')).rejects.toMatchObject({ code: 'EREFUSED' });
  });

  it('no SRV target carries a compression pointer, so Node 22 (strict RFC 2782) accepts them', async () => {
    const udp = await UdpProbe.open(port);
    let checked = 0;
    for (const [i, name] of srvNames.entries()) {
      const reply = await udp.exchange(query(name, TYPE.SRV, { id: 100 + i, edns: 1232 }));
      expect(reply, name).not.toBeNull();
      const srv = walkMessage(reply!).rrs.filter((r) => r.type === TYPE.SRV);
      expect(srv.length, name).toBeGreaterThan(0);
      for (const rr of srv) {
        expect(srvTargetUncompressed(reply!, rr), name).toBe(true);
        checked++;
      }
    }
    udp.close();
    expect(checked).toBe(srvNames.length);
  });
});

describe('truncation: an answer larger than 512 octets', () => {
  const many = `
name: many-dcs
domain: { dnsName: big.example }
dcs:
${Array.from({ length: 24 }, (_, i) => `  - { name: dc${i + 1}, address: 10.1.0.${i + 1} }`).join('\n')}
`;
  let big: DnsServer;
  let bigPort: number;
  beforeAll(async () => {
    big = createDnsServer({ directory: buildDirectory(parseScenarioText(many, 'many-dcs.yaml')), ports: PORTS, port: 0 });
    [{ port: bigPort }] = await big.start();
  });
  afterAll(() => big?.close());

  it('sets TC over UDP without EDNS, and dig gets all 24 over TCP', async () => {
    const udp = await dig(bigPort, ['+noedns', '+ignore', '_ldap._tcp.big.example', 'SRV']);
    expect(udp.status).toBe('NOERROR');
    expect(udp.flags).toContain('tc');
    expect(udp.answer).toEqual([]);
    // Without +ignore dig retries the truncated answer over TCP by itself.
    const retried = await dig(bigPort, ['+noedns', '_ldap._tcp.big.example', 'SRV']);
    expect(retried.flags).not.toContain('tc');
    expect(retried.answer).toHaveLength(24);
    const tcp = await dig(bigPort, ['+tcp', '_ldap._tcp.big.example', 'SRV']);
    expect(tcp.answer.map((a) => a.rdata[3]).sort()).toEqual(Array.from({ length: 24 }, (_, i) => `dc${i + 1}.big.example.`).sort());
  });
});
