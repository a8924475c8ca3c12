/**
 * Real MIT bytes through our ASN.1 layer: a throwaway MIT realm (krb5kdc on 127.0.0.1, free TCP
 * port), `kinit` talking to it through a recording proxy, then every captured AS-REQ, KRB-ERROR
 * (KDC_ERR_PREAUTH_REQUIRED) and AS-REP must decode, carry the expected fields and re-encode
 * byte-identically. Needs Debian krb5-kdc and krb5-user; fails (does not skip) without them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as k from '../../emulator/kerberos/asn1/index.ts';
import { expectAsRep, expectAsReq, expectPreauthRequired, roundTrip } from './mit-capture.expect.ts';
import {
  REALM,
  USER,
  runKinit,
  startCaptureKdc,
  startRecordingProxy,
  type Frame,
  type RecordingProxy,
} from './mit-capture.support.ts';
import type { MitKdc } from '../support/mit-kdc.ts';

const setup = { realm: REALM, user: USER, etypes: [18, 17] };

describe('MIT kinit capture decodes and re-encodes byte-identically', () => {
  let realm: MitKdc | undefined;
  let proxy: RecordingProxy | undefined;
  let frames: Frame[] = [];

  beforeAll(async () => {
    realm = await startCaptureKdc();
    proxy = await startRecordingProxy(realm.port);
    await runKinit(realm, proxy.port);
    frames = [...proxy.frames];
  });

  afterAll(async () => {
    await proxy?.close();
    await realm?.stop(); // kills krb5kdc by its PID, removes the temp dir
  });

  it('kinit made two exchanges: AS-REQ -> PREAUTH_REQUIRED, AS-REQ with PA-ENC-TIMESTAMP -> AS-REP', () => {
    expect(frames.map((f) => `${f.direction}:${k.peekApplicationTag(f.bytes)}`)).toEqual([
      'request:10',
      'reply:30',
      'request:10',
      'reply:11',
    ]);
  });

  it('first AS-REQ (no pre-auth)', () => {
    expectAsReq(roundTrip(frames[0].bytes), setup, false);
  });

  it('KRB-ERROR with METHOD-DATA e-data', () => {
    expectPreauthRequired(roundTrip(frames[1].bytes), setup);
  });

  it('second AS-REQ (PA-ENC-TIMESTAMP)', () => {
    const m = roundTrip(frames[2].bytes);
    expectAsReq(m, setup, true);
    // Same request body as the first try apart from the nonce and the end times, which MIT
    // computes afresh (now + lifetime) for each request: they move on when the two requests
    // fall in different seconds, never by more than that.
    const first = k.decodeAsReq(frames[0].bytes).reqBody;
    if (m.msgType !== 10) throw new Error('not AS-REQ');
    const second = m.message.reqBody;
    for (const f of ['till', 'rtime'] as const) {
      const a = first[f];
      const b = second[f];
      expect(b === undefined, f).toBe(a === undefined);
      if (a !== undefined && b !== undefined) {
        expect(b - a, f).toBeGreaterThanOrEqual(0);
        expect(b - a, f).toBeLessThanOrEqual(2000);
      }
    }
    expect({ ...second, nonce: 0, till: undefined, rtime: undefined }).toEqual({ ...first, nonce: 0, till: undefined, rtime: undefined });
  });

  it('AS-REP', () => {
    const m = roundTrip(frames[3].bytes);
    expectAsRep(m, setup);
    if (m.msgType !== 11) throw new Error('not AS-REP');
    // The ticket and the AS-REP's own parts re-encode identically on their own as well.
    const t = k.encodeTicket(m.message.ticket);
    expect(Buffer.from(frames[3].bytes).includes(Buffer.from(t))).toBe(true);
  });
});
