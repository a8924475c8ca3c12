/**
 * The armoring policy on unarmored AS-REQs (MS-KILE 3.3.5.1 ClaimsCompIdFASTSupport; 2.2.8):
 * what PREAUTH_REQUIRED offers, failUnarmored refusing users but not computers, the FAST bit in
 * the krbtgt's PA-SUPPORTED-ETYPES and the RFC 6806 11 negotiation padata.
 */
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { decode, KDC_OPTIONS, MethodData, PA, paValue } from '../../../../emulator/kerberos/asn1/index.ts';
import type { KdcArmoring } from '../../../../emulator/kerberos/kdc/context.ts';
import { buildAsReq, encTimestamp, openRep, reqEncPaRep } from '../../../../clients/kerberos/index.ts';
import { keyOf, NOW, REALM, testKdc } from './fixture.ts';

const rng = new SeededRandom('fast-policy');

function firstTry(armoring: KdcArmoring) {
  const r = testKdc({ armoring }).send(buildAsReq({ cname: 'alice', realm: REALM, now: NOW }));
  if (r.type !== 'error') throw new Error('expected a KRB-ERROR');
  expect(r.error.errorCode).toBe(25);
  return decode(MethodData, r.error.eData!).map((p) => p.padataType);
}

describe('armoring policy, unarmored AS-REQs', () => {
  it('PREAUTH_REQUIRED offers PA-FX-FAST under alwaysProvideClaims and failUnarmored only', () => {
    expect(firstTry('notSupported')).not.toContain(PA.PA_FX_FAST);
    expect(firstTry('supported')).not.toContain(PA.PA_FX_FAST); // "SHOULD NOT" (value 1)
    expect(firstTry('alwaysProvideClaims')).toEqual([PA.PA_ETYPE_INFO2, PA.PA_ENC_TIMESTAMP, PA.PA_FX_FAST]);
    expect(firstTry('failUnarmored')).toContain(PA.PA_FX_FAST);
  });

  it('failUnarmored: a user with a valid PA-ENC-TIMESTAMP gets PREAUTH_REQUIRED, a computer its TGT', () => {
    const kdc = testKdc({ armoring: 'failUnarmored' });
    const user = kdc.send(buildAsReq({ cname: 'alice', realm: REALM, now: NOW, padata: [encTimestamp(keyOf('alice', 18), NOW, rng)] }));
    expect(user.type === 'error' && user.error.errorCode).toBe(25);
    expect(kdc.events.at(-1)?.status).toBe('ARMORING REQUIRED');
    const machine = kdc.send(buildAsReq({ cname: 'FS1$', realm: REALM, now: NOW, padata: [encTimestamp(keyOf('FS1$', 18), NOW, rng)] }));
    expect(machine.type).toBe('rep');
  });

  it('advertises FAST in the TGT reply: PA-SUPPORTED-ETYPES bit 16 and PA-FX-FAST beside PA-REQ-ENC-PA-REP', () => {
    const ask = (armoring: KdcArmoring) => {
      const r = testKdc({ armoring }).send(
        buildAsReq({ cname: 'alice', realm: REALM, now: NOW, kdcOptions: KDC_OPTIONS.from(['canonicalize']), padata: [encTimestamp(keyOf('alice', 18), NOW, rng), reqEncPaRep()] }),
      );
      if (r.type !== 'rep') throw new Error('expected an AS-REP');
      const enc = openRep(r.rep, keyOf('alice', 18)).part.encryptedPaData ?? [];
      return { mask: paValue(enc.find((p) => p.padataType === PA.PA_SUPPORTED_ETYPES)!, PA.PA_SUPPORTED_ETYPES), types: enc.map((p) => p.padataType) };
    };
    const off = ask('notSupported');
    const on = ask('supported');
    expect(off.mask & 0x10000).toBe(0);
    expect(on.mask).toBe((off.mask | 0x10000) >>> 0);
    expect(off.types).toEqual([PA.PA_SUPPORTED_ETYPES, PA.PA_REQ_ENC_PA_REP]);
    expect(on.types).toEqual([PA.PA_SUPPORTED_ETYPES, PA.PA_REQ_ENC_PA_REP, PA.PA_FX_FAST]);
  });
});
