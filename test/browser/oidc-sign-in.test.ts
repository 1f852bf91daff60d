/**
 * Sign-in with the organisation's own identity provider (issue 23, item 5) in
 * Chromium, through a real OpenID Connect provider (oidc-provider) and its
 * login and consent pages: the matching user lands signed in, in the web
 * application's own session, and signing out ends it and goes on to the
 * provider's sign-out. Refused, each with its page and no session: an account
 * whose e-mail is no user of the organisation, an unverified e-mail, an ID
 * token from another issuer, a tampered state, a replayed state, and a code
 * that expired before it was exchanged.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, hasChromium, serveToChromium, WITHOUT_CHROMIUM } from '../support/browser.ts';
import { openOidcWorld, type OidcWorld } from '../support/oidc-world.ts';

describe.skipIf(!hasChromium)(`sign-in through the organisation's identity provider in Chromium${WITHOUT_CHROMIUM}`, { timeout: 60_000 }, () => {
  let world: OidcWorld;
  let rig: BrowserRig | undefined;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    rig = await serveToChromium((request) => world.app.fetch(request));
    ({ base, browser } = rig);
    world = await openOidcWorld('pglite', base);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await rig?.close();
    await world?.close();
  });

  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'sv-SE' });
    contexts.push(context);
    // The provider's development pages import a web font; this machine has no internet to fetch it from.
    await context.route('https://fonts.googleapis.com/**', (route) => route.abort());
    return context.newPage();
  }

  /**
   * Types the e-mail on Klausul's login page, signs in at the provider as `login` and consents;
   * `change` may see or alter the provider's answer (the callback's address) on its way back.
   * Returns the page where the browser ends.
   */
  async function signInThroughProvider(email: string, login: string, change?: (answer: URL) => Promise<void> | void): Promise<Page> {
    const page = await freshPage();
    await page.goto(`${base}/app/login`);
    await page.fill('#oidcEmail', email);
    await page.click('#oidc-sign-in button[type=submit]');
    await page.waitForURL(`${world.provider.issuer}/interaction/**`);
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'any password');
    await page.click('button[type=submit]');
    await page.waitForSelector('input[name=prompt][value=consent]', { state: 'attached' });
    if (change) {
      // Playwright sees only the first request of a chain of redirects: the consent's post. Its redirects are
      // followed here, in the browser's own cookie jar, up to the answer, which the browser is then sent to.
      await page.route(
        (url) => url.origin === world.provider.issuer && url.pathname.startsWith('/interaction/'),
        async (route) => {
          let response = await route.fetch({ maxRedirects: 0 });
          let location = response.headers().location!;
          while (!location.startsWith(base)) {
            response = await page.context().request.get(new URL(location, world.provider.issuer).href, { maxRedirects: 0 });
            location = response.headers().location!;
          }
          const answer = new URL(location);
          await change(answer);
          await route.fulfill({ status: 303, headers: { location: answer.href } });
        },
      );
    }
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.origin === base && (url.pathname === '/app' || url.pathname === '/app/login/oidc/callback'));
    await page.waitForLoadState('load');
    return page;
  }

  const refusalOn = (page: Page) => page.locator('#oidc-refusal').getAttribute('data-refusal');
  const sessionCookie = async (page: Page) => (await page.context().cookies()).find((c) => c.name === 'klausul_session');
  const providerSessions = () => world.deps.db.selectFrom('web_sessions').selectAll().where('user_id', 'is not', null).execute();

  it('signs Sara in as the officer whose verified e-mail the provider vouches for, and signing out ends the session and goes on to the provider', async () => {
    let callbackUrl = '';
    const page = await signInThroughProvider('sara.lind@ostersundshem.se', 'sara', (answer) => {
      callbackUrl = answer.href;
    });
    await page.waitForURL(`${base}/app`);
    expect(await page.locator('form[action="/app/logout"]').textContent()).toContain('Sara Lind');
    const sessions = await providerSessions();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ user_id: world.users.sara, api_key_id: null });
    const cookie = (await sessionCookie(page))!;
    expect(cookie.sameSite).toBe('Strict');

    // The same answer brought back again, by a browser without the first one's cookies: the state was used.
    const replay = await freshPage();
    const replayed = await replay.goto(callbackUrl);
    expect(replayed?.status()).toBe(400);
    expect(await refusalOn(replay)).toBe('badState');
    expect(await sessionCookie(replay)).toBeUndefined();
    expect(await providerSessions()).toHaveLength(1);

    await page.click('form[action="/app/logout"] button[type=submit]');
    await page.waitForURL(`${world.provider.issuer}/session/end**`);
    expect(await page.locator('button[value=yes]').count()).toBe(1);
    expect(await providerSessions()).toHaveLength(0);
    const after = await world.app.request('/app', { headers: { cookie: `klausul_session=${cookie.value}` } });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toBe('/app/login');
  });

  it('refuses an account whose verified e-mail is no user of the organisation', async () => {
    const page = await signInThroughProvider('sara.lind@ostersundshem.se', 'stranger');
    expect(await refusalOn(page)).toBe('noMatchingUser');
    expect(await page.locator('#oidc-refusal').textContent()).toContain('ingen användare i din organisation');
    expect(await sessionCookie(page)).toBeUndefined();
  });

  it('refuses an e-mail the provider does not say is verified, even when it is a user’s', async () => {
    const page = await signInThroughProvider('sara.lind@ostersundshem.se', 'unverified');
    expect(await refusalOn(page)).toBe('emailUnverified');
    expect(await sessionCookie(page)).toBeUndefined();
  });

  it('refuses an ID token whose issuer is not the one the organisation configured', async () => {
    // Jämtbygg's issuer serves the provider's metadata under its own name; the ID token names the provider.
    const page = await signInThroughProvider('erik.holm@jamtbygg.se', 'erik', (answer) => answer.searchParams.delete('iss'));
    expect(await refusalOn(page)).toBe('wrongIssuer');
    expect(await sessionCookie(page)).toBeUndefined();
  });

  it('refuses a tampered state', async () => {
    const page = await signInThroughProvider('sara.lind@ostersundshem.se', 'sara', (answer) =>
      answer.searchParams.set('state', `${answer.searchParams.get('state')}x`),
    );
    expect(await refusalOn(page)).toBe('badState');
    expect(await sessionCookie(page)).toBeUndefined();
  });

  it('refuses a code that expired before Klausul could exchange it', async () => {
    world.provider.shortCodes(true);
    try {
      // The code lives one second; the answer reaches Klausul after two.
      const page = await signInThroughProvider('sara.lind@ostersundshem.se', 'sara', () => new Promise((resolve) => setTimeout(resolve, 2_100)));
      expect(await refusalOn(page)).toBe('codeRefused');
      expect(await sessionCookie(page)).toBeUndefined();
    } finally {
      world.provider.shortCodes(false);
    }
  });
});
