/**
 * The scenario's `kerberos:` section (MS-GPSB 2.2.2 Kerberos Policy) reaches the KDC the lab
 * starts: TGT and service-ticket lifetimes, renewal, clock skew and the two flag knobs.
 * The KDC is the one LAB_SERVICES creates for the world (not started; requests dispatched to it).
 */
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../emulator/core/clock.ts';
import { SeededRandom } from '../../../../emulator/core/random.ts';
import { KDC_OPTIONS, TICKET_FLAGS, type KdcRep } from '../../../../emulator/kerberos/asn1/index.ts';
import { krbErrorName } from '../../../../emulator/kerberos/error-codes.ts';
import { DEFAULT_KDC_CONFIG, dispatchKdc, kdcConfigFromPolicy, KdcServer, type KdcContext } from '../../../../emulator/kerberos/kdc/index.ts';
import { KeyTable } from '../../../../emulator/kerberos/keys/keytable.ts';
import { LAB_SERVICES } from '../../../../emulator/lab-services.ts';
import { parseScenarioText } from '../../../../emulator/scenario/load.ts';
import { Trace } from '../../../../emulator/trace/trace.ts';
import { buildWorld, type World } from '../../../../emulator/world.ts';
import { buildAsReq, DEFAULT_OPTIONS, encTimestamp, openRep, openTicket, parseReply, principal } from '../../../../clients/kerberos/index.ts';
import { buildTgsReq, openTgsRep, repSessionKey } from '../../../../clients/kerberos/index.ts';
import { createLabStores } from '../../../../emulator/stores/lab-stores.ts';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const REALM = 'FABRIKAM.LOCAL';

const BASE = `
domain:
  dnsName: fabrikam.local
users:
  - sam: alice
    password: "Alice-Passw0rd!"
computers:
  - name: fs1
    password: "Fs1-Machine-Passw0rd!"
    spns: [cifs/fs1.fabrikam.local]
`;

const SHORT = `${BASE}kerberos:
  maxTicketAgeHours: 2
  maxServiceAgeMinutes: 30
  maxRenewAgeDays: 1
  maxClockSkewMinutes: 1
`;

const worlds = new Map<string, { world: World; keys: KeyTable }>();
function worldOf(text: string) {
  let w = worlds.get(text);
  if (!w) {
    const world = buildWorld(parseScenarioText(text, 'policy.yaml'));
    w = { world, keys: KeyTable.build(world.directory) };
    worlds.set(text, w);
  }
  return w;
}

/** The KDC context the lab builds for the scenario text (its `kdc` service, not started). */
function labKdc(text: string): { ctx: KdcContext; keys: KeyTable; world: World } {
  const { world } = worldOf(text);
  const clock = new FixedClock(NOW);
  const spec = LAB_SERVICES.find((s) => s.name === 'kdc')!;
  const stores = createLabStores(world, world.directory.dcs[0].hostName);
  const svc = spec.create({
    world,
    directory: stores.directory,
    stores,
    bind: '127.0.0.1',
    ports: { dns: 0, kerberos: 0, kpasswd: 0, ldap: 0, gc: 0, entra: 0 } as never,
    rng: new SeededRandom('kerberos-policy'),
    clock,
    kdcClock: clock,
    trace: new Trace(),
    boundPort: () => undefined,
  });
  if (!(svc instanceof KdcServer)) throw new Error('the lab did not create a KdcServer');
  // The lab derives the key table itself; the test's copy is only for the client side.
  return { ctx: svc.ctx, keys: worldOf(text).keys, world };
}

type Outcome = { ok: true; rep: KdcRep } | { ok: false; code: string };
function send(ctx: KdcContext, bytes: Uint8Array): Outcome {
  const r = parseReply(dispatchKdc(ctx, bytes, { transport: 'direct' }));
  return r.type === 'rep' ? { ok: true, rep: r.rep } : { ok: false, code: krbErrorName(r.error.errorCode) };
}

function userKey(k: { keys: KeyTable; world: World }, sam: string) {
  return k.keys.forAccount(k.world.directory.accountBySam(sam)!)!.current.keys.get(18)!;
}

/** An AS exchange for alice asking for a day of life and a month of renewal. */
function asAlice(k: ReturnType<typeof labKdc>, o: { clientTime?: number; kdcOptions?: number } = {}): Outcome {
  const key = userKey(k, 'alice');
  const bytes = buildAsReq({
    cname: 'alice',
    realm: REALM,
    now: NOW,
    till: NOW + DAY,
    rtime: NOW + 30 * DAY,
    kdcOptions: o.kdcOptions ?? DEFAULT_OPTIONS,
    padata: [encTimestamp(key, o.clientTime ?? NOW, new SeededRandom('ts'))],
  });
  return send(k.ctx, bytes);
}

function tgtOf(k: ReturnType<typeof labKdc>) {
  const r = asAlice(k);
  if (!r.ok) throw new Error(r.code);
  const part = openRep(r.rep, userKey(k, 'alice')).part;
  return { ticket: r.rep.ticket, sessionKey: repSessionKey(part), part };
}

/** A TGS exchange at `ctx` presenting `t` (default: a fresh TGT from the same KDC) for `sname`. */
function tgs(k: ReturnType<typeof labKdc>, sname: string[], t: ReturnType<typeof tgtOf> = tgtOf(k)) {
  const r = send(
    k.ctx,
    buildTgsReq({
      ticket: t.ticket,
      sessionKey: t.sessionKey,
      cname: principal('alice'),
      crealm: REALM,
      sname: { nameType: 2, nameString: sname },
      realm: REALM,
      now: NOW,
      rng: new SeededRandom('tgs'),
      till: NOW + DAY,
      rtime: NOW + 30 * DAY,
      kdcOptions: KDC_OPTIONS.from(['forwardable', 'renewable']),
    }),
  );
  if (!r.ok) throw new Error(r.code);
  return openTgsRep(r.rep, t.sessionKey).part;
}

describe('Kerberos policy from the scenario', () => {
  it('the scenario defaults are the Windows defaults the KDC already has', () => {
    const { ctx, world } = labKdc(BASE);
    expect(world.scenario.kerberos).toEqual({ maxTicketAgeHours: 10, maxRenewAgeDays: 7, maxServiceAgeMinutes: 600, maxClockSkewMinutes: 5, forwardable: true, renewable: true, kdcArmoring: 'notSupported' });
    const mapped = kdcConfigFromPolicy(world.scenario.kerberos);
    expect(mapped).toEqual({ ticketLifetimeMs: 10 * HOUR, serviceTicketLifetimeMs: 600 * MINUTE, renewLifetimeMs: 7 * DAY, maxSkewMs: 5 * MINUTE, forwardable: true, renewable: true, armoring: 'notSupported' });
    for (const key of Object.keys(mapped) as (keyof typeof mapped)[]) expect([key, ctx.config[key]]).toEqual([key, DEFAULT_KDC_CONFIG[key]]);
  });

  it('the TGT follows maxTicketAgeHours and maxRenewAgeDays', () => {
    const k = labKdc(SHORT);
    const t = tgtOf(k);
    expect([t.part.endtime, t.part.renewTill]).toEqual([NOW + 2 * HOUR, NOW + DAY]);
    const ticket = openTicket(t.ticket, k.keys.strongestKey(k.world.directory.krbtgt)!.key);
    expect([ticket.endtime, ticket.renewTill]).toEqual([NOW + 2 * HOUR, NOW + DAY]);
    // The defaults, for contrast.
    const d = tgtOf(labKdc(BASE));
    expect([d.part.endtime, d.part.renewTill]).toEqual([NOW + 10 * HOUR, NOW + 7 * DAY]);
  });

  it('service tickets follow maxServiceAgeMinutes, a TGT from the TGS follows maxTicketAgeHours', () => {
    const k = labKdc(SHORT);
    const st = tgs(k, ['cifs', 'fs1.fabrikam.local']);
    expect([st.endtime, st.renewTill]).toEqual([NOW + 30 * MINUTE, NOW + DAY]);
    const tgt = tgs(k, ['krbtgt', REALM]);
    expect(tgt.endtime).toBe(NOW + 2 * HOUR);
    expect(tgs(labKdc(BASE), ['cifs', 'fs1.fabrikam.local']).endtime).toBe(NOW + 10 * HOUR);
  });

  it('pre-authentication follows maxClockSkewMinutes', () => {
    const k = labKdc(SHORT);
    expect(asAlice(k, { clientTime: NOW + 50_000 }).ok).toBe(true);
    expect(asAlice(k, { clientTime: NOW + 2 * MINUTE })).toEqual({ ok: false, code: 'KRB_AP_ERR_SKEW' });
    expect(asAlice(k, { clientTime: NOW - 2 * MINUTE })).toEqual({ ok: false, code: 'KRB_AP_ERR_SKEW' });
    expect(asAlice(labKdc(BASE), { clientTime: NOW + 2 * MINUTE }).ok).toBe(true);
  });

  it('forwardable: false and renewable: false keep the flags off though the client asks', () => {
    const k = labKdc(`${BASE}kerberos:\n  forwardable: false\n  renewable: false\n`);
    const t = tgtOf(k);
    expect(TICKET_FLAGS.has(t.part.flags, 'forwardable')).toBe(false);
    expect(TICKET_FLAGS.has(t.part.flags, 'renewable')).toBe(false);
    expect(t.part.renewTill).toBeUndefined();
    expect(TICKET_FLAGS.has(t.part.flags, 'initial')).toBe(true);
    const d = tgtOf(labKdc(BASE));
    expect(TICKET_FLAGS.has(d.part.flags, 'forwardable')).toBe(true);
    expect(TICKET_FLAGS.has(d.part.flags, 'renewable')).toBe(true);
  });

  it('the policy flags also apply to tickets from the TGS', () => {
    // A forwardable, renewable TGT from a default KDC presented to one whose policy forbids both
    // (same directory and keys: only the config differs).
    const k = labKdc(`${BASE}kerberos:\n  forwardable: false\n  renewable: false\n`);
    const d = labKdc(BASE);
    const t = tgtOf(d);
    expect(TICKET_FLAGS.has(t.part.flags, 'forwardable')).toBe(true);
    const part = tgs(k, ['cifs', 'fs1.fabrikam.local'], t);
    expect(TICKET_FLAGS.has(part.flags, 'forwardable')).toBe(false);
    expect(TICKET_FLAGS.has(part.flags, 'renewable')).toBe(false);
  });
});
