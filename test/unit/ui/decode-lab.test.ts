/**
 * The capture and the decoded view on a lab on free ports (test/fixtures/device-lab.yaml) with the
 * emulated device's sign-in (clients/device): Entra's PRT request JWT and response (password never
 * captured, the PRT and session key masked, tgt_ad's partial TGT kvno split), the DNS SRV answer,
 * the netlogon ping's flags by name, the route's 404 and its event without a capture. Also that
 * the trace's JSON lines and kept events are the same whether or not a capture is on, and the
 * ring's bounds.
 */
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../../clients/device/index.ts';
import { startLab, type RunningLab } from '../../../emulator/lab.ts';
import { withCapture } from '../../../emulator/trace/capture.ts';
import { Trace } from '../../../emulator/trace/trace.ts';
import { TraceStream } from '../../../emulator/ui/events.ts';
import type { DecodedEvent } from '../../../emulator/ui/decode/registry.ts';
import { CaptureRing } from '../../../emulator/ui/decode/ring.ts';
import { DecodedView } from '../../../emulator/ui/decode/route.ts';
import { MASKED, type DecodedNode } from '../../../emulator/ui/decode/tree.ts';

const FIXTURE = join(import.meta.dirname, '../../fixtures/device-lab.yaml');
const PASSWORD = 'Alice-Passw0rd!';
const lines = new PassThrough();
let jsonLines = '';
lines.on('data', (d) => (jsonLines += d));
const trace = new Trace({ keep: 100, stream: lines });
let lab: RunningLab;
let view: DecodedView;
let shown: DecodedView;
let stream: TraceStream;

const all = (nodes: readonly DecodedNode[]): DecodedNode[] => nodes.flatMap((n) => [n, ...all(n.children ?? [])]);
const one = (nodes: readonly DecodedNode[], key: string): DecodedNode => {
  const found = all(nodes).filter((n) => n.key === key);
  expect(found, key).toHaveLength(1);
  return found[0];
};
/** The decoded tree of the first event of `service`/`step` the sign-in produced. */
function decoded(v: DecodedView, service: string, step: string): DecodedEvent {
  for (let id = 1; id <= 1000; id++) {
    const e = v.ring.get(id);
    if (e?.event.service === service && e.event.step === step) return v.answer('GET', `/api/events/${id}/decoded`)!.body as DecodedEvent;
  }
  throw new Error(`no ${service} ${step} event`);
}

beforeAll(async () => {
  lab = await startLab(FIXTURE, { freePorts: true, env: {}, trace });
  view = new DecodedView({ stores: () => lab.stores });
  shown = new DecodedView({ stores: () => lab.stores, showSecrets: true, ring: view.ring });
  trace.setCapture(true);
  stream = new TraceStream(trace, 300, view.observe);
  const r = await signIn({ lab: lab.labFile(), upn: 'alice@contoso.com', password: PASSWORD });
  expect(r.ok).toBe(true);
}, 60_000);
afterAll(async () => {
  stream?.close();
  await lab?.close();
});

describe('the decoded view of a device sign-in', () => {
  it('the PRT request: its JWT header and claims, the password replaced at capture and nowhere in the ring', () => {
    const d = decoded(view, 'entra', 'prt');
    const jwt = one(d.tree, 'entra.field.request');
    expect(jwt.label).toBe('request (JWT)');
    const claims = all([jwt]).find((n) => n.label === 'claims')!;
    const c = Object.fromEntries(claims.children!.map((n) => [n.label, n.value]));
    expect(c).toMatchObject({ grant_type: 'password', username: 'alice@contoso.com', password: '(password: not captured)' });
    expect(all([jwt]).find((n) => n.label === 'header')!.children!.map((n) => n.label)).toEqual(expect.arrayContaining(['alg', 'x5c']));
    // Nowhere: not in any capture, decoded tree, event or JSON line.
    for (let id = 1; id <= view.ring.size + 5; id++) {
      const e = view.ring.get(id);
      if (!e) continue;
      expect(JSON.stringify(e.capture ?? {}, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v))).not.toContain(PASSWORD);
    }
    expect(JSON.stringify(decoded(shown, 'entra', 'prt'))).not.toContain(PASSWORD);
    expect(JSON.stringify(decoded(shown, 'entra', 'token'))).not.toContain(PASSWORD);
  });

  it('the PRT response: id_token claims, the PRT and session_key_jwe masked (shown with showSecrets), tgt_ad fields and its partial TGT', () => {
    const d = decoded(view, 'entra', 'prt');
    const res = one(d.tree, 'entra.response');
    const field = (label: string) => res.children!.find((n) => n.label === label)!;
    expect(field('refresh_token')).toMatchObject({ value: MASKED, secret: true });
    expect(field('session_key_jwe')).toMatchObject({ value: MASKED, secret: true });
    const idClaims = Object.fromEntries(all([one([res], 'entra.field.id_token')]).find((n) => n.label === 'claims')!.children!.map((n) => [n.label, n.value]));
    expect(idClaims.upn).toBe('alice@contoso.com');
    const cu = lab.world.tenant.users.find((u) => u.userPrincipalName === 'alice@contoso.com')!;
    expect(idClaims.onprem_sid).toBe(cu.onPremisesSecurityIdentifier);
    const tgtAd = one([res], 'entra.tgt_ad');
    const f = Object.fromEntries(tgtAd.children!.filter((n) => !n.children).map((n) => [n.label, n.value]));
    expect(f).toMatchObject({ realm: 'FABRIKAM.LOCAL', sn: 'krbtgt/FABRIKAM.LOCAL', cn: 'alice', keyType: '18 aes256-cts-hmac-sha1-96', clientKey: MASKED });
    const kd = lab.world.tenant.kerberosDomains[0];
    expect(one([tgtAd], 'tgt_ad.ticket.kvno').value).toBe(`${((kd.id << 16) | kd.keyVersion) >>> 0} = RODC number ${kd.id} · key version ${kd.keyVersion}`);
    expect(all([tgtAd]).some((n) => n.key === 'pac.groups')).toBe(true);

    const open = decoded(shown, 'entra', 'prt');
    const prt = one(open.tree, 'entra.response').children!.find((n) => n.label === 'refresh_token')!;
    expect(prt.value).not.toBe(MASKED);
    expect(prt.value!.length).toBeGreaterThan(20);
    expect(open.showSecrets).toBe(true);
  });

  it('the DC locator DNS query: the SRV answer with port and target, the A record, NOERROR', () => {
    const d = decoded(view, 'dns', 'query');
    expect(one(d.tree, 'dns.rcode').value).toBe('0 NOERROR');
    const answers = one(d.tree, 'dns.answers').children!;
    expect(answers.map((n) => n.label)).toEqual(['0 _kerberos._tcp.dc._msdcs.fabrikam.local SRV']);
    expect(answers[0].value).toBe(`priority 0 weight 100 port ${lab.port('kdc')} target dc1.fabrikam.local`);
    expect(one(d.tree, 'dns.additional').children!.map((n) => `${n.label} ${n.value}`)).toContain(`0 dc1.fabrikam.local A ${lab.world.directory.dcs.find((x) => x.name === 'dc1')!.address}`);
  });

  it('the LDAP ping: opcode 23 and the DS_*_FLAG names the DC sets, domain, DC and site names', () => {
    const d = decoded(view, 'cldap', 'ping');
    expect(one(d.tree, 'netlogon.opcode').value).toBe('23 LOGON_SAM_LOGON_RESPONSE_EX');
    const flags = one(d.tree, 'netlogon.flags').children!.map((n) => n.label);
    expect(flags).toEqual(expect.arrayContaining(['DS_PDC_FLAG', 'DS_KDC_FLAG', 'DS_WRITABLE_FLAG', 'DS_KEY_LIST_FLAG', 'DS_DS_10_FLAG']));
    expect(flags).not.toContain('DS_SELECT_SECRET_DOMAIN_6_FLAG');
    const f = Object.fromEntries(one(d.tree, 'netlogon').children!.map((n) => [n.label, n.value]));
    expect(f).toMatchObject({ DnsDomainName: 'fabrikam.local', DnsHostName: 'dc1.fabrikam.local', NetbiosDomainName: 'FABRIKAM', DcSiteName: 'Default-First-Site-Name' });
  });

  it('the full-TGT exchange at the DC: its PAC names the groups, the key list reply is masked', () => {
    const d = decoded(view, 'kdc', 'TGS');
    expect(one(d.tree, 'rep.ticket').label).toBe('ticket (the full TGT)');
    expect(one([one(d.tree, 'rep.ticket')], 'pac.groups').children!.map((n) => `${n.label} ${n.value}`)).toContain('513 Domain Users');
    expect(one(d.tree, 'rep.key-list.0')).toMatchObject({ value: MASKED, secret: true });
    // Open at first: the path to the reply ticket's groups and to the key list; the request's ticket stays closed.
    const rep = one(d.tree, 'rep.ticket');
    expect([rep.open, one([rep], 'pac').open, one([rep], 'pac.groups').open, one(d.tree, 'rep.key-list').open]).toEqual([true, true, true, true]);
    expect(all([one(d.tree, 'req.ticket')]).some((n) => n.open)).toBe(false);
  });

  it('GET of an id the ring does not hold is 404; an event without a capture says so', () => {
    expect(view.answer('GET', '/api/events/999999/decoded')).toMatchObject({ status: 404, body: { error: 'NOT_FOUND' } });
    expect(view.answer('POST', '/api/events/1/decoded')).toBeUndefined();
    expect(view.answer('GET', '/api/events/x/decoded')).toBeUndefined();
    trace.sink('admin', () => 0)({ step: 'get', verdict: 'ok' });
    const id = view.ring.size ? Math.max(...Array.from({ length: 2000 }, (_, i) => i).filter((i) => view.ring.get(i))) : 0;
    const a = view.answer('GET', `/api/events/${id}/decoded`)!.body as DecodedEvent;
    expect(a.service).toBe('admin');
    expect(a.tree[0]).toMatchObject({ label: 'Message', error: true });
    expect(a.tree[0].value).toMatch(/^no bytes were captured/);
  });
});

describe('the capture stays out of every other reader', () => {
  it('JSON lines, kept events and onEvent get the envelope only; without capture on, subscribers get none and the function never runs', () => {
    const seen: unknown[] = [];
    const t = new Trace({ keep: 5, onEvent: (e) => seen.push(Object.getOwnPropertySymbols(e).length) });
    let calls = 0;
    const got: unknown[] = [];
    t.subscribe((_e, c) => got.push(c));
    const emit = t.sink('kdc', () => 1);
    emit(withCapture({ step: 'AS', verdict: 'ok' }, () => (calls++, { kind: 'kerberos', request: new Uint8Array([1]) })));
    expect(calls).toBe(0);
    expect(got).toEqual([undefined]);
    t.setCapture(true);
    emit(withCapture({ step: 'AS', verdict: 'ok' }, () => (calls++, { kind: 'kerberos', request: new Uint8Array([1]) })));
    expect(calls).toBe(1);
    expect(got[1]).toEqual({ kind: 'kerberos', request: new Uint8Array([1]) });
    expect(seen).toEqual([0, 0]);
    expect(t.events().map((e) => Object.getOwnPropertySymbols(e).length)).toEqual([0, 0]);
    // The lab's own JSON lines: the same keys a KDC event always had, no bytes of the messages.
    const kdcLines = jsonLines.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.service === 'kdc');
    expect(kdcLines.length).toBeGreaterThan(0);
    for (const e of kdcLines) expect(Object.keys(e).filter((k) => ['request', 'reply', 'capture', 'bytes'].includes(k))).toEqual([]);
    expect(jsonLines).not.toMatch(/"kind":"kerberos"/);
  });

  it('the ring keeps at most its event count and its byte budget, oldest out first', () => {
    const ring = new CaptureRing(3, 100);
    const e = { service: 'dns', step: 'query' };
    for (let i = 1; i <= 5; i++) ring.add(i, e, { kind: 'dns', query: new Uint8Array(10) });
    expect([1, 2, 3, 4, 5].map((i) => ring.get(i) !== undefined)).toEqual([false, false, true, true, true]);
    ring.add(6, e, { kind: 'dns', query: new Uint8Array(80) });
    expect(ring.capturedBytes).toBeLessThanOrEqual(100);
    expect(ring.get(6)).toBeDefined();
    expect(ring.get(3)).toBeUndefined();
  });
});
