/**
 * The programme page (issue 21, item 6) in Chromium, at desktop width and at a
 * phone's 390 px, in both languages: the page component in the application's
 * page shell and style sheet, charts that draw and open as tables, no page
 * wider than the screen, and nothing axe-core finds. The route that will serve
 * it needs the programmes engine; until then the component is served here
 * with a hand-made report. Screenshots go to test-results/ (programme-*.png).
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wordsFor, type WebLanguage } from '../../src/web/i18n.ts';
import { ProgrammePage } from '../../src/web/pages/programmes.tsx';
import { FAVICON, Page, SCRIPT, STYLE } from '../../src/web/layout.tsx';
import { axeViolations, describeViolation } from '../support/axe.ts';
import { type BrowserRig, hasChromium, serveToChromium, SHOTS, WITHOUT_CHROMIUM } from '../support/browser.ts';
import { OPEN_REPORT, PROGRAMME_SCOPE, SUPPRESSED_REPORT } from '../fixtures/programme-report.ts';

const WIDTHS = { desktop: 1200, phone: 390 } as const;

const PROGRAMME = PROGRAMME_SCOPE;

/** The component in the page shell, as a route would serve it: the whole period, or 2026 with small figures suppressed. */
function app(): Hono {
  const served = new Hono();
  served.get('/app/assets/style.css', (c) => c.body(STYLE, 200, { 'content-type': 'text/css; charset=utf-8' }));
  served.get('/app/assets/app.js', (c) => c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  served.get('/app/assets/favicon.svg', (c) => c.body(FAVICON, 200, { 'content-type': 'image/svg+xml' }));
  served.get('/app/programmes/prog-1', async (c) => {
    // The language as the session keeps it (src/web/session.ts): the one just chosen, else the browser's.
    const words = wordsFor((c.req.query('lang') ?? c.req.header('accept-language') ?? 'sv').startsWith('en') ? 'en' : 'sv');
    const year = c.req.query('year') ? Number(c.req.query('year')) : null;
    const report = year === null ? OPEN_REPORT : SUPPRESSED_REPORT;
    const body = ProgrammePage({ words, programme: PROGRAMME, report, years: [2025, 2026], selectedYear: year, canDownload: true });
    return c.html(String(await Page({ title: PROGRAMME.name, words, path: '/app/programmes/prog-1', children: body })));
  });
  return served;
}

describe.skipIf(!hasChromium)(`the programme page in Chromium${WITHOUT_CHROMIUM}`, { timeout: 120_000 }, () => {
  let rig: BrowserRig | undefined;
  beforeAll(async () => {
    rig = await serveToChromium(app().fetch);
  });
  afterAll(async () => {
    await rig?.close();
  });

  for (const [size, width] of Object.entries(WIDTHS)) {
    it(`shows the scope, the charts and the tables at ${size} width, in Swedish and in English`, async () => {
      for (const lang of ['sv', 'en'] as const satisfies WebLanguage[]) {
        const context = await rig!.browser.newContext({ viewport: { width, height: 900 }, locale: lang === 'en' ? 'en-GB' : 'sv-SE' });
        const page = await context.newPage();
        await page.goto(`${rig!.base}/app/programmes/prog-1?lang=${lang}`);
        expect(await page.locator('h1').textContent()).toBe(PROGRAMME.name);
        const chart = page.locator('figure.chart svg').first();
        expect((await chart.boundingBox())!.width).toBeGreaterThan(width < 600 ? 250 : 400);
        await page.locator('#chart-programme-years-caption ~ details summary').click();
        expect(await page.locator('#chart-programme-years-caption ~ details table').isVisible()).toBe(true);
        await page.screenshot({ path: `${SHOTS}/programme-${lang}-${size}.png`, fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, 'the page is wider than the screen').toBeLessThanOrEqual(1);
        // The words differ between the languages, the markup does not: axe looks once per width.
        if (lang === 'sv') {
          expect((await axeViolations(page)).map((v) => describeViolation(v))).toEqual([]);
        }
        // Choosing a year asks for the page again with ?year=, and the downloads follow it.
        await page.selectOption('#programme-year', '2026');
        await Promise.all([page.waitForURL(/year=2026/), page.locator('form.year-choice button').click()]);
        expect(await page.locator('a[href$="report.pdf?year=2026"]').count()).toBe(1);
        expect(await page.locator('main').textContent()).toContain('<3');
        await page.screenshot({ path: `${SHOTS}/programme-2026-${lang}-${size}.png`, fullPage: true });
        await context.close();
      }
    });
  }
});
