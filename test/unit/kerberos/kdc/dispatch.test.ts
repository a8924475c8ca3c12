/** Dispatch: routing, malformed input, the one KRB-ERROR builder, oversized UDP replies, traces. */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { encodeApReq, encodeKrbError, encodeTgsReq } from '../../../../emulator/kerberos/asn1/index.ts';
import { KRB_ERR } from '../../../../emulator/kerberos/error-codes.ts';
import { dispatchKdc } from '../../../../emulator/kerberos/kdc/dispatch.ts';
import { buildAsReq, encTimestamp, krbtgtName, parseReply, principal } from '../../../../clients/kerberos/index.ts';
import { keyOf, NOW, REALM, testKdc } from './fixture.ts';

const rng = new SeededRandom('dispatch');
const goodAsReq = () => buildAsReq({ cname: 'alice', realm: REALM, now: NOW, padata: [encTimestamp(keyOf('alice', 18), NOW, rng)] });

function errorCode(bytes: Uint8Array, maxReply?: number): { code: number; events: number } {
  const kdc = testKdc();
  const r = kdc.send(bytes, maxReply);
  if (r.type !== 'error') throw new Error('expected a KRB-ERROR');
  return { code: r.error.errorCode, events: kdc.events.length };
}

describe('KDC dispatch', () => {
  it('answers bytes that are no Kerberos message with KRB_ERR_GENERIC', () => {
    expect(errorCode(new Uint8Array([1, 2, 3, 4]))).toEqual({ code: KRB_ERR.KRB_ERR_GENERIC, events: 1 });
    expect(errorCode(new Uint8Array(0)).code).toBe(KRB_ERR.KRB_ERR_GENERIC);
  });

  it('answers other Kerberos messages with KRB_AP_ERR_MSG_TYPE', () => {
    const err = encodeKrbError({ stime: NOW, susec: 0, errorCode: 0, realm: REALM, sname: krbtgtName(REALM) });
    expect(errorCode(err).code).toBe(KRB_ERR.KRB_AP_ERR_MSG_TYPE);
  });

  it('answers a truncated or corrupted AS-REQ with KRB_ERR_GENERIC, a wrong pvno with KDC_ERR_BAD_PVNO', () => {
    const good = goodAsReq();
    expect(errorCode(good.subarray(0, good.length - 7)).code).toBe(KRB_ERR.KRB_ERR_GENERIC);
    // pvno [1] INTEGER 5 is the first field: 6a len 30 len a1 03 02 01 05
    const i = good.indexOf(0xa1);
    expect(good[i + 4]).toBe(5);
    const badPvno = good.slice();
    badPvno[i + 4] = 4;
    expect(errorCode(badPvno).code).toBe(KRB_ERR.KDC_ERR_BAD_PVNO);
  });

  it('routes TGS-REQs to the TGS exchange', () => {
    const kdc = testKdc();
    const ap = encodeApReq({ apOptions: 0, ticket: { realm: REALM, sname: krbtgtName(REALM), encPart: { etype: 18, kvno: 2, cipher: new Uint8Array(40) } }, authenticator: { etype: 18, cipher: new Uint8Array(40) } });
    const tgs = encodeTgsReq({ padata: [{ padataType: 1, padataValue: ap }], reqBody: { kdcOptions: 0, realm: REALM, sname: principal('cifs/fs1.fabrikam.local'), till: NOW + 3_600_000, nonce: 1, etype: [18] } });
    const r = kdc.send(tgs);
    expect(r.type).toBe('error');
    expect(kdc.events).toHaveLength(1);
    expect(kdc.events[0].exchange).toBe('TGS');
  });

  it('replaces a reply above the UDP limit by KRB_ERR_RESPONSE_TOO_BIG', () => {
    const kdc = testKdc();
    const r = kdc.send(goodAsReq(), 1465);
    expect(r.type === 'error' && r.error.errorCode).toBe(KRB_ERR.KRB_ERR_RESPONSE_TOO_BIG);
    expect(r.type === 'error' && r.error.cname).toEqual(principal('alice'));
    expect(kdc.events[0]).toMatchObject({ verdict: 'error', code: 'KRB_ERR_RESPONSE_TOO_BIG' });
    expect(testKdc().send(goodAsReq(), 64_000).type).toBe('rep');
  });

  it('turns an unexpected exception into KRB_ERR_GENERIC and logs it without keys', () => {
    const lines: string[] = [];
    const kdc = testKdc();
    const ctx = { ...kdc.ctx, keys: { ...kdc.ctx.keys, forAccount: () => { throw new TypeError('boom'); } } as never, log: { error: (m: string, f: unknown) => lines.push(JSON.stringify({ m, f })) } as never };
    const reply = parseReply(dispatchKdc(ctx, goodAsReq(), { transport: 'direct' }));
    expect(reply.type === 'error' && reply.error.errorCode).toBe(KRB_ERR.KRB_ERR_GENERIC);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/Alice-Passw0rd/);
  });

  it('emits one trace event per exchange with the directory fact', () => {
    const kdc = testKdc();
    kdc.send(buildAsReq({ cname: 'disabled', realm: REALM, now: NOW }));
    kdc.send(goodAsReq());
    expect(kdc.events.map((e) => [e.exchange, e.verdict, e.code])).toEqual([
      ['AS', 'error', 'KDC_ERR_CLIENT_REVOKED'],
      ['AS', 'ok', undefined],
    ]);
    expect(kdc.events[0].fact).toBeTruthy();
    expect(kdc.events[0].client).toBe('disabled@FABRIKAM.LOCAL');
  });
});
