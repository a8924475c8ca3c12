/**
 * Debian's Chromium (apt package chromium) driven by playwright-core: never a downloaded browser.
 * Headless, no sandbox (tests may run as root in a container), no network the page did not ask
 * for (no component updates, sync or QUIC), a fresh profile per launch in `profileDir`.
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every console error and uncaught page error, as text. */
  readonly errors: string[];
}

export async function launchChromium(profileDir: string, viewport = { width: 1600, height: 1000 }): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package chromium (scripts/install-apt.sh)`);
  // launchPersistentContext passes --user-data-dir=profileDir itself (a fresh directory per run).
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => void errors.push(`pageerror: ${e.message}`));
  return { context, page, errors };
}
