/**
 * Bounded, seeded fuzzing of the CLDAP service: random datagrams, random bytes behind an
 * LDAPMessage header, and mutations of the 61 Samba-captured pings (bit flips, truncation, length
 * octets, inserted and deleted bytes, swapped filter values). The pure handler must never throw
 * and must reply either nothing or well-formed LDAPMessages with the request's messageID; netlogon
 * values must decode. Then a live server takes a share of the same datagrams over UDP and still
 * answers a valid ping afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCldapServer, firstElementLength, handleDatagram, type CldapServer } from '../../emulator/ldap/cldap/index.ts';
import { decodeMessage, LdapFramer } from '../../emulator/ldap/codec/index.ts';
import { decodeNetlogonResponse } from '../../emulator/ldap/netlogon/index.ts';
import { UdpClient } from '../../clients/ldap/index.ts';
import { multiUpnDirectory, sambaVectors, unhex } from '../unit/ldap/netlogon/fixture.ts';
import { bitFlip, deleteRun, FuzzRng, insertBytes, LENGTH_OCTETS, mutate, randomByte, setByteFrom, truncate } from '../support/mutate.ts';

const ITERATIONS = 3000;
const OVER_THE_WIRE = 300;

const seeds = [...sambaVectors('samba-cldap.json').vectors, ...sambaVectors('samba-clients.json').vectors].map((v) => unhex(v.input.request));
const MUTATORS = [bitFlip, truncate, setByteFrom(LENGTH_OCTETS), insertBytes(8), deleteRun(4), randomByte];

function datagram(rng: FuzzRng, i: number): Uint8Array {
  switch (i % 3) {
    case 0:
      return rng.bytes(rng.int(200));
    case 1: {
      const body = rng.bytes(rng.int(120));
      return Uint8Array.from([0x30, body.length + 5, 0x02, 0x01, 1 + rng.int(100), 0x63, body.length, ...body]).subarray(0, 7 + body.length);
    }
    default:
      return mutate(rng, seeds[rng.int(seeds.length)], MUTATORS, 3);
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
    const rng = new FuzzRng('cldap-fuzz-1');
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
    const rng = new FuzzRng('cldap-fuzz-wire');
    for (let i = 0; i < OVER_THE_WIRE; i++) client.send(datagram(rng, i), port);
    await new Promise((r) => setTimeout(r, 300));
    const ping = unhex(sambaVectors('samba-clients.json').vectors[0].input.request); // net ads lookup's ping
    const reply = await client.exchange(ping, port, 2000);
    expect(reply).not.toBeNull();
    checkReply(ping, reply!);
    expect(server.state).toBe('running');
  });
});
