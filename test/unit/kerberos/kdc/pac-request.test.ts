/**
 * PA-PAC-REQUEST as Windows handles it since KB5008380 (MS-PAC 2.14, MS-KILE 3.3.5.7; Samba's
 * pac-glue as the model): the TGT always carries the PAC, ATTRIBUTES_INFO records whether it was
 * requested, and the TGS leaves the PAC out of service tickets issued from a TGT that says "not
 * requested", while a TGT from that TGT keeps the PAC and the record. AS tickets for other
 * services honour "false" and never carry the TGT-only buffers.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { findPac, KDC_OPTIONS, NAME_TYPE, type EncTicketPart, type PrincipalName } from '../../../../emulator/kerberos/asn1/index.ts';
import { krbErrorName } from '../../../../emulator/kerberos/error-codes.ts';
import { decodePac, decodePacType, PAC_ATTRIBUTE_FLAGS, PAC_TYPE, verifyPac } from '../../../../emulator/kerberos/pac/index.ts';
import { buildAsReq, encTimestamp, openRep, openTicket, pacRequest } from '../../../../clients/kerberos/index.ts';
import { buildTgsReq, openTgsRep, repSessionKey } from '../../../../clients/kerberos/index.ts';
import { account, dir, keyOf, keys, NOW, REALM, testKdc, type TestKdc } from './fixture.ts';

const rng = new SeededRandom('pac-request');
const CIFS: PrincipalName = { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['cifs', 'fs1.fabrikam.local'] };
const KRBTGT: PrincipalName = { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', REALM] };
const krbtgtKey = () => keys.forAccount(dir.krbtgt)!.current.keys.get(18)!;
const fs1Key = () => keys.forAccount(account('FS1$'))!.current.keys.get(18)!;

/** An AS exchange for alice with PA-PAC-REQUEST `req` (undefined: none sent). */
function asTgt(kdc: TestKdc, req: boolean | undefined, sname: PrincipalName = KRBTGT) {
  const padata = [encTimestamp(keyOf('alice', 18), NOW, rng), ...(req === undefined ? [] : [pacRequest(req)])];
  const r = kdc.send(buildAsReq({ cname: 'alice', realm: REALM, now: NOW, sname, padata }));
  if (r.type !== 'rep') throw new Error(`AS failed: ${krbErrorName(r.error.errorCode)}`);
  const part = openRep(r.rep, keyOf('alice', 18)).part;
  return { ticket: r.rep.ticket, sessionKey: repSessionKey(part) };
}

/** A TGS exchange presenting `tgt` for `sname`; returns the issued ticket, opened with `key`. */
function tgs(kdc: TestKdc, tgt: ReturnType<typeof asTgt>, sname: PrincipalName, key: ReturnType<typeof krbtgtKey>): EncTicketPart {
  const r = kdc.send(
    buildTgsReq({ ticket: tgt.ticket, sessionKey: tgt.sessionKey, cname: { nameType: 1, nameString: ['alice'] }, crealm: REALM, sname, realm: REALM, now: NOW, rng, kdcOptions: KDC_OPTIONS.from(['forwardable']) }),
  );
  if (r.type !== 'rep') throw new Error(`TGS failed: ${krbErrorName(r.error.errorCode)}`);
  openTgsRep(r.rep, tgt.sessionKey);
  return openTicket(r.rep.ticket, key);
}

const attributesOf = (part: EncTicketPart) => decodePac(findPac(part.authorizationData)!).attributesInfo;

describe('PA-PAC-REQUEST across the AS and TGS exchanges', () => {
  it('a TGT issued with include-pac false is usable: the service ticket has no PAC', () => {
    const kdc = testKdc();
    const tgt = asTgt(kdc, false);
    expect(attributesOf(openTicket(tgt.ticket, krbtgtKey()))).toEqual({ flagsLength: 2, flags: [0] });
    const st = tgs(kdc, tgt, CIFS, fs1Key());
    expect(findPac(st.authorizationData)).toBeUndefined();
    expect(kdc.events.at(-1)).toMatchObject({ exchange: 'TGS', verdict: 'ok' });
  });

  it('a TGT from such a TGT keeps the PAC and its "not requested" record', () => {
    const kdc = testKdc();
    const tgt2 = tgs(kdc, asTgt(kdc, false), KRBTGT, krbtgtKey());
    const pac = findPac(tgt2.authorizationData)!;
    expect(verifyPac(pac, { serverKey: krbtgtKey(), kdcKey: krbtgtKey() })).toMatchObject({ server: 'valid', kdc: 'valid' });
    expect(decodePac(pac).attributesInfo).toEqual({ flagsLength: 2, flags: [0] });
  });

  it('requested or implicit: the service ticket carries the PAC', () => {
    for (const [req, flag] of [
      [true, PAC_ATTRIBUTE_FLAGS.PAC_WAS_REQUESTED],
      [undefined, PAC_ATTRIBUTE_FLAGS.PAC_WAS_GIVEN_IMPLICITLY],
    ] as const) {
      const kdc = testKdc();
      const tgt = asTgt(kdc, req);
      expect(attributesOf(openTicket(tgt.ticket, krbtgtKey()))!.flags[0]).toBe(flag);
      const st = tgs(kdc, tgt, CIFS, fs1Key());
      const pac = findPac(st.authorizationData)!;
      expect(pac).toBeDefined();
      expect(decodePac(pac).logonInfo!.userId).toBe(account('alice').rid);
    }
  });

  it('an AS ticket for a service honours include-pac false and never carries ATTRIBUTES_INFO or PAC_REQUESTOR', () => {
    const kdc = testKdc();
    const off = openTicket(asTgt(kdc, false, CIFS).ticket, fs1Key());
    expect(findPac(off.authorizationData)).toBeUndefined();
    for (const req of [true, undefined]) {
      const on = openTicket(asTgt(testKdc(), req, CIFS).ticket, fs1Key());
      const types = decodePacType(findPac(on.authorizationData)!).map((b) => b.type);
      expect(types).toContain(PAC_TYPE.LOGON_INFO);
      expect(types).not.toContain(PAC_TYPE.ATTRIBUTES_INFO);
      expect(types).not.toContain(PAC_TYPE.REQUESTOR);
    }
  });
});
