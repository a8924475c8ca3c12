/**
 * S4U2Self padata (MS-SFU 2.2.1 PA-FOR-USER, 2.2.2 PA-S4U-X509-USER) is refused by name, never
 * answered as if it were absent: with an RODC-issued TGT as Windows refuses it
 * (KDC_ERR_C_PRINCIPAL_UNKNOWN, PROTOCOL.md section 4 step 6), otherwise as a padata type the
 * lab does not serve (KDC_ERR_PADATA_TYPE_NOSUPP).
 */
import { describe, expect, it } from 'vitest';
import { PA } from '../../../../../emulator/kerberos/asn1/index.ts';
import { KRB_ERR } from '../../../../../emulator/kerberos/error-codes.ts';
import { cloudPartialTgt, domainTgt, krbtgtName, spn, testKdc, tgsReq } from './fixture.ts';

/** Any value: the padata type alone decides (the lab does not decode it). */
const value = new Uint8Array([0x30, 0x00]);

describe('TGS: S4U2Self', () => {
  for (const type of [PA.PA_FOR_USER, PA.PA_S4U_X509_USER]) {
    it(`padata ${type} with a domain TGT: KDC_ERR_PADATA_TYPE_NOSUPP (16)`, () => {
      const k = testKdc();
      const r = k.send(tgsReq(k, domainTgt(k, 'alice'), spn('cifs/fs1.fabrikam.local'), { extraPadata: [{ padataType: type, padataValue: value }] }));
      expect(r.ok ? 0 : r.error.errorCode).toBe(KRB_ERR.KDC_ERR_PADATA_TYPE_NOSUPP);
      expect(k.last().detail?.s4uSelf).toBe(type);
    });

    it(`padata ${type} with an RODC-issued (cloud partial) TGT: KDC_ERR_C_PRINCIPAL_UNKNOWN (6)`, () => {
      const k = testKdc();
      const r = k.send(tgsReq(k, cloudPartialTgt(k, 'alice'), krbtgtName(), { extraPadata: [{ padataType: type, padataValue: value }] }));
      expect(r.ok ? 0 : r.error.errorCode).toBe(KRB_ERR.KDC_ERR_C_PRINCIPAL_UNKNOWN);
      expect(k.last().detail?.path).toBe('rodc');
    });
  }

  it('the same requests without the padata succeed (the refusal is the padata, nothing else)', () => {
    const k = testKdc();
    expect(k.send(tgsReq(k, domainTgt(k, 'alice'), spn('cifs/fs1.fabrikam.local'))).ok).toBe(true);
    expect(k.send(tgsReq(k, cloudPartialTgt(k, 'alice'), krbtgtName())).ok).toBe(true);
  });

  it('a ticket that does not open is still refused for that first (authentication before S4U)', () => {
    const k = testKdc();
    const tgt = domainTgt(k, 'alice');
    const cipher = tgt.ticket.encPart.cipher.slice();
    cipher[cipher.length - 1] ^= 1;
    const bad = { ...tgt, ticket: { ...tgt.ticket, encPart: { ...tgt.ticket.encPart, cipher } } };
    const r = k.send(tgsReq(k, bad, spn('cifs/fs1.fabrikam.local'), { extraPadata: [{ padataType: PA.PA_FOR_USER, padataValue: value }] }));
    expect(r.ok ? 0 : r.error.errorCode).toBe(KRB_ERR.KRB_AP_ERR_BAD_INTEGRITY);
  });
});
