/**
 * The lab KDC used by impacket 0.10.0 (Debian python3-impacket, run with /usr/bin/python3):
 *   - getTGT.py and getST.py with a password, an AES key (-aesKey) and the NT hash (-hashes, RC4
 *     pre-authentication, a wrong hash refused with PREAUTH_FAILED); the service ticket
 *     decrypted in Python with the service key impacket derives from the scenario password and AD
 *     salt, its PAC parsed by impacket structures: SID, group RIDs (513 plus nested groups),
 *     UPN_DNS_INFO, and valid server, KDC, ticket and full signatures;
 *   - the RODC partial-TGT exchange driven by impacket's own forger (KeyListSecrets via the
 *     keylistattack.py example) with the krbtgt_AzureAD key from `ctlab keytab`, on a DC that
 *     enforces PAC_REQUESTOR (impacket's PAC-less ticket refused with KDC_ERR_TGT_REVOKED while the
 *     cloud-style partial TGT from partial-tgt.ts succeeds) and on one that does not (impacket gets
 *     a full TGT and the NT hash); in both modes a Domain Admin gets KDC_ERR_TGT_REVOKED and a key
 *     the directory does not hold KRB_AP_ERR_BAD_INTEGRITY.
 * impacket always connects to port 88 (kerberosv5.sendReceive takes no port), so the KDC listens
 * on 127.0.0.1:88 (root on this machine); the examples exit 0 even on failure, so every check is
 * on what they wrote (ccache files, printed hashes) and on the KDC's trace events.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hex } from '../../emulator/core/bytes.ts';
import { systemClock } from '../../emulator/core/clock.ts';
import { systemRandom } from '../../emulator/core/random.ts';
import { encodeTicket } from '../../emulator/kerberos/asn1/index.ts';
import { ntHash } from '../../emulator/kerberos/crypto/index.ts';
import { createKdcContext, startKdc, type KdcServer, type KdcTraceEvent } from '../../emulator/kerberos/kdc/index.ts';
import { issuePartialTgt, partialTgtKeyFromTenant, type PartialTgtKey } from '../../emulator/kerberos/partial-tgt/index.ts';
import { accountSalt, KeyTable } from '../../emulator/kerberos/keys/keytable.ts';
import { loadWorld } from '../../emulator/world.ts';
import { PATH, runProcess } from '../support/process.ts';

const PYTHON = '/usr/bin/python3';
const EXAMPLES = '/usr/share/doc/python3-impacket/examples';
const DRIVER = new URL('./py/impacket_kdc.py', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE = new URL('../fixtures/rodc-exchange.yaml', import.meta.url).pathname;
/** 127.0.0.1 written without dots: keylistattack.py splits a dotted -kdc into host and domain. */
const KDC_HOST = '2130706433';

const world = loadWorld(FIXTURE);
const dir = world.directory;
const keys = KeyTable.build(dir);
const events: KdcTraceEvent[] = [];
let kdc: KdcServer | undefined;
let tmp: string;
let azureKeyHex: string;

/** Runs a process without blocking the event loop (the KDC answers from this process), in the temp dir. */
const run = (cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string } = {}) =>
  runProcess(cmd, args, { cwd: opts.cwd ?? tmp, env: { PATH, LANG: 'C.UTF-8', ...opts.env }, input: opts.input, timeoutMs: 40_000 });

const example = (script: string, args: string[], env: Record<string, string> = {}) => run(PYTHON, [join(EXAMPLES, script), ...args], { env });

async function driver<T>(req: object): Promise<T> {
  const r = await run(PYTHON, [DRIVER], { input: JSON.stringify(req) });
  if (r.code !== 0) throw new Error(`impacket_kdc.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** (Re)starts the KDC on 127.0.0.1:88 answering as `dc`. */
async function serveAs(dcName: string): Promise<void> {
  await kdc?.close();
  kdc = undefined;
  try {
    kdc = await startKdc(createKdcContext(dir, { keys, dc: dcName, trace: (e) => events.push(e) }), { host: '127.0.0.1', port: 88 });
  } catch (err) {
    throw new Error(`cannot listen on 127.0.0.1:88 (impacket only talks to port 88): ${(err as Error).message}; is another KDC or lab running?`);
  }
}

/** The trace events emitted while `f` ran. */
async function traced<T>(f: () => Promise<T>): Promise<{ result: T; events: KdcTraceEvent[] }> {
  const before = events.length;
  const result = await f();
  return { result, events: events.slice(before) };
}

const ALICE_NT = hex(ntHash('Alice-Passw0rd!'));
const fs1 = dir.accountBySam('FS1$')!;
const SERVICE = { password: fs1.secrets.current.password!, salt: accountSalt(dir.domain.realm, fs1) };
const KRBTGT = { password: dir.krbtgt.secrets.current.password!, salt: accountSalt(dir.domain.realm, dir.krbtgt) };
const rid = (sid: string) => Number(sid.slice(sid.lastIndexOf('-') + 1));

interface OpenedTicket {
  error?: string;
  ticketEtype: number;
  cname: string[];
  crealm: string;
  pac: {
    logonInfo: { UserId: number; LogonDomainId: string; PrimaryGroupId: number; GroupIds: [number, number][]; EffectiveName: string };
    upnDnsInfo: { upn: string; dnsDomainName: string; samName: string; sid: string };
    verify: { server: boolean; kdc: boolean; ticket: boolean; full: boolean };
  } | null;
}

async function keylist(user: string, keyHex: string): Promise<{ stdout: string; events: KdcTraceEvent[] }> {
  const { result, events: ev } = await traced(() =>
    example('keylistattack.py', ['-kdc', KDC_HOST, '-domain', 'fabrikam.local', '-t', user, '-rodcNo', '30775', '-rodcKey', keyHex, 'LIST']),
  );
  return { stdout: result.stdout + result.stderr, events: ev.filter((e) => e.exchange === 'TGS') };
}

/** A partial TGT as the cloud issues it, exchanged by impacket's KeyListSecrets.getFullTGT. */
async function cloudExchange(sam: string, key: PartialTgtKey): Promise<{ reply: { ntHash?: string; error?: string }; events: KdcTraceEvent[] }> {
  const a = dir.accountBySam(sam)!;
  const p = issuePartialTgt({ domainDnsName: dir.domain.dnsName, samAccountName: a.samAccountName, userSid: a.sid, key, clock: systemClock, rng: systemRandom });
  const { result, events: ev } = await traced(() =>
    driver<{ ntHash?: string; error?: string }>({
      op: 'exchange-partial',
      ticketHex: hex(encodeTicket(p.ticket)),
      sessionKeyHex: hex(p.sessionKey.bytes),
      user: sam,
      domain: 'FABRIKAM.LOCAL',
      kdc: KDC_HOST,
      rodcNo: key.rodcNumber,
      rodcKeyHex: hex(key.key.bytes),
    }),
  );
  return { reply: result, events: ev.filter((e) => e.exchange === 'TGS') };
}

/** Entra's key after a rotation that reached only the cloud (test/fixtures/rodc-cloud-rotated.yaml). */
const cloudOnlyKey = () => partialTgtKeyFromTenant(loadWorld(new URL('../fixtures/rodc-cloud-rotated.yaml', import.meta.url).pathname).tenant.kerberosDomains[0]);

beforeAll(async () => {
  for (const f of [PYTHON, join(EXAMPLES, 'getTGT.py'), join(EXAMPLES, 'getST.py'), join(EXAMPLES, 'keylistattack.py')]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: install Debian python3-impacket (scripts/install-apt.sh)`);
  }
  await promisify(execFile)(PYTHON, ['-c', 'import impacket.examples.secretsdump']);
  tmp = mkdtempSync(join(tmpdir(), 'kdc-impacket-'));
  // The krbtgt_AzureAD key as an operator would get it: `ctlab keytab`, read back by impacket.
  const kt = join(tmp, 'krbtgt_azuread.keytab');
  const ctlab = await run(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'keytab', '--principal', 'krbtgt_AzureAD', '--scenario', FIXTURE, '-o', kt], { cwd: ROOT });
  if (ctlab.code !== 0) throw new Error(`ctlab keytab failed: ${ctlab.stderr}`);
  const k = await driver<{ keyHex: string; kvno: number }>({ op: 'keytab-key', keytab: kt, principal: 'krbtgt_30775', etype: 18 });
  expect(k.kvno).toBe((30775 << 16) | 2);
  azureKeyHex = k.keyHex;
  await serveAs('dc1');
});

afterAll(async () => {
  await kdc?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('impacket getTGT / getST against the lab KDC', () => {
  const aliceAes = () => hex(keys.forAccount(dir.accountBySam('alice')!)!.current.keys.get(18)!.bytes);

  async function checkServiceTicket(ccache: string): Promise<void> {
    const t = await driver<OpenedTicket>({ op: 'open-service-ticket', ccache, spn: 'cifs/fs1.fabrikam.local', service: SERVICE, krbtgt: KRBTGT });
    expect(t.error).toBeUndefined();
    expect(t.ticketEtype).toBe(18);
    expect(t.cname).toEqual(['alice']);
    const alice = dir.accountBySam('alice')!;
    const pac = t.pac!;
    expect(`${pac.logonInfo.LogonDomainId}-${pac.logonInfo.UserId}`).toBe(alice.sid);
    expect(pac.logonInfo.PrimaryGroupId).toBe(513);
    const groups = pac.logonInfo.GroupIds.map(([r]) => r).sort((a, b) => a - b);
    expect(groups).toEqual([513, rid(dir.groupBySam('Engineers')!.sid), rid(dir.groupBySam('Staff')!.sid)].sort((a, b) => a - b));
    expect(pac.upnDnsInfo).toMatchObject({ upn: 'alice@contoso.com', dnsDomainName: 'FABRIKAM.LOCAL', samName: 'alice', sid: alice.sid });
    expect(pac.verify).toEqual({ server: true, kdc: true, ticket: true, full: true });
  }

  it('getTGT with a password writes a TGT ccache', async () => {
    const { result, events: ev } = await traced(() => example('getTGT.py', ['fabrikam.local/alice:Alice-Passw0rd!', '-dc-ip', '127.0.0.1']));
    expect(existsSync(join(tmp, 'alice.ccache'))).toBe(true);
    expect(result.stdout).toMatch(/Saving ticket in alice\.ccache/);
    expect(ev.filter((e) => e.exchange === 'AS').map((e) => e.code ?? 'ok')).toContain('ok');
    rmSync(join(tmp, 'alice.ccache'));
  });

  it('getST with a password: the service ticket and its PAC check out in impacket', async () => {
    const { events: ev } = await traced(() => example('getST.py', ['-spn', 'cifs/fs1.fabrikam.local', '-dc-ip', '127.0.0.1', 'fabrikam.local/alice:Alice-Passw0rd!']));
    const tgs = ev.filter((e) => e.exchange === 'TGS');
    expect(tgs.map((e) => e.verdict)).toEqual(['ok']);
    // impacket's TGS-REQ: etypes 23, 16, 3, 18 (weak ones skipped) and no authenticator checksum.
    expect(tgs[0]).toMatchObject({ etypes: [23, 16, 3, 18], sessionEtype: 23, ticketEtype: 18 });
    expect(tgs[0].detail?.authenticatorChecksum).toBe('none');
    await checkServiceTicket(join(tmp, 'alice.ccache'));
    rmSync(join(tmp, 'alice.ccache'));
  });

  it('getTGT with -aesKey, then getST from that ccache (-k -no-pass)', async () => {
    await example('getTGT.py', ['-aesKey', aliceAes(), 'fabrikam.local/alice', '-dc-ip', '127.0.0.1']);
    expect(existsSync(join(tmp, 'alice.ccache'))).toBe(true);
    const { events: ev } = await traced(() =>
      example('getST.py', ['-k', '-no-pass', '-spn', 'cifs/fs1.fabrikam.local', '-dc-ip', '127.0.0.1', 'fabrikam.local/alice'], { KRB5CCNAME: join(tmp, 'alice.ccache') }),
    );
    expect(ev.filter((e) => e.exchange === 'AS')).toEqual([]);
    expect(ev.filter((e) => e.exchange === 'TGS').map((e) => e.verdict)).toEqual(['ok']);
    await checkServiceTicket(join(tmp, 'alice.ccache'));
    rmSync(join(tmp, 'alice.ccache'));
  });

  it('getTGT with -hashes (the NT hash, RC4 pre-authentication), then getST from that ccache', async () => {
    const { events: ev } = await traced(() => example('getTGT.py', ['-hashes', `:${ALICE_NT}`, 'fabrikam.local/alice', '-dc-ip', '127.0.0.1']));
    expect(existsSync(join(tmp, 'alice.ccache'))).toBe(true);
    // impacket offers only rc4-hmac when given a hash: the reply key and the PA-ENC-TIMESTAMP are etype 23.
    const as = ev.filter((e) => e.exchange === 'AS' && e.verdict === 'ok');
    expect(as).toHaveLength(1);
    expect(as[0]).toMatchObject({ replyEtype: 23 });
    expect(as[0].detail?.preauthEtype).toBe(23);
    const { events: tgs } = await traced(() =>
      example('getST.py', ['-k', '-no-pass', '-spn', 'cifs/fs1.fabrikam.local', '-dc-ip', '127.0.0.1', 'fabrikam.local/alice'], { KRB5CCNAME: join(tmp, 'alice.ccache') }),
    );
    expect(tgs.filter((e) => e.exchange === 'TGS').map((e) => e.verdict)).toEqual(['ok']);
    await checkServiceTicket(join(tmp, 'alice.ccache'));
    rmSync(join(tmp, 'alice.ccache'));
  });

  it('getTGT with a wrong NT hash writes nothing; the KDC answered KDC_ERR_PREAUTH_FAILED (24)', async () => {
    const { events: ev } = await traced(() => example('getTGT.py', ['-hashes', `:${'00'.repeat(16)}`, 'fabrikam.local/alice', '-dc-ip', '127.0.0.1']));
    expect(existsSync(join(tmp, 'alice.ccache'))).toBe(false);
    expect(ev.filter((e) => e.exchange === 'AS').map((e) => e.wire ?? 0)).toContain(24);
  });

  it('getST with -aesKey', async () => {
    const { events: ev } = await traced(() => example('getST.py', ['-aesKey', aliceAes(), '-spn', 'cifs/fs1.fabrikam.local', '-dc-ip', '127.0.0.1', 'fabrikam.local/alice']));
    expect(ev.map((e) => `${e.exchange}:${e.code ?? 'ok'}`)).toEqual(['AS:KDC_ERR_PREAUTH_REQUIRED', 'AS:ok', 'TGS:ok']);
    await checkServiceTicket(join(tmp, 'alice.ccache'));
    rmSync(join(tmp, 'alice.ccache'));
  });
});

describe('partial-TGT exchange, DC enforcing PAC_REQUESTOR (dc1)', () => {
  it("impacket's PAC-less RODC ticket is refused with KDC_ERR_TGT_REVOKED", async () => {
    const r = await keylist('alice', azureKeyHex);
    expect(r.events.map((e) => e.code)).toEqual(['KDC_ERR_TGT_REVOKED']);
    expect(r.events[0].fact).toMatch(/carries no PAC/);
    expect(r.stdout).toMatch(/not allowed to have passwords replicated/);
    expect(r.stdout).not.toContain(ALICE_NT);
  });

  it('the cloud-style partial TGT (partial-tgt.ts) gets a full TGT and the NT hash', async () => {
    const r = await cloudExchange('alice', partialTgtKeyFromTenant(world.tenant.kerberosDomains[0]));
    expect(r.reply).toEqual({ ntHash: ALICE_NT });
    expect(r.events.map((e) => e.verdict)).toEqual(['ok']);
    expect(r.events[0].detail?.keyList).toMatch(/returned/);
  });

  it('a Domain Admin gets KDC_ERR_TGT_REVOKED', async () => {
    const r = await cloudExchange('carol', partialTgtKeyFromTenant(world.tenant.kerberosDomains[0]));
    expect(r.reply.ntHash).toBeUndefined();
    expect(r.events.map((e) => e.code)).toEqual(['KDC_ERR_TGT_REVOKED']);
    expect(r.events[0].fact).toMatch(/^NeverReveal hit: .*-512 Domain Admins/);
  });

  it('a key rotated only in the cloud gets KRB_AP_ERR_BAD_INTEGRITY (cloud ticket and impacket forgery)', async () => {
    const key = cloudOnlyKey();
    const c = await cloudExchange('alice', { ...key, keyVersion: 2 });
    expect(c.events.map((e) => e.code)).toEqual(['KRB_AP_ERR_BAD_INTEGRITY']);
    expect(c.reply.error).toMatch(/KRB_AP_ERR_BAD_INTEGRITY/);
    const i = await keylist('alice', hex(key.key.bytes));
    expect(i.events.map((e) => e.code)).toEqual(['KRB_AP_ERR_BAD_INTEGRITY']);
  });
});

describe('partial-TGT exchange, DC before the enforcement (dc2)', () => {
  beforeAll(async () => {
    await serveAs('dc2');
  });

  it("impacket's PAC-less RODC ticket gets a full TGT and the NT hash of the scenario password", async () => {
    const r = await keylist('alice', azureKeyHex);
    expect(r.events.map((e) => e.verdict)).toEqual(['ok']);
    expect(r.stdout).toContain(`fabrikam.local\\alice:${ALICE_NT}`);
  });

  it('a Domain Admin still gets KDC_ERR_TGT_REVOKED', async () => {
    const r = await keylist('carol', azureKeyHex);
    expect(r.events.map((e) => e.code)).toEqual(['KDC_ERR_TGT_REVOKED']);
    expect(r.stdout).not.toMatch(/fabrikam\.local\\carol:/);
  });

  it('a key the directory does not hold gets KRB_AP_ERR_BAD_INTEGRITY', async () => {
    const r = await keylist('alice', hex(cloudOnlyKey().key.bytes));
    expect(r.events.map((e) => e.code)).toEqual(['KRB_AP_ERR_BAD_INTEGRITY']);
    expect(r.stdout).toMatch(/KRB_AP_ERR_BAD_INTEGRITY/);
  });
});
