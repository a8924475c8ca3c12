/**
 * The training page's Break it switches and Reset (docs/lab-admin.md) and the issue's own rotation
 * check, in Debian's Chromium against `ctlab up` (test/support/training-lab.ts; run under flock
 * /tmp/ctlab-interop.lock): NeverReveal, Reset, KDC clock skew, a refused switch, and "Rotate
 * on-prem only" once (still signs in) and twice (KRB_AP_ERR_BAD_INTEGRITY naming the versions).
 */
import { describe, expect, it } from 'vitest';
import { PATH, runProcess } from '../support/process.ts';
import { arrowsOn, type El, shotOf, signInOnPage, useTrainingLab } from '../support/training-lab.ts';

/** The little of the DOM the page-side callbacks touch (the project's types have no DOM lib). */
declare const document: { body: El; getElementById(id: string): El | null; querySelectorAll(selector: string): Iterable<El> };
declare function getComputedStyle(el: unknown): { backgroundColor: string };

const t = useTrainingLab();
const shot = (name: string) => shotOf(t.browser.page, name);
const arrows = () => arrowsOn(t.browser.page);

describe('break it live: the scenario switches and Reset (docs/lab-admin.md)', () => {
  it('NeverReveal alice: the Sign in button\'s KDC arrow red with KDC_ERR_TGT_REVOKED; Reset: ok again; KDC clock +900 s: red with KRB_AP_ERR_SKEW', async () => {
    const page = t.browser.page;
    await page.goto(t.info.services.ui.url!);
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
      const before = await signInOnPage(page, upn);
      return (await arrows()).slice(before);
    };
    const kdc = (mine: { service: string; verdict: string; code: string }[]) => mine.filter((a) => a.service === 'kdc').map((a) => [a.verdict, a.code]);

    // Reset first (also the scenario as started): the state line and the world read themselves again.
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
    expect(t.browser.errors).toEqual([]);
  });

  it('a switch the loader refuses (NeverReveal of a name the scenario lacks) says so and changes nothing; the forwarding routes answer (curl)', async () => {
    const page = t.browser.page;
    const reads = Number(await page.getAttribute('body', 'data-world-loaded'));
    await page.fill('#bi-never', 'nobody-at-all');
    await page.click('#bi-never-add');
    await page.waitForSelector('#switch-result.error');
    expect(await page.textContent('#switch-result')).toMatch(/SCENARIO_INVALID: azureADKerberos\.neverReveal\[\d+\]/);
    expect(Number(await page.getAttribute('body', 'data-world-loaded'))).toBe(reads);
    expect(await page.getAttribute('#fault-state', 'data-original')).toBe('true');
    const ui = t.info.services.ui.url!;
    const get = await runProcess('curl', ['-sS', `${ui}/api/faults`], { env: { PATH } });
    expect(JSON.parse(get.stdout)).toMatchObject({ original: true, faults: { down: [], clockSkew: { kdc: 0, cloud: 0 } } });
    const bad = await runProcess('curl', ['-sS', '-w', '\n%{http_code}', '-X', 'POST', '-H', 'content-type: application/json', '-d', '{"down":"kdc"}', `${ui}/api/faults`], { env: { PATH } });
    const nl = bad.stdout.lastIndexOf('\n');
    expect([bad.stdout.slice(nl + 1), JSON.parse(bad.stdout.slice(0, nl)).error.detail.field]).toEqual(['400', 'down']);
    const foreign = await runProcess('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', '-H', 'content-type: application/json', '-H', 'origin: http://evil.example', '-d', '{}', `${ui}/api/lab/reset`], { env: { PATH } });
    expect(foreign.stdout).toBe('403');
    await shot('12-switch-refused');
    // The one console line allowed is Chromium's own note of the refused POST's 400 (the answer the switch expects).
    expect(t.browser.errors.filter((e) => !/Failed to load resource: the server responded with a status of 400/.test(e))).toEqual([]);
  });

  it('"Rotate on-prem only" once: the DC still opens the partial TGT with its previous key; twice: the KDC arrow red with KRB_AP_ERR_BAD_INTEGRITY, the event naming the versions AD holds (4 and 3) against the ticket\'s (2)', async () => {
    const page = t.browser.page;
    await page.goto(t.info.services.ui.url!);
    await page.waitForSelector('#users tbody tr');
    // Waits for the world to show AD's new key version (the page also re-reads it for events it replays on load).
    const flip = async (name: string, keyVersion: string) => {
      await page.click(`button[data-switch="${name}"]`);
      await page.waitForFunction((kv) => (document as unknown as { getElementById(id: string): { textContent: string } | null }).getElementById('ks-keyversion')?.textContent === kv, keyVersion);
    };
    /** Signs alice in with the page's button; the KDC events of that sign-in, as the detail panel shows them. */
    const signIn = async () => {
      const before = await signInOnPage(page, 'alice@contoso.com');
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
    const reset = await runProcess('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST', '-H', 'content-type: application/json', '-d', '{}', `${t.info.services.ui.url}/api/lab/reset`], { env: { PATH } });
    expect(reset.stdout).toBe('200');
    expect(t.browser.errors.filter((e) => !/Failed to load resource: the server responded with a status of 400/.test(e))).toEqual([]);
  });
});
