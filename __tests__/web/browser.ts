/**
 * Test helper: builds the demo page (web/build.js), serves it (web/serve.js) on a free port and
 * opens it in Debian's Chromium through playwright-core (no browser download: `executablePath`).
 * A missing Chromium fails the test with the install command; it is never skipped.
 */
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';

const root = path.resolve(__dirname, '..', '..');
/** Where Chromium is looked for: ALLTS_CHROMIUM, else Debian's /usr/bin/chromium. */
export const CHROMIUM = process.env.ALLTS_CHROMIUM ?? '/usr/bin/chromium';

/** A served page in a running browser. */
export interface PageSession {
  browser: Browser;
  page: Page;
  url: string;
  /** Uncaught errors the page threw (should stay empty). */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Throws the install instructions when Chromium is missing. */
export function requireChromium(executable = CHROMIUM): void {
  if (!fs.existsSync(executable)) {
    throw new Error(
      `Chromium not found at ${executable}: the browser tests need a real Chromium. Install it with ` +
        '`sudo apt-get install -y chromium` (Debian/Ubuntu; .ci/run does this), or point ALLTS_CHROMIUM at a Chromium binary.',
    );
  }
}

let built = false;

/**
 * Builds the page (once per test file), serves it and opens it; waits until allts is ready.
 * @param query appended to the page's URL, e.g. `?preset=/presets/preset&seed=7`
 * @param presets a directory served under /presets/
 * @param beforeLoad runs on the new page before it loads (e.g. to route requests)
 */
export async function openPage(query = '', presets?: string, beforeLoad?: (page: Page) => Promise<unknown>): Promise<PageSession> {
  requireChromium();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { build } = require(path.join(root, 'web', 'build.js')) as { build: (o: { quiet: boolean }) => Promise<number> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { serve } = require(path.join(root, 'web', 'serve.js')) as { serve: (o: { port: number; presets?: string }) => Promise<Server> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  if (!built) {
    await build({ quiet: true });
    built = true;
  }
  const server = await serve({ port: 0, presets });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/${query}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await beforeLoad?.(page);
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as any).__allts?.ready === true || (globalThis as any).__allts?.error === true, null, { timeout: 60_000 });
  return {
    browser,
    page,
    url,
    pageErrors,
    close: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The page's exposed state (`window.__allts`). */
export function pageState(page: Page): Promise<any> {
  return page.evaluate(() => (globalThis as any).__allts);
}

/** Waits until the page is idle again (training or playing over), or shows an error. */
export async function waitIdle(page: Page, timeout = 120_000): Promise<any> {
  await page.waitForFunction(() => (globalThis as any).__allts.phase === 'idle' || (globalThis as any).__allts.error === true, null, { timeout, polling: 100 });
  return pageState(page);
}
