import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../../emulator/core/errors.ts';
import * as k from '../../../../emulator/kerberos/asn1/index.ts';
import { hex } from './helpers.ts';
import * as s from './samples.ts';

describe('every message type round-trips', () => {
  for (const [name, codec, value, first] of s.SAMPLES) {
    it(name, () => {
      const der = k.encode(codec, value);
      expect(der[0]).toBe(first);
      const back = k.decode(codec, der);
      expect(back).toEqual(value);
      expect(hex(k.encode(codec, back))).toBe(hex(der));
    });
  }
});

describe('named functions and dispatch', () => {
  it('encodeX/decodeX pairs agree with the generic codec', () => {
    expect(hex(k.encodeAsReq(s.asReq))).toBe(hex(k.encode(k.AsReq, s.asReq)));
    expect(k.decodeTgsReq(k.encodeTgsReq(s.tgsReq))).toEqual(s.tgsReq);
    expect(k.decodeKrbError(k.encodeKrbError(s.krbErrorFull))).toEqual(s.krbErrorFull);
    expect(k.decodeEncTicketPart(k.encodeEncTicketPart(s.encTicketPartFull))).toEqual(s.encTicketPartFull);
  });

  it('decodeKerberosMessage dispatches on the application tag', () => {
    const cases: [Uint8Array, number, string][] = [
      [k.encodeAsReq(s.asReq), 10, 'AS-REQ'],
      [k.encodeAsRep(s.asRep), 11, 'AS-REP'],
      [k.encodeTgsReq(s.tgsReq), 12, 'TGS-REQ'],
      [k.encodeTgsRep(s.tgsRep), 13, 'TGS-REP'],
      [k.encodeApReq(s.apReq), 14, 'AP-REQ'],
      [k.encodeApRep(s.apRep), 15, 'AP-REP'],
      [k.encodeKrbCred(s.krbCred), 22, 'KRB-CRED'],
      [k.encodeKrbError(s.krbErrorFull), 30, 'KRB-ERROR'],
    ];
    for (const [der, msgType, name] of cases) {
      const m = k.decodeKerberosMessage(der);
      expect(m.msgType).toBe(msgType);
      expect(m.name).toBe(name);
    }
    const m = k.decodeKerberosMessage(k.encodeTgsReq(s.tgsReq));
    if (m.msgType !== k.MSG_TYPE.KRB_TGS_REQ) throw new Error('narrowing');
    expect(m.message.reqBody.nonce).toBe(0xfedcba98);
  });

  it('decodeKerberosMessage rejects a non-message tag and KRB-SAFE', () => {
    for (const der of [k.encodeTicket(s.ticket), Uint8Array.of(0x74, 0x02, 0x30, 0x00), Uint8Array.of(0x30, 0x00)]) {
      expect(() => k.decodeKerberosMessage(der)).toThrow(DecodeError);
    }
  });

  it('AS-REQ and TGS-REQ are not interchangeable (msg-type checked against the tag)', () => {
    const der = k.encodeAsReq(s.asReq);
    const swapped = der.slice();
    swapped[0] = 0x6c; // [APPLICATION 12] around a KDC-REQ whose msg-type says 10
    try {
      k.decodeTgsReq(swapped);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).what).toBe('TGS-REQ.msgType');
    }
  });

  it('a wrong pvno names the field', () => {
    const der = k.encodeAsReq(s.asReq);
    // 6a len 30 len a1 03 02 01 05: the pvno INTEGER content byte follows "a1 03 02 01".
    const at = hex(der).indexOf('a103020105') / 2 + 4;
    const bad = der.slice();
    bad[at] = 4;
    try {
      k.decodeAsReq(bad);
      throw new Error('no error');
    } catch (e) {
      expect((e as DecodeError).what).toBe('AS-REQ.pvno');
    }
  });

  it('reqBodyBytes returns the exact KDC-REQ-BODY TLV', () => {
    const der = k.encodeTgsReq(s.tgsReq);
    expect(hex(k.reqBodyBytes(der))).toBe(hex(k.encodeKdcReqBody(s.reqBody)));
    expect(() => k.reqBodyBytes(k.encodeApReq(s.apReq))).toThrow(DecodeError);
  });

  it('EncASRepPart encodes as [APPLICATION 25] and accepts 26; decodeEncKdcRepPart reports which', () => {
    const as = k.encodeEncAsRepPart(s.encKdcRepPart);
    const tgs = k.encodeEncTgsRepPart(s.encKdcRepPart);
    expect(as[0]).toBe(0x79);
    expect(tgs[0]).toBe(0x7a);
    expect(hex(as.subarray(1))).toBe(hex(tgs.subarray(1)));
    expect(k.decodeEncAsRepPart(tgs)).toEqual(s.encKdcRepPart);
    expect(() => k.decodeEncTgsRepPart(as)).toThrow(DecodeError);
    expect(k.decodeEncKdcRepPart(as)).toEqual({ application: 25, part: s.encKdcRepPart });
    expect(k.decodeEncKdcRepPart(tgs).application).toBe(26);
    expect(() => k.decodeEncKdcRepPart(k.encodeTicket(s.ticket))).toThrow(DecodeError);
  });
});

describe('optional fields keep their presence', () => {
  it('absent optionals stay absent, present empty ones stay present', () => {
    const min = k.decodeEncTgsRepPart(k.encodeEncTgsRepPart(s.encKdcRepPartMin));
    expect(Object.keys(min).sort()).toEqual(Object.keys(s.encKdcRepPartMin).sort());
    const empty = k.decodeEncTicketPart(k.encodeEncTicketPart(s.encTicketPartEmptyCaddr));
    expect(empty.caddr).toEqual([]);
    expect(k.encodeEncTicketPart(s.encTicketPartEmptyCaddr).length).toBe(k.encodeEncTicketPart(s.encTicketPartMin).length + 4);
    expect('starttime' in min).toBe(false);
  });

  it('a missing required field is a TypeError on encode, not bad bytes', () => {
    const { realm: _drop, ...noRealm } = s.ticket;
    expect(() => k.encodeTicket(noRealm as k.Ticket)).toThrow(TypeError);
    expect(() => k.encodeEncryptedData({ etype: 18, kvno: -1, cipher: new Uint8Array() })).toThrow(RangeError);
    expect(() => k.encodeEncryptedData({ etype: 2 ** 31, cipher: new Uint8Array() })).toThrow(RangeError);
  });
});
