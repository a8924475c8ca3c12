/**
 * Encode and decode first run without building path strings (schema.ts NO_PATH); a value that
 * does not encode, or bytes that do not decode, still get the error naming the full path.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../../emulator/core/errors.ts';
import * as k from '../../../../emulator/kerberos/asn1/index.ts';
import * as s from './samples.ts';

describe('ASN.1 error paths', () => {
  it('an encode error names the nested field and element', () => {
    const bad = { ...s.tgsReq, reqBody: { ...s.tgsReq.reqBody, sname: { nameType: 2, nameString: ['cifs', 5 as unknown as string] } } };
    expect(() => k.encodeTgsReq(bad)).toThrow(new TypeError('TGS-REQ.reqBody.sname.nameString[1]: expected a string'));
    expect(() => k.encodeTgsReq({ ...s.tgsReq, reqBody: { ...s.tgsReq.reqBody, nonce: -1 } })).toThrow(/^TGS-REQ\.reqBody\.nonce: -1 is not a UInt32$/);
  });

  it('a decode error names the nested field, and a good value decodes as before', () => {
    const bytes = k.encodeTgsReq(s.tgsReq);
    expect(k.decodeTgsReq(bytes)).toEqual(k.decodeTgsReq(bytes.slice()));
    // The first name string of sname gets a byte that is no UTF-8: the DER framing still holds.
    const body = k.encodeKdcReqBody(s.tgsReq.reqBody);
    const first = new TextEncoder().encode(s.tgsReq.reqBody.sname!.nameString[0]);
    const at = Buffer.from(body).indexOf(Buffer.from(first));
    expect(at).toBeGreaterThan(0);
    const broken = body.slice();
    broken[at] = 0xff;
    let err: unknown;
    try {
      k.decodeKdcReqBody(broken);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).what).toBe('KDC-REQ-BODY.sname.nameString[0]');
  });
});
