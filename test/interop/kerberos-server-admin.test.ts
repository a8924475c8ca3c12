/**
 * The Kerberos server admin API and `ctlab kerberos-server` against a running lab (issue 8,
 * "Checked in make test": the rotation part). The lab runs in this process (startLab, every port
 * 0) so the test can seal partial TGTs with the key the cloud's KerberosDomainStore holds, as the
 * token endpoint will; everything else goes over the wire:
 *   - curl against every admin route (JSON answers, stable error codes, 400 for malformed bodies,
 *     413 for oversized ones, the server still serving);
 *   - the CLI in its own process (`ctlab kerberos-server get|rotate|set|remove --lab FILE`);
 *   - the RODC partial-TGT exchange over TCP (TGS-REQ with KERB-KEY-LIST-REQ, test/helpers, and
 *     impacket 0.10.0's KeyListSecrets.getFullTGT), which succeeds, then after `rotate --cloud-only`
 *     gets KRB_AP_ERR_BAD_INTEGRITY while `get` shows KeyVersion != CloudKeyVersion, then works
 *     again after `rotate` of both sides; after `--on-prem-only` the cloud's key is AD's N-1 and
 *     still opens, a second one breaks it. impacket only talks to port 88, so the lab's KDC listens
 *     on 127.0.0.1:88 (run under the interop lock);
 *   - ldapsearch reads krbtgt_AzureAD's new msDS-KeyVersionNumber after a rotation, and MIT klist
 *     reads the rotated key from `ctlab keytab --principal krbtgt_AzureAD --lab FILE`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../emulator/core/clock.ts';
import { SeededRandom } from '../../emulator/core/random.ts';
import { encodeTicket, NAME_TYPE } from '../../emulator/kerberos/asn1/index.ts';
import { ntHash } from '../../emulator/kerberos/crypto/index.ts';
import { krbErrorName } from '../../emulator/kerberos/error-codes.ts';
import { issuePartialTgt, partialTgtKeyFromTenant } from '../../emulator/kerberos/partial-tgt/index.ts';
import { startLab, type RunningLab } from '../../emulator/lab.ts';
import { Trace, type TraceEvent } from '../../emulator/trace/trace.ts';
import { parseReply, sendTcp } from '../../clients/kerberos/index.ts';
import { buildTgsReq, keyListOf, openTgsRep, TGS_OPTIONS } from '../../clients/kerberos/tgs.ts';
import { PATH, requireTools, runProcess } from '../support/process.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE = new URL('../fixtures/rodc-exchange.yaml', import.meta.url).pathname;
const PORTS = { dns: 0, kerberos: 88, ldap: 0, gc: 0, kpasswd: 0, entra: 0, entraHttp: 0 };
const PYTHON = '/usr/bin/python3';
const DRIVER = new URL('./py/impacket_kdc.py', import.meta.url).pathname;
const KRBTGT_DN = 'CN=krbtgt_AzureAD,CN=Users,DC=fabrikam,DC=local';

let lab: RunningLab;
let tmp: string;
let labFile: string;
let adminUrl: string;
const events: TraceEvent[] = [];
const rng = new SeededRandom('kerberos-server-admin');

beforeAll(async () => {
  await requireTools(['curl'], 'curl');
  await requireTools(['ldapsearch'], 'ldap-utils');
  await requireTools(['klist'], 'krb5-user');
  await requireTools([PYTHON], 'python3-impacket');
  tmp = mkdtempSync(join(tmpdir(), 'ctlab-admin-'));
  lab = await startLab(FIXTURE, { ports: PORTS, adminPort: 0, env: {}, trace: new Trace({ onEvent: (e) => events.push(e) }) });
  labFile = join(tmp, 'lab.json');
  writeFileSync(labFile, JSON.stringify(lab.labFile(), null, 2));
  adminUrl = lab.labFile().services.admin.url!;
});

afterAll(async () => {
  await lab?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const curl = async (args: string[]) => {
  const r = await runProcess('curl', ['-sS', '-w', '\n%{http_code}', ...args], { env: { PATH } });
  expect(r.code).toBe(0);
  const nl = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(nl + 1)), json: JSON.parse(r.stdout.slice(0, nl)) };
};

const ctlab = (args: string[]) => runProcess(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'kerberos-server', ...args, '--lab', labFile], { cwd: tmp, env: { PATH } });

/** `ctlab kerberos-server get` parsed back from its Format-List lines. */
async function getFields(): Promise<Record<string, string>> {
  const r = await ctlab(['get']);
  expect(r.code).toBe(0);
  return Object.fromEntries(r.stdout.split('\n').filter((l) => l.includes(' :')).map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(':') + 1).trim()]));
}

/** The partial-TGT exchange over TCP, sealed with the key the cloud store holds now. */
async function exchange(sam = 'alice'): Promise<{ result: string; ntHash: boolean; kdc?: TraceEvent }> {
  const kd = lab.stores.kerberosDomains.get('fabrikam.local')!;
  const cu = lab.world.tenant.users.find((u) => u.syncedFrom === sam)!;
  const p = issuePartialTgt({
    domainDnsName: cu.onPremisesDomainName!,
    samAccountName: cu.onPremisesSamAccountName!,
    userSid: cu.onPremisesSecurityIdentifier!,
    key: partialTgtKeyFromTenant(kd),
    clock: systemClock,
    rng,
  });
  const req = buildTgsReq({
    ticket: p.ticket,
    sessionKey: p.sessionKey,
    cname: p.cname,
    crealm: p.realm,
    sname: { nameType: NAME_TYPE.NT_SRV_INST, nameString: ['krbtgt', 'FABRIKAM.LOCAL'] },
    realm: 'FABRIKAM.LOCAL',
    now: Date.now(),
    rng,
    kdcOptions: TGS_OPTIONS,
    keyList: [23],
  });
  const before = events.length;
  const reply = parseReply(await sendTcp('127.0.0.1', lab.port('kdc')!, req));
  const kdc = events.slice(before).find((e) => e.service === 'kdc');
  if (reply.type === 'error') return { result: krbErrorName(reply.error.errorCode), ntHash: false, ...(kdc ? { kdc } : {}) };
  const part = openTgsRep(reply.rep, p.sessionKey).part;
  return { result: 'ok', ntHash: keyListOf(part)?.keys[0]?.keytype === 23, ...(kdc ? { kdc } : {}) };
}

/** The same exchange by impacket (KeyListSecrets.getFullTGT via test/interop/py/impacket_kdc.py). */
async function impacketExchange(sam = 'alice'): Promise<{ ntHash?: string; error?: string }> {
  const kd = lab.stores.kerberosDomains.get('fabrikam.local')!;
  const key = partialTgtKeyFromTenant(kd);
  const cu = lab.world.tenant.users.find((u) => u.syncedFrom === sam)!;
  const p = issuePartialTgt({ domainDnsName: cu.onPremisesDomainName!, samAccountName: sam, userSid: cu.onPremisesSecurityIdentifier!, key, clock: systemClock, rng });
  const r = await runProcess(PYTHON, [DRIVER], {
    env: { PATH, LANG: 'C.UTF-8' },
    input: JSON.stringify({
      op: 'exchange-partial',
      ticketHex: Buffer.from(encodeTicket(p.ticket)).toString('hex'),
      sessionKeyHex: Buffer.from(p.sessionKey.bytes).toString('hex'),
      user: sam,
      domain: 'FABRIKAM.LOCAL',
      kdc: '2130706433', // 127.0.0.1 without dots (impacket splits a dotted -kdc)
      rodcNo: key.rodcNumber,
      rodcKeyHex: Buffer.from(key.key.bytes).toString('hex'),
    }),
    timeoutMs: 40_000,
  });
  if (r.code !== 0) throw new Error(`impacket_kdc.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const ALICE_NT = Buffer.from(ntHash('Alice-Passw0rd!')).toString('hex');

async function keyVersionInLdap(): Promise<string> {
  const r = await runProcess('ldapsearch', ['-LLL', '-x', '-H', `ldap://127.0.0.1:${lab.port('ldap')}`, '-D', 'alice@contoso.com', '-w', 'Alice-Passw0rd!', '-b', KRBTGT_DN, '-s', 'base', 'msDS-KeyVersionNumber'], { env: { PATH } });
  expect(r.code).toBe(0);
  return /msDS-KeyVersionNumber: (\d+)/.exec(r.stdout)?.[1] ?? '';
}

describe('admin API with curl', () => {
  it('GET /kerberos-server answers JSON with both sides', async () => {
    const r = await curl([`${adminUrl}/kerberos-server`]);
    expect(r.status).toBe(200);
    expect(r.json.kerberosServer).toMatchObject({ Id: 30775, KeyVersion: 2, CloudKeyVersion: 2, DisplayName: 'krbtgt_30775' });
  });

  it.each([
    ['malformed JSON', ['-X', 'POST', '-d', '{"force":'], '/kerberos-server/rotate', 400, 'MALFORMED_JSON'],
    ['an unknown field', ['-X', 'POST', '-H', 'content-type: application/json', '-d', '{"now":true}'], '/kerberos-server/rotate', 400, 'BAD_REQUEST'],
    ['an oversized body', ['-X', 'POST', '-d', `{"pad":"${'x'.repeat(40_000)}"}`], '/kerberos-server/rotate', 413, 'BODY_TOO_LARGE'],
    ['an unknown route', [], '/kerberos-servers', 404, 'NOT_FOUND'],
    ['a wrong method', ['-X', 'PATCH'], '/kerberos-server', 405, 'METHOD_NOT_ALLOWED'],
  ])('%s: its status and error code, and the server keeps serving', async (_t, args, path, status, code) => {
    const r = await curl([...args, `${adminUrl}${path}`]);
    expect([r.status, r.json.error.code]).toEqual([status, code]);
    expect((await curl([`${adminUrl}/kerberos-server`])).status).toBe(200);
  });
});

describe('rotation end to end: ctlab kerberos-server, the KDC over TCP, LDAP', () => {
  it('the partial TGT sealed with the cloud key is exchanged for a full TGT and the NT hash', async () => {
    const r = await exchange();
    expect(r).toMatchObject({ result: 'ok', ntHash: true });
    expect(await impacketExchange()).toEqual({ ntHash: ALICE_NT });
    expect(await keyVersionInLdap()).toBe('2');
  });

  it('after rotate --cloud-only: KeyVersion != CloudKeyVersion and KRB_AP_ERR_BAD_INTEGRITY', async () => {
    const before = await getFields();
    expect([before.KeyVersion, before.CloudKeyVersion]).toEqual(['2', '2']);
    const rot = await ctlab(['rotate', '--cloud-only']);
    expect(rot.code).toBe(0);
    const after = await getFields();
    expect([after.KeyVersion, after.CloudKeyVersion]).toEqual(['2', '3']);
    expect(after.CloudKeyUpdatedOn).not.toBe(after.KeyUpdatedOn);
    const r = await exchange();
    expect(r.result).toBe('KRB_AP_ERR_BAD_INTEGRITY');
    expect(r.kdc).toMatchObject({ code: 'KRB_AP_ERR_BAD_INTEGRITY', wire: 31 });
    expect(String(r.kdc!.fact)).toMatch(/does not hold/);
    expect((await impacketExchange()).error).toMatch(/KRB_AP_ERR_BAD_INTEGRITY/);
  });

  it('rotate of both sides within 24 hours of KeyUpdatedOn is refused without --force (AD\'s key is old, so it runs)', async () => {
    const r = await ctlab(['rotate']);
    expect(r.code).toBe(0);
    const f = await getFields();
    expect([f.KeyVersion, f.CloudKeyVersion]).toEqual(['3', '3']);
    expect(await exchange()).toMatchObject({ result: 'ok', ntHash: true });
    expect(await impacketExchange()).toEqual({ ntHash: ALICE_NT });
    expect(await keyVersionInLdap()).toBe('3');
    const again = await ctlab(['rotate']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/ROTATION_TOO_SOON/);
  });

  it('ctlab keytab --principal krbtgt_AzureAD writes the rotated key (MIT klist -K reads kvno and key)', async () => {
    const kt = join(tmp, 'azure.keytab');
    const w = await runProcess(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'keytab', '--principal', 'krbtgt_AzureAD', '--lab', labFile, '-o', kt], { cwd: tmp, env: { PATH } });
    expect(w.code).toBe(0);
    const k = await runProcess('klist', ['-k', '-e', '-K', kt], { env: { PATH } });
    expect(k.code).toBe(0);
    const aes = k.stdout.split('\n').find((l) => l.includes('aes256-cts-hmac-sha1-96'))!;
    expect(aes.trim().split(/\s+/)[0]).toBe(String(((30775 << 16) | 3) >>> 0));
    const want = Buffer.from(partialTgtKeyFromTenant(lab.stores.kerberosDomains.get('fabrikam.local')!).key.bytes).toString('hex');
    expect(/\(0x([0-9a-f]+)\)/.exec(aes)?.[1]).toBe(want);
  });

  it('--on-prem-only: the cloud key is AD\'s N-1 and still opens; a second one breaks it; set repairs', async () => {
    expect((await ctlab(['rotate', '--on-prem-only', '--force'])).code).toBe(0);
    expect(await getFields()).toMatchObject({ KeyVersion: '4', CloudKeyVersion: '3' });
    const r = await exchange();
    expect(r.result).toBe('ok');
    expect(r.kdc!.detail).toMatchObject({ rodcKey: 'previous', rodcKeyGeneration: 3 });
    expect((await ctlab(['rotate', '--on-prem-only', '--force'])).code).toBe(0);
    expect((await exchange()).result).toBe('KRB_AP_ERR_BAD_INTEGRITY');
    expect((await ctlab(['set'])).code).toBe(0);
    expect(await getFields()).toMatchObject({ KeyVersion: '5', CloudKeyVersion: '5' });
    expect((await exchange()).result).toBe('ok');
  });

  it('remove: every field empty, LDAP no longer has krbtgt_AzureAD; set creates it again', async () => {
    expect((await ctlab(['remove'])).code).toBe(0);
    const f = await getFields();
    expect(Object.values(f).every((v) => v === '')).toBe(true);
    expect(Object.keys(f)).toHaveLength(14);
    const miss = await runProcess('ldapsearch', ['-LLL', '-x', '-H', `ldap://127.0.0.1:${lab.port('ldap')}`, '-D', 'alice@contoso.com', '-w', 'Alice-Passw0rd!', '-b', KRBTGT_DN, '-s', 'base'], { env: { PATH } });
    expect(miss.code).toBe(32); // noSuchObject
    expect((await ctlab(['set'])).code).toBe(0);
    expect(await keyVersionInLdap()).toBe('2');
    expect((await exchange()).result).toBe('ok');
  });

  it('the admin API traced every change as an envelope', () => {
    // The rotations the CLI asked for (the curl cases above were refused before any rotation).
    const admin = events.filter((e) => e.service === 'admin' && e.step === 'rotate' && (e.verdict === 'ok' || e.code === 'ROTATION_TOO_SOON'));
    expect(admin.map((e) => e.verdict)).toEqual(['ok', 'ok', 'error', 'ok', 'ok']);
    expect(admin.find((e) => e.verdict === 'error')).toMatchObject({ code: 'ROTATION_TOO_SOON', wire: 409 });
  });
});

describe('one trace envelope', () => {
  it('every event the lab emitted here (KDC, LDAP, DNS for a dig query, admin) carries step and verdict, and a code with its wire value when it refused', async () => {
    await requireTools(['dig'], 'bind9-dnsutils');
    const d = await runProcess('dig', ['@127.0.0.1', '-p', String(lab.port('dns')), '+short', '_kerberos._tcp.fabrikam.local', 'SRV'], { env: { PATH } });
    expect(d.code).toBe(0);
    const services = new Set(events.map((e) => e.service));
    for (const s of ['kdc', 'ldap', 'dns', 'admin']) expect(services).toContain(s);
    for (const e of events) {
      expect(typeof e.step, JSON.stringify(e)).toBe('string');
      expect(['ok', 'error', 'info']).toContain(e.verdict);
      if (e.verdict === 'error') {
        expect(typeof e.code, JSON.stringify(e)).toBe('string');
        expect(typeof e.wire, JSON.stringify(e)).toBe('number');
      }
    }
    expect(events.find((e) => e.service === 'dns' && e.step === 'query')).toMatchObject({ verdict: 'ok', code: 'NOERROR', wire: 0 });
  });
});

describe('ctlab kerberos-server usage', () => {
  it('bad usage exits 2; a lab that is not running exits 1 naming the ready file', async () => {
    const bad = await runProcess(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'kerberos-server', 'rotate', '--on-prem-only', '--cloud-only'], { cwd: tmp, env: { PATH } });
    expect(bad.code).toBe(2);
    const none = await runProcess(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'kerberos-server', 'get', '--lab', join(tmp, 'gone.json')], { cwd: tmp, env: { PATH } });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(join(tmp, 'gone.json'));
    const stale = join(tmp, 'stale.json');
    writeFileSync(stale, JSON.stringify({ scenario: FIXTURE, services: { admin: { host: '127.0.0.1', port: 1, protocols: ['http'] } } }));
    const down = await runProcess(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'kerberos-server', 'get', '--lab', stale], { cwd: tmp, env: { PATH } });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(stale);
  });
});
