/**
 * The fake Entra ID driven by a cloud-trust client nobody here wrote against it: test/interop/py/
 * entra_client.py, written from the public format (roadlib's field names and encodings) with
 * Debian's python3-requests, python3-cryptography, python3-jwt and python3-impacket. Per user:
 * DRS token by ROPC, device registration, (a Windows Hello key), nonce, PRT with tgt=True,
 * session_key_jwe unwrapped, clientKey opened, the AS-REP decrypted by impacket, and impacket's
 * TGS-REQ with the partial TGT and KERB-KEY-LIST-REQ at the lab KDC:
 *   alice (password and Hello key)  full TGT and her NT hash
 *   carol (Domain Admins)           KDC_ERR_TGT_REVOKED at the KDC
 *   zoe (cloud-only), bob (no SID)  a PRT whose tgt_ad has keyType 0 and an error; tgt_cloud still
 *   dave (disabled)                 AADSTS50057 at the ROPC step
 * HTTPS is verified with the CA file `ctlab ca` wrote; one run goes over plain HTTP. The KDC
 * listens on 127.0.0.1:88 (impacket's sendReceive has no port), so run this file under
 * flock /tmp/ctlab-interop.lock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hex } from '../../emulator/core/bytes.ts';
import { ntHash } from '../../emulator/kerberos/crypto/index.ts';
import { startLab, type RunningLab } from '../../emulator/lab.ts';
import { Trace, type TraceEvent } from '../../emulator/trace/trace.ts';
import { PATH, runProcess } from '../support/process.ts';

const PYTHON = '/usr/bin/python3';
const CLIENT = new URL('./py/entra_client.py', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE = new URL('../fixtures/entra-lab.yaml', import.meta.url).pathname;

interface Opened {
  jweHeader: Record<string, string>;
  ctxBytes: number;
  replyKeyBytes: number;
  replyEtype: number;
  asRepFirstByte: number;
  crealm: string;
  cname: string[];
  sname: string[];
  srealm: string;
  ticketKvno: number;
  ticketEtype: number;
  sessionKeyType: number;
  hasStarttime: boolean;
  hasRenewTill: boolean;
  lifetimeSeconds: number;
}
interface TgtOut {
  keyType: number;
  realm: string;
  sn: string;
  cn: string;
  accountType: number;
  error: string | null;
  opened?: Opened;
  exchange?: { ntHash?: string; error?: string };
}
interface ClientOut {
  steps: { step: string; status: number; error_codes: number[] | null }[];
  error?: { step: string; status: number; body: Record<string, unknown> };
  drsToken?: { aud: string; upn: string; tid: string; hasExp: boolean; token_type: string };
  device?: { subject: [string, string][]; issuer: string; publicKeyMatches: boolean; deviceId: string };
  helloKey?: { kidMatches: boolean };
  prt?: { fields: string[]; token_type: string; kerberos_top_level_names: string };
  sessionKey?: { bytes: number; jweHeader: Record<string, string> };
  idToken?: { upn: string; deviceid: string; tid: string };
  tgt_ad?: TgtOut;
  tgt_cloud?: TgtOut;
}

let lab: RunningLab;
let tmp: string;
let caFile: string;
const events: TraceEvent[] = [];

async function client(req: { upn: string; password: string; hello?: boolean; exchange?: boolean; http?: boolean }): Promise<ClientOut> {
  const svc = lab.labFile().services[req.http ? 'entra-http' : 'entra'];
  const body = { base: svc.url, cacert: req.http ? null : caFile, upn: req.upn, password: req.password, hello: req.hello ?? false, domain: 'FABRIKAM.LOCAL', kdc: '2130706433', exchange: req.exchange ?? false };
  const r = await runProcess(PYTHON, [CLIENT], { input: JSON.stringify(body), env: { PATH, LANG: 'C.UTF-8' }, timeoutMs: 60_000, cwd: tmp });
  if (r.code !== 0) throw new Error(`entra_client.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ClientOut;
}

const kdcEvents = (since: number) => events.slice(since).filter((e) => e.service === 'kdc' && e.exchange === 'TGS');

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'entra-client-'));
  caFile = join(tmp, 'lab-ca.pem');
  const ca = await runProcess(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'ca', '--scenario', FIXTURE, '-o', caFile], { cwd: ROOT, env: { PATH } });
  if (ca.code !== 0) throw new Error(`ctlab ca failed: ${ca.stderr}`);
  try {
    lab = await startLab(FIXTURE, {
      bind: '127.0.0.1',
      ports: { dns: 0, kerberos: 88, ldap: 0, gc: 0, kpasswd: 0, entra: 0, entraHttp: 0 },
      trace: new Trace({ onEvent: (e) => events.push(e) }),
    });
  } catch (err) {
    throw new Error(`cannot start the lab with its KDC on 127.0.0.1:88 (impacket only talks to port 88): ${(err as Error).message}`);
  }
});

afterAll(async () => {
  await lab?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('a PRT with partial TGT for a synced user, turned into a full TGT at the lab KDC', () => {
  it('alice with a password: device certificate, session key, tgt_ad, tgt_cloud, NT hash', async () => {
    const since = events.length;
    const out = await client({ upn: 'alice@contoso.com', password: 'Alice-Passw0rd!', exchange: true });
    expect(out.error).toBeUndefined();
    expect(out.steps.map((s) => s.step)).toEqual(['ropc', 'register', 'srv_challenge', 'prt']);
    expect(out.drsToken).toMatchObject({ aud: 'urn:ms-drs:enterpriseregistration.windows.net', upn: 'alice@contoso.com', tid: lab.world.tenant.id, hasExp: true, token_type: 'Bearer' });
    // The certificate's subject is exactly CN=<deviceId>, issued by the CA `ctlab ca` wrote.
    expect(out.device!.subject).toEqual([['2.5.4.3', out.device!.deviceId]]);
    expect(out.device!.issuer).toBe('CN=cloudtrust-lab CA entra-lab');
    expect(out.device!.publicKeyMatches).toBe(true);
    expect(out.prt!.token_type).toBe('pop');
    expect(out.prt!.fields).toEqual(expect.arrayContaining(['refresh_token', 'refresh_token_expires_in', 'expires_in', 'id_token', 'client_info', 'session_key_jwe', 'tgt_ad', 'tgt_cloud', 'kerberos_top_level_names']));
    expect(out.sessionKey).toEqual({ bytes: 32, jweHeader: { enc: 'A256GCM', alg: 'RSA-OAEP' } });
    expect(out.idToken).toEqual({ upn: 'alice@contoso.com', deviceid: out.device!.deviceId, tid: lab.world.tenant.id });

    const ad = out.tgt_ad!;
    expect(ad).toMatchObject({ keyType: 18, realm: 'FABRIKAM.LOCAL', sn: 'krbtgt/FABRIKAM.LOCAL', cn: 'alice', accountType: 1, error: null });
    expect(ad.opened).toMatchObject({
      jweHeader: { alg: 'dir', enc: 'A256GCM' },
      ctxBytes: 24,
      replyKeyBytes: 32,
      replyEtype: 18,
      asRepFirstByte: 0x6b, // [APPLICATION 11] AS-REP
      crealm: 'FABRIKAM.LOCAL',
      cname: ['alice'],
      sname: ['krbtgt', 'FABRIKAM.LOCAL'],
      ticketKvno: ((30775 << 16) | 2) >>> 0,
      ticketEtype: 18,
      hasStarttime: true,
      hasRenewTill: true,
      lifetimeSeconds: 36_000,
    });
    expect(ad.exchange).toEqual({ ntHash: hex(ntHash('Alice-Passw0rd!')) });
    const tgs = kdcEvents(since);
    expect(tgs.map((e) => e.verdict)).toEqual(['ok']);

    expect(out.tgt_cloud).toMatchObject({ keyType: 18, realm: 'KERBEROS.MICROSOFTONLINE.COM', sn: 'krbtgt/KERBEROS.MICROSOFTONLINE.COM', cn: 'alice@contoso.com', accountType: 2 });
    expect(out.tgt_cloud!.opened).toMatchObject({ crealm: 'KERBEROS.MICROSOFTONLINE.COM', cname: ['alice@contoso.com'], hasStarttime: true, hasRenewTill: true });
  });

  it('alice with a Windows Hello key (kngc registration, assertion with its own nonce): NT hash', async () => {
    const out = await client({ upn: 'alice@contoso.com', password: 'Alice-Passw0rd!', hello: true, exchange: true });
    expect(out.error).toBeUndefined();
    expect(out.steps.map((s) => s.step)).toEqual(['ropc', 'register', 'key', 'srv_challenge', 'srv_challenge', 'prt']);
    expect(out.helloKey).toEqual({ kidMatches: true });
    expect(out.tgt_ad!.exchange).toEqual({ ntHash: hex(ntHash('Alice-Passw0rd!')) });
    const prt = events.filter((e) => e.service === 'entra' && e.step === 'prt').at(-1)!;
    expect(prt.verdict).toBe('ok');
    expect(String(prt.fact)).toMatch(/^Windows Hello key /);
  });

  it('carol (Domain Admins, NeverReveal) gets a partial TGT that the KDC refuses with KDC_ERR_TGT_REVOKED', async () => {
    const since = events.length;
    const out = await client({ upn: 'carol@contoso.com', password: 'Carol-Passw0rd!', exchange: true });
    expect(out.tgt_ad).toMatchObject({ keyType: 18, cn: 'carol' });
    expect(out.tgt_ad!.exchange!.ntHash).toBeUndefined();
    // impacket's KeyListSecrets reports KDC_ERR_TGT_REVOKED with its own sentence (secretsdump.py's error mapping).
    expect(out.tgt_ad!.exchange!.error).toContain('not allowed to have passwords replicated in RODCs');
    expect(kdcEvents(since).map((e) => e.code)).toEqual(['KDC_ERR_TGT_REVOKED']);
  });
});

describe('users without a usable partial TGT, and refusals', () => {
  it('a cloud-only user gets a PRT whose tgt_ad has keyType 0 and an error, and a cloud TGT', async () => {
    const out = await client({ upn: 'zoe@fabrikamlab.onmicrosoft.com', password: 'Zoe-Passw0rd!' });
    expect(out.error).toBeUndefined();
    expect(out.prt!.token_type).toBe('pop');
    expect(out.tgt_ad!.keyType).toBe(0);
    expect(out.tgt_ad!.error).toMatch(/^UserNotSynced:/);
    expect(out.tgt_ad!.opened).toBeUndefined();
    expect(out.tgt_cloud!.opened).toMatchObject({ crealm: 'KERBEROS.MICROSOFTONLINE.COM', cname: ['zoe@fabrikamlab.onmicrosoft.com'] });
  });

  it('a synced user whose onPremisesSecurityIdentifier is missing in the tenant gets no partial TGT', async () => {
    const out = await client({ upn: 'bob@east.contoso.com', password: 'Bob-Passw0rd!' });
    expect(out.tgt_ad!.keyType).toBe(0);
    expect(out.tgt_ad!.error).toBe('OnPremisesAttributesMissing: onPremisesSecurityIdentifier');
  });

  it('without a KerberosDomain (removed at run time) tgt_ad carries an error; restored, it works again', async () => {
    const kd = lab.stores.kerberosDomains.get('fabrikam.local')!;
    lab.stores.kerberosDomains.remove('fabrikam.local');
    try {
      const out = await client({ upn: 'alice@contoso.com', password: 'Alice-Passw0rd!', http: true });
      expect(out.tgt_ad!.keyType).toBe(0);
      expect(out.tgt_ad!.error).toMatch(/^KerberosDomainNotFound:/);
    } finally {
      lab.stores.kerberosDomains.put(kd);
    }
    const again = await client({ upn: 'alice@contoso.com', password: 'Alice-Passw0rd!', http: true });
    expect(again.tgt_ad!.keyType).toBe(18);
  });

  it('refusals come back as Entra error JSON: disabled (50057), wrong password (50126), unknown user (50034)', async () => {
    const cases: [string, string, number][] = [
      ['dave@contoso.com', 'Dave-Passw0rd!', 50057],
      ['alice@contoso.com', 'not-her-password', 50126],
      ['nobody@contoso.com', 'x', 50034],
    ];
    for (const [upn, password, code] of cases) {
      const out = await client({ upn, password });
      expect(out.error!.step).toBe('ropc');
      expect(out.error!.status).toBe(400);
      expect(out.error!.body.error_codes).toEqual([code]);
      expect(String(out.error!.body.error_description)).toMatch(new RegExp(`^AADSTS${code}: `));
    }
  });
});
