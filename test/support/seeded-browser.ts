/**
 * A seeded database (test/support/api.ts) served to Debian's Chromium for one
 * describe block, and pages of it signed in with a user's key as the web
 * application's own login does.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { dropSeeded, openSeeded, type SeededDatabase } from './api.ts';
import { type BrowserRig, serveToChromium } from './browser.ts';
import { webSignIn } from './web-session.ts';

export interface SeededBrowser {
  seeded: SeededDatabase;
  base: string;
  /** A page at `path` for the key's user, at the given width, in the language asked for. */
  pageAs(apiKey: string, path: string, options?: { lang?: 'sv' | 'en'; width?: number }): Promise<Page>;
}

/** Opens the seeded database and the browser before the block's tests, and closes both after; got through the returned function. */
export function seededBrowserForSuite(): () => SeededBrowser {
  let seeded: SeededDatabase | undefined;
  let rig: BrowserRig | undefined;
  beforeAll(async () => {
    seeded = await openSeeded('pglite');
    rig = await serveToChromium(seeded.h.app.fetch);
  });
  afterAll(async () => {
    await rig?.close();
    await dropSeeded(seeded ?? {});
  });
  return () => ({
    seeded: seeded!,
    base: rig!.base,
    pageAs: async (apiKey, path, { lang = 'sv', width = 1200 } = {}) => {
      const [name, value] = (await webSignIn(seeded!.h, apiKey)).split('=') as [string, string];
      const context = await rig!.browser.newContext({ viewport: { width, height: 900 }, locale: lang === 'en' ? 'en-GB' : 'sv-SE' });
      await context.addCookies([{ name, value, url: rig!.base }]);
      const page = await context.newPage();
      await page.goto(`${rig!.base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
      return page;
    },
  });
}
