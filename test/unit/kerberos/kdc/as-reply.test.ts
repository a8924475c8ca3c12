/** The AS-REP and the TGT as a Windows KDC issues them: names, times, flags, padata, PAC. */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import {
  APPLICATION_TAG,
  decode,
  findPac,
  KDC_OPTIONS,
  NAME_TYPE,
  PA,
  paValue,
  Checksum,
  TICKET_FLAGS,
} from '../../../../emulator/kerberos/asn1/index.ts';
import { verifyChecksum } from '../../../../emulator/kerberos/crypto/index.ts';
import { AD_NEVER_EXPIRES, KEY_USAGE_AS_REQ } from '../../../../emulator/kerberos/kdc/as/index.ts';
import { decodePac, decodePacType, PAC_ATTRIBUTE_FLAGS, PAC_TYPE, verifyPac } from '../../../../emulator/kerberos/pac/index.ts';
import { buildAsReq, encTimestamp, openRep, openTicket, pacRequest, principal, reqEncPaRep, type AsReqSpec } from '../../../../clients/kerberos/index.ts';
import { account, dir, keyOf, keys, NOW, REALM, testKdc } from './fixture.ts';

const rng = new SeededRandom('as-reply');
const HOUR = 3_600_000;

function asOk(sam: string, o: Partial<AsReqSpec> & { etype?: number; preauth?: boolean } = {}) {
  const kdc = testKdc();
  const padata = [...(o.padata ?? [])];
  if (o.preauth !== false) padata.push(encTimestamp(keyOf(sam.includes('@') ? 'alice' : sam, o.etype ?? 18), NOW, rng));
  const bytes = buildAsReq({ cname: sam, realm: REALM, now: NOW, ...o, padata });
  const r = kdc.send(bytes);
  if (r.type !== 'rep') throw new Error(`expected an AS-REP, got error ${r.error.errorCode}`);
  return { rep: r.rep, bytes, kdc };
}

const krbtgtKey = () => keys.forAccount(dir.krbtgt)!.current.keys.get(18)!;

describe('AS-REP', () => {
  it('issues a TGT with Windows times, flags and [APPLICATION 25]', () => {
    const { rep, kdc } = asOk('alice', { till: NOW + 24 * HOUR, rtime: NOW + 30 * 24 * HOUR });
    expect(rep.crealm).toBe(REALM);
    expect(rep.cname).toEqual(principal('alice'));
    expect(rep.ticket.sname).toEqual({ nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', REALM] });
    expect(rep.ticket.encPart.kvno).toBe(dir.krbtgt.secrets.current.kvno);
    expect(rep.encPart.kvno).toBe(account('alice').secrets.current.kvno);
    const { application, part } = openRep(rep, keyOf('alice', 18));
    expect(application).toBe(APPLICATION_TAG.EncASRepPart);
    expect(part.nonce).toBe(0x12345678);
    expect(part.authtime).toBe(NOW);
    expect(part.starttime).toBe(NOW);
    expect(part.endtime).toBe(NOW + 10 * HOUR);
    expect(part.renewTill).toBe(NOW + 7 * 24 * HOUR);
    expect(part.keyExpiration).toBe(AD_NEVER_EXPIRES);
    expect(part.lastReq).toEqual([{ lrType: 0, lrValue: NOW }]);
    // enc-pa-rep (bit 15) in every AS reply, as Windows sets it.
    expect(TICKET_FLAGS.names(part.flags)).toEqual(['forwardable', 'renewable', 'initial', 'pre-authent', 'enc-pa-rep']);
    expect(part.key.keytype).toBe(18);
    // No canonicalize asked: no PA-SUPPORTED-ETYPES (AD sends it only for canonicalize).
    expect(part.encryptedPaData ?? []).toEqual([]);
    expect(paValue(rep.padata![0], PA.PA_ETYPE_INFO2)).toEqual([{ etype: 18, salt: 'FABRIKAM.LOCALalice' }]);
    const t = openTicket(rep.ticket, krbtgtKey());
    expect(t.flags).toBe(part.flags);
    expect(t.key).toEqual(part.key);
    expect([t.crealm, t.cname, t.authtime, t.starttime, t.endtime, t.renewTill]).toEqual([REALM, principal('alice'), NOW, NOW, NOW + 10 * HOUR, NOW + 7 * 24 * HOUR]);
    expect(kdc.events[0]).toMatchObject({ verdict: 'ok', client: 'alice@FABRIKAM.LOCAL', replyEtype: 18, sessionEtype: 18, ticketEtype: 18 });
  });

  it('puts a full, signed PAC with nested groups in the TGT', () => {
    const { rep } = asOk('alice');
    const t = openTicket(rep.ticket, krbtgtKey());
    const pacBytes = findPac(t.authorizationData)!;
    expect(verifyPac(pacBytes, { serverKey: krbtgtKey(), kdcKey: krbtgtKey() })).toMatchObject({ server: 'valid', kdc: 'valid' });
    const pac = decodePac(pacBytes);
    const alice = account('alice');
    const li = pac.logonInfo!;
    expect(li.userId).toBe(alice.rid);
    expect(li.logonDomainId).toBe(dir.domain.sid);
    expect(li.effectiveName).toBe('alice');
    expect(li.logonDomainName).toBe('FABRIKAM');
    expect(li.logonServer).toBe('DC1');
    const rid = (name: string) => dir.groupBySam(name)!.rid;
    expect(li.groupIds.map((g) => g.relativeId).sort((a, b) => a - b)).toEqual([513, rid('Engineers'), rid('Staff')].sort((a, b) => a - b));
    expect(li.extraSids.map((s) => s.sid)).toEqual(['S-1-18-1']);
    expect(li.resourceGroupIds).toEqual([]);
    expect(pac.clientInfo!.name).toBe('alice');
    expect(pac.upnDnsInfo).toMatchObject({ upn: 'alice@contoso.com', dnsDomainName: 'FABRIKAM.LOCAL', samName: 'alice', sid: alice.sid });
    expect(pac.requestor!.sid).toBe(alice.sid);
    expect(pac.attributesInfo!.flags[0]).toBe(PAC_ATTRIBUTE_FLAGS.PAC_WAS_GIVEN_IMPLICITLY);
  });

  it('records PA-PAC-REQUEST in ATTRIBUTES_INFO and keeps the PAC in the TGT even when declined (KB5008380)', () => {
    const off = openTicket(asOk('alice', { padata: [pacRequest(false)] }).rep.ticket, krbtgtKey());
    const offPac = findPac(off.authorizationData)!;
    expect(offPac).toBeDefined();
    expect(verifyPac(offPac, { serverKey: krbtgtKey(), kdcKey: krbtgtKey() })).toMatchObject({ server: 'valid', kdc: 'valid' });
    const decoded = decodePac(offPac);
    expect(decoded.attributesInfo).toEqual({ flagsLength: 2, flags: [0] });
    expect(decoded.logonInfo!.userId).toBe(account('alice').rid);
    expect(decoded.requestor!.sid).toBe(account('alice').sid);
    const on = openTicket(asOk('alice', { padata: [pacRequest(true)] }).rep.ticket, krbtgtKey());
    expect(decodePac(findPac(on.authorizationData)!).attributesInfo!.flags[0]).toBe(PAC_ATTRIBUTE_FLAGS.PAC_WAS_REQUESTED);
  });

  it('canonicalizes enterprise names to the sAMAccountName and the realm', () => {
    for (const name of ['alice@contoso.com', 'ALICE@CONTOSO.COM', 'alice@fabrikam.local']) {
      const { rep } = asOk(name, { cname: { nameType: NAME_TYPE.NT_ENTERPRISE, nameString: [name] }, realm: 'fabrikam.local' });
      expect(rep.cname).toEqual(principal('alice'));
      expect(rep.crealm).toBe(REALM);
      expect(openRep(rep, keyOf('alice', 18)).part.srealm).toBe(REALM);
    }
  });

  it('echoes names when not asked to canonicalize, and canonicalizes when asked', () => {
    const echo = asOk('ALICE', { realm: 'fabrikam.local', etype: 18 } as never);
    expect(echo.rep.cname).toEqual(principal('ALICE'));
    expect(echo.rep.crealm).toBe('fabrikam.local');
    const canon = asOk('ALICE', { kdcOptions: KDC_OPTIONS.from(['canonicalize']) });
    expect(canon.rep.cname).toEqual(principal('alice'));
    // With canonicalize, PA-SUPPORTED-ETYPES of the server (krbtgt: no attribute, 0x1f): 1f 00 00 00.
    const sup = openRep(canon.rep, keyOf('alice', 18)).part.encryptedPaData!;
    expect(sup.map((p) => [p.padataType, Buffer.from(p.padataValue).toString('hex')])).toEqual([[PA.PA_SUPPORTED_ETYPES, '1f000000']]);
  });

  it('answers PA-REQ-ENC-PA-REP with a checksum of the request and the enc-pa-rep flag', () => {
    const { rep, bytes } = asOk('alice', { padata: [reqEncPaRep()] });
    const part = openRep(rep, keyOf('alice', 18)).part;
    expect(TICKET_FLAGS.has(part.flags, 'enc-pa-rep')).toBe(true);
    const ck = decode(Checksum, part.encryptedPaData!.find((p) => p.padataType === PA.PA_REQ_ENC_PA_REP)!.padataValue);
    expect(verifyChecksum(ck.cksumtype, keyOf('alice', 18), KEY_USAGE_AS_REQ, bytes, ck.checksum)).toBe(true);
  });

  it('negotiates RC4 for an RC4-only account and the client order for the session key', () => {
    const { rep, kdc } = asOk('rc4only', { etype: 23 });
    const part = openRep(rep, keyOf('rc4only', 23)).part;
    expect(rep.encPart.etype).toBe(23);
    expect(part.key.keytype).toBe(18);
    // An RC4 reply key gets no hint padata at all, as Windows answers.
    expect(rep.padata).toBeUndefined();
    expect(kdc.events[0]).toMatchObject({ replyEtype: 23, sessionEtype: 18 });
    const aes128 = asOk('alice', { etypes: [17, 18], etype: 17 });
    expect(openRep(aes128.rep, keyOf('alice', 17)).part.key.keytype).toBe(17);
  });

  it('issues without pre-authentication to DONT_REQ_PREAUTH accounts, without the pre-authent flag', () => {
    const { rep } = asOk('nopreauth', { preauth: false });
    expect(TICKET_FLAGS.has(openRep(rep, keyOf('nopreauth', 18)).part.flags, 'pre-authent')).toBe(false);
  });

  it('never makes a sensitive account forwardable, and only renews when asked', () => {
    const s = openRep(asOk('sensitive').rep, keyOf('sensitive', 18)).part;
    expect(TICKET_FLAGS.has(s.flags, 'forwardable')).toBe(false);
    const plain = openRep(asOk('alice', { kdcOptions: 0, till: NOW + 2 * HOUR }).rep, keyOf('alice', 18)).part;
    expect(TICKET_FLAGS.names(plain.flags)).toEqual(['initial', 'pre-authent', 'enc-pa-rep']);
    expect(plain.endtime).toBe(NOW + 2 * HOUR);
    expect(plain.renewTill).toBeUndefined();
    const forever = openRep(asOk('alice', { kdcOptions: 0, till: 0 }).rep, keyOf('alice', 18)).part;
    expect(forever.endtime).toBe(NOW + 10 * HOUR);
  });

  it('issues a service ticket for a non-krbtgt sname with server and KDC signatures only (the ticket and full-PAC signatures are for TGS-issued tickets)', () => {
    const { rep } = asOk('alice', { sname: principal('cifs/fs1.fabrikam.local') });
    const fsKey = keys.forAccount(account('fs1'))!.current.keys.get(18)!;
    expect(rep.ticket.sname).toEqual(principal('cifs/fs1.fabrikam.local'));
    expect(rep.ticket.encPart.kvno).toBe(account('fs1').secrets.current.kvno);
    const t = openTicket(rep.ticket, fsKey);
    const pac = findPac(t.authorizationData)!;
    expect(verifyPac(pac, { serverKey: fsKey, kdcKey: krbtgtKey() })).toMatchObject({ server: 'valid', kdc: 'valid', ticket: 'absent', full: 'absent' });
    // Buffers as AD lays them out in an AS-issued service ticket: no 0x10 (ticket) or 0x13 (full) signature.
    const types = decodePacType(pac).map((b) => b.type);
    expect(types).not.toContain(PAC_TYPE.TICKET_CHECKSUM);
    expect(types).not.toContain(PAC_TYPE.FULL_CHECKSUM);
    const li = decodePac(pac).logonInfo!;
    expect(li.resourceGroupIds.map((g) => g.relativeId)).toEqual([dir.groupBySam('FileReaders')!.rid]);
  });

  it('seals service tickets with the strongest enctype the service allows', () => {
    const { rep, kdc } = asOk('alice', { sname: principal('MSSQLSvc/sql1.fabrikam.local:1433'), etypes: [23, 18] });
    expect(rep.ticket.encPart.etype).toBe(18);
    expect(kdc.events[0]).toMatchObject({ sessionEtype: 18, ticketEtype: 18 });
  });

  it('grants PROXIABLE when asked, except to a sensitive account (NOT_DELEGATED)', () => {
    const asked = openRep(asOk('alice', { kdcOptions: KDC_OPTIONS.from(['proxiable']) }).rep, keyOf('alice', 18)).part;
    expect(TICKET_FLAGS.has(asked.flags, 'proxiable')).toBe(true);
    const plain = openRep(asOk('alice').rep, keyOf('alice', 18)).part;
    expect(TICKET_FLAGS.has(plain.flags, 'proxiable')).toBe(false);
    const sensitive = openRep(asOk('sensitive', { kdcOptions: KDC_OPTIONS.from(['proxiable']) }).rep, keyOf('sensitive', 18)).part;
    expect(TICKET_FLAGS.has(sensitive.flags, 'proxiable')).toBe(false);
  });

  it('gives kadmin/changepw a short, non-renewable ticket', () => {
    const { rep } = asOk('alice', { sname: { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['kadmin', 'changepw'] } });
    const part = openRep(rep, keyOf('alice', 18)).part;
    expect(part.endtime).toBe(NOW + 5 * 60_000);
    expect(TICKET_FLAGS.names(part.flags)).toEqual(['initial', 'pre-authent', 'enc-pa-rep']);
  });
});

describe('AS-REP: addresses', () => {
  it('the request\'s addresses go into the TGT and the reply (RFC 4120 3.1.3); none when none were sent', () => {
    const from = [{ addrType: 20, address: new TextEncoder().encode('WKSTN01         ') }];
    const { rep } = asOk('alice', { addresses: from });
    expect(openRep(rep, keyOf('alice', 18)).part.caddr).toEqual(from);
    expect(openTicket(rep.ticket, krbtgtKey()).caddr).toEqual(from);
    const plain = asOk('alice').rep;
    expect(openRep(plain, keyOf('alice', 18)).part.caddr).toBeUndefined();
    expect(openTicket(plain.ticket, krbtgtKey()).caddr).toBeUndefined();
  });
});
