/**
 * The kpasswd service (emulator/kerberos/kdc/kpasswd.ts): RFC 3244 framing, the result each
 * request gets (a KRB-ERROR whose e-data is result code + UTF-8 string, unframed as AD sends it),
 * and a bounded seeded fuzz of the request (every mutant still answered with a result code RFC
 * 3244 defines). The kadmin/changepw ticket comes from the KDC itself, as a client gets it.
 */
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../emulator/core/clock.ts';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { decodeKerberosMessage, encodeApReq, encodeAuthenticator, type Ticket } from '../../../../emulator/kerberos/asn1/index.ts';
import { encrypt, KeyUsage, randomKey } from '../../../../emulator/kerberos/crypto/index.ts';
import { createKdcContext, dispatchKdc, handleKpasswd, KPASSWD_RESULT, parseKpasswdRequest, sealTicket, unsealTicket } from '../../../../emulator/kerberos/kdc/index.ts';
import { bitFlip, deleteRun, FuzzRng, insertBytes, mutate, nudgeByte, truncate } from '../../../support/mutate.ts';
import { buildAsReq, encTimestamp, openRep, parseReply, principal } from '../../../../clients/kerberos/index.ts';
import { dir, keyOf, keys, NOW, REALM } from './fixture.ts';
import { takeCapture } from '../../../../emulator/trace/capture.ts';
import { decodeKpasswdCapture } from '../../../../emulator/ui/decode/kerberos/index.ts';

const rng = new SeededRandom('kpasswd');
const clock = new FixedClock(NOW);
const events: Record<string, unknown>[] = [];
const ctx = createKdcContext(dir, { keys, clock, rng });
const send = (raw: Uint8Array) => handleKpasswd(ctx, raw, { transport: 'direct' }, (e) => events.push(e as Record<string, unknown>));

/** A kadmin/changepw ticket for alice from the KDC's AS exchange, and its session key. */
function changepwTicket(): { ticket: Ticket; session: { etype: number; bytes: Uint8Array } } {
  const r = parseReply(
    dispatchKdc(ctx, buildAsReq({ cname: 'alice', realm: REALM, now: NOW, sname: principal('kadmin/changepw'), padata: [encTimestamp(keyOf('alice', 18), NOW, rng)] }), { transport: 'direct' }),
  );
  if (r.type !== 'rep') throw new Error(`no changepw ticket: ${r.error.errorCode}`);
  const k = openRep(r.rep, keyOf('alice', 18)).part.key;
  return { ticket: r.rep.ticket, session: { etype: k.keytype, bytes: k.keyvalue } };
}

/** RFC 3244 framing around an AP-REQ for `ticket` and some KRB-PRIV bytes. */
function request(version: number, ticket: Ticket, session: { etype: number; bytes: Uint8Array }): Uint8Array {
  const auth = encodeAuthenticator({ crealm: REALM, cname: principal('alice'), cusec: 0, ctime: NOW });
  const ap = encodeApReq({ apOptions: 0, ticket, authenticator: { etype: session.etype, cipher: encrypt(session, KeyUsage.AP_REQ_AUTH, auth, rng) } });
  const priv = new Uint8Array([0x75, 0x03, 0x30, 0x01, 0x00]); // stands in for KRB-PRIV: never decrypted
  const out = new Uint8Array(6 + ap.length + priv.length);
  out[0] = out.length >> 8;
  out[1] = out.length & 0xff;
  out[2] = version >> 8;
  out[3] = version & 0xff;
  out[4] = ap.length >> 8;
  out[5] = ap.length & 0xff;
  out.set(ap, 6);
  out.set(priv, 6 + ap.length);
  return out;
}

/** The result code and string a reply carries (what MIT's krb5int_rd_chpw_rep reads). */
function result(reply: Uint8Array): { errorCode: number; code: number; text: string; sname: string[] } {
  const m = decodeKerberosMessage(reply);
  if (m.name !== 'KRB-ERROR') throw new Error(`expected a KRB-ERROR, got ${m.name}`);
  const e = m.message.eData!;
  return { errorCode: m.message.errorCode, code: (e[0] << 8) | e[1], text: new TextDecoder().decode(e.subarray(2)), sname: m.message.sname.nameString };
}

describe('parseKpasswdRequest (RFC 3244 section 2)', () => {
  it('splits length, version, AP-REQ and KRB-PRIV', () => {
    const raw = Uint8Array.from([0x00, 0x0b, 0xff, 0x80, 0x00, 0x02, 0x6e, 0x00, 0x75, 0x01, 0x00]);
    const r = parseKpasswdRequest(raw);
    expect([r.version, [...r.apReq], [...r.krbPriv]]).toEqual([0xff80, [0x6e, 0x00], [0x75, 0x01, 0x00]]);
  });

  it.each([
    ['fewer than 6 bytes', [0x00, 0x05, 0x00, 0x01, 0x00]],
    ['a length that is not the message length', [0x00, 0x09, 0x00, 0x01, 0x00, 0x01, 0x6e, 0x00]],
    ['an empty AP-REQ', [0x00, 0x06, 0x00, 0x01, 0x00, 0x00]],
    ['an AP-REQ longer than the message', [0x00, 0x08, 0x00, 0x01, 0x00, 0x05, 0x6e, 0x00]],
  ])('refuses %s', (_what, bytes) => {
    expect(() => parseKpasswdRequest(Uint8Array.from(bytes))).toThrow(/kpasswd request/);
  });
});

describe('handleKpasswd', () => {
  const { ticket, session } = changepwTicket();

  it('a change (version 1) with alice\'s kadmin/changepw ticket: HARDERROR (2), the client named in the trace', () => {
    const before = events.length;
    const r = result(send(request(1, ticket, session)));
    expect([r.errorCode, r.code, r.sname]).toEqual([60, KPASSWD_RESULT.HARDERROR, ['kadmin', 'changepw']]);
    expect(r.text.startsWith('cloudtrust-lab does not change passwords')).toBe(true);
    expect(events.slice(before)).toMatchObject([{ exchange: 'kpasswd', code: 'KRB5_KPASSWD_HARDERROR', wire: 2, client: 'alice@FABRIKAM.LOCAL', detail: { version: 1 } }]);
  });

  it('the training page capture keeps the AP-REQ and the reply, never the KRB-PRIV; the decoded view opens the ticket', () => {
    const before = events.length;
    const raw = request(1, ticket, session);
    const reply = send(raw);
    const capture = takeCapture(events[before], true)!;
    const ap = parseKpasswdRequest(raw);
    expect(capture).toEqual({ kind: 'kpasswd', apReq: ap.apReq, reply });
    const tree = decodeKpasswdCapture({ directory: dir, keys, showSecrets: false }, capture);
    expect(tree.map((n) => n.label)).toEqual(['Request AP-REQ: 14 KRB-AP-REQ', 'KRB-PRIV', 'Reply: 30 KRB-ERROR']);
    expect(tree[1].value).toBe('not captured');
    const opened = JSON.stringify(tree);
    expect(opened).toContain('opened with krbtgt');
    expect(opened).toContain('"value":"alice@FABRIKAM.LOCAL"');
  });

  it('a set (0xff80) gets the same refusal', () => {
    expect(result(send(request(0xff80, ticket, session))).code).toBe(KPASSWD_RESULT.HARDERROR);
  });

  it('another protocol version: BAD_VERSION (6)', () => {
    expect(result(send(request(2, ticket, session))).code).toBe(KPASSWD_RESULT.BAD_VERSION);
  });

  it('a ticket for another service: AUTHERROR (3)', () => {
    const other = { ...ticket, sname: principal('cifs/fs1.fabrikam.local') };
    expect(result(send(request(1, other, session))).code).toBe(KPASSWD_RESULT.AUTHERROR);
  });

  it('a kadmin/changepw ticket sealed with a key the directory does not hold: AUTHERROR (3)', () => {
    const part = unsealTicket(ticket, keys.forAccount(dir.krbtgt)!.current.keys.get(ticket.encPart.etype)!);
    const forged = sealTicket(part, { realm: REALM, sname: ticket.sname }, { key: randomKey(18, rng), kvno: ticket.encPart.kvno ?? 0 }, rng);
    expect(result(send(request(1, forged, session))).code).toBe(KPASSWD_RESULT.AUTHERROR);
  });

  it('framing that does not add up: MALFORMED (1)', () => {
    expect(result(send(Uint8Array.from([0x00, 0x07, 0x00, 0x01, 0x00, 0x01, 0x00]))).code).toBe(KPASSWD_RESULT.MALFORMED);
  });

  it('bounded fuzz: 600 mutants of a valid request, each answered with a KRB-ERROR carrying a result code 1-7', () => {
    const f = new FuzzRng('kpasswd-fuzz');
    const seed = request(1, ticket, session);
    const codes = new Set<number>();
    for (let i = 0; i < 600; i++) {
      const r = result(send(mutate(f, seed, [bitFlip, truncate, nudgeByte, insertBytes(6), deleteRun(6)], 3)));
      expect(r.code).toBeGreaterThanOrEqual(1);
      expect(r.code).toBeLessThanOrEqual(7);
      codes.add(r.code);
    }
    // Mutants fail in different places: the framing, the AP-REQ, the ticket.
    expect(codes.has(KPASSWD_RESULT.MALFORMED)).toBe(true);
    expect(codes.size).toBeGreaterThan(1);
  });
});
