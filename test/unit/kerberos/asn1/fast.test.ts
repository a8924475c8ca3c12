/**
 * FAST padata codecs (RFC 6113 5.4.1-5.4.3). Byte strings written out by hand from the ASN.1
 * module in RFC 6113 appendix A (EXPLICIT TAGS, DER).
 */
import { describe, expect, it } from 'vitest';
import { hex, fromHex } from '../../../../emulator/core/bytes.ts';
import {
  decodeKrbFastReq,
  decodeKrbFastResponse,
  decodePaFxFastReply,
  decodePaFxFastRequest,
  encodeKrbFastReq,
  encodeKrbFastResponse,
  encodePaFxFastReply,
  encodePaFxFastRequest,
  FAST_OPTIONS,
  KDC_OPTIONS,
} from '../../../../emulator/kerberos/asn1/index.ts';

describe('PA-FX-FAST', () => {
  it('encodes PA-FX-FAST-REPLY as CHOICE [0] KrbFastArmoredRep { enc-fast-rep [0] EncryptedData }', () => {
    const bytes = encodePaFxFastReply({ encFastRep: { etype: 18, cipher: Uint8Array.of(1, 2) } });
    // a0 11 (armored-data [0]) 30 0f (KrbFastArmoredRep) a0 0d (enc-fast-rep) 30 0b (EncryptedData)
    // a0 03 02 01 12 (etype 18) a2 04 04 02 01 02 (cipher)
    expect(hex(bytes)).toBe('a011300fa00d300ba003020112a204040201 02'.replace(/ /g, ''));
    expect(decodePaFxFastReply(bytes).encFastRep.etype).toBe(18);
  });

  it('decodes a KrbFastArmoredReq with AP-REQ armor and refuses another CHOICE tag', () => {
    const req = {
      armor: { armorType: 1, armorValue: Uint8Array.of(0x6e, 0x00) },
      reqChecksum: { cksumtype: 16, checksum: Uint8Array.of(0xaa) },
      encFastReq: { etype: 18, cipher: Uint8Array.of(0xbb) },
    };
    const bytes = encodePaFxFastRequest(req);
    expect(hex(bytes.subarray(0, 2))).toBe('a0' + hex(Uint8Array.of(bytes.length - 2)));
    // armor [0] KrbFastArmor { armor-type [0] 1, armor-value [1] 6e 00 }
    expect(hex(bytes)).toContain('a00d300ba003020101a10404026e00');
    const back = decodePaFxFastRequest(bytes);
    expect(back.armor?.armorType).toBe(1);
    expect(hex(back.armor!.armorValue)).toBe('6e00');
    const wrongTag = Uint8Array.from(bytes);
    wrongTag[0] = 0xa1;
    expect(() => decodePaFxFastRequest(wrongTag)).toThrow(/expected \[0\]|A0|\[0\]/);
  });

  it('round-trips KrbFastReq with hide-client-names and KrbFastResponse with finished', () => {
    const fastReq = {
      fastOptions: FAST_OPTIONS.HIDE_CLIENT_NAMES,
      padata: [{ padataType: 138, padataValue: Uint8Array.of(1) }],
      reqBody: { kdcOptions: KDC_OPTIONS.from(['forwardable']), realm: 'R', till: 0, nonce: 7, etype: [18] },
    };
    const enc = encodeKrbFastReq(fastReq);
    // fast-options [0] BIT STRING 40 00 00 00 (bit 1 hide-client-names)
    expect(hex(enc)).toMatch(/^30[0-9a-f]{2}a00703050040000000/);
    expect(decodeKrbFastReq(enc).fastOptions).toBe(FAST_OPTIONS.HIDE_CLIENT_NAMES);
    const response = {
      padata: [],
      strengthenKey: { keytype: 18, keyvalue: new Uint8Array(32) },
      finished: {
        timestamp: Date.UTC(2026, 0, 2, 3, 4, 5),
        usec: 6,
        crealm: 'R',
        cname: { nameType: 1, nameString: ['alice'] },
        ticketChecksum: { cksumtype: 16, checksum: fromHex('0102') },
      },
      nonce: 0xfffffffe,
    };
    const back = decodeKrbFastResponse(encodeKrbFastResponse(response));
    expect(back.nonce).toBe(0xfffffffe);
    expect(back.finished?.cname.nameString).toEqual(['alice']);
    expect(back.finished?.timestamp).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(back.strengthenKey?.keytype).toBe(18);
  });
});
