/**
 * Bounded, seeded fuzzing of the DC locator as a client: a DNS server that answers its SRV query
 * with mutated replies (the lab's own reply, bit-flipped, truncated, ...), and a "DC" that answers
 * its LDAP ping with mutated Netlogon replies. The locator must never throw for what the network
 * sends: it ends with ok or with ERROR_NO_SUCH_DOMAIN, and every failed step names a code.
 */
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DSGETDC, locateDc } from '../../clients/locator/index.ts';
import { DnsFaults } from '../../emulator/dns/faults.ts';
import { handleMessage } from '../../emulator/dns/handler.ts';
import { ZoneIndex } from '../../emulator/dns/lookup.ts';
import { locatorRecords } from '../../emulator/dns/records.ts';
import { handleDatagram } from '../../emulator/ldap/cldap/handler.ts';
import { dc, fabrikam } from '../unit/dns/fixture.ts';
import { multiUpnDirectory } from '../unit/ldap/netlogon/fixture.ts';
import { bitFlip, deleteRun, FuzzRng, insertBytes, LENGTH_OCTETS, mutate, randomByte, setByteFrom, truncate } from '../support/mutate.ts';

const ROUNDS = 60;
const MUTATORS = [bitFlip, truncate, setByteFrom(LENGTH_OCTETS), insertBytes(8), deleteRun(4), randomByte];

let dnsSock: Socket;
let dcSock: Socket;
let dnsPort: number;
let dcPort: number;
/** What the next reply does: 'clean' answers as the lab would; otherwise mutated by `rng`. */
let mode: { dns: boolean; dc: boolean } = { dns: false, dc: false };
const rng = new FuzzRng('locator-fuzz');

function bind(onMsg: (m: Uint8Array, reply: (b: Uint8Array) => void) => void): Promise<Socket> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.on('message', (m, r) => onMsg(new Uint8Array(m), (b) => s.send(b, r.port, r.address)));
    s.bind(0, '127.0.0.1', () => resolve(s));
  });
}

beforeAll(async () => {
  const dir = multiUpnDirectory();
  dcSock = await bind((m, reply) => {
    const clean = handleDatagram({ directory: dir, dc: dir.dcs[0], clientAddress: '127.0.0.1' }, m).reply;
    if (!clean) return;
    reply(mode.dc ? mutate(rng, clean, MUTATORS, 3) : clean);
  });
  dcPort = dcSock.address().port;
  const index = new ZoneIndex(locatorRecords(fabrikam([dc('dc1', { pdc: true })]), { kerberos: 88, ldap: dcPort, gc: 3268, kpasswd: 464 }));
  dnsSock = await bind((m, reply) => {
    const clean = handleMessage(m, 'udp', index, new DnsFaults([])).reply;
    if (!clean) return;
    // Keep the id so the resolver reads the mutated reply rather than waiting for another.
    const out = mode.dns ? mutate(rng, clean, MUTATORS, 3) : clean;
    if (out.length >= 2) out.set(m.subarray(0, 2), 0);
    reply(out);
  });
  dnsPort = dnsSock.address().port;
});

afterAll(() => {
  dnsSock?.close();
  dcSock?.close();
});

describe('locateDc under mutated DNS and Netlogon replies', () => {
  it('finds dc1 when nothing is mutated (the harness works)', async () => {
    mode = { dns: false, dc: false };
    const r = await locateDc({ dns: { host: '127.0.0.1', port: dnsPort }, domain: 'fabrikam.local', timeoutMs: 200 });
    expect(r.ok && r.dc.hostName).toBe('dc1.fabrikam.local');
  });

  for (const m of [{ dns: true, dc: false }, { dns: false, dc: true }] as const) {
    it(`never throws across ${ROUNDS} mutated ${m.dns ? 'DNS' : 'Netlogon'} replies; every failed step has a code`, async () => {
      mode = m;
      const outcomes = new Map<string, number>();
      for (let i = 0; i < ROUNDS; i++) {
        const r = await locateDc({ dns: { host: '127.0.0.1', port: dnsPort }, domain: 'fabrikam.local', flags: DSGETDC.DS_DIRECTORY_SERVICE_REQUIRED, timeoutMs: 150 });
        for (const e of r.trace) if (e.verdict === 'error') expect(typeof e.code === 'string' && e.code !== '').toBe(true);
        const key = r.ok ? 'ok' : `${r.statusName}:${r.trace.filter((e) => e.verdict === 'error').map((e) => e.code).join(',')}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        if (!r.ok) expect(r.status).toBe(1355);
      }
      // The mutations must have broken something, or the run tested nothing.
      expect([...outcomes.keys()].some((k) => k !== 'ok')).toBe(true);
    });
  }
});
