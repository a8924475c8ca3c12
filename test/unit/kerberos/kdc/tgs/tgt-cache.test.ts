/**
 * The cache of opened domain TGTs (emulator/kerberos/kdc/tgs/tgt-cache.ts): a TGT presented again
 * is not decrypted and its PAC not verified again, while everything that depends on the key
 * table, the directory or the request is still decided per request.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../../emulator/core/random.ts';
import type { Account, Secrets } from '../../../../../emulator/directory/model.ts';
import { AD_TYPE, adIfRelevant, decodeKerberosMessage } from '../../../../../emulator/kerberos/asn1/index.ts';
import { EncType, randomKey } from '../../../../../emulator/kerberos/crypto/index.ts';
import { krbErrorName } from '../../../../../emulator/kerberos/error-codes.ts';
import { createKdcContext, dispatchKdc } from '../../../../../emulator/kerberos/kdc/index.ts';
import { OpenedTgtCache } from '../../../../../emulator/kerberos/kdc/tgs/tgt-cache.ts';
import { KeyTable } from '../../../../../emulator/kerberos/keys/keytable.ts';
import { domainTgt, spn, testKdc, tgsReq } from './fixture.ts';

const CIFS = spn('cifs/fs1.fabrikam.local');

describe('TGS: the cache of opened TGTs', () => {
  it('serves a TGT presented again from the cache, with the same reply and trace detail', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const first = k.send(tgsReq(k, tgt, CIFS));
    const e1 = k.last();
    expect(first.ok).toBe(true);
    expect(k.ctx.tgtCache.size).toBe(1);
    const second = k.send(tgsReq(k, tgt, CIFS));
    const e2 = k.last();
    expect(second.ok).toBe(true);
    expect(k.ctx.tgtCache.size).toBe(1);
    expect(e2.detail?.pacSignatures).toBe('server valid, kdc valid, ticket absent');
    expect(e2.detail?.pacSignatures).toBe(e1.detail?.pacSignatures);
    expect(e2.detail?.krbtgtGeneration).toBe(e1.detail?.krbtgtGeneration);
    expect(e2.client).toBe(e1.client);
    if (first.ok && second.ok) {
      expect(second.rep.ticket.encPart.etype).toBe(first.rep.ticket.encPart.etype);
      expect(second.rep.ticket.encPart.kvno).toBe(first.rep.ticket.encPart.kvno);
    }
  });

  it('keeps every TGT apart: another TGT of the same user is a second entry', () => {
    const k = testKdc();
    expect(k.send(tgsReq(k, domainTgt(k, 'alice'), CIFS)).ok).toBe(true);
    expect(k.send(tgsReq(k, domainTgt(k, 'alice'), CIFS)).ok).toBe(true);
    expect(k.ctx.tgtCache.size).toBe(2);
  });

  it('does not cache a TGT whose PAC does not verify: refused with KRB_AP_ERR_MODIFIED every time', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice', (p) => {
      const ad = p.authorizationData!;
      // Flip one byte of the PAC inside AD-IF-RELEVANT: the signatures no longer match.
      const bytes = ad[ad.length - 1].adData.slice();
      bytes[bytes.length - 40] ^= 0x01;
      return { ...p, authorizationData: [...ad.slice(0, -1), { ...ad[ad.length - 1], adData: bytes }] };
    });
    for (let i = 0; i < 2; i++) {
      const r = k.send(tgsReq(k, tgt, CIFS));
      expect(r.ok ? 'ok' : r.code).toBe('KRB_AP_ERR_MODIFIED');
    }
  });

  it('refuses a cached TGT with AD-fx-fast-used in an unarmored request every time (KRB_AP_ERR_MODIFIED)', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice', (p) => ({ ...p, authorizationData: [...(p.authorizationData ?? []), adIfRelevant([{ adType: AD_TYPE.AD_FX_FAST_USED, adData: new Uint8Array(0) }])] }));
    for (let i = 0; i < 2; i++) {
      const r = k.send(tgsReq(k, tgt, CIFS));
      expect(r.ok ? 'ok' : r.code).toBe('KRB_AP_ERR_MODIFIED');
    }
    expect(k.ctx.tgtCache.size).toBe(1);
  });

  it('checks the ticket times every time: a cached TGT past its end time is refused (KRB_AP_ERR_TKT_EXPIRED)', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    expect(k.send(tgsReq(k, tgt, CIFS)).ok).toBe(true);
    k.clock.advance(11 * 3_600_000);
    const r = k.send(tgsReq(k, tgt, CIFS));
    expect(r.ok ? 'ok' : r.code).toBe('KRB_AP_ERR_TKT_EXPIRED');
  });

  it('follows the key table: after two krbtgt rotations the cached TGT no longer opens (KRB_AP_ERR_BAD_INTEGRITY)', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const krbtgt = k.lab.world.directory.krbtgt;
    let secrets: Secrets = krbtgt.secrets;
    const keys = KeyTable.build(k.lab.world.directory, { secretsOf: (a: Account) => (a.sid === krbtgt.sid ? secrets : a.secrets) });
    const ctx = createKdcContext(k.lab.world.directory, { keys, clock: k.clock, rng: new SeededRandom('tgt-cache'), dc: 'dc1' });
    const reply = (bytes: Uint8Array) => {
      const m = decodeKerberosMessage(dispatchKdc(ctx, bytes, { transport: 'direct' }));
      return m.name === 'KRB-ERROR' ? krbErrorName(m.message.errorCode) : m.name;
    };
    expect(reply(tgsReq(k, tgt, CIFS))).toBe('TGS-REP');
    expect(ctx.tgtCache.size).toBe(1);
    const v = secrets.current.kvno;
    // One rotation: the TGT's key is now the previous generation (N-1), still accepted.
    secrets = { current: { kvno: v + 1, password: 'Rotated-Once-1!' }, previous: secrets.current };
    expect(reply(tgsReq(k, tgt, CIFS))).toBe('TGS-REP');
    // A second one: the TGT's key is gone from the directory.
    secrets = { current: { kvno: v + 2, password: 'Rotated-Twice-2!' }, previous: secrets.current };
    expect(reply(tgsReq(k, tgt, CIFS))).toBe('KRB_AP_ERR_BAD_INTEGRITY');
  });
});

describe('OpenedTgtCache', () => {
  const key = { etype: EncType.AES256_CTS_HMAC_SHA1_96, bytes: new Uint8Array(32).fill(7) };
  const generation = { kvno: 2, salt: 's', keys: new Map([[key.etype, key]]) } as never;
  const ticket = (cipher: Uint8Array) => ({ realm: 'R', sname: spn('krbtgt/R'), encPart: { etype: key.etype, kvno: 2, cipher } });
  const part = () => ({ flags: 0, key: { keytype: 18, keyvalue: randomKey(18, new SeededRandom('p')).bytes }, crealm: 'R', cname: spn('alice'), transited: { trType: 1, contents: new Uint8Array(0) }, authtime: 0, endtime: 1 });

  it('finds only the exact cipher bytes, with a key of the same bytes', () => {
    const c = new OpenedTgtCache();
    const cipher = new Uint8Array(100).map((_, i) => i);
    c.remember(ticket(cipher), key, part());
    expect(c.find(ticket(cipher.slice()), [generation])).toBeDefined();
    // Same first and last 16 bytes (the lookup key), different middle: a miss.
    const middle = cipher.slice();
    middle[50] ^= 1;
    expect(c.find(ticket(middle), [generation])).toBeUndefined();
    const otherKey = { etype: key.etype, bytes: new Uint8Array(32).fill(8) };
    expect(c.find(ticket(cipher), [{ kvno: 3, salt: 's', keys: new Map([[key.etype, otherKey]]) } as never])).toBeUndefined();
  });

  it('freezes the part it keeps and drops the least recently used entry when full', () => {
    const c = new OpenedTgtCache(2);
    const ciphers = [1, 2, 3].map((n) => new Uint8Array(64).fill(n));
    const e = c.remember(ticket(ciphers[0]), key, part());
    expect(Object.isFrozen(e.part)).toBe(true);
    expect(Object.isFrozen(e.part.cname.nameString)).toBe(true);
    c.remember(ticket(ciphers[1]), key, part());
    expect(c.find(ticket(ciphers[0]), [generation])).toBeDefined(); // 0 is now the most recent
    c.remember(ticket(ciphers[2]), key, part());
    expect(c.size).toBe(2);
    expect(c.find(ticket(ciphers[1]), [generation])).toBeUndefined();
    expect(c.find(ticket(ciphers[0]), [generation])).toBeDefined();
  });
});
