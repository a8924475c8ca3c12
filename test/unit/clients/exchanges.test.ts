/**
 * The client's whole exchanges against the lab KDC on a free port: the AS exchange with a
 * password (the PREAUTH_REQUIRED round, the salt from PA-ETYPE-INFO2), KDC refusals as data with
 * their codes, the TGS exchange for a service ticket, and the held tickets as ccache entries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asWithPassword, ccacheOf, credentialOf, tgsExchange } from '../../../clients/kerberos/index.ts';
import { SeededRandom } from '../../../emulator/core/random.ts';
import { decodeCcache, encodeCcache, TKT_FLG } from '../../../emulator/kerberos/files/index.ts';
import type { RunningLab } from '../../../emulator/lab.ts';
import { startTestLab } from './lab.ts';

let lab: RunningLab;
const rng = new SeededRandom('client-exchanges');
const common = () => ({ kdc: { host: '127.0.0.1', port: lab.port('kdc')! }, now: () => Date.now(), rng });

beforeAll(async () => {
  lab = await startTestLab('multi-upn-suffix.yaml');
});
afterAll(() => lab.close());

describe('asWithPassword', () => {
  it("gets alice's TGT after the pre-authentication round, and traces both steps", async () => {
    const r = await asWithPassword({ ...common(), user: 'alice', realm: 'fabrikam.local', password: 'Alice-Passw0rd!' });
    if (!r.ok) throw new Error(r.code);
    expect(r.held.part.sname.nameString).toEqual(['krbtgt', 'FABRIKAM.LOCAL']);
    expect([r.held.crealm, r.held.cname.nameString]).toEqual(['FABRIKAM.LOCAL', ['alice']]);
    expect(r.held.sessionKey.etype).toBe(18);
    expect(r.trace.map((e) => [e.step, e.verdict, e.code])).toEqual([
      ['AS', 'info', 'KDC_ERR_PREAUTH_REQUIRED'],
      ['AS', 'ok', 'KRB_AS_REP'],
    ]);
  });

  it('returns the KDC refusal as data: a wrong password is KDC_ERR_PREAUTH_FAILED (24), an unknown user KDC_ERR_C_PRINCIPAL_UNKNOWN (6)', async () => {
    const bad = await asWithPassword({ ...common(), user: 'alice', realm: 'FABRIKAM.LOCAL', password: 'wrong' });
    expect(bad.ok === false && [bad.code, bad.wire]).toEqual(['KDC_ERR_PREAUTH_FAILED', 24]);
    const nobody = await asWithPassword({ ...common(), user: 'nobody', realm: 'FABRIKAM.LOCAL', password: 'x', service: 'device' });
    expect(nobody.ok === false && [nobody.code, nobody.wire]).toEqual(['KDC_ERR_C_PRINCIPAL_UNKNOWN', 6]);
    expect(nobody.trace.at(-1)).toMatchObject({ service: 'device', step: 'AS', verdict: 'error', code: 'KDC_ERR_C_PRINCIPAL_UNKNOWN' });
  });
});

describe('tgsExchange and the ccache', () => {
  it('gets cifs/fs1 with the TGT; both tickets round-trip through the ccache codec with their flags and times', async () => {
    const tgt = await asWithPassword({ ...common(), user: 'alice', realm: 'FABRIKAM.LOCAL', password: 'Alice-Passw0rd!' });
    if (!tgt.ok) throw new Error(tgt.code);
    const st = await tgsExchange({ ...common(), tgt: tgt.held, sname: 'cifs/fs1.fabrikam.local' });
    if (!st.ok) throw new Error(st.code);
    expect(st.held.part.sname.nameString).toEqual(['cifs', 'fs1.fabrikam.local']);
    expect(st.trace[0]).toMatchObject({ step: 'TGS', verdict: 'ok', code: 'KRB_TGS_REP', detail: { kvno: 2 } });
    const cc = decodeCcache(encodeCcache(ccacheOf([tgt.held, st.held])));
    expect(cc.defaultPrincipal).toEqual({ nameType: 1, components: ['alice'], realm: 'FABRIKAM.LOCAL' });
    expect(cc.credentials.map((c) => c.server.components.join('/'))).toEqual(['krbtgt/FABRIKAM.LOCAL', 'cifs/fs1.fabrikam.local']);
    const c0 = credentialOf(tgt.held);
    expect(c0.endtime).toBe(Math.floor(tgt.held.part.endtime / 1000));
    expect((c0.ticketFlags & TKT_FLG.INITIAL) >>> 0).toBe(TKT_FLG.INITIAL);
    expect(cc.credentials[1].key.value).toEqual(st.held.sessionKey.bytes);
  });

  it('an unknown SPN is KDC_ERR_S_PRINCIPAL_UNKNOWN (7), as data', async () => {
    const tgt = await asWithPassword({ ...common(), user: 'bob', realm: 'FABRIKAM.LOCAL', password: 'Bob-Passw0rd!' });
    if (!tgt.ok) throw new Error(tgt.code);
    const st = await tgsExchange({ ...common(), tgt: tgt.held, sname: 'cifs/nowhere.fabrikam.local' });
    expect(st.ok === false && [st.code, st.wire]).toEqual(['KDC_ERR_S_PRINCIPAL_UNKNOWN', 7]);
  });
});
