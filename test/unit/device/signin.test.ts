/**
 * The emulated device's sign-in against a lab on free ports (test/fixtures/device-lab.yaml, the
 * multi-UPN-suffix world plus a cloud-only user): each case is judged by the step that failed and
 * its wire code, and the successes by the tickets' names, kvnos and the ccache they produce.
 */
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCcache } from '../../../emulator/kerberos/files/index.ts';
import { startLab, type RunningLab } from '../../../emulator/lab.ts';
import { loadScenario } from '../../../emulator/scenario/load.ts';
import type { TraceEnvelope } from '../../../emulator/trace/envelope.ts';
import { signIn, SIGNIN_STEPS, type SignInRun } from '../../../clients/device/index.ts';

const FIXTURE = join(import.meta.dirname, '../../fixtures/device-lab.yaml');
const OLD_DCS = join(import.meta.dirname, '../../../scenarios/old-dcs-only.yaml');
let lab: RunningLab;

beforeAll(async () => {
  lab = await startLab(FIXTURE, { freePorts: true, env: {} });
});
afterAll(async () => {
  await lab?.close();
});

const verdicts = (r: SignInRun) => Object.fromEntries(r.steps.map((s) => [s.step, s.code && s.verdict === 'error' ? s.code : s.verdict]));

describe('device sign-in (cloud Kerberos trust)', () => {
  it('alice@contoso.com: every step ok, full TGT from dc1, NT hash, service ticket, ccache', async () => {
    const events: TraceEnvelope[] = [];
    const r = await signIn({ lab: lab.labFile(), upn: 'alice@contoso.com', password: 'Alice-Passw0rd!', spn: 'cifs/fs1.fabrikam.local', alsoAsReq: true, trace: (e) => events.push(e) });
    expect(verdicts(r)).toEqual({ register: 'ok', nonce: 'ok', prt: 'ok', partialTgt: 'ok', locateDc: 'ok', fullTgt: 'ok', keyList: 'ok', serviceTicket: 'ok', asReq: 'ok' });
    expect(r.ok).toBe(true);
    expect(r.steps.map((s) => s.step)).toEqual([...SIGNIN_STEPS]);
    const partial = r.steps.find((s) => s.step === 'partialTgt')!;
    expect(partial.detail).toMatchObject({ realm: 'FABRIKAM.LOCAL', cname: 'alice', rodcNumber: 30775 });
    expect(r.steps.find((s) => s.step === 'locateDc')!.detail).toMatchObject({ domain: 'fabrikam.local', dc: 'dc1.fabrikam.local', kdcPort: lab.port('kdc') });
    // The plain AS exchange: the UPN as NT-ENTERPRISE with canonicalize, answered with the account name.
    expect(r.steps.find((s) => s.step === 'asReq')!.detail).toEqual({ realm: 'FABRIKAM.LOCAL', cname: 'alice' });
    expect(r.tickets.map((t) => t.server)).toEqual(['krbtgt/FABRIKAM.LOCAL @ FABRIKAM.LOCAL', 'krbtgt/FABRIKAM.LOCAL @ FABRIKAM.LOCAL', 'cifs/fs1.fabrikam.local @ FABRIKAM.LOCAL']);
    expect(r.tickets[0].kvno! >>> 16).toBe(30775); // the partial TGT: RODC number in the kvno's upper bits
    expect(r.tickets[1].kvno! >>> 16).toBe(0); // the full TGT: the domain krbtgt
    expect(r.tickets[1].kdcCalled).toBe('dc1.fabrikam.local');
    expect(r.tickets[1].flags).toContain('forwardable');
    const cc = decodeCcache(r.ccache!);
    expect(cc.defaultPrincipal).toMatchObject({ components: ['alice'], realm: 'FABRIKAM.LOCAL' });
    expect(cc.credentials.map((c) => c.server.components.join('/'))).toEqual(['krbtgt/FABRIKAM.LOCAL', 'cifs/fs1.fabrikam.local']);
    // Each step went out as a device envelope, besides the locator's and the exchanges' own events.
    const stepEvents = events.filter((e) => (SIGNIN_STEPS as readonly string[]).includes(e.step));
    expect(stepEvents.map((e) => e.step)).toEqual([...SIGNIN_STEPS]);
    expect(new Set(events.map((e) => e.service))).toEqual(new Set(['device']));
    expect(events.some((e) => e.step === 'TGS' && e.code === 'KRB_TGS_REP')).toBe(true);
  });

  it('bob@east.contoso.com: realm, cname and DC lookup come from onPremisesDomainName', async () => {
    const r = await signIn({ lab: lab.labFile(), upn: 'bob@east.contoso.com', password: 'Bob-Passw0rd!' });
    expect(r.ok).toBe(true);
    expect(r.steps.find((s) => s.step === 'partialTgt')!.detail).toMatchObject({ realm: 'FABRIKAM.LOCAL', cname: 'bob' });
    expect(r.steps.find((s) => s.step === 'locateDc')!.detail).toMatchObject({ domain: 'fabrikam.local' });
    expect(r.tickets[1].client).toBe('bob @ FABRIKAM.LOCAL');
  });

  it('bob with the UPN-suffix hint: the locator asks east.contoso.com, which DNS does not know', async () => {
    const r = await signIn({ lab: lab.labFile(), upn: 'bob@east.contoso.com', password: 'Bob-Passw0rd!', dcLocatorHint: 'upnSuffix' });
    expect(r.failure?.step).toBe('locateDc');
    expect(r.failure?.detail).toMatchObject({ domain: 'east.contoso.com', hint: 'upnSuffix' });
    // The lab's DNS serves fabrikam.local only: no SRV records for the UPN suffix's domain.
    expect(r.failure).toMatchObject({ code: 'ERROR_NO_SUCH_DOMAIN', wire: 1355 });
    expect(r.failure?.detail?.queried).toEqual(['_kerberos._tcp.dc._msdcs.east.contoso.com']);
    expect(r.steps.find((s) => s.step === 'fullTgt')!.verdict).toBe('skipped');
  });

  it('carol (Domain Admins, NeverReveal): KDC_ERR_TGT_REVOKED at fullTgt', async () => {
    const r = await signIn({ lab: lab.labFile(), upn: 'carol@contoso.com', password: 'Carol-Passw0rd!' });
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ step: 'fullTgt', code: 'KDC_ERR_TGT_REVOKED', wire: 20 });
    expect(verdicts(r)).toMatchObject({ partialTgt: 'ok', locateDc: 'ok', keyList: 'skipped', serviceTicket: 'skipped' });
    expect(r.ccache).toBeUndefined();
  });

  it('a cloud-only user: the PRT is issued, tgt_ad carries the error, partialTgt fails', async () => {
    const r = await signIn({ lab: lab.labFile(), upn: 'zoe@contoso.com', password: 'Zoe-Passw0rd!' });
    expect(verdicts(r)).toMatchObject({ prt: 'ok', partialTgt: 'UserNotSynced', locateDc: 'skipped' });
    expect(r.failure?.detail?.error).toMatch(/^UserNotSynced: /);
  });

  it('a wrong password on a registered device: AADSTS50126 at prt', async () => {
    const first = await signIn({ lab: lab.labFile(), upn: 'alice@contoso.com', password: 'Alice-Passw0rd!' });
    expect(first.device).toBeDefined();
    const r = await signIn({ lab: lab.labFile(), upn: 'alice@contoso.com', password: 'not-her-password', device: first.device! });
    expect(r.steps[0]).toMatchObject({ step: 'register', verdict: 'ok' });
    expect(r.steps[0].detail).toMatchObject({ reused: true, deviceId: first.device!.deviceId });
    expect(r.failure).toMatchObject({ step: 'prt', code: 'AADSTS50126', wire: 50126 });
    expect(r.failure?.detail).toMatchObject({ httpStatus: 400 });
  });

  it('a wrong password without a registered device fails at the DRS token (register)', async () => {
    const r = await signIn({ lab: lab.labFile(), upn: 'alice@contoso.com', password: 'not-her-password' });
    expect(r.failure).toMatchObject({ step: 'register', code: 'AADSTS50126' });
    expect(verdicts(r)).toMatchObject({ nonce: 'skipped', prt: 'skipped' });
  });

  it('Windows Hello: the key is provisioned, then the PRT comes from the Hello assertion', async () => {
    const r = await signIn({ lab: lab.labFile(), upn: 'alice@contoso.com', password: 'Alice-Passw0rd!', hello: true });
    expect(r.ok).toBe(true);
    expect(r.steps[0].detail?.helloKid).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(r.steps.find((s) => s.step === 'prt')!.fact).toMatch(/Windows Hello key/);
    // The registered device with its Hello key signs in again with no password at all.
    const again = await signIn({ lab: lab.labFile(), upn: 'alice@contoso.com', hello: true, device: r.device! });
    expect(verdicts(again)).toMatchObject({ register: 'ok', prt: 'ok', fullTgt: 'ok', keyList: 'ok' });
  });

  it('an unknown user: AADSTS50034 at register', async () => {
    const r = await signIn({ lab: lab.labFile(), upn: 'nobody@contoso.com', password: 'x' });
    expect(r.failure).toMatchObject({ step: 'register', code: 'AADSTS50034' });
  });

  it('a service in a realm the domain_realm map sends elsewhere is not issued', async () => {
    const r = await signIn({ lab: lab.labFile(), upn: 'alice@contoso.com', password: 'Alice-Passw0rd!', spn: 'cifs/fs1.fabrikam.local', domainRealm: { '.fabrikam.local': 'OTHER.REALM' } });
    expect(r.failure?.step).toBe('serviceTicket');
    expect(r.failure).toMatchObject({ code: 'KDC_ERR_S_PRINCIPAL_UNKNOWN', wire: 7 });
    expect(r.failure?.detail).toMatchObject({ realm: 'OTHER.REALM', domainRealmEntry: '.fabrikam.local' });
    expect(verdicts(r)).toMatchObject({ fullTgt: 'ok', keyList: 'ok' });
  });
});

describe('device sign-in: no DC with key-list support', () => {
  it('old-dcs-only: the locator finds none (ERROR_NO_SUCH_DOMAIN)', async () => {
    const old = await startLab(OLD_DCS, { freePorts: true, env: {} });
    try {
      const users = old.world.scenario.users;
      const u = users[0];
      const r = await signIn({ lab: old.labFile(), upn: u.upn!, password: u.secret.password });
      expect(r.failure).toMatchObject({ step: 'locateDc', code: 'ERROR_NO_SUCH_DOMAIN', wire: 1355 });
      expect(r.failure?.fact).toMatch(/key.list/i);
    } finally {
      await old.close();
    }
  });
});

describe('device sign-in: services down', () => {
  const freePort = () =>
    new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => done(p));
      });
    });

  it('the KDC down (SRV found, nothing listening): KDC_UNREACHABLE at fullTgt', async () => {
    const s = loadScenario(FIXTURE);
    const port = await freePort();
    const down = await startLab({ ...s, faults: { ...s.faults, down: ['kdc'] } }, { freePorts: true, ports: { kerberos: port }, env: {} });
    try {
      const r = await signIn({ lab: down.labFile(), upn: 'alice@contoso.com', password: 'Alice-Passw0rd!' });
      expect(verdicts(r)).toMatchObject({ partialTgt: 'ok', locateDc: 'ok', fullTgt: 'KDC_UNREACHABLE' });
      expect(r.failure?.detail).toEqual({ transport: 'UNREACHABLE', peer: `127.0.0.1:${port}` });
    } finally {
      await down.close();
    }
  });

  it('the token endpoint down: the chain stops at register', async () => {
    const s = loadScenario(FIXTURE);
    const down = await startLab({ ...s, faults: { ...s.faults, down: ['entra'] } }, { freePorts: true, env: {} });
    try {
      const r = await signIn({ lab: down.labFile(), upn: 'alice@contoso.com', password: 'Alice-Passw0rd!' });
      expect(r.failure).toMatchObject({ step: 'register', code: 'NO_TOKEN_ENDPOINT' });
      expect(verdicts(r)).toMatchObject({ nonce: 'skipped', prt: 'skipped', fullTgt: 'skipped' });
    } finally {
      await down.close();
    }
  });
});
