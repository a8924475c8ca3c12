/**
 * Bounded, seeded fuzzing of the CLDAP service: random datagrams, random bytes behind an
 * LDAPMessage header, and mutations of the 61 Samba-captured pings (bit flips, truncation, length
 * octets, inserted and deleted bytes, swapped filter values). The pure handler must never throw
 * and must reply either nothing or well-formed LDAPMessages with the request's messageID; netlogon
 * values must decode. Then a live server takes a share of the same datagrams over UDP and still
 * answers a valid ping afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../emulator/core/random.ts';
import { createCldapServer, firstElementLength, handleDatagram, type CldapServer } from '../../emulator/ldap/cldap/index.ts';
import { decodeMessage, LdapFramer } from '../../emulator/ldap/codec/index.ts';
import { decodeNetlogonResponse } from '../../emulator/ldap/netlogon/index.ts';
import { UdpClient } from '../unit/ldap/cldap/udp.ts';
import { multiUpnDirectory, sambaVectors, unhex } from '../unit/ldap/netlogon/fixture.ts';

const ITERATIONS = 3000;
const OVER_THE_WIRE = 300;

class Rng {
  private readonly src: SeededRandom;
  constructor(seed: string) {
    this.src = new SeededRandom(seed);
  }
  int(n: number): number {
    const b = this.src.bytes(4);
    return (((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0) % n;
  }
  bytes(n: number): Uint8Array {
    return this.src.bytes(n);
  }
}

const seeds = [...sambaVectors('samba-cldap.json').vectors, ...sambaVectors('samba-clients.json').vectors].map((v) => unhex(v.input.request));
const LENGTH_OCTETS = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0xff];

function mutate(rng: Rng, seed: Uint8Array): Uint8Array {
  let out = seed.slice();
  const rounds = 1 + rng.int(3);
  for (let r = 0; r < rounds && out.length > 0; r++) {
    const at = rng.int(out.length);
    switch (rng.int(6)) {
      case 0:
        out[at] ^= 1 << rng.int(8);
        break;
      case 1:
        out = out.slice(0, at);
        break;
      case 2:
        out[at] = LENGTH_OCTETS[rng.int(LENGTH_OCTETS.length)];
        break;
      case 3: {
        const ins = rng.bytes(1 + rng.int(8));
        out = Uint8Array.from([...out.subarray(0, at), ...ins, ...out.subarray(at)]);
        break;
      }
      case 4:
        out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + 1 + rng.int(4))]);
        break;
      default:
        out[at] = rng.int(256);
    }
  }
  return out;
}

function datagram(rng: Rng, i: number): Uint8Array {
  switch (i % 3) {
    case 0:
      return rng.bytes(rng.int(200));
    case 1: {
      const body = rng.bytes(rng.int(120));
      return Uint8Array.from([0x30, body.length + 5, 0x02, 0x01, 1 + rng.int(100), 0x63, body.length, ...body]).subarray(0, 7 + body.length);
    }
    default:
      return mutate(rng, seeds[rng.int(seeds.length)]);
  }
}

const dir = multiUpnDirectory();
const ctx = { directory: dir, dc: dir.dcs[0], clientAddress: '127.0.0.1' };

function checkReply(req: Uint8Array, reply: Uint8Array): void {
  const msgs = new LdapFramer(reply.length + 1).push(reply).map((m) => decodeMessage(m));
  expect(msgs.length === 1 || msgs.length === 2).toBe(true);
  expect(msgs.at(-1)!.protocolOp.op).toBe('searchResDone');
  const id = decodeMessage(req).messageId;
  for (const m of msgs) {
    expect(m.messageId).toBe(id);
    if (m.protocolOp.op === 'searchResEntry') {
      for (const a of m.protocolOp.attributes) if (a.type === 'Netlogon') decodeNetlogonResponse(a.values[0]);
    }
  }
}

describe('CLDAP fuzz (pure handler)', () => {
  it(`survives ${ITERATIONS} seeded datagrams`, () => {
    const rng = new Rng('cldap-fuzz-1');
    let replied = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const d = datagram(rng, i);
      const r = handleDatagram(ctx, d, 'fuzz');
      if (r.reply) {
        replied++;
        // The handler served the datagram's first element: the reply carries that request's ID.
        checkReply(d.subarray(0, firstElementLength(d)), r.reply);
      } else {
        expect(r.event.kind).toBe('malformed');
      }
    }
    // Enough mutated requests must still decode and get a reply for the run to mean something.
    expect(replied).toBeGreaterThan(50);
  });
});

describe('CLDAP fuzz (live server)', () => {
  let server: CldapServer;
  let client: UdpClient;
  let port: number;
  beforeAll(async () => {
    server = createCldapServer({ directory: dir, port: 0 });
    port = (await server.start())[0].port;
    client = await UdpClient.open();
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it(`takes ${OVER_THE_WIRE} fuzzed datagrams and still answers a valid ping`, async () => {
    const rng = new Rng('cldap-fuzz-wire');
    for (let i = 0; i < OVER_THE_WIRE; i++) client.send(datagram(rng, i), port);
    await new Promise((r) => setTimeout(r, 300));
    const ping = unhex(sambaVectors('samba-clients.json').vectors[0].input.request); // net ads lookup's ping
    const reply = await client.exchange(ping, port, 2000);
    expect(reply).not.toBeNull();
    checkReply(ping, reply!);
    expect(server.state).toBe('running');
  });
});
