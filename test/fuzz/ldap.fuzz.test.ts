/**
 * Bounded, seeded fuzzing of the LDAP codec and the TCP server. Seeds are valid PDUs of every
 * operation the server reads (binds, searches with every filter choice and controls, writes,
 * compare, extended, abandon, unbind); mutations flip bits, truncate, rewrite length octets,
 * insert and delete bytes; plus pure random bytes behind a SEQUENCE header.
 *   codec:  decodeMessage throws nothing but LdapDecodeError, and what decodes re-encodes to a PDU
 *           that decodes to the same message.
 *   server: every connection gets only well-formed LDAPMessages back (a response, protocolError or
 *           a Notice of Disconnection) and is closed or keeps working; a fresh connection is still
 *           served afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import {
  LdapDecodeError,
  LdapFramer,
  decodeMessage,
  encodeMessage,
  pagedResultsControl,
  parseFilter,
  type LdapMessage,
} from '../../emulator/ldap/codec/index.ts';
import { createLdapServer, type LdapServer } from '../../emulator/ldap/index.ts';
import { multi } from '../unit/ldap/helpers.ts';
import { bitFlip, deleteRun, FuzzRng, insertBytes, LENGTH_OCTETS, mutate, setByteFrom, truncate } from '../support/mutate.ts';

const CODEC_ITERATIONS = 4000;
const WIRE_ITERATIONS = 240;
const enc = new TextEncoder();

const DOM = 'DC=fabrikam,DC=local';
const search = (id: number, filter: string, attributes: string[] = [], base = DOM): LdapMessage => ({
  messageId: id,
  protocolOp: { op: 'searchRequest', baseObject: base, scope: 2, derefAliases: 0, sizeLimit: 5, timeLimit: 0, typesOnly: false, filter: parseFilter(filter), attributes },
});
const SEEDS: Uint8Array[] = [
  { messageId: 1, protocolOp: { op: 'bindRequest', version: 3, name: 'alice@contoso.com', authentication: { kind: 'simple', password: enc.encode('Alice-Passw0rd!') } } },
  { messageId: 2, protocolOp: { op: 'bindRequest', version: 3, name: '', authentication: { kind: 'sasl', mechanism: 'GSS-SPNEGO', credentials: new Uint8Array([0x60, 0x00]) } } },
  search(3, '(&(objectClass=user)(|(sAMAccountName=a*b*c)(!(cn=x))))', ['sAMAccountName', 'objectSid']),
  search(4, '(userAccountControl:1.2.840.113556.1.4.803:=67108864)', ['1.1']),
  search(5, '(&(uSNChanged>=1)(uSNChanged<=99)(sn~=berg)(:dn:2.5.13.5:=x)(memberOf:1.2.840.113556.1.4.1941:=CN=x))'),
  search(6, '(objectClass=*)', ['*', '+'], ''),
  { ...search(7, '(objectCategory=person)', ['cn']), controls: [pagedResultsControl({ size: 2, cookie: new Uint8Array([1, 2, 3]) }, true)] },
  { messageId: 8, protocolOp: { op: 'modifyRequest', object: `CN=alice,CN=Users,${DOM}`, changes: [{ operation: 2, modification: { type: 'description', values: [enc.encode('x')] } }] } },
  { messageId: 9, protocolOp: { op: 'addRequest', entry: `CN=x,${DOM}`, attributes: [{ type: 'objectClass', values: [enc.encode('user')] }] } },
  { messageId: 10, protocolOp: { op: 'delRequest', entry: `CN=x,${DOM}` } },
  { messageId: 11, protocolOp: { op: 'modDNRequest', entry: `CN=x,${DOM}`, newrdn: 'CN=y', deleteoldrdn: true, newSuperior: DOM } },
  { messageId: 12, protocolOp: { op: 'compareRequest', entry: `CN=alice,CN=Users,${DOM}`, ava: { attribute: 'cn', value: enc.encode('alice') } } },
  { messageId: 13, protocolOp: { op: 'extendedReq', requestName: '1.3.6.1.4.1.1466.20037', requestValue: new Uint8Array([1]) } },
  { messageId: 14, protocolOp: { op: 'abandonRequest', idToAbandon: 3 } },
  { messageId: 15, protocolOp: { op: 'unbindRequest' } },
].map((m) => encodeMessage(m as LdapMessage));

const MUTATORS = [bitFlip, truncate, setByteFrom(LENGTH_OCTETS), insertBytes(8), deleteRun(4)];

function randomPdu(rng: FuzzRng): Uint8Array {
  const body = rng.bytes(rng.int(120));
  return Uint8Array.from([0x30, body.length, ...body]);
}

function sample(rng: FuzzRng): Uint8Array {
  return rng.int(5) === 0 ? randomPdu(rng) : mutate(rng, SEEDS[rng.int(SEEDS.length)], MUTATORS, 3);
}

describe('LDAP codec fuzz', () => {
  it(`${CODEC_ITERATIONS} mutated and random PDUs: only LdapDecodeError escapes, decoded ones round-trip`, () => {
    const rng = new FuzzRng('ldap-codec-fuzz');
    let decoded = 0;
    for (let i = 0; i < CODEC_ITERATIONS; i++) {
      const pdu = sample(rng);
      let m: LdapMessage;
      try {
        m = decodeMessage(pdu);
      } catch (e) {
        if (!(e instanceof LdapDecodeError)) throw new Error(`iteration ${i}: ${(e as Error).name}: ${(e as Error).message}`);
        continue;
      }
      decoded++;
      expect(decodeMessage(encodeMessage(m))).toEqual(m);
    }
    // Mutations keep a share valid (e.g. flipped value bytes), so both paths are exercised.
    expect(decoded).toBeGreaterThan(CODEC_ITERATIONS / 20);
    expect(decoded).toBeLessThan(CODEC_ITERATIONS);
  });
});

describe('LDAP server fuzz over TCP', () => {
  let server: LdapServer;
  let port = 0;
  beforeAll(async () => {
    server = createLdapServer({ directory: multi(), port: 0, gcPort: null });
    port = (await server.start())[0].port;
  });
  afterAll(async () => {
    await server.close();
  });

  /** Sends a bind then the fuzzed bytes, half-closes, and returns every message received until close. */
  function exchange(pdu: Uint8Array): Promise<{ messages: LdapMessage[]; closed: boolean }> {
    return new Promise((resolve, reject) => {
      const framer = new LdapFramer(16 * 1024 * 1024);
      const messages: LdapMessage[] = [];
      const s = connect(port, '127.0.0.1', () => {
        s.write(SEEDS[0]);
        s.end(pdu);
      });
      const timer = setTimeout(() => {
        s.destroy();
        resolve({ messages, closed: false });
      }, 5000);
      s.on('data', (b: Buffer) => {
        try {
          for (const p of framer.push(new Uint8Array(b))) messages.push(decodeMessage(p));
        } catch (e) {
          clearTimeout(timer);
          s.destroy();
          reject(e);
        }
      });
      s.on('error', () => undefined);
      s.on('close', () => {
        clearTimeout(timer);
        resolve({ messages, closed: true });
      });
    });
  }

  it(`${WIRE_ITERATIONS} connections with fuzzed PDUs get well-formed replies and are closed; the server keeps serving`, async () => {
    const rng = new FuzzRng('ldap-wire-fuzz');
    const inputs = Array.from({ length: WIRE_ITERATIONS }, () => sample(rng));
    let protocolErrors = 0;
    for (let i = 0; i < inputs.length; i += 12) {
      const batch = await Promise.all(inputs.slice(i, i + 12).map(exchange));
      for (const r of batch) {
        expect(r.closed).toBe(true);
        // The bind that opens every connection is answered first.
        expect(r.messages[0]?.protocolOp).toMatchObject({ op: 'bindResponse', resultCode: 0 });
        for (const m of r.messages.slice(1)) {
          const code = (m.protocolOp as { resultCode?: number }).resultCode;
          if (code === 2) protocolErrors++;
        }
      }
    }
    expect(protocolErrors).toBeGreaterThan(0);
    expect(server.state).toBe('running');
    const after = await exchange(encodeMessage(search(99, '(sAMAccountName=alice)', ['1.1'])));
    expect(after.messages.map((m) => m.protocolOp.op)).toEqual(['bindResponse', 'searchResEntry', 'searchResRef', 'searchResRef', 'searchResRef', 'searchResDone']);
  });
});
