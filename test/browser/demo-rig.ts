/**
 * The demo (src/engine/demo.ts) served to Chromium, for the browser tests
 * that walk it as its four roles: a fresh PGlite store, the clock standing
 * still in June 2026 (sessions last hours), and pages signed in as a role.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { seedDemo, type DemoResult } from '../../src/engine/demo.ts';
import { harness, type Harness } from '../support/api.ts';
import { serveToChromium, type BrowserRig } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/stores.ts';

/** The demo's keys by what their users are to the clause: `subcontractor` is a contractor of the clause's subcontractor. */
export type DemoRole = 'officer' | 'auditor' | 'contractor' | 'matcher' | 'subcontractor';
export type PageLanguage = 'sv' | 'en';

export interface DemoRig {
  h: Harness;
  demo: DemoResult;
  base: string;
  browser: Browser;
  keyOf(role: DemoRole): string;
  /** A page of its own (its own cookies), not signed in. */
  newPage(lang?: PageLanguage, width?: number): Promise<Page>;
  /** A page signed in as the role, in the language, on the start page. */
  signIn(role: DemoRole, lang?: PageLanguage, width?: number): Promise<Page>;
  close(): Promise<void>;
}

export async function openDemoRig(): Promise<DemoRig> {
  let database: TestDatabase | undefined;
  let store: Store | undefined;
  let rig: BrowserRig | undefined;
  const contexts: BrowserContext[] = [];
  const close = async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await rig?.close();
    await store?.close();
    await database?.drop();
  };
  try {
    database = await createTestDatabase('pglite');
    store = await database.open();
    const h = harness(store);
    h.clock.set(new Date('2026-06-02T08:00:00Z'));
    const demo = await seedDemo(h.deps);
    rig = await serveToChromium(h.app.fetch);
    const { base, browser } = rig;
    const keyOf = (role: DemoRole) => demo.keys.find((k) => k.role === role)!.apiKey;
    const newPage = async (lang: PageLanguage = 'sv', width = 1200) => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: lang === 'en' ? 'en-GB' : 'sv-SE' });
      contexts.push(context);
      return context.newPage();
    };
    const signIn = async (role: DemoRole, lang: PageLanguage = 'sv', width = 1200) => {
      const page = await newPage(lang, width);
      await page.goto(`${base}/app/login?lang=${lang}`);
      await page.fill('#apiKey', keyOf(role));
      await Promise.all([page.waitForURL(`${base}/app`), page.click('button[type=submit]')]);
      return page;
    };
    return { h, demo, base, browser, keyOf, newPage, signIn, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Opens the demo rig before a describe block's tests and closes it after; the rig is got through the returned function. */
export function demoRigForSuite(): () => DemoRig {
  let rig: DemoRig | undefined;
  beforeAll(async () => {
    rig = await openDemoRig();
  });
  afterAll(() => rig?.close());
  return () => rig!;
}
