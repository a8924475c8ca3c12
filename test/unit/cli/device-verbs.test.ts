/**
 * The device commands' command lines and output: bad usage exits 2 with a message naming what was
 * wrong (before any lab starts), `ctlab signin --scenario` exits 0/1 by the sign-in's outcome and
 * takes the password from the scenario, dsregcmd's rows, and what `ctlab up` prints after ready.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../clients/cli/main.ts';
import { nextSteps, sampleUsers } from '../../../clients/cli/up-next.ts';
import { formatDsregStatus } from '../../../clients/device/dsreg.ts';
import { startLab } from '../../../emulator/lab.ts';
import { loadScenario } from '../../../emulator/scenario/load.ts';

const SCENARIO = join(import.meta.dirname, '../../../scenarios/multi-upn-suffix.yaml');
afterEach(() => vi.restoreAllMocks());

function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  return { out: () => out, err: () => err };
}

describe('device commands: usage errors exit 2 naming the problem', () => {
  const none = join(tmpdir(), 'no-such-lab-dir', 'lab.json');
  it.each([
    [['signin'], /expected one UPN, got 0/],
    [['signin', 'a@b.com', 'c@d.com', '--password', 'x'], /expected one UPN, got 2/],
    [['signin', 'alice', '--password', 'x'], /'alice' is not a UPN/],
    [['signin', 'alice@contoso.com'], /no password: pass --password P/],
    [['signin', 'alice@contoso.com', '--password', 'x', '--hint', 'dns'], /--hint: expected onPremisesDomainName or upnSuffix, got 'dns'/],
    [['signin', 'alice@contoso.com', '--password', 'x', '--spn', 'nohost'], /--spn: expected service\/host/],
    [['signin', 'alice@contoso.com', '--password', 'x', '--lab', none], /--lab .*: no such file/],
    [['signin', 'alice@contoso.com', '--password', 'x', '--lab', none, '--scenario', SCENARIO], /not both/],
    [['signin', 'alice@contoso.com', '--device', '/nonexistent-device-dir'], /missing device.json/],
    [['signin', 'alice@contoso.com', '--bogus'], /Unknown option '--bogus'/],
    [['device'], /missing subcommand: expected register/],
    [['device', 'unregister'], /unknown subcommand 'unregister'/],
    [['device', 'register', 'alice@contoso.com', '--password', 'x'], /--out DIR is required/],
    [['device', 'register', 'alice@contoso.com', '--out', '/tmp/x'], /needs the user's password/],
    [['dsregcmd'], /only \/status is supported/],
    [['dsregcmd', '/status', '/debug'], /unknown argument '\/debug'/],
    [['dsregcmd', '/status', '--lab', none], /no running lab found/],
  ])('%j', async (argv, message) => {
    const io = capture();
    expect(await main(argv)).toBe(2);
    expect(io.err()).toMatch(message);
  });
});

describe('ctlab signin --scenario (a lab in this process on free ports)', () => {
  it('bob@east.contoso.com signs in with the password from the scenario: exit 0, the steps and the tickets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signin-cli-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const io = capture();
      expect(await main(['signin', 'bob@east.contoso.com', '--scenario', SCENARIO])).toBe(0);
      const rows = io.out().split('\n').flatMap((l) => /^  (\w+)\s+(\S+)\s/.exec(l)?.slice(1, 3).join(' ') ?? []);
      expect(rows).toEqual(['register ok', 'nonce ok', 'prt ok', 'partialTgt ok', 'locateDc ok', 'fullTgt ok', 'keyList ok', 'serviceTicket skipped', 'asReq skipped']);
      expect(io.out()).toMatch(/^Cached Tickets: \(2\)$/m);
      expect(io.out()).toMatch(/^\tKdc Called: dc1\.fabrikam\.local$/m);
      expect(io.out()).not.toContain('Bob-Passw0rd!');
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('carol exits 1 with the failing step and the KDC error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signin-cli-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const io = capture();
      expect(await main(['signin', 'carol@contoso.com', '--scenario', SCENARIO])).toBe(1);
      expect(io.out()).toMatch(/^Sign-in FAILED at fullTgt: KDC_ERR_TGT_REVOKED \(20\)$/m);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a user the scenario does not have: exit 2 (its password is unknown)', async () => {
    const io = capture();
    expect(await main(['signin', 'nobody@contoso.com', '--scenario', SCENARIO])).toBe(2);
    expect(io.err()).toMatch(/nobody@contoso\.com is not a user of/);
  });
});

describe('ctlab signin against a running lab (lab.json): the device stays registered', () => {
  it('a wrong password on the registered device fails at prt; the Hello key is reused for its own user only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signin-lab-'));
    const lab = await startLab(SCENARIO, { freePorts: true, env: {} });
    try {
      mkdirSync(join(dir, '.ctlab'));
      const file = join(dir, '.ctlab/lab.json');
      writeFileSync(file, JSON.stringify(lab.labFile()));
      const signin = async (...args: string[]) => {
        const io = capture();
        const code = await main(['signin', ...args, '--lab', file]);
        vi.restoreAllMocks();
        return { code, out: io.out(), err: io.err() };
      };
      const hello1 = await signin('alice@contoso.com', '--hello');
      expect(hello1.code).toBe(2);
      expect(hello1.err).toMatch(/--hello needs a password/);
      const first = await signin('alice@contoso.com', '--password', 'Alice-Passw0rd!');
      expect(first.code).toBe(0);
      const deviceId = /device (\S+) registered in tenant/.exec(first.out)?.[1];
      expect(deviceId).toBeDefined();
      expect(JSON.parse(readFileSync(join(dir, '.ctlab/device/device.json'), 'utf8'))).toMatchObject({ deviceId, upn: 'alice@contoso.com', labPid: lab.labFile().pid });
      const wrong = await signin('alice@contoso.com', '--password', 'not-her-password');
      expect(wrong.code).toBe(1);
      expect(wrong.out).toContain(`device ${deviceId} was registered earlier`);
      expect(wrong.out).toMatch(/^Sign-in FAILED at prt: AADSTS50126 \(50126\)$/m);
      expect(await signin('alice@contoso.com', '--hello', '--password', 'Alice-Passw0rd!')).toMatchObject({ code: 0 });
      const hello = await signin('alice@contoso.com', '--hello');
      expect(hello.code).toBe(0);
      expect(hello.out).toMatch(/PRT for alice@contoso\.com \(Windows Hello key\)/);
      const bob = await signin('bob@east.contoso.com', '--hello');
      expect(bob.code).toBe(2);
      const bobPw = await signin('bob@east.contoso.com', '--password', 'Bob-Passw0rd!');
      expect(bobPw.code).toBe(0);
      expect(bobPw.out).toContain(`device ${deviceId} was registered earlier`);
    } finally {
      await lab.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dsregcmd /status and ctlab up next steps', () => {
  it('rows as dsregcmd prints them, before any sign-in and after a failed one', () => {
    const row = (text: string, k: string) => new RegExp(`^ {0,26}${k} : (.*)$`, 'm').exec(text)?.[1];
    const before = formatDsregStatus(undefined, { deviceName: 'ws1', domainName: 'fabrikam.local', joinType: 'hybrid' });
    expect([row(before, 'AzureAdJoined'), row(before, 'DomainJoined'), row(before, 'AzureAdPrt'), row(before, 'OnPremTgt')]).toEqual(['NO', 'YES', 'NO', 'NO']);
    const after = formatDsregStatus(
      { upn: 'zoe@contoso.com', at: 0, deviceId: 'd', tenantId: 't', deviceName: 'ws1', domainName: 'fabrikam.local', joinType: 'entra', azureAdPrt: true, onPremTgt: false, cloudTgt: true, fullTgt: false, failure: { step: 'partialTgt', code: 'UserNotSynced' } },
      { deviceName: 'ws1', domainName: 'fabrikam.local', joinType: 'entra' },
    );
    expect([row(after, 'AzureAdJoined'), row(after, 'DomainJoined'), row(after, 'AzureAdPrt'), row(after, 'OnPremTgt'), row(after, 'CloudTgt'), row(after, 'Failed Step')]).toEqual(['YES', 'NO', 'YES', 'NO', 'YES', 'partialTgt (UserNotSynced)']);
  });

  it('ctlab up suggests a sign-in per UPN suffix and the admin commands, without passwords', () => {
    const s = loadScenario(SCENARIO);
    expect(sampleUsers(s)).toEqual([
      { upn: 'alice@contoso.com', sam: 'alice' },
      { upn: 'bob@east.contoso.com', sam: 'bob' },
    ]);
    const lab = { scenario: SCENARIO, bind: '127.0.0.1', realm: 'FABRIKAM.LOCAL', pid: 1, services: { kdc: { host: '127.0.0.1', port: 10088, protocols: ['tcp'] } } };
    const text = nextSteps(lab, s, SCENARIO, join(import.meta.dirname, '../../..'));
    expect(text).toMatch(/^  Kerberos KDC +127\.0\.0\.1:10088 \(realm FABRIKAM\.LOCAL\)$/m);
    for (const cmd of ['./bin/ctlab.mjs signin alice@contoso.com --password P', './bin/ctlab.mjs signin bob@east.contoso.com --password P', './bin/ctlab.mjs kerberos-server get', './bin/ctlab.mjs test']) expect(text).toContain(cmd);
    expect(text).toContain("P: alice's password in scenarios/multi-upn-suffix.yaml");
    expect(text).not.toMatch(/Passw0rd/);
  });
});
