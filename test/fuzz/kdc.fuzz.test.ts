/**
 * Bounded, seeded fuzzing of the running KDC over its real transports: mutated AS-REQs and
 * TGS-REQs (bit flips, truncations, tricky length octets, inserted and deleted bytes, spliced
 * tails) over TCP (several per connection) and UDP, plus mangled TCP length prefixes. Every
 * answer must be a KRB-ERROR or a KDC-REP (or, for UDP, nothing), no failure may be an
 * unexpected exception (the KDC logs those), and afterwards the KDC still serves valid requests.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../emulator/core/clock.ts';
import { SeededRandom } from '../../emulator/core/random.ts';
import { encodeApReq, encodeAuthenticator, encodeTgsReq, PA, reqBodyBytes } from '../../emulator/kerberos/asn1/index.ts';
import { checksum, encrypt, KeyUsage } from '../../emulator/kerberos/crypto/index.ts';
import { createKdcContext, dispatchKdc, startKdc, type KdcServer, type KdcTraceEvent } from '../../emulator/kerberos/kdc/index.ts';
import { buildAsReq, encTimestamp, openRep, parseReply, principal, sendTcp, sendUdp } from '../../clients/kerberos/index.ts';
import { dir, keyOf, keys, REALM } from '../unit/kerberos/kdc/fixture.ts';
import { bitFlip, deleteRun, FuzzRng, insertBytes, mutate, setByteFrom, spliceTail, truncate } from '../support/mutate.ts';

const MUTANTS_PER_KIND = 150;
const HOST = '127.0.0.1';

/** Length octets and the tags of SEQUENCE, [0], AS-REQ and TGS-REQ. */
const TRICKY = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0xa0, 0x6a, 0x6c];
const MUTATORS = [bitFlip, truncate, setByteFrom(TRICKY), insertBytes(8), deleteRun(8), spliceTail];
const mutateReq = (rng: FuzzRng, seed: Uint8Array) => mutate(rng, seed, MUTATORS, 4);

let kdc: KdcServer;
const unexpected: string[] = [];
const events: KdcTraceEvent[] = [];
let asReq: Uint8Array;
let tgsReq: Uint8Array;

/** A real TGS-REQ: a TGT from the AS exchange and a fresh authenticator with a body checksum. */
function buildTgsReq(): Uint8Array {
  const rng = new SeededRandom('kdc-fuzz-tgs');
  const now = Date.now();
  const ctx = createKdcContext(dir, { keys, clock: new FixedClock(now), rng });
  const as = parseReply(dispatchKdc(ctx, buildAsReq({ cname: 'alice', realm: REALM, now, padata: [encTimestamp(keyOf('alice', 18), now, rng)] }), { transport: 'direct' }));
  if (as.type !== 'rep') throw new Error('no TGT for the fuzz seed');
  const session = openRep(as.rep, keyOf('alice', 18)).part.key;
  const sessionKey = { etype: session.keytype, bytes: session.keyvalue };
  const body = { kdcOptions: 0x40810000, realm: REALM, sname: principal('cifs/fs1.fabrikam.local'), till: now + 3_600_000, nonce: 7, etype: [18, 17, 23] };
  const bodyBytes = reqBodyBytes(encodeTgsReq({ reqBody: body }));
  const cksum = { cksumtype: 16, checksum: checksum(16, sessionKey, KeyUsage.TGS_REQ_AUTH_CKSUM, bodyBytes) };
  const auth = encodeAuthenticator({ crealm: REALM, cname: principal('alice'), cksum, cusec: 0, ctime: Math.floor(now / 1000) * 1000 });
  const ap = encodeApReq({ apOptions: 0, ticket: as.rep.ticket, authenticator: { etype: 18, cipher: encrypt(sessionKey, KeyUsage.TGS_REQ_AUTH, auth, rng) } });
  return encodeTgsReq({ padata: [{ padataType: PA.PA_TGS_REQ, padataValue: ap }], reqBody: body });
}

beforeAll(async () => {
  const log = { error: (m: string, f?: Record<string, unknown>) => unexpected.push(`${m} ${JSON.stringify(f)}`) };
  kdc = await startKdc(createKdcContext(dir, { keys, log: log as never, trace: (e) => events.push(e) }), { port: 0 });
  asReq = buildAsReq({ cname: 'alice', realm: REALM, padata: [encTimestamp(keyOf('alice', 18), Date.now(), new SeededRandom('kdc-fuzz-as'))] });
  tgsReq = buildTgsReq();
});
afterAll(async () => kdc?.close());

/** Every reply must decode as a KRB-ERROR or a KDC-REP. */
function expectKdcReply(bytes: Uint8Array): void {
  const r = parseReply(bytes);
  expect(['rep', 'error']).toContain(r.type);
}

/** Sends frames over one TCP connection and collects one reply per frame (or stops at a close). */
function tcpBatch(frames: Uint8Array[]): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: HOST, port: kdc.port });
    const replies: Uint8Array[] = [];
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`tcp batch stalled after ${replies.length}/${frames.length}`)); }, 20_000);
    s.on('connect', () => {
      for (const f of frames) {
        const len = Buffer.alloc(4);
        len.writeUInt32BE(f.length);
        s.write(Buffer.concat([len, f]));
      }
    });
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
        replies.push(new Uint8Array(buf.subarray(4, 4 + buf.readUInt32BE(0))));
        buf = buf.subarray(4 + buf.readUInt32BE(0));
      }
      if (replies.length === frames.length) { clearTimeout(timer); s.destroy(); resolve(replies); }
    });
    s.on('close', () => { clearTimeout(timer); resolve(replies); });
    s.on('error', reject);
  });
}

describe('KDC fuzz over the wire', () => {
  it.each([
    ['AS-REQ', () => asReq, 'as'],
    ['TGS-REQ', () => tgsReq, 'tgs'],
  ] as const)('answers %s mutants over TCP with KRB-ERRORs or replies', async (_n, seed, tag) => {
    const rng = new FuzzRng(`kdc-fuzz-tcp-${tag}`);
    const mutants = Array.from({ length: MUTANTS_PER_KIND }, () => mutateReq(rng, seed()));
    for (let i = 0; i < mutants.length; i += 50) {
      const batch = mutants.slice(i, i + 50);
      const replies = await tcpBatch(batch);
      expect(replies).toHaveLength(batch.length);
      for (const r of replies) expectKdcReply(r);
    }
    expect(unexpected).toEqual([]);
  });

  it.each([
    ['AS-REQ', () => asReq, 'as'],
    ['TGS-REQ', () => tgsReq, 'tgs'],
  ] as const)('answers %s mutants over UDP with KRB-ERRORs or replies', async (_n, seed, tag) => {
    const rng = new FuzzRng(`kdc-fuzz-udp-${tag}`);
    let answered = 0;
    for (let i = 0; i < MUTANTS_PER_KIND; i++) {
      const m = mutateReq(rng, seed());
      let reply: Uint8Array | undefined;
      try {
        reply = await sendUdp(HOST, kdc.port, m, 1000);
      } catch {
        reply = undefined; // a drop is allowed for UDP
      }
      if (reply) {
        answered++;
        expectKdcReply(reply);
      }
    }
    expect(answered).toBeGreaterThan(MUTANTS_PER_KIND / 2);
    expect(unexpected).toEqual([]);
  });

  it('survives mangled TCP length prefixes', async () => {
    const rng = new FuzzRng('kdc-fuzz-frames');
    for (let i = 0; i < 40; i++) {
      const prefix = rng.bytes(4);
      const body = rng.bytes(rng.int(64));
      const replies = await new Promise<Uint8Array[]>((resolve) => {
        const s = connect({ host: HOST, port: kdc.port });
        const got: Uint8Array[] = [];
        let buf = Buffer.alloc(0);
        const done = () => { s.destroy(); resolve(got); };
        const timer = setTimeout(done, 150);
        s.on('connect', () => s.write(Buffer.concat([prefix, body])));
        s.on('data', (d: Buffer) => {
          buf = Buffer.concat([buf, d]);
          if (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) { got.push(new Uint8Array(buf.subarray(4, 4 + buf.readUInt32BE(0)))); clearTimeout(timer); done(); }
        });
        s.on('close', () => { clearTimeout(timer); resolve(got); });
        s.on('error', () => { clearTimeout(timer); resolve(got); });
      });
      for (const r of replies) expectKdcReply(r);
    }
  });

  it('still serves a valid AS-REQ over TCP and UDP afterwards', async () => {
    const fresh = buildAsReq({ cname: 'alice', realm: REALM, padata: [encTimestamp(keyOf('alice', 18), Date.now(), new SeededRandom('after'))] });
    const tcp = parseReply(await sendTcp(HOST, kdc.port, fresh));
    expect(tcp.type).toBe('rep');
    const udp = parseReply(await sendUdp(HOST, kdc.port, buildAsReq({ cname: 'alice', realm: REALM })));
    expect(udp.type === 'error' && udp.error.errorCode).toBe(25);
    expect(kdc.state).toBe('running');
    expect(unexpected).toEqual([]);
  });

  it('explains every refusal: each error trace event of the run names the fact that decided it', () => {
    const errors = events.filter((e) => e.verdict === 'error');
    expect(errors.length).toBeGreaterThan(MUTANTS_PER_KIND);
    expect(errors.filter((e) => !e.fact || !/\w/.test(e.fact)).map((e) => `${e.exchange} ${e.code}`)).toEqual([]);
  });
});
