/**
 * The load generator: `clients` concurrent loops, each sending freshly built requests (new
 * PA-ENC-TIMESTAMP or authenticator every time, no replayed bytes) over a new TCP connection per
 * request, as Kerberos clients do, until the time budget is spent. Same code for both KDCs.
 *
 * Exchanges:
 *   AS:  AS-REQ with PA-ENC-TIMESTAMP for the user -> AS-REP (TGT).
 *   TGS: TGS-REQ for the service with a fresh authenticator over a TGT fetched once per client.
 */
import { performance } from 'node:perf_hooks';
import { systemRandom } from '../emulator/core/random.ts';
import { MSG_TYPE, NAME_TYPE, PA, paValue, type PrincipalName } from '../emulator/kerberos/asn1/index.ts';
import type { KerberosKey } from '../emulator/kerberos/crypto/index.ts';
import { deriveKeyFromPassword } from '../emulator/kerberos/keys/s2k.ts';
import { buildAsReq, encTimestamp, openRep, parseReply, principal, sendTcp } from '../clients/kerberos/index.ts';
import { buildTgsReq } from '../clients/kerberos/index.ts';

export interface Target {
  host: string;
  port: number;
  realm: string;
  user: string;
  password: string;
  /** The service of the TGS exchange, e.g. cifs/fs1.fabrikam.local. */
  service: string;
}

/** One request factory per client; `expect` is the [APPLICATION n] of a successful reply. */
export interface Exchange {
  readonly name: 'AS' | 'TGS';
  readonly expect: number;
  prepare(t: Target, userKey: KerberosKey): Promise<() => Uint8Array>;
}

/** The user's aes256 key, with the salt the KDC announces in PA-ETYPE-INFO2 (derived once). */
export async function userKey(t: Target): Promise<KerberosKey> {
  const r = parseReply(await sendTcp(t.host, t.port, buildAsReq({ cname: t.user, realm: t.realm, etypes: [18] })));
  if (r.type !== 'error' || r.error.errorCode !== 25) throw new Error(`expected PREAUTH_REQUIRED from ${t.host}:${t.port}`);
  const md = (await import('../emulator/kerberos/asn1/index.ts')).decodeMethodData(r.error.eData!);
  const info = paValue(md.find((p) => p.padataType === PA.PA_ETYPE_INFO2)!, PA.PA_ETYPE_INFO2);
  return deriveKeyFromPassword(18, t.password, info[0].salt ?? `${t.realm}${t.user}`);
}

const asRequest = (t: Target, key: KerberosKey) => () =>
  buildAsReq({
    cname: t.user,
    realm: t.realm,
    etypes: [18, 17, 23],
    nonce: (Math.random() * 0x7fffffff) >>> 0,
    padata: [encTimestamp(key, Date.now(), systemRandom)],
  });

export const AS_EXCHANGE: Exchange = {
  name: 'AS',
  expect: MSG_TYPE.KRB_AS_REP,
  prepare: async (t, key) => asRequest(t, key),
};

export const TGS_EXCHANGE: Exchange = {
  name: 'TGS',
  expect: MSG_TYPE.KRB_TGS_REP,
  async prepare(t, key) {
    const r = parseReply(await sendTcp(t.host, t.port, asRequest(t, key)()));
    if (r.type !== 'rep') throw new Error(`no TGT from ${t.host}:${t.port}: error ${r.error.errorCode}`);
    const part = openRep(r.rep, key).part;
    const sessionKey = { etype: part.key.keytype, bytes: part.key.keyvalue };
    const sname: PrincipalName = { nameType: NAME_TYPE.NT_SRV_INST, nameString: t.service.split('/') };
    return () =>
      buildTgsReq({
        ticket: r.rep.ticket,
        sessionKey,
        cname: principal(t.user),
        crealm: t.realm,
        sname,
        realm: t.realm,
        now: Date.now(),
        rng: systemRandom,
        nonce: (Math.random() * 0x7fffffff) >>> 0,
      });
  },
};

export interface LoadResult {
  count: number;
  errors: number;
  /** First unexpected reply, e.g. "KRB-ERROR 24". */
  firstError?: string;
  latenciesMs: number[];
  elapsedMs: number;
}

/** Runs `clients` loops for `durationMs` and collects per-request latency. */
export async function runLoad(t: Target, ex: Exchange, key: KerberosKey, clients: number, durationMs: number): Promise<LoadResult> {
  const makers = await Promise.all(Array.from({ length: clients }, () => ex.prepare(t, key)));
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(
    makers.map(async (make) => {
      while (performance.now() < end) {
        const req = make();
        const t0 = performance.now();
        const reply = await sendTcp(t.host, t.port, req);
        latenciesMs.push(performance.now() - t0);
        if ((reply[0] & 0x1f) !== ex.expect) {
          errors++;
          if (!firstError) {
            const p = parseReply(reply);
            firstError = p.type === 'error' ? `KRB-ERROR ${p.error.errorCode}` : 'unexpected reply';
          }
        }
      }
    }),
  );
  return { count: latenciesMs.length, errors, ...(firstError ? { firstError } : {}), latenciesMs, elapsedMs: performance.now() - start };
}

/** Like runLoad, but every client sends the same `request` bytes (the transport-floor row). */
export async function runRawLoad(t: Target, request: Uint8Array, clients: number, durationMs: number): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await sendTcp(t.host, t.port, request);
        latenciesMs.push(performance.now() - t0);
      }
    }),
  );
  return { count: latenciesMs.length, errors: 0, latenciesMs, elapsedMs: performance.now() - start };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
