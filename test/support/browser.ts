/**
 * What the browser tests share: Debian's Chromium through playwright-core
 * (no test downloads a browser of its own), the application served on a free
 * local port, and the folder screenshots go to.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = 'test-results';
export const hasChromium = existsSync(CHROMIUM);
/** Said in a browser test's name when it is skipped, and why. */
export const WITHOUT_CHROMIUM = hasChromium ? '' : ' (skipped: /usr/bin/chromium is not installed; apt-get install -y chromium)';

export interface BrowserRig {
  /** The application's address, e.g. http://127.0.0.1:41234. */
  base: string;
  browser: Browser;
  /** Closes the browser, then the server. */
  close(): Promise<void>;
}

/** Serves the application on a free local port and launches Chromium to look at it. */
export async function serveToChromium(fetch: Parameters<typeof serve>[0]['fetch']): Promise<BrowserRig> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  mkdirSync(SHOTS, { recursive: true });
  return {
    base,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
