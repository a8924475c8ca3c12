/**
 * User-to-user (RFC 4120 3.7): alice asks for a ticket to bob with bob's TGT as the additional
 * ticket; it is sealed with that TGT's session key and carries no kvno. A TGT of another account
 * than the server is KRB_AP_ERR_BADMATCH; a service ticket in its place KRB_AP_ERR_MODIFIED.
 */
import { describe, expect, it } from 'vitest';
import { KDC_OPTIONS } from '../../../../../emulator/kerberos/asn1/index.ts';
import { openTicket } from '../../../../../clients/kerberos/index.ts';
import { domainTgt, spn, testKdc, tgsReq, user } from './fixture.ts';

const U2U = KDC_OPTIONS.from(['enc-tkt-in-skey', 'canonicalize']);

describe('TGS: user-to-user', () => {
  it('a ticket for bob sealed with the session key of bob\'s TGT, without kvno', () => {
    const k = testKdc();
    const alice = domainTgt(k, 'alice');
    const bob = domainTgt(k, 'bob');
    const r = k.send(tgsReq(k, alice, user('bob'), { kdcOptions: U2U, additionalTickets: [bob.ticket] }));
    if (!r.ok) throw new Error(`${r.code}: ${k.last().fact}`);
    expect(r.rep.ticket.encPart.kvno).toBeUndefined();
    expect(r.rep.ticket.encPart.etype).toBe(bob.sessionKey.etype);
    expect(openTicket(r.rep.ticket, bob.sessionKey).cname).toEqual(user('alice'));
  });

  it('bob\'s TGT for another server: KRB_AP_ERR_BADMATCH; a service ticket as the additional ticket: KRB_AP_ERR_MODIFIED', () => {
    const k = testKdc();
    const alice = domainTgt(k, 'alice');
    const bob = domainTgt(k, 'bob');
    const wrong = k.send(tgsReq(k, alice, user('svc_web'), { kdcOptions: U2U, additionalTickets: [bob.ticket] }));
    expect(wrong.ok ? 'ok' : wrong.code).toBe('KRB_AP_ERR_BADMATCH');
    const st = k.send(tgsReq(k, bob, spn('cifs/fs1.fabrikam.local'), { nonce: 5 }));
    if (!st.ok) throw new Error(st.code);
    const r = k.send(tgsReq(k, alice, user('bob'), { kdcOptions: U2U, additionalTickets: [st.rep.ticket], nonce: 6 }));
    expect(r.ok ? 'ok' : r.code).toBe('KRB_AP_ERR_MODIFIED');
  });
});
