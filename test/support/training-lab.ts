/**
 * The training page's browser tests share one way to run it: `ctlab up` on test/fixtures/entra-lab.yaml
 * in its own process on free ports except the KDC on 127.0.0.1:88 (impacket, inside the Python
 * cloud-trust client, only talks to port 88: run the files under flock /tmp/ctlab-interop.lock),
 * a krb5.conf for MIT clients, and Debian's Chromium through playwright-core (test/support/chromium.ts).
 * Each file starts its own lab, so no file depends on another's switches.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type Browser } from './chromium.ts';
import { PATH, requireTools, runProcess } from './process.ts';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const FIXTURE = join(ROOT, 'test/fixtures/entra-lab.yaml');
export const SHOTS = join(ROOT, '.stamp/training-page');
export const PORTS = ['--dns-port', '0', '--kdc-port', '88', '--ldap-port', '0', '--gc-port', '0', '--kpasswd-port', '0', '--entra-port', '0', '--entra-http-port', '0', '--admin-port', '0', '--ui-port', '0'];

/** The little of the DOM the page-side callbacks touch (the project's types have no DOM lib). */
export type El = { dataset: Record<string, string | undefined> };
declare const document: { body: El; querySelectorAll(selector: string): Iterable<El> };

export interface LabJson {
  services: Record<string, { host: string; port: number; url?: string }>;
}

export interface TrainingLab {
  readonly info: LabJson;
  readonly browser: Browser;
  /** A scratch directory of this file's (krb5.conf, ccaches, ready files). */
  readonly tmp: string;
  /** What `ctlab up` printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export async function waitFor(cond: () => boolean, ms: number, what = () => ''): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out${what() ? `; ctlab output:\n${what()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the lab and the browser (in a beforeAll). */
export async function startTrainingLab(): Promise<TrainingLab> {
  await requireTools(['kinit'], 'krb5-user');
  await requireTools(['/usr/bin/chromium'], 'chromium');
  mkdirSync(SHOTS, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'ctlab-ui-'));
  const readyFile = join(tmp, 'lab.json');
  let output = '';
  const lab: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'up', FIXTURE, ...PORTS, '--ready-file', readyFile, '--no-key-cache', '--quiet'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  lab.stdout!.on('data', (d) => (output += d));
  lab.stderr!.on('data', (d) => (output += d));
  await waitFor(() => existsSync(readyFile) || lab.exitCode !== null, 30_000, () => output);
  if (!existsSync(readyFile)) throw new Error(`ctlab up stopped (the KDC needs 127.0.0.1:88 free):\n${output}`);
  const info = JSON.parse(readFileSync(readyFile, 'utf8')) as LabJson;
  const conf = await runProcess(process.execPath, [join(ROOT, 'bin/ctlab.mjs'), 'krb5conf', '--lab', readyFile, '-o', join(tmp, 'krb5.conf')], { env: { PATH } });
  if (conf.code !== 0) throw new Error(conf.stderr);
  const browser = await launchChromium(join(tmp, 'profile'));
  return {
    info,
    browser,
    tmp,
    output: () => output,
    async stop() {
      await browser.context.close();
      if (lab.exitCode === null) lab.kill('SIGTERM');
      await waitFor(() => lab.exitCode !== null, 10_000).catch(() => lab.kill('SIGKILL'));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A screenshot of the page's state, kept as a test artefact in .stamp/training-page/ (not committed). */
export const shotOf = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });

/** The arrows now on the page, as their data attributes. */
export const arrowsOn = (page: Page): Promise<{ service: string; step: string; verdict: string; code: string }[]> =>
  page.$$eval('#arrows button.msg', (bs) => bs.map((b) => {
    const d = (b as unknown as El).dataset;
    return { service: d.service!, step: d.step!, verdict: d.verdict!, code: d.code! };
  }));

/** How many trace events the page has drawn. */
export const countOn = async (page: Page): Promise<number> => Number((await page.getAttribute('#arrows', 'data-count')) ?? 0);

/** The lab for the calling test file: started in its beforeAll, stopped in its afterAll. */
export function useTrainingLab(): TrainingLab {
  let lab: TrainingLab | undefined;
  beforeAll(async () => {
    lab = await startTrainingLab();
  });
  afterAll(async () => {
    await lab?.stop();
  });
  const get = (): TrainingLab => {
    if (!lab) throw new Error('the training lab did not start');
    return lab;
  };
  return {
    get info() {
      return get().info;
    },
    get browser() {
      return get().browser;
    },
    get tmp() {
      return get().tmp;
    },
    output: () => get().output(),
    stop: () => get().stop(),
  };
}

/**
 * Signs `upn` in with the page's Sign in button and waits for the device's fullTgt step (its trace
 * event follows the KDC's); resolves to the index of the sign-in's first event.
 */
export async function signInOnPage(page: Page, upn: string): Promise<number> {
  const done = Number((await page.getAttribute('body', 'data-signins')) ?? 0);
  const before = await countOn(page);
  await page.selectOption('#signin-upn', upn);
  await page.click('#signin-go');
  await page.waitForFunction((n) => Number(document.body.dataset.signins ?? 0) > n, done);
  await page.waitForFunction((n) => [...document.querySelectorAll('#arrows button.msg[data-service="device"]')].some((b) => Number(b.dataset.index) >= n && b.dataset.step === 'fullTgt'), before);
  return before;
}
