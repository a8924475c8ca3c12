/**
 * The PA-TGS-REQ authenticator (RFC 4120 3.3.2, 5.5.1), Samba-style: each case tampers with one
 * thing and expects one code. No checksum is accepted as AD accepts it (impacket sends none).
 */
import { describe, expect, it } from 'vitest';
import { decodeKerberosMessage, decodeTgsReq, encodeTgsReq, NAME_TYPE, PA, paData, type PaData } from '../../../../../emulator/kerberos/asn1/index.ts';
import { EncType, randomKey } from '../../../../../emulator/kerberos/crypto/index.ts';
import { SeededRandom } from '../../../../../emulator/core/random.ts';
import { krbErrorName } from '../../../../../emulator/kerberos/error-codes.ts';
import { createKdcContext, dispatchKdc, type KdcConfig } from '../../../../../emulator/kerberos/kdc/index.ts';
import { REPLAY_CACHE_MAX_ENTRIES, ReplayCache, replayTag } from '../../../../../emulator/kerberos/kdc/tgs/replay.ts';
import { openTgsRep } from '../../../../../clients/kerberos/index.ts';
import type { TgsReqSpec } from '../../../../../clients/kerberos/index.ts';
import { domainTgt, NOW, spn, testKdc, tgsReq, type TestKdc } from './fixture.ts';

const CIFS = spn('cifs/fs1.fabrikam.local');

/** The request re-encoded with a PA-PAC-REQUEST added: other bytes, the same authenticator (outside the req-body checksum). */
function withPacRequest(bytes: Uint8Array): Uint8Array {
  const req = decodeTgsReq(bytes);
  return encodeTgsReq({ ...req, padata: [...(req.padata ?? []), paData(PA.PA_PAC_REQUEST, { includePac: true })] });
}

/** The request with another nonce in its body (only for an authenticator without a req-body checksum). */
function withNonce(bytes: Uint8Array, nonce: number): Uint8Array {
  const req = decodeTgsReq(bytes);
  return encodeTgsReq({ ...req, reqBody: { ...req.reqBody, nonce } });
}

interface Case {
  title: string;
  over?: (k: TestKdc) => Partial<TgsReqSpec>;
  error?: string;
}

const CASES: Case[] = [
  { title: 'with a req-body checksum (MIT, Windows)', over: () => ({}) },
  { title: 'without a checksum (impacket): accepted as AD does', over: () => ({ checksum: false }) },
  { title: 'a wrong checksum is KRB_AP_ERR_BAD_INTEGRITY', over: () => ({ checksumOverride: new Uint8Array(12) }), error: 'KRB_AP_ERR_BAD_INTEGRITY' },
  { title: 'ctime 6 minutes ahead is KRB_AP_ERR_SKEW', over: (k) => ({ now: k.clock.now() + 6 * 60_000 }), error: 'KRB_AP_ERR_SKEW' },
  { title: 'ctime 6 minutes behind is KRB_AP_ERR_SKEW', over: (k) => ({ now: k.clock.now() - 6 * 60_000 }), error: 'KRB_AP_ERR_SKEW' },
  { title: 'ctime 4 minutes off is fine', over: (k) => ({ now: k.clock.now() - 4 * 60_000 }) },
  { title: 'another client in the authenticator is KRB_AP_ERR_BADMATCH', over: () => ({ cname: { nameType: NAME_TYPE.NT_PRINCIPAL, nameString: ['bob'] } }), error: 'KRB_AP_ERR_BADMATCH' },
  { title: 'another realm in the authenticator is KRB_AP_ERR_BADMATCH', over: () => ({ crealm: 'OTHER.TEST' }), error: 'KRB_AP_ERR_BADMATCH' },
  { title: 'the client name in another case is the same client', over: () => ({ cname: { nameType: NAME_TYPE.NT_PRINCIPAL, nameString: ['ALICE'] }, crealm: 'fabrikam.local' }) },
  { title: 'an authenticator under another key is KRB_AP_ERR_BAD_INTEGRITY', over: (k) => ({ sessionKey: randomKey(EncType.AES256_CTS_HMAC_SHA1_96, k.rng) }), error: 'KRB_AP_ERR_BAD_INTEGRITY' },
  { title: 'an authenticator of another etype is KRB_AP_ERR_BAD_INTEGRITY', over: (k) => ({ sessionKey: randomKey(EncType.AES128_CTS_HMAC_SHA1_96, k.rng) }), error: 'KRB_AP_ERR_BAD_INTEGRITY' },
];

describe('TGS: authenticator checks', () => {
  for (const c of CASES) {
    it(c.title, () => {
      const k = testKdc();
      const tgt = domainTgt(k, 'alice');
      const r = k.send(tgsReq(k, tgt, CIFS, c.over ? c.over(k) : {}));
      expect(r.ok ? 'ok' : r.code).toBe(c.error ?? 'ok');
      if (c.error) expect(k.last().fact).toBeTruthy();
    });
  }

  it('the same bytes twice get the same reply (lookaside); the same authenticator in another request is KRB_AP_ERR_REPEAT', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const bytes = tgsReq(k, tgt, CIFS);
    const first = dispatchKdc(k.ctx, bytes, { transport: 'direct' });
    expect(decodeKerberosMessage(first).name).toBe('TGS-REP');
    // A retransmission: the reply already computed, byte for byte, and the trace says where it came from.
    expect(dispatchKdc(k.ctx, bytes, { transport: 'direct' })).toEqual(first);
    expect(k.last().detail?.lookaside).toBe(true);
    // A genuine replay: the authenticator lifted into a request that differs elsewhere.
    const replay = k.send(withPacRequest(bytes));
    expect(replay.ok ? 'ok' : replay.code).toBe('KRB_AP_ERR_REPEAT');
    expect(k.last().detail?.lookaside).toBeUndefined();
    // Same ctime/cusec and body, new encryption (new confounder): a different authenticator.
    expect(k.send(tgsReq(k, tgt, CIFS)).ok).toBe(true);
    // Without a checksum too (impacket): the body itself may change around the authenticator.
    const plain = tgsReq(k, tgt, CIFS, { checksum: false });
    expect(k.send(plain).ok).toBe(true);
    const plainAgain = k.send(withNonce(plain, 4242));
    expect(plainAgain.ok ? 'ok' : plainAgain.code).toBe('KRB_AP_ERR_REPEAT');
  });

  it('a replay after the window (and inside the skew) would be SKEW, never accepted', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const bytes = tgsReq(k, tgt, CIFS);
    expect(k.send(bytes).ok).toBe(true);
    k.clock.advance(11 * 60_000);
    const late = k.send(bytes);
    expect(late.ok ? 'ok' : late.code).toBe('KRB_AP_ERR_SKEW');
  });

  it('with a subkey the reply is encrypted with it under key usage 9', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const subkey = randomKey(EncType.AES128_CTS_HMAC_SHA1_96, k.rng);
    const r = k.send(tgsReq(k, tgt, CIFS, { subkey }));
    if (!r.ok) throw new Error(r.code);
    expect(r.rep.encPart.etype).toBe(17);
    expect(openTgsRep(r.rep, subkey, true).application).toBe(26);
    expect(() => openTgsRep(r.rep, tgt.sessionKey)).toThrow();
  });

  it('a TGS-REQ without PA-TGS-REQ is KDC_ERR_PADATA_TYPE_NOSUPP', () => {
    const k = testKdc();
    const raw = encodeTgsReq({ padata: [], reqBody: { kdcOptions: 0, realm: 'FABRIKAM.LOCAL', sname: CIFS, till: NOW + 3_600_000, nonce: 1, etype: [18] } });
    const r = k.send(raw);
    expect(r.ok ? 'ok' : r.code).toBe('KDC_ERR_PADATA_TYPE_NOSUPP');
  });

  it('a PA-TGS-REQ that is no AP-REQ is KRB_ERR_GENERIC and the KDC keeps serving', () => {
    const k = testKdc();
    const bad: PaData = { padataType: PA.PA_TGS_REQ, padataValue: new Uint8Array([0x6e, 0x03, 0x02, 0x01, 0x05]) };
    const raw = encodeTgsReq({ padata: [bad], reqBody: { kdcOptions: 0, realm: 'FABRIKAM.LOCAL', sname: CIFS, till: NOW + 3_600_000, nonce: 1, etype: [18] } });
    const r = k.send(raw);
    expect(r.ok ? 'ok' : r.code).toBe('KRB_ERR_GENERIC');
    expect(k.send(tgsReq(k, domainTgt(k, 'alice'), CIFS)).ok).toBe(true);
  });

  it('an AP-REQ with a service ticket instead of a TGT is KRB_AP_ERR_NOT_US', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const r = k.send(tgsReq(k, tgt, CIFS));
    if (!r.ok) throw new Error(r.code);
    const st = { ...tgt, ticket: r.rep.ticket };
    const again = k.send(tgsReq(k, st, CIFS, { nonce: 99 }));
    expect(again.ok ? 'ok' : again.code).toBe('KRB_AP_ERR_NOT_US');
  });
});

describe('the replay cache of a KDC context', () => {
  /** A second KDC context over the same lab, clock and keys, with `config`. */
  function sibling(k: TestKdc, config: Partial<KdcConfig> = {}) {
    const ctx = createKdcContext(k.lab.world.directory, { keys: k.lab.keys, clock: k.clock, rng: new SeededRandom('sibling'), dc: 'dc1', config });
    return (bytes: Uint8Array) => {
      const m = decodeKerberosMessage(dispatchKdc(ctx, bytes, { transport: 'direct' }));
      return m.name === 'KRB-ERROR' ? krbErrorName(m.message.errorCode) : m.name;
    };
  }

  it('is created with the context: window twice the skew, bound from the config', () => {
    const k = testKdc();
    expect(k.ctx.replayCache).toBeInstanceOf(ReplayCache);
    expect([k.ctx.replayCache.windowMs, k.ctx.replayCache.maxEntries]).toEqual([2 * 5 * 60_000, REPLAY_CACHE_MAX_ENTRIES]);
    const ctx = createKdcContext(k.lab.world.directory, { keys: k.lab.keys, config: { maxSkewMs: 60_000, replayCacheMaxEntries: 7 } });
    expect([ctx.replayCache.windowMs, ctx.replayCache.maxEntries]).toEqual([120_000, 7]);
    expect(ctx.replayCache.size).toBe(0);
    expect(ctx.replayCache).not.toBe(k.ctx.replayCache);
  });

  it('each context remembers only what it saw', () => {
    const k = testKdc();
    const bytes = tgsReq(k, domainTgt(k, 'alice'), CIFS);
    expect(k.send(bytes).ok).toBe(true);
    expect(k.ctx.replayCache.size).toBe(1);
    const again = k.send(withPacRequest(bytes));
    expect(again.ok ? 'ok' : again.code).toBe('KRB_AP_ERR_REPEAT');
    const other = sibling(k);
    expect(other(bytes)).toBe('TGS-REP');
    expect(other(withPacRequest(bytes))).toBe('KRB_AP_ERR_REPEAT');
  });

  it('keeps to the configured bound: the oldest authenticator is forgotten first', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const a = tgsReq(k, tgt, CIFS);
    const b = tgsReq(k, tgt, CIFS);
    const send = sibling(k, { replayCacheMaxEntries: 1 });
    expect([send(a), send(b), send(withPacRequest(b)), send(withPacRequest(a))]).toEqual(['TGS-REP', 'TGS-REP', 'KRB_AP_ERR_REPEAT', 'TGS-REP']);
  });
});

describe('ReplayCache', () => {
  const id = (n: number) => ({ client: 'alice@R', ctime: 1000, cusec: n, etype: 18, cipher: new Uint8Array(40).fill(n) });

  it('remembers within the window and forgets after it', () => {
    const c = new ReplayCache(10_000);
    expect(c.checkAndRemember(id(1), 0)).toBe('fresh');
    expect(c.checkAndRemember(id(1), 9_999)).toBe('replay');
    expect(c.checkAndRemember(id(1), 10_000)).toBe('fresh');
  });

  it('is bounded: the oldest entries go first', () => {
    const c = new ReplayCache(60_000, 3);
    for (let i = 0; i < 5; i++) expect(c.checkAndRemember(id(i), i)).toBe('fresh');
    expect(c.size).toBe(3);
    expect(c.checkAndRemember(id(4), 10)).toBe('replay');
    expect(c.checkAndRemember(id(0), 10)).toBe('fresh');
  });

  it('expired entries are dropped on the next call', () => {
    const c = new ReplayCache(100);
    for (let i = 0; i < 50; i++) c.checkAndRemember(id(i), i);
    c.checkAndRemember(id(999), 1_000);
    expect(c.size).toBe(1);
  });
});

describe('replayTag: the integrity tag of an authenticator ciphertext', () => {
  const cipher = Uint8Array.from({ length: 40 }, (_, i) => i);
  const bytes = (t: string) => Array.from(t, (c) => c.charCodeAt(0));

  it('is the trailing 12-byte HMAC-SHA1-96 for aes128/aes256 (RFC 3962 section 6)', () => {
    expect(bytes(replayTag(17, cipher))).toEqual([28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
    expect(bytes(replayTag(18, cipher))).toEqual([28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39]);
  });

  it('is the leading 16-byte HMAC-MD5 for rc4-hmac (RFC 4757 section 4)', () => {
    expect(bytes(replayTag(23, cipher))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it('is the whole ciphertext for any other enctype, and never reads past a short one', () => {
    expect(bytes(replayTag(3, cipher))).toEqual([...cipher]);
    expect(bytes(replayTag(18, cipher.subarray(0, 5)))).toEqual([0, 1, 2, 3, 4]);
  });

  it('two authenticators that differ only in the tag are different entries; the same tag is a replay', () => {
    const c = new ReplayCache(60_000);
    const a = new Uint8Array(40).fill(7);
    const b = a.slice();
    b[39] ^= 1;
    const at = (cipher: Uint8Array) => ({ client: 'alice@R', ctime: 1000, cusec: 1, etype: 18, cipher });
    expect([c.checkAndRemember(at(a), 0), c.checkAndRemember(at(b), 0), c.checkAndRemember(at(a.slice()), 0)]).toEqual(['fresh', 'fresh', 'replay']);
  });
});
