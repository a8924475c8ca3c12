/**
 * Whole Kerberos exchanges over the wire, as a client runs them (the emulated device and the
 * commands use these): the AS exchange with a password (RFC 4120 3.1 with the RFC 6113 / MS-KILE
 * pre-authentication round: AS-REQ, KDC_ERR_PREAUTH_REQUIRED with PA-ETYPE-INFO2, AS-REQ with
 * PA-ENC-TIMESTAMP keyed by the salt the KDC announced), and the TGS exchange (3.3) with an
 * optional KERB-KEY-LIST-REQ (MS-KILE 2.2.11; the partial-TGT exchange of PROTOCOL.md section 4
 * is a TGS exchange for krbtgt/REALM with key list [23]). KDC answers come back as data: a
 * KRB-ERROR is `ok: false` with its code; only transport failures throw (ClientError).
 * Every exchange emits trace envelopes (steps 'AS', 'TGS').
 */
import type { RandomSource } from '../../emulator/core/random.ts';
import {
  decodeMethodData,
  MSG_TYPE,
  NAME_TYPE,
  PA,
  paValue,
  type EncKdcRepPart,
  type KdcRep,
  type KrbErrorMessage,
  type PrincipalName,
  type Ticket,
} from '../../emulator/kerberos/asn1/index.ts';
import type { KerberosKey } from '../../emulator/kerberos/crypto/index.ts';
import { krbErrorName } from '../../emulator/kerberos/error-codes.ts';
import { deriveKeyFromPassword } from '../../emulator/kerberos/keys/s2k.ts';
import type { TraceEnvelope } from '../../emulator/trace/envelope.ts';
import { ClientError } from '../errors.ts';
import { buildAsReq, encTimestamp, krbtgtName, openRep, parseReply, principal, type KdcReply } from './messages.ts';
import { buildTgsReq, keyListOf, repSessionKey } from './tgs.ts';
import { sendTcp, sendUdp } from './transport.ts';

export interface KdcEndpoint {
  readonly host: string;
  readonly port: number;
  /** Default 'tcp' (what Windows uses for the partial-TGT exchange, and what AD needs for big PACs). */
  readonly transport?: 'tcp' | 'udp';
}

/** A ticket the client holds: the Ticket, the reply's EncKDCRepPart and the session key. */
export interface HeldTicket {
  readonly cname: PrincipalName;
  readonly crealm: string;
  readonly ticket: Ticket;
  readonly part: EncKdcRepPart;
  readonly sessionKey: KerberosKey;
}

export type ExchangeResult =
  | { readonly ok: true; readonly held: HeldTicket; readonly trace: readonly TraceEnvelope[]; readonly keyList?: readonly { keytype: number; keyvalue: Uint8Array }[] }
  | { readonly ok: false; readonly code: string; readonly wire: number; readonly error: KrbErrorMessage; readonly trace: readonly TraceEnvelope[] };

interface Common {
  readonly kdc: KdcEndpoint;
  readonly now: () => number;
  readonly rng: RandomSource;
  readonly timeoutMs?: number;
  readonly onEvent?: (e: TraceEnvelope) => void;
  /** The envelope's service; default 'client'. */
  readonly service?: string;
}

function tracer(o: Common): { trace: TraceEnvelope[]; emit: (e: Omit<TraceEnvelope, 'service' | 't'>) => void } {
  const trace: TraceEnvelope[] = [];
  return {
    trace,
    emit: (e) => {
      const ev: TraceEnvelope = { service: o.service ?? 'client', t: o.now(), ...e };
      trace.push(ev);
      o.onEvent?.(ev);
    },
  };
}

async function send(kdc: KdcEndpoint, msg: Uint8Array, timeoutMs?: number): Promise<KdcReply> {
  const bytes = kdc.transport === 'udp' ? await sendUdp(kdc.host, kdc.port, msg, timeoutMs) : await sendTcp(kdc.host, kdc.port, msg, timeoutMs);
  return parseReply(bytes);
}

const nameText = (p: PrincipalName, realm: string) => `${p.nameString.join('/')}@${realm}`;

function failed(step: 'AS' | 'TGS', error: KrbErrorMessage, emit: ReturnType<typeof tracer>['emit'], trace: TraceEnvelope[], who: string): ExchangeResult {
  const code = krbErrorName(error.errorCode);
  emit({ step, verdict: 'error', code, wire: error.errorCode, fact: `${who}: the KDC answered ${code} (${error.errorCode})${error.eText ? `: ${error.eText}` : ''}` });
  return { ok: false, code, wire: error.errorCode, error, trace };
}

function nonceOf(rng: RandomSource): number {
  const b = rng.bytes(4);
  return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 1;
}

/** AS exchange with a password: the pre-authentication round, then the AS-REP opened. */
export async function asWithPassword(o: Common & { user: string; realm: string; password: string; etypes?: number[]; kdcOptions?: number; nameType?: number }): Promise<ExchangeResult> {
  const { trace, emit } = tracer(o);
  const realm = o.realm.toUpperCase();
  // NT-ENTERPRISE (10) names are one component, `user@suffix` (RFC 6806 5): no split on '/'.
  const cname = o.nameType === NAME_TYPE.NT_ENTERPRISE ? { nameType: NAME_TYPE.NT_ENTERPRISE, nameString: [o.user] } : principal(o.user, o.nameType);
  const who = `${o.user}@${realm}`;
  const etypes = o.etypes ?? [18, 17, 23];
  const base = { cname, realm, etypes, ...(o.kdcOptions !== undefined ? { kdcOptions: o.kdcOptions } : {}) };
  const first = await send(o.kdc, buildAsReq({ ...base, now: o.now(), nonce: nonceOf(o.rng) }), o.timeoutMs);
  if (first.type === 'rep') throw new ClientError('kerberos', 'UNEXPECTED_REPLY', `${who}: the KDC issued a TGT without pre-authentication`);
  if (first.error.errorCode !== 25) return failed('AS', first.error, emit, trace, who);
  const methods = first.error.eData ? decodeMethodData(first.error.eData) : [];
  const info = methods.find((p) => p.padataType === PA.PA_ETYPE_INFO2);
  const entries = info ? paValue(info, PA.PA_ETYPE_INFO2) : [];
  const chosen = entries.find((e) => etypes.includes(e.etype));
  if (!chosen) throw new ClientError('kerberos', 'UNEXPECTED_REPLY', `${who}: PREAUTH_REQUIRED without a PA-ETYPE-INFO2 entry for ${etypes.join(', ')}`);
  const key = deriveKeyFromPassword(chosen.etype, o.password, chosen.salt ?? `${realm}${o.user}`);
  emit({ step: 'AS', verdict: 'info', code: 'KDC_ERR_PREAUTH_REQUIRED', wire: 25, fact: `${who}: pre-authentication with etype ${chosen.etype}, salt from PA-ETYPE-INFO2`, detail: { etype: chosen.etype } });
  const nonce = nonceOf(o.rng);
  const now = o.now();
  const second = await send(o.kdc, buildAsReq({ ...base, now, nonce, padata: [encTimestamp(key, now, o.rng)] }), o.timeoutMs);
  if (second.type === 'error') return failed('AS', second.error, emit, trace, who);
  return opened('AS', second.rep, key, 3, nonce, emit, trace);
}

function opened(step: 'AS' | 'TGS', rep: KdcRep, key: KerberosKey, usage: number, nonce: number, emit: ReturnType<typeof tracer>['emit'], trace: TraceEnvelope[]): ExchangeResult {
  const expected = step === 'AS' ? MSG_TYPE.KRB_AS_REP : MSG_TYPE.KRB_TGS_REP;
  const { part } = openRep(rep, key, usage);
  if (part.nonce !== nonce) throw new ClientError('kerberos', 'UNEXPECTED_REPLY', `the reply's nonce ${part.nonce} is not the request's ${nonce}`);
  const held: HeldTicket = { cname: rep.cname, crealm: rep.crealm, ticket: rep.ticket, part, sessionKey: repSessionKey(part) };
  const keyList = step === 'TGS' ? keyListOf(part)?.keys : undefined;
  emit({
    step,
    verdict: 'ok',
    code: step === 'AS' ? 'KRB_AS_REP' : 'KRB_TGS_REP',
    wire: expected,
    fact: `${nameText(rep.cname, rep.crealm)} -> ${nameText(part.sname, part.srealm)}: ticket etype ${rep.ticket.encPart.etype}, kvno ${rep.ticket.encPart.kvno ?? 0}${keyList ? `, ${keyList.length} key(s) in KERB-KEY-LIST-REP` : ''}`,
    detail: { etype: rep.ticket.encPart.etype, kvno: rep.ticket.encPart.kvno ?? 0, flags: part.flags, keyList: keyList?.map((k) => k.keytype) ?? null },
  });
  return { ok: true, held, trace, ...(keyList ? { keyList } : {}) };
}

/** TGS exchange with a held ticket (a TGT, or a partial TGT with keyList [23]). */
export async function tgsExchange(o: Common & { tgt: HeldTicket; sname: PrincipalName | string; realm?: string; keyList?: number[]; kdcOptions?: number; etypes?: number[] }): Promise<ExchangeResult> {
  const { trace, emit } = tracer(o);
  const realm = (o.realm ?? o.tgt.crealm).toUpperCase();
  const sname = typeof o.sname === 'string' ? (o.sname.startsWith('krbtgt/') ? krbtgtName(o.sname.slice(7)) : { nameType: NAME_TYPE.NT_SRV_INST, nameString: o.sname.split('/') }) : o.sname;
  const nonce = nonceOf(o.rng);
  const msg = buildTgsReq({
    ticket: o.tgt.ticket,
    sessionKey: o.tgt.sessionKey,
    cname: o.tgt.cname,
    crealm: o.tgt.crealm,
    sname,
    realm,
    now: o.now(),
    rng: o.rng,
    nonce,
    ...(o.keyList ? { keyList: o.keyList } : {}),
    ...(o.kdcOptions !== undefined ? { kdcOptions: o.kdcOptions } : {}),
    ...(o.etypes ? { etypes: o.etypes } : {}),
  });
  const r = await send(o.kdc, msg, o.timeoutMs);
  const who = `${nameText(o.tgt.cname, o.tgt.crealm)} -> ${nameText(sname, realm)}`;
  if (r.type === 'error') return failed('TGS', r.error, emit, trace, who);
  return opened('TGS', r.rep, o.tgt.sessionKey, 8, nonce, emit, trace);
}
