/**
 * The PAC of tickets the TGS issues from a domain TGT (MS-PAC 2.8, MS-KILE 3.3.5.7): copied from
 * the TGT with fresh signatures (server key of the new ticket, KDC key of the domain krbtgt, ticket
 * and full-PAC signatures in service tickets), TGT-only buffers dropped, and left out when the
 * client or the service does not want one.
 */
import { describe, expect, it } from 'vitest';
import { findPac, pacAuthorizationData, type EncTicketPart } from '../../../../../emulator/kerberos/asn1/index.ts';
import { decodePac, decodePacType, encodeAttributesInfo, PAC_TYPE, signPac, verifyPac } from '../../../../../emulator/kerberos/pac/index.ts';
import { ticketSigningData } from '../../../../../emulator/kerberos/kdc/tgs/pac.ts';
import { openTicket } from '../../../../../clients/kerberos/index.ts';
import { account, domainTgt, keyOf, krbtgtKey, krbtgtName, spn, testKdc, tgsReq, type TestKdc } from './fixture.ts';

const CIFS = spn('cifs/fs1.fabrikam.local');

function rid(sid: string): number {
  return Number(sid.slice(sid.lastIndexOf('-') + 1));
}

function serviceTicketPac(k: TestKdc, sam: string, sname = CIFS, service = 'FS1$'): { part: EncTicketPart; pac: Uint8Array | undefined } {
  const r = k.send(tgsReq(k, domainTgt(k, sam), sname));
  if (!r.ok) throw new Error(`${r.code}: ${k.last().fact}`);
  const part = openTicket(r.rep.ticket, keyOf(k, service, r.rep.ticket.encPart.etype));
  return { part, pac: findPac(part.authorizationData) };
}

describe('TGS: PAC of service tickets', () => {
  it('carries the TGT PAC: SID, primary group, nested groups, UPN_DNS_INFO', () => {
    const k = testKdc();
    const { pac } = serviceTicketPac(k, 'alice');
    const d = decodePac(pac!);
    const alice = account(k, 'alice');
    const dir = k.lab.world.directory;
    expect(`${d.logonInfo!.logonDomainId}-${d.logonInfo!.userId}`).toBe(alice.sid);
    expect(d.logonInfo!.primaryGroupId).toBe(513);
    const rids = d.logonInfo!.groupIds.map((g) => g.relativeId).sort((a, b) => a - b);
    const expected = [513, rid(dir.groupBySam('Engineers')!.sid), rid(dir.groupBySam('Staff')!.sid)].sort((a, b) => a - b);
    expect(rids).toEqual(expected);
    expect(d.upnDnsInfo).toMatchObject({ upn: 'alice@contoso.com', dnsDomainName: 'FABRIKAM.LOCAL', samName: 'alice', sid: alice.sid });
    expect(d.clientInfo!.name).toBe('alice');
  });

  it('is re-signed: server signature with the service key, KDC, ticket and full signatures with the krbtgt key', () => {
    const k = testKdc();
    const { part, pac } = serviceTicketPac(k, 'alice');
    const v = verifyPac(pac!, { serverKey: keyOf(k, 'FS1$'), kdcKey: krbtgtKey(k).key, ticketSigningData: ticketSigningData(part) });
    expect(v).toEqual({ server: 'valid', kdc: 'valid', ticket: 'valid', full: 'valid' });
    // The TGT's server signature (krbtgt key) would not verify as the service's.
    expect(verifyPac(pac!, { serverKey: krbtgtKey(k).key }).server).toBe('invalid');
  });

  it('drops ATTRIBUTES_INFO and PAC_REQUESTOR from service tickets, keeps them in a re-issued TGT', () => {
    const k = testKdc();
    const types = (p: Uint8Array) => decodePacType(p).map((b) => b.type);
    const { pac } = serviceTicketPac(k, 'alice');
    expect(types(pac!)).not.toContain(PAC_TYPE.ATTRIBUTES_INFO);
    expect(types(pac!)).not.toContain(PAC_TYPE.REQUESTOR);
    const tgt = serviceTicketPac(k, 'alice', krbtgtName(), 'krbtgt');
    expect(types(tgt.pac!)).toContain(PAC_TYPE.ATTRIBUTES_INFO);
    expect(types(tgt.pac!)).toContain(PAC_TYPE.REQUESTOR);
    expect(types(tgt.pac!)).not.toContain(PAC_TYPE.TICKET_CHECKSUM);
    const v = verifyPac(tgt.pac!, { serverKey: krbtgtKey(k).key, kdcKey: krbtgtKey(k).key });
    expect([v.server, v.kdc]).toEqual(['valid', 'valid']);
  });

  it('no PAC in the service ticket when the TGS-REQ says PA-PAC-REQUEST false (Samba test_request_no_pac)', () => {
    const k = testKdc();
    const r = k.send(tgsReq(k, domainTgt(k, 'alice'), CIFS, { pacRequest: false }));
    if (!r.ok) throw new Error(r.code);
    expect(findPac(openTicket(r.rep.ticket, keyOf(k, 'FS1$')).authorizationData)).toBeUndefined();
  });

  it("no PAC when the TGT's ATTRIBUTES_INFO says it was not requested", () => {
    const k = testKdc();
    const key = krbtgtKey(k).key;
    const tgt = domainTgt(k, 'alice', (p) => {
      const bs = decodePacType(findPac(p.authorizationData)!).map((b) =>
        b.type === PAC_TYPE.ATTRIBUTES_INFO ? { type: b.type, data: encodeAttributesInfo({ flagsLength: 2, flags: [0] }) } : { type: b.type, data: b.data },
      );
      return { ...p, authorizationData: pacAuthorizationData(signPac(bs, { serverKey: key, kdcKey: key })) };
    });
    const r = k.send(tgsReq(k, tgt, CIFS));
    if (!r.ok) throw new Error(r.code);
    expect(findPac(openTicket(r.rep.ticket, keyOf(k, 'FS1$')).authorizationData)).toBeUndefined();
  });

  it('a user-account service gets the PAC signed with its own (AES128) key', () => {
    const k = testKdc();
    const { pac } = serviceTicketPac(k, 'bob', spn('http/web.fabrikam.local'), 'svc_web');
    const svcKey = k.lab.keys.forAccount(account(k, 'svc_web'))!.current.keys.get(17)!;
    expect(verifyPac(pac!, { serverKey: svcKey, kdcKey: krbtgtKey(k).key }).server).toBe('valid');
    expect(decodePac(pac!).logonInfo!.effectiveName).toBe('bob');
  });
});
