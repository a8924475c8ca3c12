/**
 * Bounded, seeded fuzzing of the DNS service over UDP and TCP: random and mutated messages. Each
 * one must get FORMERR (or NOTIMP / a normal answer when the mutation left a decodable query) or
 * no reply at all, and the server must answer a valid query right after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsServer, type DnsServer } from '../../emulator/dns/server.ts';
import { DecodeError } from '../../emulator/core/errors.ts';
import { decodeHeader, decodeQuery, OPCODE, RCODE, TYPE } from '../../emulator/dns/wire.ts';
import { dc, fabrikam, PORTS } from '../unit/dns/fixture.ts';
import { TcpProbe, UdpProbe } from '../../clients/dns/index.ts';
import { query } from '../unit/dns/respond.ts';
import { walkMessage } from '../unit/dns/walk.ts';
import { FuzzRng } from '../support/mutate.ts';

const ITERATIONS = 400;
const SEEDS = [
  query('_ldap._tcp.dc._msdcs.fabrikam.local', TYPE.SRV, { edns: 1232 }),
  query('dc1.fabrikam.local', TYPE.A),
  query('0000-dc1-1111-4222-8333-444455556666._msdcs.fabrikam.local', TYPE.CNAME, { edns: 4096 }),
  query('fabrikam.local', TYPE.ANY),
];

class Gen {
  private readonly rnd: FuzzRng;
  constructor(rnd: FuzzRng) {
    this.rnd = rnd;
  }
  int(n: number): number {
    return this.rnd.int(n);
  }
  /** A random message or a mutation of a valid query (bit flips, byte edits, cuts, inserts, counts). */
  message(): Uint8Array {
    if (this.int(4) === 0) return this.rnd.bytes(this.int(600));
    const m = Array.from(SEEDS[this.int(SEEDS.length)]);
    const edits = 1 + this.int(4);
    for (let e = 0; e < edits; e++) {
      const at = this.int(m.length || 1);
      switch (this.int(6)) {
        case 0:
          m[at] ^= 1 << this.int(8);
          break;
        case 1:
          m[at] = this.int(256);
          break;
        case 2:
          m.length = this.int(m.length + 1);
          break;
        case 3:
          m.splice(at, 0, ...this.rnd.bytes(1 + this.int(8)));
          break;
        case 4:
          // A header count (QD/AN/NS/AR) set to something odd.
          m[4 + 2 * this.int(4) + 1] = [0, 1, 2, 0xff][this.int(4)];
          break;
        default:
          // A label length byte made into a pointer or a reserved label type.
          m[at] = [0xc0, 0x40, 0x80, 0x3f][this.int(4)];
      }
    }
    // Keep QR clear most of the time so the decoder, not the QR check, is exercised.
    if (m.length > 2 && this.int(8) !== 0) m[2] &= 0x7f;
    return new Uint8Array(m);
  }
}

/** What the server must do with `msg`: null = no reply; else the allowed RCODEs. */
function expectation(msg: Uint8Array): number[] | null {
  if (msg.length < 12) return null;
  const h = decodeHeader(msg);
  if (h.qr) return null;
  if (h.opcode !== OPCODE.QUERY) return [RCODE.NOTIMP];
  try {
    decodeQuery(msg);
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return [RCODE.FORMERR];
  }
  return [RCODE.NOERROR, RCODE.NXDOMAIN, RCODE.REFUSED, RCODE.NOTIMP, RCODE.FORMERR];
}

function rcodeOf(reply: Uint8Array): number {
  // Extended RCODE (BADVERS) shows as 0 in the header; count it as NOERROR-class "answered".
  return reply[3] & 0xf;
}

let server: DnsServer;
let port: number;
beforeAll(async () => {
  server = createDnsServer({ directory: fabrikam([dc('dc1', { pdc: true }), dc('dc2')]), ports: PORTS, port: 0 });
  [{ port }] = await server.start();
});
afterAll(() => server.close());

const probe = (id: number): Uint8Array => query('_kerberos._tcp.fabrikam.local', TYPE.SRV, { id });

function checkProbe(reply: Uint8Array | null, id: number): void {
  expect(reply).not.toBeNull();
  const h = decodeHeader(reply!);
  expect([h.id, h.rcode, h.ancount]).toEqual([id, RCODE.NOERROR, 2]);
}

describe('DNS fuzz (seeded, bounded)', () => {
  it(`UDP: ${ITERATIONS} random/mutated datagrams, each followed by a valid query`, async () => {
    const g = new Gen(new FuzzRng('dns-fuzz-udp'));
    const udp = await UdpProbe.open(port);
    const counts = { dropped: 0, formerr: 0, other: 0 };
    for (let i = 0; i < ITERATIONS; i++) {
      const msg = g.message();
      const want = expectation(msg);
      // A probe id that differs from the fuzz message's, so the two replies cannot be confused.
      const probeId = msg.length >= 2 ? ((msg[0] << 8) | msg[1]) ^ 0x8000 : 0x8000;
      const ctx = `iteration ${i}: ${Buffer.from(msg).toString('hex')}`;
      // Same socket, in order: a reply to the fuzz message arrives before the probe's.
      udp.send(msg);
      udp.send(probe(probeId));
      const first = await udp.next();
      if (want === null) {
        // Not answered: the first datagram back is the probe's reply.
        checkProbe(first, probeId);
        counts.dropped++;
        continue;
      }
      expect(first, ctx).not.toBeNull();
      const reply = first!;
      expect((reply[0] << 8) | reply[1], ctx).toBe((msg[0] << 8) | msg[1]);
      expect(want, ctx).toContain(rcodeOf(reply));
      expect(reply[2] & 0x80, ctx).toBe(0x80);
      expect(walkMessage(reply).end, ctx).toBe(reply.length);
      if (rcodeOf(reply) === RCODE.FORMERR) counts.formerr++;
      else counts.other++;
      checkProbe(await udp.next(), probeId);
    }
    udp.close();
    // The generator must exercise every branch, or the test proves little.
    expect(counts.dropped).toBeGreaterThan(10);
    expect(counts.formerr).toBeGreaterThan(50);
    expect(counts.other).toBeGreaterThan(10);
  });

  it(`TCP: ${ITERATIONS} framed random/mutated messages on one connection, then broken framing`, async () => {
    const g = new Gen(new FuzzRng('dns-fuzz-tcp'));
    const tcp = await TcpProbe.open(port);
    for (let i = 0; i < ITERATIONS; i++) {
      const msg = g.message();
      const want = expectation(msg);
      const probeId = msg.length >= 2 ? ((msg[0] << 8) | msg[1]) ^ 0x8000 : 0x8000;
      tcp.send(msg);
      tcp.send(probe(probeId));
      const ctx = `iteration ${i}: ${Buffer.from(msg).toString('hex')}`;
      if (want !== null) {
        const reply = await tcp.next();
        expect(reply, ctx).not.toBeNull();
        expect((reply![0] << 8) | reply![1], ctx).toBe((msg[0] << 8) | msg[1]);
        expect(want, ctx).toContain(rcodeOf(reply!));
        expect(walkMessage(reply!).end, ctx).toBe(reply!.length);
      }
      checkProbe(await tcp.next(), probeId);
    }
    expect(tcp.closed).toBe(false);
    // A length prefix promising more than ever comes, then a hang-up: the server survives it.
    tcp.writeRaw(new Uint8Array([0xff, 0xff, 1, 2, 3]));
    tcp.sock.end();
    await tcp.next(500);
    const fresh = await TcpProbe.open(port);
    fresh.send(probe(7));
    checkProbe(await fresh.next(), 7);
    fresh.close();
  });
});
