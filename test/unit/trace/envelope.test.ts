/**
 * Every service's trace events carry the envelope (emulator/trace/envelope.ts): step, verdict,
 * code and wire where the protocol has a wire code, and the deciding fact. KDC and kpasswd events
 * straight from dispatch; the admin API's from its operations (LDAP, CLDAP and DNS: the mapping
 * tests in test/unit/cli/trace-view.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { dispatchKdc, handleKpasswd, type KdcTraceEvent } from '../../../emulator/kerberos/kdc/index.ts';
import { createKdcContext } from '../../../emulator/kerberos/kdc/context.ts';
import { adminLab } from '../admin/fixture.ts';

describe('trace envelope', () => {
  it('KDC: a TGS exchange and a transport refusal', () => {
    const l = adminLab();
    expect(l.exchange()).toBe('ok');
    expect(l.kdcEvents.at(-1)).toMatchObject({ service: 'kdc', step: 'TGS', verdict: 'ok' });
    dispatchKdc(l.kdc, new Uint8Array([1, 2, 3]), { transport: 'direct' });
    const e = l.kdcEvents.at(-1)!;
    expect(e).toMatchObject({ step: 'transport', verdict: 'error', code: 'KRB_ERR_GENERIC', wire: 60 });
    expect(e.fact).toMatch(/no Kerberos message/);
  });

  it('kpasswd: a malformed request', () => {
    const l = adminLab();
    const events: object[] = [];
    const ctx = createKdcContext(l.stores.directory, { clock: l.clock, keys: l.kdc.keys });
    handleKpasswd(ctx, new Uint8Array([0, 4, 0, 1]), { transport: 'direct' }, (e) => events.push(e));
    expect(events[0]).toMatchObject({ step: 'kpasswd', verdict: 'error', code: 'KRB5_KPASSWD_MALFORMED', wire: 1 });
    expect(typeof (events[0] as KdcTraceEvent).fact).toBe('string');
  });

  it('admin: a change and its detail', () => {
    const l = adminLab();
    l.admin.rotate({ cloudOnly: true });
    expect(l.adminEvents.at(-1)).toMatchObject({ step: 'rotate', verdict: 'ok', detail: { keyVersion: 2, cloudKeyVersion: 3, force: false } });
    expect(l.adminEvents.at(-1)!.fact).toMatch(/cloud only: CloudKeyVersion 2 -> 3/);
  });
});
