/**
 * The training page (docs/training-page.md) in Debian's Chromium (playwright-core, never a
 * downloaded browser) against `ctlab up` in its own process on free ports, except the KDC on
 * 127.0.0.1:88 (impacket, inside the Python cloud-trust client, only talks to port 88: run this file
 * under flock /tmp/ctlab-interop.lock):
 *   - the world view lists the scenario's users and DCs and the Kerberos server's two key versions;
 *   - MIT kinit makes KDC arrows appear, the last one ok; opening it shows the event's fields;
 *   - test/interop/py/entra_client.py's PRT and partial-TGT exchange (impacket) draws Entra and KDC
 *     arrows ending in an ok TGS; after the page's "Rotate cloud only" switch (the admin API) the
 *     world shows KeyVersion ≠ CloudKeyVersion and the same exchange's KDC arrow is red with
 *     KRB_AP_ERR_BAD_INTEGRITY and the fact naming the key;
 *   - the decoded view: the Sign in button's full-TGT arrow shows alice's PAC groups by name and the
 *     NT hash of the key list masked; the DNS answer, the netlogon flags, tgt_ad's kvno split and
 *     MIT kinit's AS exchange (opened with alice's key) decode;
 *   - no console error anywhere. Screenshots of each state go to .stamp/training-page/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { loadWorld } from '../../emulator/world.ts';
import { launchChromium, type Browser } from '../support/chromium.ts';
import { runMitTool } from '../support/mit-tools.ts';
import { PATH, requireTools, runProcess } from '../support/process.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE = join(ROOT, 'test/fixtures/entra-lab.yaml');
const CLIENT = join(ROOT, 'test/interop/py/entra_client.py');
const SHOTS = join(ROOT, '.stamp/training-page');
const PORTS = ['--dns-port', '0', '--kdc-port', '88', '--ldap-port', '0', '--gc-port', '0', '--kpasswd-port', '0', '--entra-port', '0', '--entra-http-port', '0', '--admin-port', '0', '--ui-port', '0'];

/** The little of the DOM the page-side callbacks touch (the project's types have no DOM lib). */
type El = { dataset: Record<string, string | undefined> };
declare const document: { body: El; getElementById(id: string): El | null; querySelectorAll(selector: string): Iterable<El> };
declare function getComputedStyle(el: unknown): { backgroundColor: string };

interface LabJson {
  services: Record<string, { host: string; port: number; url?: string }>;
}

const tmp = mkdtempSync(join(tmpdir(), 'ctlab-ui-'));
let lab: ChildProcess;
let info: LabJson;
let output = '';
let browser: Browser;

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out; ctlab output:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const shot = (name: string) => browser.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });

/** The cloud-trust client: ROPC, device registration, PRT with tgt_ad, then the exchange at the KDC on :88. */
async function cloudSignIn(): Promise<{ tgt_ad?: { exchange?: { ntHash?: string; error?: string } } }> {
  const body = { base: info.services['entra-http'].url, cacert: null, upn: 'alice@contoso.com', password: 'Alice-Passw0rd!', hello: false, domain: 'FABRIKAM.LOCAL', kdc: '2130706433', exchange: true };
  const r = await runProcess('/usr/bin/python3', [CLIENT], { input: JSON.stringify(body), env: { PATH, LANG: 'C.UTF-8' }, timeoutMs: 60_000, cwd: tmp });
  if (r.code !== 0) throw new Error(`entra_client.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The arrows now on the page, as their data attributes. */
const arrows = (): Promise<{ service: string; step: string; verdict: string; code: string }[]> =>
  browser.page.$$eval('#arrows button.msg', (bs) => bs.map((b) => {
    const d = (b as unknown as El).dataset;
    return { service: d.service!, step: d.step!, verdict: d.verdict!, code: d.code! };
  }));

const count = async (): Promise<number> => Number((await browser.page.getAttribute('#arrows', 'data-count')) ?? 0);

beforeAll(async () => {
  await requireTools(['kinit'], 'krb5-user');
  await requireTools(['/usr/bin/chromium'], 'chromium');
  mkdirSync(SHOTS, { recursive: true });
  const readyFile = join(tmp, 'lab.json');
  lab = spawn(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'up', FIXTURE, ...PORTS, '--ready-file', readyFile, '--no-key-cache', '--quiet'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  lab.stdout!.on('data', (d) => (output += d));
  lab.stderr!.on('data', (d) => (output += d));
  await waitFor(() => existsSync(readyFile) || lab.exitCode !== null, 30_000);
  if (!existsSync(readyFile)) throw new Error(`ctlab up stopped (the KDC needs 127.0.0.1:88 free):\n${output}`);
  info = JSON.parse(readFileSync(readyFile, 'utf8'));
  const conf = await runProcess(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'krb5conf', '--lab', readyFile, '-o', join(tmp, 'krb5.conf')], { env: { PATH } });
  if (conf.code !== 0) throw new Error(conf.stderr);
  browser = await launchChromium(join(tmp, 'profile'));
});

afterAll(async () => {
  await browser?.context.close();
  if (lab && lab.exitCode === null) lab.kill('SIGTERM');
  await waitFor(() => lab.exitCode !== null, 10_000).catch(() => lab.kill('SIGKILL'));
  rmSync(tmp, { recursive: true, force: true });
});

describe('the training page on a running lab', () => {
  it('is in the ready file and the world view lists the scenario users and DCs', async () => {
    expect(info.services.ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toMatch(/^ui\/http\s+127\.0\.0\.1:\d+$/m);
    await browser.page.goto(info.services.ui.url!);
    await browser.page.waitForSelector('#users tbody tr');
    const world = loadWorld(FIXTURE);
    const users = world.directory.users.filter((u) => u.role === 'normal').map((u) => u.samAccountName);
    expect(users.length).toBeGreaterThan(2);
    expect(await browser.page.$$eval('#users tr[data-user]', (rs) => rs.map((r) => (r as unknown as El).dataset.user))).toEqual(users);
    expect(await browser.page.$$eval('#dcs tr[data-dc]', (rs) => rs.map((r) => (r as unknown as El).dataset.dc))).toEqual(world.directory.dcs.map((d) => d.name));
    const kv = world.directory.azureAdKerberos!.krbtgt.secrets.current.kvno;
    expect(await browser.page.textContent('#ks-keyversion')).toBe(String(kv));
    expect(await browser.page.textContent('#ks-cloudkeyversion')).toBe(String(world.tenant.kerberosDomains[0].keyVersion));
    await browser.page.waitForSelector('#status.live');
    await shot('1-world');
    expect(await browser.page.isHidden('#exercise')).toBe(true);
    expect(browser.errors).toEqual([]);
  });

  it('MIT kinit draws KDC arrows, the last one ok, and an arrow opens to its fields', async () => {
    const before = await count();
    const r = await runMitTool('kinit', ['alice@FABRIKAM.LOCAL'], { krb5Config: join(tmp, 'krb5.conf'), ccache: join(tmp, 'cc'), input: 'Alice-Passw0rd!\n' });
    expect(r.code).toBe(0);
    await browser.page.waitForFunction((n) => Number(document.getElementById('arrows')!.dataset.count) >= n + 2, before);
    const kdc = (await arrows()).slice(before).filter((a) => a.service === 'kdc');
    expect(kdc.map((a) => a.code)).toEqual(['KDC_ERR_PREAUTH_REQUIRED', '']);
    expect(kdc.at(-1)!.verdict).toBe('ok');
    await shot('2a-kinit-arrows');
    const last: Locator = browser.page.locator('#arrows button.msg[data-service="kdc"][data-verdict="ok"]').last();
    await last.focus();
    await browser.page.keyboard.press('Enter');
    await browser.page.waitForSelector('#detail:not([hidden])');
    const detail = JSON.parse((await browser.page.textContent('#detail-json'))!);
    expect(detail).toMatchObject({ service: 'kdc', step: 'AS', verdict: 'ok', client: 'alice@FABRIKAM.LOCAL', detail: { preauth: 'PA-ENC-TIMESTAMP' } });
    await shot('2-kinit-detail');
    await browser.page.keyboard.press('Escape');
    expect(await browser.page.isHidden('#detail')).toBe(true);
    // Escape went back to the arrow; k moves to the one before it; j and k typed into a field stay there.
    expect(await browser.page.evaluate(() => (globalThis as unknown as { document: { activeElement: El } }).document.activeElement.dataset.verdict)).toBe('ok');
    await browser.page.keyboard.press('k');
    expect(await browser.page.evaluate(() => (globalThis as unknown as { document: { activeElement: El } }).document.activeElement.dataset.code)).toBe('KDC_ERR_PREAUTH_REQUIRED');
    await browser.page.fill('#signin-password', '');
    await browser.page.focus('#signin-password');
    await browser.page.keyboard.type('jk');
    expect(await browser.page.inputValue('#signin-password')).toBe('jk');
    await browser.page.fill('#signin-password', '');
    expect(browser.errors).toEqual([]);
  });

  it('the partial-TGT exchange succeeds, then after "Rotate cloud only" its KDC arrow is red with KRB_AP_ERR_BAD_INTEGRITY', async () => {
    let before = await count();
    const ok = await cloudSignIn();
    expect(ok.tgt_ad?.exchange?.ntHash).toMatch(/^[0-9a-f]{32}$/);
    await browser.page.waitForFunction((n) => [...document.querySelectorAll('#arrows button.msg[data-service="kdc"]')].some((b) => Number(b.dataset.index) >= n), before);
    let mine = (await arrows()).slice(before);
    expect(mine.filter((a) => a.service === 'entra').map((a) => a.verdict)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(mine.filter((a) => a.service === 'kdc').map((a) => [a.verdict, a.code])).toEqual([['ok', '']]);
    await shot('3-partial-tgt-ok');
    // The PRT arrow opens with the partial TGT's kvno split into the RODC number and the key version.
    await browser.page.locator('#arrows button.msg[data-service="entra"][data-step="prt"]').last().click();
    const world = loadWorld(FIXTURE);
    const kd = world.tenant.kerberosDomains[0];
    expect(await browser.page.textContent('#detail table.kvno')).toContain(`${((kd.id << 16) | kd.keyVersion) >>> 0} = RODC number ${kd.id} · key version ${kd.keyVersion}`);
    await shot('3b-prt-detail');
    await browser.page.keyboard.press('Escape');

    const worldReads = Number(await browser.page.getAttribute('body', 'data-world-loaded'));
    await browser.page.click('button[data-switch="rotate-cloud"]');
    await browser.page.waitForFunction((n) => Number(document.body.dataset.worldLoaded) > n, worldReads);
    await browser.page.waitForSelector('#ks-keyversion .bad');
    const kv = Number(await browser.page.textContent('#ks-keyversion'));
    const ckv = Number((await browser.page.textContent('#ks-cloudkeyversion'))!.replace(/\D/g, ''));
    expect(ckv).toBe(kv + 1);
    expect(await browser.page.getAttribute('#findings .finding[data-where="kerberos-server"]', 'data-fields')).toBe('KeyVersion CloudKeyVersion');

    before = await count();
    const bad = await cloudSignIn();
    expect(bad.tgt_ad?.exchange?.error).toMatch(/KRB_AP_ERR_BAD_INTEGRITY/);
    await browser.page.waitForSelector('#arrows button.msg.error[data-service="kdc"][data-code="KRB_AP_ERR_BAD_INTEGRITY"]');
    mine = (await arrows()).slice(before);
    expect(mine.filter((a) => a.service === 'kdc').map((a) => [a.verdict, a.code])).toEqual([['error', 'KRB_AP_ERR_BAD_INTEGRITY']]);
    const red = browser.page.locator('#arrows button.msg.error[data-code="KRB_AP_ERR_BAD_INTEGRITY"]').last();
    expect(await red.locator('.fact').textContent()).toMatch(/krbtgt_AzureAD|key/i);
    const color = await red.locator('.line').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(color).toBe('rgb(255, 107, 107)');
    await red.scrollIntoViewIfNeeded();
    await shot('4-rotate-cloud-bad-integrity');
    expect(browser.errors).toEqual([]);
  });

  it('the Sign in button (the device, in the lab process): ok after "Rotate both", the KDC arrow red with KRB_AP_ERR_BAD_INTEGRITY after "Rotate cloud only"', async () => {
    const page = browser.page;
    const flip = async (name: string) => {
      const reads = Number(await page.getAttribute('body', 'data-world-loaded'));
      await page.click(`button[data-switch="${name}"]`);
      await page.waitForFunction((n) => Number(document.body.dataset.worldLoaded) > n, reads);
    };
    const signInOnce = async () => {
      const done = Number((await page.getAttribute('body', 'data-signins')) ?? 0);
      const before = await count();
      await page.selectOption('#signin-upn', 'alice@contoso.com');
      await page.click('#signin-go');
      await page.waitForFunction((n) => Number(document.body.dataset.signins ?? 0) > n, done);
      // The device's last step (its trace event follows the KDC's) has arrived.
      await page.waitForFunction((n) => [...document.querySelectorAll('#arrows button.msg[data-service="device"]')].some((b) => Number(b.dataset.index) >= n && b.dataset.step === 'fullTgt'), before);
      return (await arrows()).slice(before);
    };

    await flip('rotate-both');
    expect(await page.$$('#ks-keyversion .bad')).toHaveLength(0);
    let mine = await signInOnce();
    expect(await page.getAttribute('#switch-result', 'class')).toBe('ok');
    expect(mine.filter((a) => a.service === 'kdc').map((a) => [a.verdict, a.code])).toEqual([['ok', '']]);
    expect(mine.filter((a) => a.service === 'entra').every((a) => a.verdict === 'ok')).toBe(true);
    expect(mine.filter((a) => a.service === 'device' && a.verdict === 'error')).toEqual([]);
    await shot('5-signin-button-ok');

    await flip('rotate-cloud');
    mine = await signInOnce();
    expect(await page.getAttribute('#switch-result', 'class')).toBe('error');
    expect(await page.textContent('#switch-result')).toContain('KRB_AP_ERR_BAD_INTEGRITY');
    expect(mine.filter((a) => a.service === 'kdc').map((a) => [a.verdict, a.code])).toEqual([['error', 'KRB_AP_ERR_BAD_INTEGRITY']]);
    expect(mine.filter((a) => a.service === 'device' && a.verdict === 'error').map((a) => [a.step, a.code])).toEqual([['fullTgt', 'KRB_AP_ERR_BAD_INTEGRITY']]);
    await page.locator('#arrows button.msg.error[data-service="kdc"]').last().scrollIntoViewIfNeeded();
    await shot('6-signin-button-bad-integrity');
    expect(browser.errors).toEqual([]);
  });

  it('the decoded view: the Sign in button\'s full-TGT arrow shows the PAC groups by name and the NT hash masked; the DNS answer, the netlogon flags, tgt_ad\'s kvno and MIT kinit\'s AS exchange decode', async () => {
    const page = browser.page;
    const reads = Number(await page.getAttribute('body', 'data-world-loaded'));
    await page.click('button[data-switch="rotate-both"]');
    await page.waitForFunction((n) => Number(document.body.dataset.worldLoaded) > n, reads);
    const done = Number((await page.getAttribute('body', 'data-signins')) ?? 0);
    const before = await count();
    await page.selectOption('#signin-upn', 'alice@contoso.com');
    await page.click('#signin-go');
    await page.waitForFunction((n) => Number(document.body.dataset.signins ?? 0) > n, done);
    await page.waitForFunction((n) => [...document.querySelectorAll('#arrows button.msg[data-service="device"]')].some((b) => Number(b.dataset.index) >= n && b.dataset.step === 'fullTgt'), before);
    /** Opens the last arrow matching `selector` and waits for its decoded view. */
    const open = async (selector: string) => {
      if (!(await page.isHidden('#detail'))) await page.keyboard.press('Escape');
      const arrow = page.locator(`#arrows button.msg${selector}`).last();
      await arrow.scrollIntoViewIfNeeded();
      await arrow.click();
      await page.waitForSelector('#decoded[data-ready="true"]');
    };
    /** Each tree row as "label | value | note" (its own spans only, not its children's). */
    const texts = (selector: string) =>
      page.$$eval(selector, (els) =>
        els.map((el) => {
          const q = el as unknown as { querySelectorAll(s: string): Iterable<{ textContent: string }> };
          return [...q.querySelectorAll(':scope > span, :scope > details > summary > span')].map((x) => x.textContent).join(' | ');
        }),
      );

    // The full-TGT exchange (partial TGT in, full TGT and key list out): the PAC's groups by name, open at first.
    await open('[data-service="kdc"][data-step="TGS"][data-verdict="ok"]');
    const groups = page.locator('#decoded li[data-key="rep.ticket"] li[data-key="pac.groups"] > details > ul > li');
    expect(await groups.first().isVisible()).toBe(true);
    expect(await texts('#decoded li[data-key="rep.ticket"] li[data-key="pac.groups"] > details > ul > li')).toContain('513 | Domain Users | attributes 0x7 SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED');
    expect(await page.textContent('#decoded li[data-key="rep.ticket"] li[data-key="pac.extra-sids"]')).toContain('Authentication authority asserted identity');
    expect(await page.textContent('#decoded li[data-key="req.ticket"] li[data-key="req.ticket.kvno"]')).toMatch(/= RODC number \d+ · key version \d+/);
    expect(await page.textContent('#decoded li[data-key="rep.key-list.0"] .d-value')).toBe('••• (masked)');
    expect(await page.textContent('#decoded .d-status')).toContain('Secrets are masked');
    // Keyboard: Tab reaches a summary of the tree; Enter closes and opens it.
    const summary = page.locator('#decoded li[data-key="rep.ticket"] > details > summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('#decoded li[data-key="rep.ticket"] > details').getAttribute('open')).toBeNull();
    await page.keyboard.press('Enter');
    expect(await page.locator('#decoded li[data-key="rep.ticket"] > details').getAttribute('open')).toBe('');
    await groups.first().scrollIntoViewIfNeeded();
    await shot('9-decoded-full-tgt-pac');
    await page.locator('#decoded li[data-key="rep.key-list"]').scrollIntoViewIfNeeded();
    await shot('9b-decoded-key-list-masked');

    // The DC locator's DNS query: the SRV answer naming the DC.
    await open('[data-service="dns"][data-step="query"][data-verdict="ok"]');
    const answers = await texts('#decoded li[data-key="dns.answers"] > details > ul > li');
    expect(answers.some((a) => /^0 _kerberos\._tcp\.dc\._msdcs\.fabrikam\.local SRV \| priority 0 weight 100 port \d+ target dc1\.fabrikam\.local \| TTL \d+$/.test(a))).toBe(true);
    await shot('10-decoded-dns-answer');

    // The LDAP ping: the flags by name.
    await open('[data-service="cldap"][data-step="ping"][data-verdict="ok"]');
    const flags = (await texts('#decoded li[data-key="netlogon.flags"] > details > ul > li')).map((t) => t.split(' | ')[0]);
    expect(flags).toEqual(expect.arrayContaining(['DS_PDC_FLAG', 'DS_KDC_FLAG', 'DS_WRITABLE_FLAG', 'DS_KEY_LIST_FLAG']));
    await page.locator('#decoded li[data-key="netlogon.flags"]').scrollIntoViewIfNeeded();
    await shot('11-decoded-netlogon-flags');

    // The PRT response: tgt_ad's partial TGT with its kvno split, the PRT itself masked.
    await open('[data-service="entra"][data-step="prt"][data-verdict="ok"]');
    // The key version as the world view shows it now (the switches above rotated it).
    const id = loadWorld(FIXTURE).tenant.kerberosDomains[0].id;
    const ckv = Number((await page.textContent('#ks-cloudkeyversion'))!.replace(/\D/g, ''));
    expect(await page.textContent('#decoded li[data-key="tgt_ad.ticket.kvno"] .d-value')).toBe(`${((id << 16) | ckv) >>> 0} = RODC number ${id} · key version ${ckv}`);
    const prt = await texts('#decoded li[data-key="entra.response"] > details > ul > li.d-leaf');
    expect(prt).toContain('refresh_token | ••• (masked)');
    expect(prt.join('\n')).not.toContain('Alice-Passw0rd!');

    // MIT kinit's AS-REQ (earlier in this file): PA-ENC-TIMESTAMP and the AS-REP opened with alice's key.
    if (!(await page.isHidden('#detail'))) await page.keyboard.press('Escape');
    await page.locator('#arrows button.msg[data-service="kdc"][data-step="AS"][data-verdict="ok"]').first().click();
    await page.waitForSelector('#decoded[data-ready="true"]');
    const ts = await texts('#decoded li[data-label="timestamp"]');
    expect(ts).toHaveLength(1);
    expect(ts[0]).toMatch(/^timestamp \| \d{4}-\d\d-\d\dT[\d:.]+Z \| opened with alice's key \(key version \d+\)$/);
    expect(await page.$$('#decoded .d-error')).toHaveLength(0);
    await shot('12-decoded-mit-kinit-as');
    await page.keyboard.press('Escape');
    expect(browser.errors).toEqual([]);
  });

  it('answers a foreign origin 403, a sign-in without a UPN 400 and an unknown path 404 (curl), and --no-ui leaves it out of the ready file', async () => {
    const ui = info.services.ui.url!;
    const post = await runProcess('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', '-H', 'content-type: application/json', '-H', 'origin: http://evil.example', '-d', '{"cloudOnly":true}', `${ui}/api/kerberos-server/rotate`], { env: { PATH } });
    expect(post.stdout).toBe('403');
    const badUpn = await runProcess('curl', ['-sS', '-w', '\n%{http_code}', '-X', 'POST', '-H', 'content-type: application/json', '-d', '{"upn":"alice"}', `${ui}/api/signin`], { env: { PATH } });
    const nl = badUpn.stdout.lastIndexOf('\n');
    const [badBody, badStatus] = [badUpn.stdout.slice(0, nl), badUpn.stdout.slice(nl + 1)];
    expect([badStatus, JSON.parse(badBody).error]).toEqual(['400', 'BAD_REQUEST']);
    const missing = await runProcess('curl', ['-sS', '--path-as-is', '-w', '\n%{http_code}', `${ui}/assets/../../package.json`], { env: { PATH } });
    expect(missing.stdout.trim().split('\n').at(-1)).toBe('404');
    const ready = join(tmp, 'no-ui.json');
    const zero = PORTS.map((p) => (p === '88' ? '0' : p)).filter((p, i, a) => p !== '--ui-port' && a[i - 1] !== '--ui-port');
    const child = spawn(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'up', FIXTURE, ...zero, '--no-ui', '--ready-file', ready, '--no-key-cache', '--quiet'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    try {
      await waitFor(() => existsSync(ready) || child.exitCode !== null, 30_000);
      expect(Object.keys(JSON.parse(readFileSync(ready, 'utf8')).services)).not.toContain('ui');
      expect(out).not.toMatch(/^ui\//m);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('an exercise (scenarios/exercises/admin-never-revealed.yaml): the symptom, carol\'s sign-in red with KDC_ERR_TGT_REVOKED, a wrong then the right diagnosis', async () => {
    const ready = join(tmp, 'exercise.json');
    const zero = PORTS.map((p) => (p === '88' ? '0' : p));
    const child = spawn(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'up', join(ROOT, 'scenarios/exercises/admin-never-revealed.yaml'), ...zero, '--ready-file', ready, '--no-key-cache', '--quiet'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    try {
      await waitFor(() => existsSync(ready) || child.exitCode !== null, 30_000);
      const url = JSON.parse(readFileSync(ready, 'utf8')).services.ui.url as string;
      await page.goto(url);
      await page.waitForSelector('#exercise:not([hidden]) #exercise-choices');
      expect(await page.textContent('#exercise .symptom')).toContain('carol@contoso.com');
      expect(await page.$$('#findings .finding')).toHaveLength(0);
      await page.waitForSelector('#findings .hidden-findings');
      await page.waitForSelector('#signin-upn option[value="carol@contoso.com"]', { state: 'attached' });
      await page.selectOption('#signin-upn', 'carol@contoso.com');
      await page.click('#signin-go');
      await page.waitForSelector('#arrows button.msg.error[data-service="kdc"][data-code="KDC_ERR_TGT_REVOKED"]');
      await page.waitForSelector('#switch-result.error');
      // The scenario setting behind the failure is the answer: not shown while the exercise is open.
      expect(await page.$$('#signin-settings li')).toHaveLength(0);
      await page.check('input[name=diagnosis][value="key-version-mismatch"]');
      await page.click('#exercise-submit');
      await page.waitForSelector('#exercise-verdict[data-correct="false"]');
      await page.screenshot({ path: join(SHOTS, '7-exercise-wrong.png') });
      await page.check('input[name=diagnosis][value="user-never-revealed"]');
      // Trace events arriving meanwhile (carol signs in again) leave the trainee's choice alone.
      const count = Number(await page.getAttribute('#arrows', 'data-count'));
      await page.click('#signin-go');
      await page.waitForFunction((n) => Number(document.getElementById('arrows')!.dataset.count) > n + 3, count);
      expect(await page.isChecked('input[name=diagnosis][value="user-never-revealed"]')).toBe(true);
      await page.click('#exercise-submit');
      await page.waitForSelector('#exercise-verdict[data-correct="true"]');
      // Solved: the disagreements show, carol's Never reveal membership among them.
      await page.waitForSelector('#findings .finding[data-where="user:carol"]');
      expect(await page.getAttribute('#findings .finding[data-where="user:carol"]', 'data-fields')).toBe('msDS-NeverRevealGroup');
      await page.screenshot({ path: join(SHOTS, '8-exercise-right.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      child.kill('SIGTERM');
    }
  });

  it('the scenario editor (Alt+E): a wrong users[1].upn is linted with its path and line, Ctrl-Space under users[0] offers upn with its description, a shipped scenario opens, Restart follows the PUT /api/scenario contract', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    const editorData = () => page.evaluate(() => ({ ...(globalThis as unknown as { document: { getElementById(id: string): El } }).document.getElementById('editor').dataset }));
    const waitChecks = async (n: number) => page.waitForFunction((k) => Number(document.getElementById('editor')!.dataset.checks ?? 0) > k, n);
    try {
      await page.goto(info.services.ui.url!);
      await page.waitForSelector('#users tbody tr');
      await page.keyboard.press('Alt+e');
      await page.waitForSelector('#editor:not([hidden]) .cm-content');
      expect(await page.isHidden('#sequence')).toBe(true);
      await page.waitForFunction(() => document.getElementById('editor')!.dataset.valid === 'true');
      const fixture = readFileSync(FIXTURE, 'utf8');
      expect((await editorData()).name).toBe('entra-lab.yaml');
      expect(await page.locator('.cm-line').first().textContent()).toBe(fixture.split('\n')[0]);
      // Tab indents inside the editor; Escape then Tab leaves it (keyboard users are not trapped).
      await page.locator('.cm-line').first().click();
      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { closest(s: string): unknown } } }).document.activeElement.closest('#editor-cm'))).toBeNull();

      // A wrong value: bob's UPN without an @. The lab's loader answers with the path and the line.
      const checks = Number((await editorData()).checks);
      await page.locator('.cm-line', { hasText: 'upn: bob@east.contoso.com' }).click();
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('upn: bob-at-east');
      await waitChecks(checks);
      await page.waitForSelector('#editor-problems li[data-path="users[1].upn"]');
      const line = fixture.split('\n').findIndex((l) => l.includes('upn: bob@east.contoso.com')) + 1;
      expect(await page.$$eval('#editor-problems li', (ls) => ls.map((l) => [(l as unknown as El).dataset.path, (l as unknown as El).dataset.line, (l as unknown as El).dataset.reason]))).toEqual([['users[1].upn', String(line), 'BAD_FORMAT']]);
      expect(await page.textContent('#editor-problems li')).toContain('"bob-at-east"');
      expect(await page.textContent('.cm-lintRange-error')).toBe('upn');
      await page.waitForSelector('.cm-gutter-lint .cm-lint-marker-error');
      expect((await editorData()).valid).toBe('false');
      await page.screenshot({ path: join(SHOTS, '9-editor-lint.png') });

      // A shipped scenario from the list (baseline.yaml: alice without a upn), valid.
      await page.selectOption('#editor-open', 'baseline.yaml');
      await page.focus('#editor-load');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.getElementById('editor')!.dataset.name === 'baseline.yaml');
      await page.waitForFunction(() => document.getElementById('editor')!.dataset.valid === 'true');
      expect(await page.$$('#editor-problems li')).toHaveLength(0);
      expect(await page.textContent('#editor-name')).toBe('· baseline.yaml');
      await page.screenshot({ path: join(SHOTS, '10-editor-shipped.png') });

      // Completion under users[0]: a new line after alice's displayName, Ctrl-Space.
      await page.locator('.cm-line', { hasText: 'displayName: Alice Anders' }).click();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+Space');
      await page.waitForSelector('.cm-tooltip-autocomplete li');
      const options = await page.$$eval('.cm-tooltip-autocomplete li .cm-completionLabel', (ls) => ls.map((l) => (l as unknown as { textContent: string }).textContent));
      expect(options).toContain('upn');
      expect(options).not.toContain('sam');
      expect(options).not.toContain('displayName');
      const schema = JSON.parse(readFileSync(join(ROOT, 'scenarios/scenario.schema.json'), 'utf8'));
      const upnDescription = schema.properties.users.items.properties.upn.description as string;
      // CodeMirror ignores keys for its interactionDelay (75 ms) after the list opens: a hand is slower than that.
      await page.waitForTimeout(150);
      for (let i = 0; i < options.indexOf('upn'); i++) await page.keyboard.press('ArrowDown');
      await page.waitForSelector('.cm-completionInfo');
      expect(await page.textContent('.cm-completionInfo')).toBe(upnDescription);
      await page.screenshot({ path: join(SHOTS, '11-editor-completion.png') });
      await page.keyboard.press('Enter');
      expect(await page.locator('.cm-line', { hasText: /^\s*upn: / }).first().textContent()).toBe('    upn: ');

      // "Restart lab on it" speaks PUT /api/scenario (the admin API's restart, another branch's):
      // its 400 marks the problems like validate's, its 404 says the lab cannot restart, its 200 re-reads the world.
      const puts: { text: string; name: string }[] = [];
      let answer: { status: number; json: unknown } = { status: 400, json: { error: 'SCENARIO_INVALID', errors: [{ path: 'users[0].upn', line: 19, column: 5, message: 'expected a UPN' }] } };
      await page.route('**/api/scenario', (route) => {
        if (route.request().method() !== 'PUT') return route.continue();
        puts.push(JSON.parse(route.request().postData()!));
        return route.fulfill({ status: answer.status, contentType: 'application/json', body: JSON.stringify(answer.json) });
      });
      await page.keyboard.type('alice@contoso.com');
      await page.click('#editor-restart');
      await page.waitForSelector('#editor-problems li[data-path="users[0].upn"][data-line="19"]');
      expect(await page.getAttribute('#editor-status', 'class')).toBe('error');
      expect(puts.at(-1)!.name).toBe('baseline.yaml');
      expect(puts.at(-1)!.text).toContain('    upn: alice@contoso.com\n');
      answer = { status: 404, json: { error: 'NOT_FOUND', message: 'PUT /api/scenario: no such page or API' } };
      await page.click('#editor-restart');
      await page.waitForFunction(() => document.getElementById('editor')!.dataset.restart === '404');
      expect(await page.textContent('#editor-status')).toContain('This lab cannot restart');
      answer = { status: 200, json: { restarted: true, ms: 42 } };
      const reads = Number(await page.getAttribute('body', 'data-world-loaded'));
      await page.click('#editor-restart');
      await page.waitForFunction((n) => Number(document.body.dataset.worldLoaded) > n, reads);
      expect(await page.textContent('#editor-status')).toBe('Restarted on baseline.yaml in 42 ms.');

      await page.keyboard.press('Alt+e');
      expect(await page.isHidden('#editor')).toBe(true);
      await page.waitForSelector('#sequence:not([hidden])');
      // The two refusals above are the answers the test gave (the browser logs every 4xx it fetches).
      expect(errors.filter((e) => !/^Failed to load resource: the server responded with a status of (400 \(Bad Request\)|404 \(Not Found\))$/.test(e))).toEqual([]);
      expect(errors).toHaveLength(2);
    } finally {
      await page.close();
    }
  });

  it('the editor API with curl: validate names users[1].upn with its line, the vendor files come gzip-compressed, nothing outside them or scenarios/ is served', async () => {
    const ui = info.services.ui.url!;
    const text = readFileSync(FIXTURE, 'utf8').replace('upn: bob@east.contoso.com', 'upn: bob-at-east');
    const r = await runProcess('curl', ['-sS', '-X', 'POST', '-H', 'content-type: application/json', '--data-binary', '@-', `${ui}/api/scenario/validate`], { input: JSON.stringify({ text, name: 'entra-lab.yaml' }), env: { PATH } });
    const body = JSON.parse(r.stdout) as { ok: boolean; errors: { path: string; line: number; column: number }[] };
    const line = text.split('\n').findIndex((l) => l.includes('upn: bob-at-east')) + 1;
    expect([body.ok, body.errors.map((e) => [e.path, e.line, e.column])]).toEqual([false, [['users[1].upn', line, 5]]]);
    const gz = await runProcess('curl', ['-sS', '--compressed', '-D', '-', '-o', join(tmp, 'view.js'), `${ui}/vendor/@codemirror/view/dist/index.js`], { env: { PATH } });
    expect(gz.stdout).toMatch(/^content-encoding: gzip\r?$/im);
    expect(readFileSync(join(tmp, 'view.js')).equals(readFileSync(join(ROOT, 'node_modules/@codemirror/view/dist/index.js')))).toBe(true);
    for (const path of ['/vendor/@codemirror/view/../../../package.json', '/vendor/zod/index.js', '/api/scenarios/../package.json', '/api/scenarios/%2e%2e%2fpackage.json']) {
      const c = await runProcess('curl', ['-sS', '--path-as-is', '-o', '/dev/null', '-w', '%{http_code}', `${ui}${path}`], { env: { PATH } });
      expect([path, c.stdout]).toEqual([path, '404']);
    }
  });
});

describe('break it live: the scenario switches and Reset (docs/lab-admin.md)', () => {
  it('NeverReveal alice: the Sign in button\'s KDC arrow red with KDC_ERR_TGT_REVOKED; Reset: ok again; KDC clock +900 s: red with KRB_AP_ERR_SKEW', async () => {
    const page = browser.page;
    await page.goto(info.services.ui.url!);
    await page.waitForSelector('#fault-state[data-original]');
    // The panel starts closed (the diagram keeps the room); the state line shows outside it.
    expect(await page.$eval('#break-it', (d) => (d as unknown as { open: boolean }).open)).toBe(false);
    await page.click('#break-it summary');
    /** Clicks a switch and waits until the panel says the lab restarted and the world was read again. */
    const change = async (selector: string) => {
      const n = Number((await page.getAttribute('#break-it', 'data-changes')) ?? 0);
      const reads = Number(await page.getAttribute('body', 'data-world-loaded'));
      await page.click(selector);
      await page.waitForFunction((k) => Number((document.getElementById('break-it') as El).dataset.changes ?? 0) > k, n);
      await page.waitForFunction((k) => Number(document.body.dataset.worldLoaded) > k, reads);
    };
    const signIn = async (upn: string) => {
      const done = Number((await page.getAttribute('body', 'data-signins')) ?? 0);
      const before = await count();
      await page.selectOption('#signin-upn', upn);
      await page.click('#signin-go');
      await page.waitForFunction((n) => Number(document.body.dataset.signins ?? 0) > n, done);
      await page.waitForFunction((n) => [...document.querySelectorAll('#arrows button.msg[data-service="device"]')].some((b) => Number(b.dataset.index) >= n && b.dataset.step === 'fullTgt'), before);
      return (await arrows()).slice(before);
    };
    const kdc = (mine: { service: string; verdict: string; code: string }[]) => mine.filter((a) => a.service === 'kdc').map((a) => [a.verdict, a.code]);

    // The earlier tests left the cloud key rotated: Reset puts the scenario (and its keys) back.
    await change('#lab-reset');
    expect(await page.getAttribute('#fault-state', 'data-original')).toBe('true');
    expect(await page.textContent('#switch-result')).toMatch(/^Reset: back to .*entra-lab\.yaml \(lab restarted in \d+ ms/);
    expect(kdc(await signIn('alice@contoso.com'))).toEqual([['ok', '']]);

    await page.fill('#bi-never', 'alice');
    await change('#bi-never-add');
    expect((await page.getAttribute('#fault-state', 'data-never-reveal'))!.split('|')).toContain('alice');
    expect(await page.textContent('#fault-state [data-fault="never-reveal"]')).toBe('NeverReveal: alice');
    expect(await page.getAttribute('#fault-state', 'data-original')).toBe('false');
    await page.waitForSelector('#findings .finding[data-where="user:alice"][data-fields="msDS-NeverRevealGroup"]');
    await page.waitForSelector('#arrows button.msg.note.admin[data-step="fault"][data-verdict="ok"]');
    let mine = await signIn('alice@contoso.com');
    expect(kdc(mine)).toEqual([['error', 'KDC_ERR_TGT_REVOKED']]);
    expect(mine.filter((a) => a.service === 'device' && a.verdict === 'error').map((a) => [a.step, a.code])).toEqual([['fullTgt', 'KDC_ERR_TGT_REVOKED']]);
    // The scenario setting behind it, as ctlab signin prints it (clients/diagnosis).
    expect(await page.$$eval('#signin-settings li', (ls) => ls.map((l) => (l as unknown as El).dataset.setting))).toEqual(['azureADKerberos.neverReveal']);
    const red = page.locator('#arrows button.msg.error[data-service="kdc"][data-code="KDC_ERR_TGT_REVOKED"]').last();
    expect(await red.locator('.line').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 107, 107)');
    await red.scrollIntoViewIfNeeded();
    await shot('9-never-reveal-alice-tgt-revoked');

    await change('#lab-reset');
    await page.waitForSelector('#arrows button.msg.note.admin[data-step="reset"]');
    expect(await page.$$('#findings .finding[data-where="user:alice"]')).toHaveLength(0);
    expect(kdc(await signIn('alice@contoso.com'))).toEqual([['ok', '']]);
    await shot('10-reset-signin-ok');

    await page.fill('#bi-skew', '900');
    await change('#bi-skew-go');
    await page.waitForSelector('#fault-state [data-fault="skew-kdc"]');
    expect(await page.textContent('#fault-state [data-fault="skew-kdc"]')).toBe('KDC clock +900 s');
    mine = await signIn('alice@contoso.com');
    expect(kdc(mine)).toEqual([['error', 'KRB_AP_ERR_SKEW']]);
    await page.locator('#arrows button.msg.error[data-service="kdc"][data-code="KRB_AP_ERR_SKEW"]').last().scrollIntoViewIfNeeded();
    await shot('11-kdc-clock-skew');

    await change('#lab-reset');
    expect(await page.getAttribute('#fault-state', 'data-original')).toBe('true');
    expect(browser.errors).toEqual([]);
  });

  it('a switch the loader refuses (NeverReveal of a name the scenario lacks) says so and changes nothing; the forwarding routes answer (curl)', async () => {
    const page = browser.page;
    const reads = Number(await page.getAttribute('body', 'data-world-loaded'));
    await page.fill('#bi-never', 'nobody-at-all');
    await page.click('#bi-never-add');
    await page.waitForSelector('#switch-result.error');
    expect(await page.textContent('#switch-result')).toMatch(/SCENARIO_INVALID: azureADKerberos\.neverReveal\[\d+\]/);
    expect(Number(await page.getAttribute('body', 'data-world-loaded'))).toBe(reads);
    expect(await page.getAttribute('#fault-state', 'data-original')).toBe('true');
    const ui = info.services.ui.url!;
    const get = await runProcess('curl', ['-sS', `${ui}/api/faults`], { env: { PATH } });
    expect(JSON.parse(get.stdout)).toMatchObject({ original: true, faults: { down: [], clockSkew: { kdc: 0, cloud: 0 } } });
    const bad = await runProcess('curl', ['-sS', '-w', '\n%{http_code}', '-X', 'POST', '-H', 'content-type: application/json', '-d', '{"down":"kdc"}', `${ui}/api/faults`], { env: { PATH } });
    const nl = bad.stdout.lastIndexOf('\n');
    expect([bad.stdout.slice(nl + 1), JSON.parse(bad.stdout.slice(0, nl)).error.detail.field]).toEqual(['400', 'down']);
    const foreign = await runProcess('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', '-H', 'content-type: application/json', '-H', 'origin: http://evil.example', '-d', '{}', `${ui}/api/lab/reset`], { env: { PATH } });
    expect(foreign.stdout).toBe('403');
    await shot('12-switch-refused');
    // The one console line allowed is Chromium's own note of the refused POST's 400 (the answer the switch expects).
    expect(browser.errors.filter((e) => !/Failed to load resource: the server responded with a status of 400/.test(e))).toEqual([]);
  });

  it('the editor restarts the running lab for real: tenant.kerberosDomain.present: false comes back in the world (no KerberosDomain, the finding says so), a refused text changes nothing, Reset puts the scenario back', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    const world = async () => JSON.parse((await runProcess('curl', ['-sS', `${info.services.ui.url}/api/world`], { env: { PATH } })).stdout);
    try {
      await page.goto(info.services.ui.url!);
      await page.waitForSelector('#users tbody tr');
      expect((await world()).kerberosDomain).toMatchObject({ cloudId: 30775 });
      await page.keyboard.press('Alt+e');
      await page.waitForSelector('#editor:not([hidden]) .cm-content');
      await page.waitForFunction(() => document.getElementById('editor')!.dataset.valid === 'true');
      // The tenant without its KerberosDomain (Remove-AzureADKerberosServer's cloud half): AD keeps AzureADKerberos.
      await page.locator('.cm-line', { hasText: /^\s*present: true$/ }).click();
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('present: false');
      const reads = Number(await page.getAttribute('body', 'data-world-loaded'));
      await page.click('#editor-restart');
      await page.waitForFunction((n) => Number(document.body.dataset.worldLoaded) > n, reads);
      expect(await page.textContent('#editor-status')).toMatch(/^Restarted on entra-lab\.yaml in \d+ ms\.$/);
      const after = await world();
      expect([after.kerberosDomain, after.azureAdKerberos.id]).toEqual([null, 30775]);
      expect(after.findings.map((f: { fields: string[] }) => f.fields)).toContainEqual(['CloudKeyVersion']);
      await page.screenshot({ path: join(SHOTS, '13-editor-restarted.png') });

      // A text the loader refuses: the real PUT answers 400 SCENARIO_INVALID with the path; the lab keeps running on the last good text.
      await page.locator('.cm-line', { hasText: /^\s*present: false$/ }).click();
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type('present: maybe');
      await page.click('#editor-restart');
      await page.waitForSelector('#editor-problems li[data-path="tenant.kerberosDomain.present"]');
      expect(await page.getAttribute('#editor-status', 'class')).toBe('error');
      expect((await world()).kerberosDomain).toBeNull();

      // Reset (the Break it panel): the scenario the lab started with.
      await page.keyboard.press('Alt+e');
      const before = Number(await page.getAttribute('body', 'data-world-loaded'));
      await page.click('#break-it summary');
      await page.click('#lab-reset');
      await page.waitForFunction((n) => Number(document.body.dataset.worldLoaded) > n, before);
      expect((await world()).kerberosDomain).toMatchObject({ cloudId: 30775 });
      // The one console line allowed is Chromium's note of the refused PUT's 400 (the answer the test asked for).
      expect(errors.filter((e) => !/^Failed to load resource: the server responded with a status of 400 \(Bad Request\)$/.test(e))).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('"Rotate on-prem only" once: the DC still opens the partial TGT with its previous key; twice: the KDC arrow red with KRB_AP_ERR_BAD_INTEGRITY, the event naming the versions AD holds (4 and 3) against the ticket\'s (2)', async () => {
    const page = browser.page;
    await page.goto(info.services.ui.url!);
    await page.waitForSelector('#users tbody tr');
    // Waits for the world to show AD's new key version (the page also re-reads it for events it replays on load).
    const flip = async (name: string, keyVersion: string) => {
      await page.click(`button[data-switch="${name}"]`);
      await page.waitForFunction((kv) => (document as unknown as { getElementById(id: string): { textContent: string } | null }).getElementById('ks-keyversion')?.textContent === kv, keyVersion);
    };
    /** Signs alice in with the page's button; the KDC events of that sign-in, as the detail panel shows them. */
    const signIn = async () => {
      const done = Number((await page.getAttribute('body', 'data-signins')) ?? 0);
      const before = await count();
      await page.selectOption('#signin-upn', 'alice@contoso.com');
      await page.click('#signin-go');
      await page.waitForFunction((n) => Number(document.body.dataset.signins ?? 0) > n, done);
      await page.waitForFunction((n) => [...document.querySelectorAll('#arrows button.msg[data-service="device"]')].some((b) => Number(b.dataset.index) >= n && b.dataset.step === 'fullTgt'), before);
      const kdcArrows = page.locator('#arrows button.msg[data-service="kdc"][data-step="TGS"]');
      const out: { verdict: string; code?: string; detail: Record<string, unknown> }[] = [];
      for (let i = 0; i < (await kdcArrows.count()); i++) {
        const b = kdcArrows.nth(i);
        if (Number(await b.getAttribute('data-index')) < before) continue;
        await b.click();
        await page.waitForSelector('#detail:not([hidden])');
        out.push(JSON.parse((await page.textContent('#detail-json'))!));
        await page.keyboard.press('Escape');
      }
      return out;
    };

    expect(await page.textContent('#ks-keyversion')).toBe('2');
    await flip('rotate-onprem', '3');
    // AD at 3 keeps 2 as its previous key, which is the cloud's: marked as a disagreement (one more rotation breaks it), yet it signs in.
    const versions = async () => [await page.textContent('#ks-keyversion'), await page.textContent('#ks-cloudkeyversion'), (await page.$$('#ks-keyversion .bad')).length];
    expect(await versions()).toEqual(['3', '2', 1]);
    let tgs = await signIn();
    expect(tgs.map((e) => [e.verdict, e.detail.rodcKeyVersion, e.detail.rodcKey])).toEqual([['ok', 2, 'previous']]);

    await flip('rotate-onprem', '4');
    expect(await versions()).toEqual(['4', '2', 1]);
    tgs = await signIn();
    expect(tgs.map((e) => [e.verdict, e.code, e.detail.rodcKeyVersion, e.detail.rodcKeyVersionsHeld])).toEqual([['error', 'KRB_AP_ERR_BAD_INTEGRITY', 2, '4 and 3']]);
    expect(await page.getAttribute('#switch-result', 'class')).toBe('error');
    await shot('14-rotate-onprem-twice-bad-integrity');
    const reset = await runProcess('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', '-H', 'content-type: application/json', '-d', '{}', `${info.services.ui.url}/api/lab/reset`], { env: { PATH } });
    expect(reset.stdout).toBe('200');
    expect(browser.errors.filter((e) => !/Failed to load resource: the server responded with a status of 400/.test(e))).toEqual([]);
  });
});
