/**
 * A PAC laid out once and signed for many tickets (emulator/kerberos/pac/sign.ts
 * layoutPacForSigning / signPacLayout, what the TGS does with a cached TGT's PAC): every signing
 * verifies against its own ticket, and the layout is never written to.
 */
import { describe, expect, it } from 'vitest';
import { hex } from '../../../../emulator/core/bytes.ts';
import { encodeRequestor, layoutPacForSigning, PAC_TYPE, signPac, signPacLayout, verifyPac, type PacBuffer } from '../../../../emulator/kerberos/pac/index.ts';

const aes256 = (fill: number) => ({ etype: 18, bytes: new Uint8Array(32).fill(fill) });
const aes128 = (fill: number) => ({ etype: 17, bytes: new Uint8Array(16).fill(fill) });
const serverKey = aes256(0x11);
const kdcKey = aes256(0x22);

function unsigned(): PacBuffer[] {
  return [
    { type: PAC_TYPE.CLIENT_INFO, data: new Uint8Array([7, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x75, 0]) },
    { type: PAC_TYPE.REQUESTOR, data: encodeRequestor({ sid: 'S-1-5-21-1-2-3-1105' }) },
  ];
}

describe('PAC signing layout', () => {
  it('signs one layout for several tickets: each PAC verifies with its own ticket data, the layout stays zeroed', () => {
    const layout = layoutPacForSigning(unsigned(), { serverEtype: 18, kdcEtype: 18, ticket: true, fullChecksum: true });
    const before = hex(layout.bytes);
    const tickets = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5, 6, 7])];
    const pacs = tickets.map((t) => signPacLayout(layout, { serverKey, kdcKey, ticketSigningData: t }));
    expect(hex(layout.bytes)).toBe(before);
    expect(hex(pacs[0])).not.toBe(hex(pacs[1]));
    pacs.forEach((pac, i) => {
      expect(verifyPac(pac, { serverKey, kdcKey, ticketSigningData: tickets[i] })).toEqual({ server: 'valid', kdc: 'valid', ticket: 'valid', full: 'valid' });
      expect(verifyPac(pac, { serverKey, kdcKey, ticketSigningData: tickets[1 - i] }).ticket).toBe('invalid');
      expect(hex(pac)).toBe(hex(signPac(unsigned(), { serverKey, kdcKey, ticketSigningData: tickets[i], fullChecksum: true })));
    });
  });

  it('carries the RODCIdentifier after the KDC, ticket and full signatures', () => {
    const layout = layoutPacForSigning(unsigned(), { serverEtype: 18, kdcEtype: 18, rodcIdentifier: 0x6c2a, ticket: true, fullChecksum: true });
    const pac = signPacLayout(layout, { serverKey, kdcKey, ticketSigningData: new Uint8Array([9]) });
    expect(verifyPac(pac, { serverKey, kdcKey, ticketSigningData: new Uint8Array([9]) })).toEqual({ server: 'valid', kdc: 'valid', ticket: 'valid', full: 'valid', rodcIdentifier: 0x6c2a });
    for (const at of [layout.kdcAt, layout.ticketAt!, layout.fullAt!]) expect([pac[at + 12], pac[at + 13]]).toEqual([0x2a, 0x6c]);
  });

  it('refuses keys of other enctypes than the layout was made for, and a missing ticket', () => {
    const layout = layoutPacForSigning(unsigned(), { serverEtype: 18, kdcEtype: 18, ticket: true, fullChecksum: false });
    expect(() => signPacLayout(layout, { serverKey: aes128(1), kdcKey, ticketSigningData: new Uint8Array(1) })).toThrow(RangeError);
    expect(() => signPacLayout(layout, { serverKey, kdcKey })).toThrow(RangeError);
  });
});
