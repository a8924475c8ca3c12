/**
 * The training page's scenario editor (docs/training-page.md, "Scenario editor") in Debian's
 * Chromium against `ctlab up` (test/support/training-lab.ts; run under flock
 * /tmp/ctlab-interop.lock): lint with path and line, completion from the JSON Schema, the shipped
 * scenarios, the restart contract, the editor API with curl, and a real restart on an edited text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATH, runProcess } from '../support/process.ts';
import { type El, FIXTURE, ROOT, SHOTS, useTrainingLab } from '../support/training-lab.ts';

/** The little of the DOM the page-side callbacks touch (the project's types have no DOM lib). */
declare const document: { body: El; getElementById(id: string): El | null; querySelectorAll(selector: string): Iterable<El> };

const t = useTrainingLab();

describe('the scenario editor', () => {
  it('the scenario editor (Alt+E): a wrong users[1].upn is linted with its path and line, Ctrl-Space under users[0] offers upn with its description, a shipped scenario opens, Restart follows the PUT /api/scenario contract', async () => {
    const page = await t.browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    const editorData = () => page.evaluate(() => ({ ...(globalThis as unknown as { document: { getElementById(id: string): El } }).document.getElementById('editor').dataset }));
    const waitChecks = async (n: number) => page.waitForFunction((k) => Number(document.getElementById('editor')!.dataset.checks ?? 0) > k, n);
    try {
      await page.goto(t.info.services.ui.url!);
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
    const ui = t.info.services.ui.url!;
    const text = readFileSync(FIXTURE, 'utf8').replace('upn: bob@east.contoso.com', 'upn: bob-at-east');
    const r = await runProcess('curl', ['-sS', '-X', 'POST', '-H', 'content-type: application/json', '--data-binary', '@-', `${ui}/api/scenario/validate`], { input: JSON.stringify({ text, name: 'entra-lab.yaml' }), env: { PATH } });
    const body = JSON.parse(r.stdout) as { ok: boolean; errors: { path: string; line: number; column: number }[] };
    const line = text.split('\n').findIndex((l) => l.includes('upn: bob-at-east')) + 1;
    expect([body.ok, body.errors.map((e) => [e.path, e.line, e.column])]).toEqual([false, [['users[1].upn', line, 5]]]);
    const gz = await runProcess('curl', ['-sS', '--compressed', '-D', '-', '-o', join(t.tmp, 'view.js'), `${ui}/vendor/@codemirror/view/dist/index.js`], { env: { PATH } });
    expect(gz.stdout).toMatch(/^content-encoding: gzip\r?$/im);
    expect(readFileSync(join(t.tmp, 'view.js')).equals(readFileSync(join(ROOT, 'node_modules/@codemirror/view/dist/index.js')))).toBe(true);
    for (const path of ['/vendor/@codemirror/view/../../../package.json', '/vendor/zod/index.js', '/api/scenarios/../package.json', '/api/scenarios/%2e%2e%2fpackage.json']) {
      const c = await runProcess('curl', ['-sS', '--path-as-is', '-o', '/dev/null', '-w', '%{http_code}', `${ui}${path}`], { env: { PATH } });
      expect([path, c.stdout]).toEqual([path, '404']);
    }
  });

  it('the editor restarts the running lab for real: tenant.kerberosDomain.present: false comes back in the world (no KerberosDomain, the finding says so), a refused text changes nothing, Reset puts the scenario back', async () => {
    const page = await t.browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    const world = async () => JSON.parse((await runProcess('curl', ['-sS', `${t.info.services.ui.url}/api/world`], { env: { PATH } })).stdout);
    try {
      await page.goto(t.info.services.ui.url!);
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
});
