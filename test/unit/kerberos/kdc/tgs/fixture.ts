/**
 * Shared world for the TGS and RODC unit tests: test/fixtures/rodc-exchange.yaml (and its fault
 * variants), keys derived once per file, a fixed clock, seeded randomness, and builders for the
 * tickets a client presents: a domain TGT as the AS exchange issues it, a partial TGT as the
 * cloud issues it (partial-tgt.ts) and a PAC-less RODC ticket as Debian impacket 0.10.0 forges it.
 */
import { join } from 'node:path';
import { FixedClock } from '../../../../../emulator/core/clock.ts';
import { SeededRandom, type RandomSource } from '../../../../../emulator/core/random.ts';
import type { Account } from '../../../../../emulator/directory/model.ts';
import {
  NAME_TYPE,
  TICKET_FLAGS,
  TR_TYPE,
  decodeKerberosMessage,
  type EncTicketPart,
  type KdcRep,
  type KrbErrorMessage,
  type PrincipalName,
  type Ticket,
} from '../../../../../emulator/kerberos/asn1/index.ts';
import { EncType, randomKey, type KerberosKey } from '../../../../../emulator/kerberos/crypto/index.ts';
import { krbErrorName } from '../../../../../emulator/kerberos/error-codes.ts';
import { createKdcContext, dispatchKdc, sealTicket, withDirectoryPac, type KdcContext, type KdcTraceEvent } from '../../../../../emulator/kerberos/kdc/index.ts';
import { issuePartialTgt, partialTgtKeyFromTenant, partialTgtKvno, type PartialTgtKey } from '../../../../../emulator/kerberos/partial-tgt/index.ts';
import { KeyTable } from '../../../../../emulator/kerberos/keys/keytable.ts';
import { loadWorld, type World } from '../../../../../emulator/world.ts';
import { buildTgsReq, TGS_OPTIONS, type TgsReqSpec } from '../../../../../clients/kerberos/index.ts';

export const FIXTURES = join(import.meta.dirname, '../../../../fixtures');
export const REALM = 'FABRIKAM.LOCAL';
/** The test clock. */
export const NOW = Date.parse('2025-03-01T12:00:00Z');

export interface Lab {
  readonly world: World;
  readonly keys: KeyTable;
}

const labs = new Map<string, Lab>();
/** A fixture world with its key table (derived once per file and process). */
export function lab(file = 'rodc-exchange.yaml'): Lab {
  let l = labs.get(file);
  if (!l) {
    const world = loadWorld(join(FIXTURES, file));
    l = { world, keys: KeyTable.build(world.directory) };
    labs.set(file, l);
  }
  return l;
}

export type Reply = { ok: true; rep: KdcRep } | { ok: false; code: string; error: KrbErrorMessage };

export interface TestKdc {
  readonly ctx: KdcContext;
  readonly clock: FixedClock;
  readonly rng: RandomSource;
  readonly events: KdcTraceEvent[];
  readonly lab: Lab;
  /** Dispatches a request directly (no socket) and decodes the reply. */
  send(bytes: Uint8Array): Reply;
  /** The last trace event. */
  last(): KdcTraceEvent;
}

/** A KDC answering as `dc` of the fixture `file`. */
export function testKdc(opts: { file?: string; dc?: string; seed?: string } = {}): TestKdc {
  const l = lab(opts.file);
  const clock = new FixedClock(NOW);
  const events: KdcTraceEvent[] = [];
  const rng = new SeededRandom(opts.seed ?? 'tgs-test');
  const ctx = createKdcContext(l.world.directory, { keys: l.keys, clock, rng, dc: opts.dc ?? 'dc1', trace: (e) => events.push(e) });
  return {
    ctx,
    clock,
    rng,
    events,
    lab: l,
    send(bytes) {
      const m = decodeKerberosMessage(dispatchKdc(ctx, bytes, { transport: 'direct' }));
      if (m.name === 'TGS-REP') return { ok: true, rep: m.message };
      if (m.name === 'KRB-ERROR') return { ok: false, code: krbErrorName(m.message.errorCode), error: m.message };
      throw new Error(`unexpected reply ${m.name}`);
    },
    last: () => events[events.length - 1],
  };
}

export function account(k: TestKdc, sam: string): Account {
  const a = k.lab.world.directory.accountBySam(sam);
  if (!a) throw new Error(`no account ${sam}`);
  return a;
}

/** An account's current key of `etype`. */
export function keyOf(k: TestKdc, sam: string, etype: number = EncType.AES256_CTS_HMAC_SHA1_96): KerberosKey {
  const key = k.lab.keys.forAccount(account(k, sam))?.current.keys.get(etype);
  if (!key) throw new Error(`no ${etype} key for ${sam}`);
  return key;
}

export const krbtgtName = (realm = REALM): PrincipalName => ({ nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', realm] });
export const spn = (s: string): PrincipalName => ({ nameType: NAME_TYPE.NT_SRV_INST, nameString: s.split('/') });
export const user = (sam: string): PrincipalName => ({ nameType: NAME_TYPE.NT_PRINCIPAL, nameString: [sam] });

/** A presented ticket with what the client knows about it. */
export interface Presented {
  ticket: Ticket;
  sessionKey: KerberosKey;
  cname: PrincipalName;
  crealm: string;
}

/** The domain krbtgt key (aes256) and the ticket kvno it carries. */
export function krbtgtKey(k: TestKdc): { key: KerberosKey; kvno: number } {
  return k.lab.keys.strongestKey(k.lab.world.directory.krbtgt)!;
}

/**
 * A TGT as the AS exchange issues it (forwardable, renewable, initial, pre-authent; full PAC
 * with ATTRIBUTES_INFO and PAC_REQUESTOR), sealed with the domain krbtgt key. `change` edits the
 * part before sealing (tamper).
 */
export function domainTgt(k: TestKdc, sam: string, change: (p: EncTicketPart) => EncTicketPart = (p) => p): Presented {
  const a = account(k, sam);
  const now = NOW;
  const sessionKey = randomKey(EncType.AES256_CTS_HMAC_SHA1_96, k.rng);
  const base: EncTicketPart = {
    flags: TICKET_FLAGS.from(['forwardable', 'renewable', 'initial', 'pre-authent']),
    key: { keytype: sessionKey.etype, keyvalue: sessionKey.bytes },
    crealm: REALM,
    cname: user(a.samAccountName),
    transited: { trType: TR_TYPE.DOMAIN_X500_COMPRESS, contents: new Uint8Array(0) },
    authtime: now - 60_000,
    starttime: now - 60_000,
    endtime: now + 10 * 3_600_000,
    renewTill: now + 7 * 86_400_000,
  };
  const kk = krbtgtKey(k);
  const withPac = withDirectoryPac(k.ctx, base, a, { authTime: base.authtime, pacRequested: true }, { serverKey: kk.key, kdcKey: kk.key });
  const part = change(withPac);
  const ticket = sealTicket(part, { realm: REALM, sname: krbtgtName() }, kk, k.rng);
  return { ticket, sessionKey, cname: part.cname, crealm: part.crealm };
}

/** The tenant's copy of the krbtgt_AzureAD key (what Entra seals with). */
export function cloudKey(k: TestKdc): PartialTgtKey {
  return partialTgtKeyFromTenant(k.lab.world.tenant.kerberosDomains[0]);
}

/** A partial TGT for a synced user as the cloud builds it (tenant onPremises* attributes). */
export function cloudPartialTgt(k: TestKdc, sam: string, over: { key?: PartialTgtKey; sid?: string } = {}): Presented {
  const cu = k.lab.world.tenant.users.find((u) => u.syncedFrom === sam);
  if (!cu || !cu.onPremisesSamAccountName || !cu.onPremisesDomainName || !cu.onPremisesSecurityIdentifier) throw new Error(`${sam} is not synced with onPremises* attributes`);
  const p = issuePartialTgt({
    domainDnsName: cu.onPremisesDomainName,
    samAccountName: cu.onPremisesSamAccountName,
    userSid: over.sid ?? cu.onPremisesSecurityIdentifier,
    displayName: cu.displayName,
    ...(cu.onPremisesUserPrincipalName ? { upn: cu.onPremisesUserPrincipalName } : {}),
    key: over.key ?? cloudKey(k),
    clock: { now: () => NOW - 60_000 },
    rng: k.rng,
  });
  return { ticket: p.ticket, sessionKey: p.sessionKey, cname: p.cname, crealm: p.realm };
}

/**
 * An RODC ticket without a PAC, kvno (n << 16) with zero lower bits, flags forwardable, renewable,
 * enc-pa-rep, 120 days of life: what impacket 0.10.0's KeyListSecrets.createPartialTGT forges.
 */
export function impacketRodcTicket(k: TestKdc, sam: string, key: KerberosKey, rodcNumber: number): Presented {
  const sessionKey = randomKey(EncType.AES256_CTS_HMAC_SHA1_96, k.rng);
  const part: EncTicketPart = {
    flags: TICKET_FLAGS.from(['forwardable', 'renewable', 'enc-pa-rep']),
    key: { keytype: sessionKey.etype, keyvalue: sessionKey.bytes },
    crealm: 'fabrikam.local',
    cname: user(sam),
    transited: { trType: 0, contents: new Uint8Array(0) },
    authtime: NOW - 60_000,
    starttime: NOW - 60_000,
    endtime: NOW + 120 * 86_400_000,
    renewTill: NOW + 120 * 86_400_000,
  };
  const ticket = sealTicket(part, { realm: 'fabrikam.local', sname: krbtgtName('fabrikam.local') }, { key, kvno: partialTgtKvno(rodcNumber, 0) }, k.rng);
  return { ticket, sessionKey, cname: part.cname, crealm: part.crealm };
}

/** A TGS-REQ presenting `p` for `sname`, authenticator at the KDC's current time. */
export function tgsReq(k: TestKdc, p: Presented, sname: PrincipalName, over: Partial<TgsReqSpec> = {}): Uint8Array {
  return buildTgsReq({
    ticket: p.ticket,
    sessionKey: p.sessionKey,
    cname: p.cname,
    crealm: p.crealm,
    sname,
    realm: REALM,
    now: k.clock.now(),
    rng: k.rng,
    kdcOptions: TGS_OPTIONS,
    ...over,
  });
}
