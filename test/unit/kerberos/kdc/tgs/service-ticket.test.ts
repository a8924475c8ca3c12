/**
 * Service tickets from a domain TGT (RFC 4120 3.3, MS-KILE 3.3.5.7), table-driven: which account
 * answers for an SPN (host/ covering its aliases), the ticket and session enctypes, names, kvno,
 * flags, times, and the errors for unknown services and realms.
 */
import { describe, expect, it } from 'vitest';
import { KDC_OPTIONS, NAME_TYPE, PA, TICKET_FLAGS, findPaValue } from '../../../../../emulator/kerberos/asn1/index.ts';
import { openTicket } from '../../../../../clients/kerberos/index.ts';
import { openTgsRep } from '../../../../../clients/kerberos/index.ts';
import { account, domainTgt, keyOf, krbtgtName, NOW, REALM, spn, testKdc, tgsReq, user } from './fixture.ts';

interface Case {
  title: string;
  sname: ReturnType<typeof spn>;
  etypes?: number[];
  /** expected error name, or the account and enctypes of a good reply */
  error?: string;
  service?: string;
  ticketEtype?: number;
  sessionEtype?: number;
  srealm?: string;
}

const CASES: Case[] = [
  { title: 'explicit cifs/ SPN of a computer', sname: spn('cifs/fs1.fabrikam.local'), service: 'FS1$', ticketEtype: 18, sessionEtype: 18 },
  { title: 'host/ SPN', sname: spn('host/fs1.fabrikam.local'), service: 'FS1$', ticketEtype: 18, sessionEtype: 18 },
  { title: 'http/ is a host/ alias (sPNMappings)', sname: spn('HTTP/FS1.fabrikam.local'), service: 'FS1$', ticketEtype: 18, sessionEtype: 18 },
  { title: 'short host name', sname: spn('HOST/FS1'), service: 'FS1$', ticketEtype: 18, sessionEtype: 18 },
  { title: 'user-account service limited to AES128 (0x8)', sname: spn('http/web.fabrikam.local'), service: 'svc_web', ticketEtype: 17, sessionEtype: 17 },
  { title: "impacket getST's etype list 23, 16, 3, 18: weak ones skipped, RC4 first", sname: spn('cifs/fs1.fabrikam.local'), etypes: [23, 16, 3, 18], service: 'FS1$', ticketEtype: 18, sessionEtype: 23 },
  { title: 'negative and unknown etypes skipped', sname: spn('cifs/fs1.fabrikam.local'), etypes: [-128, 1, 3, 17], service: 'FS1$', ticketEtype: 18, sessionEtype: 17 },
  { title: 'only DES asked', sname: spn('cifs/fs1.fabrikam.local'), etypes: [1, 3], error: 'KDC_ERR_ETYPE_NOSUPP' },
  { title: 'a service the AES128-only account does not allow', sname: spn('http/web.fabrikam.local'), etypes: [18, 23], error: 'KDC_ERR_ETYPE_NOSUPP' },
  { title: 'unknown SPN', sname: spn('cifs/nosuch.fabrikam.local'), error: 'KDC_ERR_S_PRINCIPAL_UNKNOWN' },
  { title: 'sAMAccountName of a computer as the server', sname: { nameType: NAME_TYPE.NT_PRINCIPAL, nameString: ['fs1$'] }, service: 'FS1$', ticketEtype: 18, sessionEtype: 18 },
  { title: 'krbtgt_<n> is not a service', sname: { nameType: NAME_TYPE.NT_PRINCIPAL, nameString: ['krbtgt_30775'] }, error: 'KDC_ERR_S_PRINCIPAL_UNKNOWN' },
  { title: 'krbtgt/REALM re-issues a TGT', sname: krbtgtName(), service: 'krbtgt', ticketEtype: 18, sessionEtype: 18 },
  { title: 'krbtgt/realm in lower case', sname: krbtgtName('fabrikam.local'), service: 'krbtgt', ticketEtype: 18, sessionEtype: 18 },
];

describe('TGS: service tickets for directory SPNs', () => {
  for (const c of CASES) {
    it(c.title, () => {
      const k = testKdc();
      const tgt = domainTgt(k, 'alice');
      const r = k.send(tgsReq(k, tgt, c.sname, c.etypes ? { etypes: c.etypes } : {}));
      if (c.error) {
        expect(r.ok ? 'ok' : r.code).toBe(c.error);
        expect(k.last().code).toBe(c.error);
        expect(k.last().fact).toBeTruthy();
        return;
      }
      if (!r.ok) throw new Error(`unexpected ${r.code}: ${k.last().fact}`);
      const svc = account(k, c.service!);
      const rep = openTgsRep(r.rep, tgt.sessionKey);
      expect(rep.application).toBe(26);
      expect(r.rep.ticket.encPart.etype).toBe(c.ticketEtype);
      expect(r.rep.ticket.encPart.kvno).toBe(svc.secrets.current.kvno);
      expect(rep.part.key.keytype).toBe(c.sessionEtype);
      const part = openTicket(r.rep.ticket, keyOf(k, c.service!, c.ticketEtype));
      expect(part.key.keyvalue).toEqual(rep.part.key.keyvalue);
      expect(part.cname).toEqual(user('alice'));
      expect(r.rep.cname).toEqual(user('alice'));
      expect(r.rep.crealm).toBe(REALM);
      expect(rep.part.srealm).toBe(REALM);
      expect(rep.part.nonce).toBe(0x2468ace);
      // PA-SUPPORTED-ETYPES of the server: its msDS-SupportedEncryptionTypes, else 0x1f.
      expect(findPaValue(rep.part.encryptedPaData, PA.PA_SUPPORTED_ETYPES)).toBe(svc.supportedEncryptionTypes ?? 0x1f);
    });
  }
});

describe('TGS: names, times and flags', () => {
  it('canonicalize returns krbtgt/REALM for a lower-case request and keeps the SPN as asked', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const r = k.send(tgsReq(k, tgt, krbtgtName('fabrikam.local')));
    if (!r.ok) throw new Error(r.code);
    expect(r.rep.ticket.sname).toEqual(krbtgtName());
    const s = k.send(tgsReq(k, tgt, spn('cifs/FS1.fabrikam.local'), { nonce: 7 }));
    if (!s.ok) throw new Error(s.code);
    expect(s.rep.ticket.sname.nameString).toEqual(['cifs', 'FS1.fabrikam.local']);
  });

  it('times: authtime from the TGT, starttime now, endtime capped by the TGT, renew-till by the TGT', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const r = k.send(tgsReq(k, tgt, spn('cifs/fs1.fabrikam.local'), { till: 0, rtime: 0 }));
    if (!r.ok) throw new Error(r.code);
    const p = openTgsRep(r.rep, tgt.sessionKey).part;
    expect(p.authtime).toBe(NOW - 60_000);
    expect(p.starttime).toBe(NOW);
    expect(p.endtime).toBe(NOW + 10 * 3_600_000);
    expect(p.renewTill).toBe(NOW + 7 * 86_400_000);
    expect(TICKET_FLAGS.names(p.flags)).toEqual(['forwardable', 'renewable', 'pre-authent', 'enc-pa-rep']);
  });

  it('no forwardable or renewable unless asked; no name-canonicalize bit without canonicalize', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const r = k.send(tgsReq(k, tgt, spn('cifs/fs1.fabrikam.local'), { kdcOptions: 0, till: NOW + 3_600_000 }));
    if (!r.ok) throw new Error(r.code);
    const p = openTgsRep(r.rep, tgt.sessionKey).part;
    expect(TICKET_FLAGS.names(p.flags)).toEqual(['pre-authent']);
    expect(p.endtime).toBe(NOW + 3_600_000);
    expect(p.renewTill).toBeUndefined();
  });

  it('a DC computer trusted for delegation gets ok-as-delegate', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const r = k.send(tgsReq(k, tgt, spn('ldap/dc1.fabrikam.local')));
    if (!r.ok) throw new Error(r.code);
    expect(TICKET_FLAGS.has(openTgsRep(r.rep, tgt.sessionKey).part.flags, 'ok-as-delegate')).toBe(true);
  });

  it('a request realm that is not ours is KDC_ERR_WRONG_REALM', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const r = k.send(tgsReq(k, tgt, spn('cifs/fs1.other.test'), { realm: 'OTHER.TEST' }));
    expect(r.ok ? 'ok' : r.code).toBe('KDC_ERR_WRONG_REALM');
  });

  it('user-to-user (ENC-TKT-IN-SKEY) without the additional TGT is KDC_ERR_BADOPTION', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const r = k.send(tgsReq(k, tgt, spn('cifs/fs1.fabrikam.local'), { kdcOptions: KDC_OPTIONS.from(['enc-tkt-in-skey']) }));
    expect(r.ok ? 'ok' : r.code).toBe('KDC_ERR_BADOPTION');
  });

  it('the trace event names client, server, etypes and verdict', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    k.send(tgsReq(k, tgt, spn('cifs/fs1.fabrikam.local'), { etypes: [23, 16, 3, 18] }));
    const e = k.last();
    expect(e).toMatchObject({ exchange: 'TGS', verdict: 'ok', client: `alice@${REALM}`, etypes: [23, 16, 3, 18], sessionEtype: 23, ticketEtype: 18 });
    expect(e.server).toBe('cifs/fs1.fabrikam.local@FABRIKAM.LOCAL');
  });
});
