/**
 * The committed MIT capture (test/vectors/captures/mit-kinit-as-exchange.json) without a KDC:
 * every frame round-trips byte-identically with the same field checks as the live interop test,
 * and the encrypted parts, decrypted with the key from the capture's lab password, decode too:
 * PA-ENC-TS-ENC (key usage 1) and MIT's EncASRepPart sent as [APPLICATION 26] (key usage 3).
 */
import { describe, expect, it } from 'vitest';
import * as k from '../../../../emulator/kerberos/asn1/index.ts';
import { KeyUsage, decrypt, stringToKey } from '../../../../emulator/kerberos/crypto/index.ts';
import { expectAsRep, expectAsReq, expectPreauthRequired, roundTrip } from '../../../interop/mit-capture.expect.ts';
import { fromHex, hex, loadJson } from './helpers.ts';

interface Capture {
  title: string;
  source: string;
  setup: { realm: string; user: string; password: string; etypes: number[]; salt: string };
  vectors: { title: string; direction: string; input: string; expected: { msgType: number; name: string } }[];
}

const cap = loadJson<Capture>('test/vectors/captures/mit-kinit-as-exchange.json');
const frames = cap.vectors.map((v) => fromHex(v.input));

describe(`${cap.title} (${cap.source})`, () => {
  it('every frame decodes to its named message and re-encodes byte-identically', () => {
    cap.vectors.forEach((v, i) => {
      const m = roundTrip(frames[i]);
      expect(m.msgType).toBe(v.expected.msgType);
      expect(m.name).toBe(v.expected.name);
    });
  });

  it('fields match the realm set-up', () => {
    expectAsReq(k.decodeKerberosMessage(frames[0]), cap.setup, false);
    expectPreauthRequired(k.decodeKerberosMessage(frames[1]), cap.setup);
    expectAsReq(k.decodeKerberosMessage(frames[2]), cap.setup, true);
    expectAsRep(k.decodeKerberosMessage(frames[3]), cap.setup);
  });

  it('reqBodyBytes finds the exact req-body inside the captured AS-REQ', () => {
    const body = k.reqBodyBytes(frames[2]);
    expect(hex(frames[2]).includes(hex(body))).toBe(true);
    expect(hex(k.encodeKdcReqBody(k.decodeKdcReqBody(body)))).toBe(hex(body));
  });

  const key = stringToKey(cap.setup.etypes[0], cap.setup.password, cap.setup.salt);

  it('PA-ENC-TIMESTAMP decrypts to a PA-ENC-TS-ENC that round-trips', () => {
    const req = k.decodeAsReq(frames[2]);
    const ts = k.findPaValue(req.padata, k.PA.PA_ENC_TIMESTAMP)!;
    const plain = decrypt(key, KeyUsage.PA_ENC_TIMESTAMP, ts.cipher);
    const tsEnc = k.decode(k.PaEncTsEnc, plain);
    expect(hex(k.encode(k.PaEncTsEnc, tsEnc))).toBe(hex(plain));
    const err = k.decodeKrbError(frames[1]);
    expect(Math.abs(tsEnc.patimestamp - err.stime)).toBeLessThan(60_000);
  });

  it('the AS-REP enc-part is an EncKDCRepPart under [APPLICATION 26] with the request nonce', () => {
    const rep = k.decodeAsRep(frames[3]);
    const plain = decrypt(key, KeyUsage.AS_REP_ENCPART, rep.encPart.cipher);
    const { application, part } = k.decodeEncKdcRepPart(plain);
    expect(application).toBe(26);
    expect(hex(k.encodeEncTgsRepPart(part))).toBe(hex(plain));
    expect(hex(k.encodeEncAsRepPart(part)).slice(2)).toBe(hex(plain).slice(2)); // only the tag differs
    expect(part.nonce).toBe(k.decodeAsReq(frames[2]).reqBody.nonce);
    expect(part.srealm).toBe(cap.setup.realm);
    expect(part.sname).toEqual(rep.ticket.sname);
    expect(part.key.keytype).toBe(cap.setup.etypes[0]);
    expect(k.TICKET_FLAGS.has(part.flags, 'initial')).toBe(true);
    expect(k.TICKET_FLAGS.has(part.flags, 'pre-authent')).toBe(true);
  });
});
