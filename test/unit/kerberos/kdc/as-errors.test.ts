/**
 * AS exchange failures, table-driven: each case is a request and the KRB-ERROR code (and, where
 * Windows sends one, the NTSTATUS or METHOD-DATA e-data) the KDC must answer with.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { decode, decodeMethodData, KDC_OPTIONS, KerbErrorData, NAME_TYPE, PA, paValue } from '../../../../emulator/kerberos/asn1/index.ts';
import { KRB_ERR, type KrbErrorName } from '../../../../emulator/kerberos/error-codes.ts';
import { NTSTATUS } from '../../../../emulator/kerberos/kdc/index.ts';
import { buildAsReq, encTimestamp, principal, type AsReqSpec } from '../../../../clients/kerberos/index.ts';
import { flipByte } from '../../../../test/support/tamper.ts';
import { keyOf, NOW, REALM, testKdc } from './fixture.ts';

const rng = new SeededRandom('as-errors');
const MIN = 60_000;

/** An AS-REQ for `sam`, pre-authenticated with its `etype` key at `time` unless `preauth` is false. */
function req(sam: string, o: Partial<AsReqSpec> & { preauth?: boolean; etype?: number; time?: number; password?: 'wrong' } = {}): Uint8Array {
  const padata = [...(o.padata ?? [])];
  if (o.preauth !== false) {
    const key = keyOf(o.password === 'wrong' ? 'alice' : sam, o.etype ?? 18);
    padata.push(encTimestamp(o.password === 'wrong' && sam === 'alice' ? keyOf('nopreauth', 18) : key, o.time ?? NOW, rng));
  }
  return buildAsReq({ cname: sam, realm: REALM, now: NOW, ...o, padata });
}

interface Case {
  name: string;
  bytes: () => Uint8Array;
  code: KrbErrorName;
  ntstatus?: number;
  /** PA-ETYPE-INFO2 etypes in the e-data, Windows' way: the strongest listed AES key, then RC4. */
  etypeInfo?: number[];
  /** The e-data's padata types, in order. */
  padataTypes?: number[];
}

const CASES: Case[] = [
  { name: 'unknown client', bytes: () => req('nobody', { preauth: false }), code: 'KDC_ERR_C_PRINCIPAL_UNKNOWN' },
  { name: 'unknown enterprise name', bytes: () => req('x', { preauth: false, cname: { nameType: NAME_TYPE.NT_ENTERPRISE, nameString: ['nobody@contoso.com'] } }), code: 'KDC_ERR_C_PRINCIPAL_UNKNOWN' },
  { name: 'unknown service', bytes: () => req('alice', { sname: principal('cifs/nowhere.fabrikam.local') }), code: 'KDC_ERR_S_PRINCIPAL_UNKNOWN' },
  { name: 'foreign realm', bytes: () => req('alice', { realm: 'CONTOSO.COM', preauth: false }), code: 'KDC_ERR_WRONG_REALM' },
  { name: 'no pre-authentication', bytes: () => req('alice', { preauth: false }), code: 'KDC_ERR_PREAUTH_REQUIRED', etypeInfo: [18, 23], padataTypes: [PA.PA_ETYPE_INFO2, PA.PA_ENC_TIMESTAMP] },
  { name: 'no pre-authentication, AES128 first', bytes: () => req('alice', { preauth: false, etypes: [17, 18] }), code: 'KDC_ERR_PREAUTH_REQUIRED', etypeInfo: [18], padataTypes: [PA.PA_ETYPE_INFO2, PA.PA_ENC_TIMESTAMP] },
  { name: 'impacket getST etype list', bytes: () => req('alice', { preauth: false, etypes: [23, 16, 3, 18] }), code: 'KDC_ERR_PREAUTH_REQUIRED', etypeInfo: [18, 23], padataTypes: [PA.PA_ETYPE_INFO2, PA.PA_ENC_TIMESTAMP] },
  { name: 'RC4-only client', bytes: () => req('alice', { preauth: false, etypes: [23] }), code: 'KDC_ERR_PREAUTH_REQUIRED', etypeInfo: [23], padataTypes: [PA.PA_ETYPE_INFO, PA.PA_ETYPE_INFO2, PA.PA_ENC_TIMESTAMP] },
  { name: 'wrong password', bytes: () => req('alice', { password: 'wrong' }), code: 'KDC_ERR_PREAUTH_FAILED', etypeInfo: [18, 23], padataTypes: [PA.PA_ETYPE_INFO2] },
  { name: 'wrong password, RC4-only client', bytes: () => req('alice', { password: 'wrong', etypes: [23], etype: 23 }), code: 'KDC_ERR_PREAUTH_FAILED', etypeInfo: [23], padataTypes: [PA.PA_ETYPE_INFO, PA.PA_ETYPE_INFO2] },
  { name: 'an SPN as the client name', bytes: () => req('x', { preauth: false, cname: { nameType: NAME_TYPE.NT_PRINCIPAL, nameString: ['host', 'fs1.fabrikam.local'] } }), code: 'KDC_ERR_C_PRINCIPAL_UNKNOWN' },
  { name: 'tampered timestamp', bytes: () => { const p = encTimestamp(keyOf('alice', 18), NOW, rng); return req('alice', { preauth: false, padata: [{ ...p, padataValue: flipByte(p.padataValue, p.padataValue.length - 3) }] }); }, code: 'KDC_ERR_PREAUTH_FAILED' },
  { name: 'malformed PA-ENC-TIMESTAMP', bytes: () => req('alice', { preauth: false, padata: [{ padataType: PA.PA_ENC_TIMESTAMP, padataValue: new Uint8Array([0x30, 0x03, 0x02]) }] }), code: 'KDC_ERR_PREAUTH_FAILED' },
  { name: 'timestamp 6 minutes fast', bytes: () => req('alice', { time: NOW + 6 * MIN }), code: 'KRB_AP_ERR_SKEW' },
  { name: 'timestamp 6 minutes slow', bytes: () => req('alice', { time: NOW - 6 * MIN }), code: 'KRB_AP_ERR_SKEW' },
  { name: 'timestamp in an etype the account lacks', bytes: () => req('rc4only', { padata: [encTimestamp({ etype: 18, bytes: new Uint8Array(32) }, NOW, rng)], preauth: false }), code: 'KDC_ERR_ETYPE_NOSUPP' },
  { name: 'only DES and 3DES listed', bytes: () => req('alice', { preauth: false, etypes: [1, 3, 16] }), code: 'KDC_ERR_ETYPE_NOSUPP' },
  { name: 'AES only for an RC4-only account', bytes: () => req('rc4only', { preauth: false, etypes: [18, 17] }), code: 'KDC_ERR_ETYPE_NOSUPP' },
  { name: 'disabled account, before pre-authentication', bytes: () => req('disabled', { preauth: false }), code: 'KDC_ERR_CLIENT_REVOKED', ntstatus: NTSTATUS.STATUS_ACCOUNT_DISABLED },
  { name: 'disabled account with its password', bytes: () => req('disabled'), code: 'KDC_ERR_CLIENT_REVOKED', ntstatus: NTSTATUS.STATUS_ACCOUNT_DISABLED },
  { name: 'locked out account', bytes: () => req('locked'), code: 'KDC_ERR_CLIENT_REVOKED', ntstatus: NTSTATUS.STATUS_ACCOUNT_LOCKED_OUT },
  { name: 'expired account', bytes: () => req('expired'), code: 'KDC_ERR_CLIENT_REVOKED', ntstatus: NTSTATUS.STATUS_ACCOUNT_EXPIRED },
  { name: 'must-change password, no pre-authentication', bytes: () => req('mustchange', { preauth: false }), code: 'KDC_ERR_PREAUTH_REQUIRED' },
  { name: 'must-change password', bytes: () => req('mustchange'), code: 'KDC_ERR_KEY_EXPIRED', ntstatus: NTSTATUS.STATUS_PASSWORD_MUST_CHANGE },
  { name: 'the krbtgt account as a client', bytes: () => req('krbtgt'), code: 'KDC_ERR_CLIENT_REVOKED', ntstatus: NTSTATUS.STATUS_ACCOUNT_DISABLED },
  { name: 'renew in an AS-REQ', bytes: () => req('alice', { kdcOptions: KDC_OPTIONS.from(['renew']) }), code: 'KDC_ERR_BADOPTION' },
  { name: 'enc-tkt-in-skey in an AS-REQ', bytes: () => req('alice', { kdcOptions: KDC_OPTIONS.from(['enc-tkt-in-skey']) }), code: 'KDC_ERR_BADOPTION' },
  { name: 'postdated', bytes: () => req('alice', { kdcOptions: KDC_OPTIONS.from(['allow-postdate', 'postdated']), from: NOW + 3_600_000 }), code: 'KDC_ERR_CANNOT_POSTDATE' },
  { name: 'till in the past', bytes: () => req('alice', { till: NOW - 3_600_000 }), code: 'KDC_ERR_NEVER_VALID' },
];

describe('AS exchange errors', () => {
  it.each(CASES)('$name -> $code', (c) => {
    const kdc = testKdc();
    const r = kdc.send(c.bytes());
    expect(r.type).toBe('error');
    if (r.type !== 'error') return;
    expect(r.error.errorCode).toBe(KRB_ERR[c.code]);
    expect(kdc.events).toHaveLength(1);
    expect(kdc.events[0]).toMatchObject({ exchange: 'AS', verdict: 'error', code: c.code, wire: KRB_ERR[c.code] });
    // Every refusal names the fact that decided it (what `ctlab up` prints after the code).
    expect(kdc.events[0].fact, c.name).toMatch(/\w/);
    expect(r.error.stime).toBe(NOW);
    expect(r.error.realm.toUpperCase()).toBe(c.code === 'KDC_ERR_WRONG_REALM' ? 'CONTOSO.COM' : REALM);
    if (c.ntstatus !== undefined) {
      const ed = decode(KerbErrorData, r.error.eData!);
      expect(ed.dataType).toBe(3);
      const v = new DataView(ed.dataValue!.buffer, ed.dataValue!.byteOffset, 12);
      expect([v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true)]).toEqual([c.ntstatus, 0, 1]);
    }
    if (c.etypeInfo) {
      const md = decodeMethodData(r.error.eData!);
      const info = paValue(md.find((p) => p.padataType === PA.PA_ETYPE_INFO2)!, PA.PA_ETYPE_INFO2);
      expect(info.map((e) => e.etype)).toEqual(c.etypeInfo);
      for (const e of info) {
        expect(e.s2kparams).toBeUndefined();
        expect(e.salt).toBe(e.etype === 23 ? undefined : 'FABRIKAM.LOCALalice');
      }
      expect(md.map((p) => p.padataType)).toEqual(c.padataTypes);
      const info1 = md.find((p) => p.padataType === PA.PA_ETYPE_INFO);
      // PA-ETYPE-INFO (RFC 4120 5.2.7.4) for an RC4-only client: one RC4 entry with an empty salt.
      if (info1) expect(Buffer.from(info1.padataValue).toString('hex')).toBe('300b3009a003020117a1020400');
    }
  });

  it('a UPN suffix used as the realm: WRONG_REALM, and the trace says it is a suffix and what to ask instead', () => {
    const kdc = testKdc();
    const r = kdc.send(req('alice', { realm: 'CONTOSO.COM', preauth: false }));
    expect(r.type === 'error' ? r.error.errorCode : 0).toBe(KRB_ERR.KDC_ERR_WRONG_REALM);
    expect(kdc.events[0].fact).toMatch(/^CONTOSO\.COM is a UPN suffix of FABRIKAM\.LOCAL, not a realm/);
    const other = testKdc();
    other.send(req('alice', { realm: 'NOWHERE.EXAMPLE', preauth: false }));
    expect(other.events[0]).toMatchObject({ code: 'KDC_ERR_WRONG_REALM', fact: 'the request realm NOWHERE.EXAMPLE is not FABRIKAM.LOCAL (the lab has no trusts)' });
  });

  it('names the client and the service in the KRB-ERROR', () => {
    const r = testKdc().send(req('alice', { preauth: false }));
    if (r.type !== 'error') throw new Error('expected an error');
    expect(r.error.cname).toEqual(principal('alice'));
    expect(r.error.crealm).toBe(REALM);
    expect(r.error.sname).toEqual({ nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', REALM] });
  });

  it('accepts a timestamp within the skew and honours a configured skew', () => {
    expect(testKdc().send(req('alice', { time: NOW + 4 * MIN })).type).toBe('rep');
    const strict = testKdc({ maxSkewMs: 60_000 }).send(req('alice', { time: NOW + 2 * MIN }));
    expect(strict.type === 'error' && strict.error.errorCode).toBe(KRB_ERR.KRB_AP_ERR_SKEW);
  });

  it('lets a must-change account get a kadmin/changepw ticket', () => {
    const r = testKdc().send(req('mustchange', { sname: { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['kadmin', 'changepw'] } }));
    expect(r.type).toBe('rep');
  });
});
