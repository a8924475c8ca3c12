/**
 * FAST (RFC 6113) with MIT's own clients (Debian krb5-user), the armoring policy as a scenario
 * sets it (kerberos.kdcArmoring):
 *   - supported: `kinit -k` with FS1$'s keytab (ours, `ctlab keytab`'s writer) gets the armor TGT,
 *     `kinit -T ARMOR_CCACHE alice` runs the armored AS exchange (PA-FX-FAST with AP-REQ armor,
 *     PA-ENCRYPTED-CHALLENGE, the strengthened reply key, KrbFastFinished, which MIT checks), a
 *     wrong password comes back as an armored KDC_ERR_PREAUTH_FAILED that MIT reads as
 *     "Password incorrect", and `kvno` with the FAST-obtained TGT runs an armored TGS exchange;
 *   - failUnarmored: a plain `kinit alice` is refused (KDC_ERR_PREAUTH_REQUIRED offering
 *     PA-FX-FAST, MS-KILE 3.3.5.1), the computer's own unarmored kinit is not, and the armored
 *     kinit works.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keytabEntries } from '../../clients/cli/verbs/keytab.ts';
import { renderKrb5Conf } from '../../clients/cli/verbs/krb5conf.ts';
import { writeKeytabFile } from '../../emulator/kerberos/files/fs.ts';
import type { KdcArmoring } from '../../emulator/kerberos/kdc/context.ts';
import { createKdcContext, startKdc, type KdcServer, type KdcTraceEvent } from '../../emulator/kerberos/kdc/index.ts';
import { loadWorld } from '../../emulator/world.ts';
import { requireMitClients, runMitTool } from '../support/mit-tools.ts';

const FIXTURE = new URL('../fixtures/rodc-exchange.yaml', import.meta.url).pathname;
const dir = loadWorld(FIXTURE).directory;
const REALM = dir.domain.realm;
/** MIT com_err numbers: ERROR_TABLE_BASE_krb5 (-1765328384) + the RFC 4120 code. */
const KRB5_ERR = (code: number) => -1765328384 + code;

interface Lab {
  kdc: KdcServer;
  conf: string;
  events: KdcTraceEvent[];
}
const labs = new Map<KdcArmoring, Lab>();
let tmp: string;
let keytab: string;

async function startLab(armoring: KdcArmoring): Promise<Lab> {
  const events: KdcTraceEvent[] = [];
  const kdc = await startKdc(createKdcContext(dir, { trace: (e) => events.push(e), config: { armoring } }), { port: 0 });
  const conf = join(tmp, `krb5-${armoring}.conf`);
  writeFileSync(conf, renderKrb5Conf({ realm: REALM, domain: dir.domain.dnsName, upnSuffixes: dir.domain.upnSuffixes, kdc: { host: '127.0.0.1', port: kdc.port } }));
  return { kdc, conf, events };
}

const ccache = () => join(mkdtempSync(join(tmp, 'cc-')), 'ccache');
const mit = (lab: Lab, cmd: string, args: string[], input: string | undefined, cc: string) => runMitTool(cmd, args, { krb5Config: lab.conf, ccache: cc, input });

/** The armor ccache: FS1$'s TGT from its keytab (kinit -k), unarmored. */
async function armorCcache(lab: Lab): Promise<string> {
  const cc = ccache();
  const r = await mit(lab, 'kinit', ['-k', '-t', keytab, `FS1$@${REALM}`], undefined, cc);
  if (r.code !== 0) throw new Error(`kinit -k failed: ${r.stderr}`);
  return cc;
}

beforeAll(async () => {
  await requireMitClients(['kinit', 'klist', 'kvno']);
  tmp = mkdtempSync(join(tmpdir(), 'kdc-fast-mit-'));
  keytab = join(tmp, 'fs1.keytab');
  writeKeytabFile(keytab, keytabEntries(dir, dir.accountBySam('FS1$')!, ['FS1$'], { timestamp: Math.floor(Date.now() / 1000) }));
  for (const a of ['supported', 'failUnarmored'] as const) labs.set(a, await startLab(a));
});

afterAll(async () => {
  for (const l of labs.values()) await l.kdc.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('MIT kinit -T against the lab with FAST supported', () => {
  it('kinit -T: the armored AS exchange with the encrypted challenge', async () => {
    const lab = labs.get('supported')!;
    const armor = await armorCcache(lab);
    const before = lab.events.length;
    const cc = ccache();
    const r = await mit(lab, 'kinit', ['-T', armor, 'alice'], 'Alice-Passw0rd!\n', cc);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // MIT's trace: it armored the request and verified the KDC's encrypted challenge and finished.
    expect(r.trace).toMatch(/Using FAST due to armor ccache negotiation result/);
    expect(r.trace).toMatch(/Processing preauth types: PA-FX-ERROR \(137\), PA-FX-COOKIE \(133\), PA-ETYPE-INFO2 \(19\), PA-ENCRYPTED-CHALLENGE \(138\)/);
    // The second pass verifies the KDC's own encrypted challenge, then decrypts with the strengthened key.
    expect(r.trace.match(/Preauth module encrypted_challenge \(138\) \(real\) returned: 0\/Success/g)?.length).toBe(2);
    expect(r.trace).toMatch(/FAST reply key: aes256-cts/);
    const as = lab.events.slice(before).filter((e) => e.exchange === 'AS');
    // PREAUTH_REQUIRED (armored), then the TGT.
    expect(as.map((e) => [e.verdict, e.wire ?? 0])).toEqual([
      ['error', 25],
      ['ok', 0],
    ]);
    expect(as.every((e) => e.detail?.fast === true)).toBe(true);
    expect(as[0].detail?.fastError).toBe(true);
    expect(as[1].detail?.preauth).toBe('PA-ENCRYPTED-CHALLENGE');
    expect(as[1].detail?.armorClient).toBe('FS1$');
    const l = await mit(lab, 'klist', [], undefined, cc);
    expect(l.stdout).toMatch(new RegExp(`Default principal: alice@${REALM}`));
    expect(l.stdout).toMatch(new RegExp(`krbtgt/${REALM}@${REALM}`));
  });

  it('a wrong password under FAST: the armored KDC_ERR_PREAUTH_FAILED', async () => {
    const lab = labs.get('supported')!;
    const armor = await armorCcache(lab);
    const before = lab.events.length;
    const r = await mit(lab, 'kinit', ['-T', armor, 'alice'], 'not-the-password\n', ccache());
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Password incorrect/);
    const last = lab.events.slice(before).filter((e) => e.exchange === 'AS').at(-1)!;
    expect(last.wire).toBe(24);
    expect(last.detail?.fastError).toBe(true);
  });

  it('kvno with the FAST TGT: the TGS exchange is armored too', async () => {
    const lab = labs.get('supported')!;
    const armor = await armorCcache(lab);
    const cc = ccache();
    expect((await mit(lab, 'kinit', ['-T', armor, 'alice'], 'Alice-Passw0rd!\n', cc)).code).toBe(0);
    const before = lab.events.length;
    const r = await mit(lab, 'kvno', ['cifs/fs1.fabrikam.local'], undefined, cc);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const tgs = lab.events.slice(before).filter((e) => e.exchange === 'TGS');
    expect(tgs.map((e) => e.verdict)).toEqual(['ok']);
    expect(tgs[0].detail?.fast).toBe(true);
  });
});

describe('MIT kinit against the lab with failUnarmored', () => {
  it('a plain kinit is refused: PREAUTH_REQUIRED offering PA-FX-FAST, whatever it sends', async () => {
    const lab = labs.get('failUnarmored')!;
    const before = lab.events.length;
    const r = await mit(lab, 'kinit', ['alice'], 'Alice-Passw0rd!\n', ccache());
    expect(r.code).not.toBe(0);
    const as = lab.events.slice(before).filter((e) => e.exchange === 'AS');
    expect(as.length).toBeGreaterThan(1);
    expect(as.every((e) => e.wire === 25)).toBe(true);
    expect(as.at(-1)!.status).toBe('ARMORING REQUIRED');
    // MIT sent its PA-ENC-TIMESTAMP and got PREAUTH_REQUIRED again: it gives up.
    expect(r.trace).toMatch(/Produced preauth for next request: PA-ENC-TIMESTAMP \(2\)/);
    expect(r.trace).toMatch(new RegExp(`error from KDC: ${KRB5_ERR(25)}/`));
  });

  it('the computer itself may kinit unarmored, and the armored kinit of the user works', async () => {
    const lab = labs.get('failUnarmored')!;
    const before = lab.events.length;
    const armor = await armorCcache(lab);
    const machine = lab.events.slice(before).filter((e) => e.exchange === 'AS' && e.verdict === 'ok');
    expect(machine.map((e) => [e.client, e.detail?.fast ?? false])).toEqual([[`FS1$@${REALM}`, false]]);
    const r = await mit(lab, 'kinit', ['-T', armor, 'alice'], 'Alice-Passw0rd!\n', ccache());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
