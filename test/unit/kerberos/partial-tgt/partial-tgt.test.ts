/**
 * The cloud's partial TGT (PROTOCOL.md section 2) as partial-tgt.ts builds it: kvno, enctype,
 * names, flags, times, and a PAC holding only the user's SID, signed with the krbtgt_AzureAD key
 * with RODCIdentifier = Id. The tenant's key copy equals AD's unless rotated on one side.
 */
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../emulator/core/clock.ts';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { encodeTicket, findPac, NAME_TYPE, TICKET_FLAGS } from '../../../../emulator/kerberos/asn1/index.ts';
import { issuePartialTgt, partialTgtKeyFromTenant, partialTgtKvno } from '../../../../emulator/kerberos/partial-tgt/index.ts';
import { decodePac, decodePacType, PAC_TYPE, verifyPac } from '../../../../emulator/kerberos/pac/index.ts';
import { openTicket } from '../../../../clients/kerberos/index.ts';
import { account, lab, NOW, testKdc } from '../kdc/tgs/fixture.ts';

describe('partial TGT issuer', () => {
  const k = testKdc();
  const kd = k.lab.world.tenant.kerberosDomains[0];
  const key = partialTgtKeyFromTenant(kd);
  const alice = account(k, 'alice');
  const issue = (seed = 'p') =>
    issuePartialTgt({
      domainDnsName: 'fabrikam.local',
      samAccountName: 'alice',
      userSid: alice.sid,
      displayName: 'Alice Anders',
      upn: 'alice@contoso.com',
      key,
      clock: new FixedClock(NOW),
      rng: new SeededRandom(seed),
    });

  it('kvno is (Id << 16) | KeyVersion, sealed with aes256 for krbtgt/REALM', () => {
    const p = issue();
    expect(p.kvno).toBe((30775 << 16) | 2);
    expect(p.ticket.encPart).toMatchObject({ etype: 18, kvno: (30775 << 16) | 2 });
    expect(p.ticket.realm).toBe('FABRIKAM.LOCAL');
    expect(p.ticket.sname).toEqual({ nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', 'FABRIKAM.LOCAL'] });
    expect(partialTgtKvno(1, 0x12345)).toBe((1 << 16) | 0x2345);
    expect(() => partialTgtKvno(0, 1)).toThrow(RangeError);
  });

  it('the tenant key equals krbtgt_AzureAD current key in AD when both sides agree', () => {
    const ad = k.lab.keys.forAccount(k.lab.world.directory.azureAdKerberos!.krbtgt)!.current.keys.get(18)!;
    expect(key.key.bytes).toEqual(ad.bytes);
    const rotated = partialTgtKeyFromTenant(lab('rodc-cloud-rotated.yaml').world.tenant.kerberosDomains[0]);
    expect(rotated.keyVersion).toBe(3);
    expect(rotated.key.bytes).not.toEqual(ad.bytes);
  });

  it('the ticket: names, flags, 10 h life, 7 d renewal, session key from the injected source', () => {
    const p = issue();
    const part = openTicket(p.ticket, key.key);
    expect(part.cname).toEqual({ nameType: NAME_TYPE.NT_PRINCIPAL, nameString: ['alice'] });
    expect(part.crealm).toBe('FABRIKAM.LOCAL');
    expect(TICKET_FLAGS.names(part.flags)).toEqual(['forwardable', 'renewable', 'pre-authent', 'enc-pa-rep']);
    expect(part.flags >>> 0).toBe(0x40a10000);
    expect([part.authtime, part.starttime, part.endtime, part.renewTill]).toEqual([NOW, NOW, NOW + 36_000_000, NOW + 604_800_000]);
    expect(part.key).toEqual({ keytype: 18, keyvalue: p.sessionKey.bytes });
    // Deterministic for a seed, different for another.
    expect(openTicket(issue('p').ticket, key.key).key.keyvalue).toEqual(part.key.keyvalue);
    expect(openTicket(issue('q').ticket, key.key).key.keyvalue).not.toEqual(part.key.keyvalue);
    expect(encodeTicket(issue('p').ticket).length).toBeGreaterThan(500);
  });

  it('the PAC: the SID only, PAC_REQUESTOR, UPN_DNS_INFO, signed by the RODC with its identifier', () => {
    const part = openTicket(issue().ticket, key.key);
    const pac = findPac(part.authorizationData)!;
    expect(decodePacType(pac).map((b) => b.type)).toEqual([
      PAC_TYPE.LOGON_INFO,
      PAC_TYPE.CLIENT_INFO,
      PAC_TYPE.UPN_DNS_INFO,
      PAC_TYPE.REQUESTOR,
      PAC_TYPE.SERVER_CHECKSUM,
      PAC_TYPE.PRIVSVR_CHECKSUM,
    ]);
    const d = decodePac(pac);
    expect(`${d.logonInfo!.logonDomainId}-${d.logonInfo!.userId}`).toBe(alice.sid);
    expect(d.logonInfo!.groupIds).toEqual([]);
    expect(d.logonInfo!.primaryGroupId).toBe(513);
    expect(d.logonInfo!.effectiveName).toBe('alice');
    expect(d.logonInfo!.fullName).toBe('Alice Anders');
    expect(d.requestor!.sid).toBe(alice.sid);
    expect(d.upnDnsInfo).toMatchObject({ upn: 'alice@contoso.com', dnsDomainName: 'FABRIKAM.LOCAL', samName: 'alice', sid: alice.sid });
    const v = verifyPac(pac, { serverKey: key.key, kdcKey: key.key });
    expect(v).toMatchObject({ server: 'valid', kdc: 'valid', rodcIdentifier: 30775 });
  });

  it('refuses what the cloud never does: a non-AES256 key, a SID that is no account SID', () => {
    expect(() => issuePartialTgt({ domainDnsName: 'fabrikam.local', samAccountName: 'a', userSid: alice.sid, key: { ...key, key: { etype: 17, bytes: new Uint8Array(16) } }, clock: new FixedClock(NOW), rng: new SeededRandom('x') })).toThrow(RangeError);
    expect(() => issuePartialTgt({ domainDnsName: 'fabrikam.local', samAccountName: 'a', userSid: 'S-1-5-18', key, clock: new FixedClock(NOW), rng: new SeededRandom('x') })).toThrow(RangeError);
  });
});
