/**
 * What an MIT `kinit` exchange must decode to, shared by the live interop test and the unit test
 * of the committed capture. The values come from the realm set-up (realm, user, enctypes in
 * krb5.conf, +preauth) and RFC 4120 / MIT behaviour, not from our decoder.
 */
import { expect } from 'vitest';
import * as k from '../../emulator/kerberos/asn1/index.ts';

export interface ExchangeSetup {
  realm: string;
  user: string;
  /** The etype list kinit is configured to send, in order. */
  etypes: number[];
}

const principal = (nameType: number, ...nameString: string[]) => ({ nameType, nameString });

/** Decodes, re-encodes byte-identically, and returns the decoded message. */
export function roundTrip(bytes: Uint8Array): k.KerberosMessage {
  const m = k.decodeKerberosMessage(bytes);
  const again = encodeMessage(m);
  expect(Buffer.from(again).toString('hex')).toBe(Buffer.from(bytes).toString('hex'));
  return m;
}

function encodeMessage(m: k.KerberosMessage): Uint8Array {
  switch (m.msgType) {
    case 10:
      return k.encodeAsReq(m.message);
    case 11:
      return k.encodeAsRep(m.message);
    case 12:
      return k.encodeTgsReq(m.message);
    case 13:
      return k.encodeTgsRep(m.message);
    case 14:
      return k.encodeApReq(m.message);
    case 15:
      return k.encodeApRep(m.message);
    case 22:
      return k.encodeKrbCred(m.message);
    case 30:
      return k.encodeKrbError(m.message);
  }
}

const types = (list: readonly k.PaData[] | undefined) => (list ?? []).map((p) => p.padataType);

export function expectAsReq(m: k.KerberosMessage, s: ExchangeSetup, withPreauth: boolean): void {
  if (m.msgType !== k.MSG_TYPE.KRB_AS_REQ) throw new Error(`expected AS-REQ, got ${m.name}`);
  const b = m.message.reqBody;
  expect(b.realm).toBe(s.realm);
  expect(b.cname).toEqual(principal(k.NAME_TYPE.NT_PRINCIPAL, s.user));
  expect(b.sname).toEqual(principal(k.NAME_TYPE.NT_SRV_INST, 'krbtgt', s.realm));
  expect(b.etype).toEqual(s.etypes);
  expect(b.till % 1000).toBe(0);
  expect(b.nonce).toBeGreaterThanOrEqual(0);
  expect(b.nonce).toBeLessThan(2 ** 31); // MIT keeps the top bit clear
  const pa = types(m.message.padata);
  if (withPreauth) {
    expect(pa).toContain(k.PA.PA_ENC_TIMESTAMP);
    const ts = k.findPaValue(m.message.padata, k.PA.PA_ENC_TIMESTAMP)!;
    expect(ts.etype).toBe(s.etypes[0]);
    expect(ts.kvno).toBeUndefined();
    expect(ts.cipher.length).toBeGreaterThan(16 + 12); // confounder + checksum + PA-ENC-TS-ENC
  } else {
    expect(pa).not.toContain(k.PA.PA_ENC_TIMESTAMP);
  }
}

export function expectPreauthRequired(m: k.KerberosMessage, s: ExchangeSetup): void {
  if (m.msgType !== k.MSG_TYPE.KRB_ERROR) throw new Error(`expected KRB-ERROR, got ${m.name}`);
  const e = m.message;
  expect(e.errorCode).toBe(25); // KDC_ERR_PREAUTH_REQUIRED
  expect(e.realm).toBe(s.realm);
  expect(e.sname).toEqual(principal(k.NAME_TYPE.NT_SRV_INST, 'krbtgt', s.realm));
  expect(e.crealm).toBe(s.realm);
  expect(e.cname).toEqual(principal(k.NAME_TYPE.NT_PRINCIPAL, s.user));
  expect(e.stime % 1000).toBe(0);
  const md = k.decodeMethodData(e.eData!);
  expect(Buffer.from(k.encodeMethodData(md)).equals(Buffer.from(e.eData!))).toBe(true);
  expect(types(md)).toEqual(expect.arrayContaining([k.PA.PA_ETYPE_INFO2, k.PA.PA_ENC_TIMESTAMP]));
  const info = k.findPaValue(md, k.PA.PA_ETYPE_INFO2)!;
  // RFC 4120 default salt: realm + name components (MIT sends it explicitly).
  expect(info[0]).toEqual({ etype: s.etypes[0], salt: `${s.realm}${s.user}` });
}

export function expectAsRep(m: k.KerberosMessage, s: ExchangeSetup): void {
  if (m.msgType !== k.MSG_TYPE.KRB_AS_REP) throw new Error(`expected AS-REP, got ${m.name}`);
  const r = m.message;
  expect(r.crealm).toBe(s.realm);
  expect(r.cname).toEqual(principal(k.NAME_TYPE.NT_PRINCIPAL, s.user));
  expect(r.ticket.realm).toBe(s.realm);
  expect(r.ticket.sname).toEqual(principal(k.NAME_TYPE.NT_SRV_INST, 'krbtgt', s.realm));
  expect(r.ticket.encPart.etype).toBe(s.etypes[0]);
  expect(r.ticket.encPart.kvno).toBe(1);
  expect(r.encPart.etype).toBe(s.etypes[0]);
  expect(types(r.padata)).toContain(k.PA.PA_ETYPE_INFO2);
}
