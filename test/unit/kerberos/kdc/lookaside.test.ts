/**
 * The lookaside cache (emulator/kerberos/kdc/lookaside.ts, MIT src/kdc/replay.c): the cache on its
 * own (hits, staleness after two minutes, the size bound, oldest dropped first), then through
 * dispatch: a UDP retransmission, the TCP retry after KRB_ERR_RESPONSE_TOO_BIG getting the full
 * reply, and a genuine replay still refused.
 */
import { describe, expect, it } from 'vitest';
import { decodeKerberosMessage, decodeTgsReq, encodeTgsReq, PA, paData } from '../../../../emulator/kerberos/asn1/index.ts';
import { krbErrorName } from '../../../../emulator/kerberos/error-codes.ts';
import { createKdcContext, dispatchKdc, type KdcContext, type KdcTraceEvent } from '../../../../emulator/kerberos/kdc/index.ts';
import { LOOKASIDE_ENTRY_OVERHEAD, LOOKASIDE_MAX_BYTES, LOOKASIDE_TTL_MS, LookasideCache } from '../../../../emulator/kerberos/kdc/lookaside.ts';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { openTgsRep } from '../../../../clients/kerberos/tgs.ts';
import { domainTgt, spn, testKdc, tgsReq, type TestKdc } from './tgs/fixture.ts';

const CIFS = spn('cifs/fs1.fabrikam.local');
const UDP = { transport: 'udp', peer: '127.0.0.1:5000', maxReply: 1465 } as const;
const TCP = { transport: 'tcp', peer: '127.0.0.1:5001' } as const;

function name(reply: Uint8Array): string {
  const m = decodeKerberosMessage(reply);
  return m.name === 'KRB-ERROR' ? krbErrorName(m.message.errorCode) : m.name;
}

describe('LookasideCache', () => {
  const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

  it('finds an entry by the exact request bytes and counts hits', () => {
    const c = new LookasideCache<string>();
    const req = bytes(40, 1);
    c.insert(LookasideCache.keyOf(req), req.length, bytes(10, 9), 'first', 1000);
    const hit = c.lookup(LookasideCache.keyOf(bytes(40, 1)), 1001);
    expect(hit?.record).toBe('first');
    expect([...hit!.reply]).toEqual([...bytes(10, 9)]);
    expect(c.lookup(LookasideCache.keyOf(bytes(40, 2)), 1001)).toBeUndefined();
    const other = bytes(40, 1);
    other[39] = 0;
    expect(c.lookup(LookasideCache.keyOf(other), 1001)).toBeUndefined();
    expect(c.stats).toEqual({ entries: 1, bytes: 40 + 10 + LOOKASIDE_ENTRY_OVERHEAD, calls: 3, hits: 1 });
  });

  it('is MIT-bounded by default: two minutes, 10 MiB', () => {
    const c = new LookasideCache<number>();
    expect([c.ttlMs, c.maxBytes]).toEqual([LOOKASIDE_TTL_MS, LOOKASIDE_MAX_BYTES]);
    expect([LOOKASIDE_TTL_MS, LOOKASIDE_MAX_BYTES]).toEqual([120_000, 10 * 1024 * 1024]);
  });

  it('forgets an entry once it is stale', () => {
    const c = new LookasideCache<number>(120_000);
    const k = LookasideCache.keyOf(bytes(8, 3));
    c.insert(k, 8, bytes(4, 4), 1, 0);
    expect(c.lookup(k, 119_999)?.record).toBe(1);
    expect(c.lookup(k, 120_000)).toBeUndefined();
    expect(c.stats.entries).toBe(0);
  });

  it('drops stale and then the oldest entries to stay under its size bound', () => {
    const per = 100 + 100 + LOOKASIDE_ENTRY_OVERHEAD;
    const c = new LookasideCache<number>(60_000, 3 * per);
    const keys = [1, 2, 3, 4].map((i) => LookasideCache.keyOf(bytes(100, i)));
    keys.forEach((k, i) => c.insert(k, 100, bytes(100, 0), i, i));
    expect(c.stats).toMatchObject({ entries: 3, bytes: 3 * per });
    expect(c.lookup(keys[0], 10)).toBeUndefined();
    expect(keys.slice(1).map((k) => c.lookup(k, 10)?.record)).toEqual([1, 2, 3]);
    // At 60 s the entries stored at 1 and 2 ms are stale: inserting drops them though there is room.
    c.insert(LookasideCache.keyOf(bytes(100, 5)), 100, bytes(10, 0), 5, 60_002);
    expect(c.stats.entries).toBe(2);
  });

  it('does not store an entry larger than its bound, and stores nothing when off', () => {
    const c = new LookasideCache<number>(60_000, 500);
    c.insert('k', 300, bytes(300, 0), 1, 0);
    expect(c.stats.entries).toBe(0);
    const off = new LookasideCache<number>(60_000, 0);
    off.insert('k', 1, bytes(1, 0), 1, 0);
    expect([off.enabled, off.lookup('k', 0), off.stats.entries]).toEqual([false, undefined, 0]);
  });
});

describe('dispatch with the lookaside cache', () => {
  function lastEvents(k: TestKdc, n: number): KdcTraceEvent[] {
    return k.events.slice(-n);
  }

  it('a TGS-REP too big for UDP is sent whole to the TCP retry of the same bytes, not refused as a replay', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const bytes = tgsReq(k, tgt, CIFS);
    const udp = dispatchKdc(k.ctx, bytes, UDP);
    expect(name(udp)).toBe('KRB_ERR_RESPONSE_TOO_BIG');
    // A retransmission over UDP (the error was lost) gets RESPONSE_TOO_BIG again.
    expect(name(dispatchKdc(k.ctx, bytes, UDP))).toBe('KRB_ERR_RESPONSE_TOO_BIG');
    const tcp = dispatchKdc(k.ctx, bytes, TCP);
    const m = decodeKerberosMessage(tcp);
    if (m.name !== 'TGS-REP') throw new Error(`expected TGS-REP, got ${name(tcp)}`);
    expect(tcp.length).toBeGreaterThan(UDP.maxReply);
    expect(m.message.ticket.sname.nameString).toEqual(['cifs', 'fs1.fabrikam.local']);
    const { part } = openTgsRep(m.message, tgt.sessionKey);
    expect(part.sname.nameString).toEqual(['cifs', 'fs1.fabrikam.local']);
    const [first, again, retry] = lastEvents(k, 3);
    expect([first.code, first.detail?.lookaside, first.detail?.replyBytes]).toEqual(['KRB_ERR_RESPONSE_TOO_BIG', undefined, tcp.length]);
    expect([again.code, again.detail?.lookaside, again.transport]).toEqual(['KRB_ERR_RESPONSE_TOO_BIG', true, 'udp']);
    expect([retry.verdict, retry.code, retry.detail?.lookaside, retry.detail?.lookasideFirstTransport, retry.transport]).toEqual(['ok', undefined, true, 'udp', 'tcp']);
    expect(retry.client).toBe('alice@FABRIKAM.LOCAL');
    expect(retry.server).toBe('cifs/fs1.fabrikam.local@FABRIKAM.LOCAL');
    // The replay cache saw the authenticator once; the same authenticator in another request is refused.
    expect(k.ctx.replayCache.size).toBe(1);
    const req = decodeTgsReq(bytes);
    const replay = encodeTgsReq({ ...req, padata: [...(req.padata ?? []), paData(PA.PA_PAC_REQUEST, { includePac: true })] });
    expect(name(dispatchKdc(k.ctx, replay, TCP))).toBe('KRB_AP_ERR_REPEAT');
  });

  it('a reply lost over UDP: the retransmission gets the same reply bytes', () => {
    const k = testKdc();
    const bytes = tgsReq(k, domainTgt(k, 'alice'), spn('host/fs1.fabrikam.local'));
    const first = dispatchKdc(k.ctx, bytes, { ...UDP, maxReply: 65_535 });
    const second = dispatchKdc(k.ctx, bytes, { ...UDP, maxReply: 65_535 });
    expect(name(first)).toBe('TGS-REP');
    expect(second).toEqual(first);
    expect(k.ctx.lookaside.stats).toMatchObject({ entries: 1, hits: 1 });
  });

  it('after two minutes the same bytes are a new request again (and the authenticator a replay)', () => {
    const k = testKdc();
    const bytes = tgsReq(k, domainTgt(k, 'alice'), CIFS);
    expect(name(dispatchKdc(k.ctx, bytes, TCP))).toBe('TGS-REP');
    k.clock.advance(LOOKASIDE_TTL_MS);
    expect(name(dispatchKdc(k.ctx, bytes, TCP))).toBe('KRB_AP_ERR_REPEAT');
  });

  it('errors are answered from the cache too, and a context without it recomputes', () => {
    const k = testKdc();
    const bytes = tgsReq(k, domainTgt(k, 'alice'), spn('cifs/nowhere.fabrikam.local'));
    expect(name(dispatchKdc(k.ctx, bytes, TCP))).toBe('KDC_ERR_S_PRINCIPAL_UNKNOWN');
    expect(name(dispatchKdc(k.ctx, bytes, TCP))).toBe('KDC_ERR_S_PRINCIPAL_UNKNOWN');
    expect(k.events.at(-1)?.detail?.lookaside).toBe(true);
    expect(k.events.at(-1)?.fact).toMatch(/lookaside/);

    const off: KdcContext = createKdcContext(k.lab.world.directory, { keys: k.lab.keys, clock: k.clock, rng: new SeededRandom('off'), dc: 'dc1', config: { lookasideMaxBytes: 0 } });
    const again = tgsReq(k, domainTgt(k, 'alice'), CIFS);
    expect(name(dispatchKdc(off, again, UDP))).toBe('KRB_ERR_RESPONSE_TOO_BIG');
    expect(name(dispatchKdc(off, again, TCP))).toBe('KRB_AP_ERR_REPEAT');
  });
});
