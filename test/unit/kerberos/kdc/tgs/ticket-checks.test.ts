/**
 * Checks on the presented domain TGT (RFC 4120 3.3.3; Samba kdc_tgs_tests as the oracle), made
 * with tamper helpers: build the TGT, change one field or PAC buffer, re-seal, expect one code.
 */
import { describe, expect, it } from 'vitest';
import {
  AD_TYPE,
  adIfRelevant,
  findPac,
  KDC_OPTIONS,
  pacAuthorizationData,
  TICKET_FLAGS,
  type EncTicketPart,
} from '../../../../../emulator/kerberos/asn1/index.ts';
import { EncType, randomKey } from '../../../../../emulator/kerberos/crypto/index.ts';
import { sealTicket } from '../../../../../emulator/kerberos/kdc/index.ts';
import { decodePacType, encodeRequestor, PAC_TYPE, signPac } from '../../../../../emulator/kerberos/pac/index.ts';
import { openTicket } from '../../../../../clients/kerberos/index.ts';
import { openTgsRep } from '../../../../../clients/kerberos/index.ts';
import { account, domainTgt, krbtgtKey, krbtgtName, NOW, REALM, spn, testKdc, tgsReq, user, type TestKdc } from './fixture.ts';

const CIFS = spn('cifs/fs1.fabrikam.local');

/** Re-signs the part's PAC after `edit` changed its buffers (valid signatures, other content). */
function editPac(k: TestKdc, edit: (b: { type: number; data: Uint8Array }[]) => { type: number; data: Uint8Array }[]) {
  return (p: EncTicketPart): EncTicketPart => {
    const key = krbtgtKey(k).key;
    const buffers = edit(decodePacType(findPac(p.authorizationData)!).map((b) => ({ type: b.type, data: b.data })));
    return { ...p, authorizationData: pacAuthorizationData(signPac(buffers, { serverKey: key, kdcKey: key })) };
  };
}

interface Case {
  title: string;
  change: (k: TestKdc) => (p: EncTicketPart) => EncTicketPart;
  options?: number;
  error: string;
}

const CASES: Case[] = [
  { title: 'expired TGT: KRB_AP_ERR_TKT_EXPIRED', change: () => (p) => ({ ...p, endtime: NOW - 1000 }), error: 'KRB_AP_ERR_TKT_EXPIRED' },
  { title: 'TGT starting in an hour: KRB_AP_ERR_TKT_NYV', change: () => (p) => ({ ...p, starttime: NOW + 3_600_000 }), error: 'KRB_AP_ERR_TKT_NYV' },
  { title: 'INVALID flag: KRB_AP_ERR_TKT_NYV', change: () => (p) => ({ ...p, flags: TICKET_FLAGS.set(p.flags, 'invalid') }), error: 'KRB_AP_ERR_TKT_NYV' },
  { title: 'no PAC: KDC_ERR_TGT_REVOKED (Samba test_tgs_no_pac)', change: () => (p) => ({ ...p, authorizationData: undefined }), error: 'KDC_ERR_TGT_REVOKED' },
  {
    title: 'PAC byte changed: KRB_AP_ERR_MODIFIED',
    change: () => (p) => {
      const pac = findPac(p.authorizationData)!.slice();
      pac[200] ^= 1;
      return { ...p, authorizationData: pacAuthorizationData(pac) };
    },
    error: 'KRB_AP_ERR_MODIFIED',
  },
  {
    title: 'PAC_REQUESTOR of another account: KDC_ERR_TGT_REVOKED (test_requester_sid_mismatch)',
    change: (k) => editPac(k, (bs) => bs.map((b) => (b.type === PAC_TYPE.REQUESTOR ? { type: b.type, data: encodeRequestor({ sid: account(k, 'bob').sid }) } : b))),
    error: 'KDC_ERR_TGT_REVOKED',
  },
  {
    title: 'no PAC_REQUESTOR while enforced: KDC_ERR_TGT_REVOKED (test_tgs_req_no_requester_sid)',
    change: (k) => editPac(k, (bs) => bs.filter((b) => b.type !== PAC_TYPE.REQUESTOR)),
    error: 'KDC_ERR_TGT_REVOKED',
  },
  { title: 'a client that is not in the directory: KDC_ERR_C_PRINCIPAL_UNKNOWN', change: () => (p) => ({ ...p, cname: user('mallory') }), error: 'KDC_ERR_C_PRINCIPAL_UNKNOWN' },
  { title: 'RENEW of a ticket that is not renewable: KDC_ERR_BADOPTION', change: () => (p) => ({ ...p, flags: TICKET_FLAGS.clear(p.flags, 'renewable') }), options: KDC_OPTIONS.from(['renew']), error: 'KDC_ERR_BADOPTION' },
  { title: 'RENEW after renew-till: KRB_AP_ERR_TKT_EXPIRED', change: () => (p) => ({ ...p, endtime: NOW - 2000, renewTill: NOW - 1000 }), options: KDC_OPTIONS.from(['renew']), error: 'KRB_AP_ERR_TKT_EXPIRED' },
];

describe('TGS: the presented TGT', () => {
  for (const c of CASES) {
    it(c.title, () => {
      const k = testKdc();
      const tgt = domainTgt(k, 'alice', c.change(k));
      const sname = c.options !== undefined ? krbtgtName() : CIFS;
      const r = k.send(tgsReq(k, tgt, sname, c.options !== undefined ? { kdcOptions: c.options } : {}));
      expect(r.ok ? 'ok' : r.code).toBe(c.error);
      expect(k.last().fact).toBeTruthy();
    });
  }

  it('a TGT sealed with a key the directory does not hold: KRB_AP_ERR_BAD_INTEGRITY', () => {
    const k = testKdc();
    const good = domainTgt(k, 'alice');
    const wrong = randomKey(EncType.AES256_CTS_HMAC_SHA1_96, k.rng);
    const forged = sealTicket(
      { flags: 0, key: { keytype: 18, keyvalue: good.sessionKey.bytes }, crealm: REALM, cname: user('alice'), transited: { trType: 1, contents: new Uint8Array(0) }, authtime: NOW, endtime: NOW + 3_600_000 },
      { realm: REALM, sname: krbtgtName() },
      { key: wrong, kvno: krbtgtKey(k).kvno },
      k.rng,
    );
    const r = k.send(tgsReq(k, { ...good, ticket: forged }, CIFS));
    expect(r.ok ? 'ok' : r.code).toBe('KRB_AP_ERR_BAD_INTEGRITY');
  });

  it('without PAC_REQUESTOR on a DC that does not enforce it, LOGON_INFO identifies the client', () => {
    const k = testKdc({ dc: 'dc2' });
    const tgt = domainTgt(k, 'alice', editPac(k, (bs) => bs.filter((b) => b.type !== PAC_TYPE.REQUESTOR)));
    expect(k.send(tgsReq(k, tgt, CIFS)).ok).toBe(true);
  });

  it('RENEW: same session key, new starttime, original life, same renew-till; past endtime is fine', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice', (p) => ({ ...p, starttime: NOW - 11 * 3_600_000, authtime: NOW - 11 * 3_600_000, endtime: NOW - 3_600_000 }));
    const r = k.send(tgsReq(k, tgt, krbtgtName(), { kdcOptions: KDC_OPTIONS.from(['renew']) }));
    if (!r.ok) throw new Error(`${r.code}: ${k.last().fact}`);
    const p = openTgsRep(r.rep, tgt.sessionKey).part;
    expect(p.key.keyvalue).toEqual(tgt.sessionKey.bytes);
    expect(p.starttime).toBe(NOW);
    expect(p.endtime).toBe(NOW + 10 * 3_600_000);
    expect(p.renewTill).toBe(NOW + 7 * 86_400_000);
    expect(p.authtime).toBe(NOW - 11 * 3_600_000);
    expect(TICKET_FLAGS.has(p.flags, 'initial')).toBe(true);
  });

  it('a TGT sealed with the krbtgt RC4 key: KRB_ERR_GENERIC with STATUS_INSUFFICIENT_RESOURCES, flags 3 (as Windows)', () => {
    const k = testKdc();
    const good = domainTgt(k, 'alice');
    const rc4 = k.lab.keys.currentKey(k.lab.world.directory.krbtgt, EncType.RC4_HMAC)!;
    const part = openTicket(good.ticket, krbtgtKey(k).key);
    const ticket = sealTicket(part, { realm: REALM, sname: krbtgtName() }, rc4, k.rng);
    const r = k.send(tgsReq(k, { ...good, ticket }, CIFS));
    expect(r.ok ? 'ok' : r.code).toBe('KRB_ERR_GENERIC');
    if (r.ok) return;
    // KERB-ERROR-DATA { data-type [1] 3, data-value [2] KERB-EXT-ERROR { 0xC000009A, 0, 3 } } (MS-KILE 2.2.1, 2.2.2).
    expect(Buffer.from(r.error.eData!).toString('hex')).toBe('3015a103020103a20e040c9a0000c00000000003000000');
  });

  it('RENEW or VALIDATE of a service ticket: KDC_ERR_POLICY; a plain TGS-REQ with it: KRB_AP_ERR_NOT_US', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const r = k.send(tgsReq(k, tgt, CIFS));
    if (!r.ok) throw new Error(r.code);
    const st = { ...tgt, ticket: r.rep.ticket };
    const code = (kdcOptions: number, nonce: number) => {
      const x = k.send(tgsReq(k, st, krbtgtName(), { kdcOptions, nonce }));
      return x.ok ? 'ok' : x.code;
    };
    expect(code(KDC_OPTIONS.from(['renew']), 11)).toBe('KDC_ERR_POLICY');
    expect(code(KDC_OPTIONS.from(['validate']), 12)).toBe('KDC_ERR_POLICY');
    expect(code(0, 13)).toBe('KRB_AP_ERR_NOT_US');
  });

  it('VALIDATE of an INVALID TGT stays KDC_ERR_BADOPTION: Windows does not implement validation', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice', (p) => ({ ...p, flags: TICKET_FLAGS.set(p.flags, 'invalid') }));
    const r = k.send(tgsReq(k, tgt, krbtgtName(), { kdcOptions: KDC_OPTIONS.from(['validate']) }));
    expect(r.ok ? 'ok' : r.code).toBe('KDC_ERR_BADOPTION');
  });

  it('RENEW for a service instead of krbtgt: KDC_ERR_SERVER_NOMATCH', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const r = k.send(tgsReq(k, tgt, CIFS, { kdcOptions: KDC_OPTIONS.from(['renew']) }));
    expect(r.ok ? 'ok' : r.code).toBe('KDC_ERR_SERVER_NOMATCH');
  });

  it('a TGT whose kvno names no key generation is tried with the current key (fallback) and opens', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const ticket = { ...tgt.ticket, encPart: { ...tgt.ticket.encPart, kvno: 77 } };
    expect(k.send(tgsReq(k, { ...tgt, ticket }, CIFS)).ok).toBe(true);
  });
});

describe('TGS: FORWARDED (RFC 4120 2.6, 3.3.3)', () => {
  const FROM = [{ addrType: 2, address: new Uint8Array([192, 0, 2, 7]) }];
  const forwardedTgt = (k: TestKdc) =>
    domainTgt(k, 'alice', (p) => ({ ...p, flags: TICKET_FLAGS.set(p.flags, 'forwardable') }));

  it('a forwardable TGT is forwarded: the new TGT has FORWARDED and the addresses the request named', () => {
    const k = testKdc();
    const tgt = forwardedTgt(k);
    const r = k.send(tgsReq(k, tgt, krbtgtName(), { kdcOptions: KDC_OPTIONS.from(['forwardable', 'forwarded', 'canonicalize']), addresses: FROM }));
    if (!r.ok) throw new Error(`${r.code}: ${k.last().fact}`);
    const rep = openTgsRep(r.rep, tgt.sessionKey).part;
    expect(TICKET_FLAGS.has(rep.flags, 'forwarded')).toBe(true);
    expect(TICKET_FLAGS.has(rep.flags, 'forwardable')).toBe(true);
    expect(rep.caddr).toEqual(FROM);
    const sealed = openTicket(r.rep.ticket, krbtgtKey(k).key);
    expect(TICKET_FLAGS.has(sealed.flags, 'forwarded')).toBe(true);
    expect(sealed.caddr).toEqual(FROM);
  });

  it('a service ticket from a forwarded TGT carries FORWARDED too', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice', (p) => ({ ...p, flags: TICKET_FLAGS.set(TICKET_FLAGS.set(p.flags, 'forwardable'), 'forwarded') }));
    const r = k.send(tgsReq(k, tgt, CIFS));
    if (!r.ok) throw new Error(`${r.code}: ${k.last().fact}`);
    expect(TICKET_FLAGS.has(openTgsRep(r.rep, tgt.sessionKey).part.flags, 'forwarded')).toBe(true);
  });

  it('FORWARDED with a TGT that is not forwardable: KDC_ERR_BADOPTION', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice', (p) => ({ ...p, flags: TICKET_FLAGS.clear(p.flags, 'forwardable') }));
    const r = k.send(tgsReq(k, tgt, krbtgtName(), { kdcOptions: KDC_OPTIONS.from(['forwarded']), addresses: FROM }));
    expect(r.ok ? 'ok' : r.code).toBe('KDC_ERR_BADOPTION');
  });

  it('PROXIABLE asked with a proxiable TGT: the service ticket is proxiable; from a TGT that is not, it is not', () => {
    const k = testKdc();
    const proxiable = domainTgt(k, 'alice', (p) => ({ ...p, flags: TICKET_FLAGS.set(p.flags, 'proxiable') }));
    const r = k.send(tgsReq(k, proxiable, CIFS, { kdcOptions: KDC_OPTIONS.from(['proxiable', 'canonicalize']) }));
    if (!r.ok) throw new Error(`${r.code}: ${k.last().fact}`);
    expect(TICKET_FLAGS.has(openTgsRep(r.rep, proxiable.sessionKey).part.flags, 'proxiable')).toBe(true);
    const plain = domainTgt(k, 'alice');
    const r2 = k.send(tgsReq(k, plain, CIFS, { kdcOptions: KDC_OPTIONS.from(['proxiable', 'canonicalize']), nonce: 7 }));
    if (!r2.ok) throw new Error(`${r2.code}: ${k.last().fact}`);
    expect(TICKET_FLAGS.has(openTgsRep(r2.rep, plain.sessionKey).part.flags, 'proxiable')).toBe(false);
  });

  it('AD-fx-fast-used in an unarmored TGS-REQ: KRB_AP_ERR_MODIFIED (RFC 6113 5.4.2), in the authenticator or the TGT', () => {
    const k = testKdc();
    const used = [{ adType: AD_TYPE.AD_FX_FAST_USED, adData: new Uint8Array(0) }];
    const inAuthenticator = k.send(tgsReq(k, domainTgt(k, 'alice'), CIFS, { authorizationData: used }));
    expect(inAuthenticator.ok ? 'ok' : inAuthenticator.code).toBe('KRB_AP_ERR_MODIFIED');
    const tgt = domainTgt(k, 'alice', (p) => ({ ...p, authorizationData: [...(p.authorizationData ?? []), adIfRelevant(used)] }));
    const inTgt = k.send(tgsReq(k, tgt, CIFS, { nonce: 8 }));
    expect(inTgt.ok ? 'ok' : inTgt.code).toBe('KRB_AP_ERR_MODIFIED');
  });

  it('PROXY stays unsupported: KDC_ERR_BADOPTION', () => {
    const k = testKdc();
    const r = k.send(tgsReq(k, forwardedTgt(k), CIFS, { kdcOptions: KDC_OPTIONS.from(['proxy']) }));
    expect(r.ok ? 'ok' : r.code).toBe('KDC_ERR_BADOPTION');
  });
});
