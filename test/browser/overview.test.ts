/**
 * The start pages and the overview in Chromium (issue 19, items 5 and 8), at
 * desktop width and at a phone's 390 px, in both languages: what each role
 * sees, charts that draw and open as tables, no page wider than the screen,
 * and no accessibility violations axe-core can find. Screenshots go to
 * test-results/ (start-*.png, overview-*.png).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardBody, clauseInDelivery, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { axeViolations, describeViolation } from '../support/axe.ts';
import { type BrowserRig, hasChromium, serveToChromium, SHOTS, WITHOUT_CHROMIUM } from '../support/browser.ts';
import { placementBody } from '../support/world.ts';

const WIDTHS = { desktop: 1200, phone: 390 } as const;

describe.skipIf(!hasChromium)(`the start pages and the overview in Chromium${WITHOUT_CHROMIUM}`, { timeout: 180_000 }, () => {
  let seeded: SeededDatabase;
  let rig: BrowserRig | undefined;

  beforeAll(async () => {
    seeded = await openSeeded('pglite');
    const { h, p } = seeded;
    const delivery = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    const other = (await draftClause(h, p)).clauseId;
    await drive(h, other, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.otherSupplierOrgId)],
    ]);
    const review = (await draftClause(h, p)).clauseId;
    await drive(h, review, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
    ]);
    await h.as(p.officer).raw('/api/v1/outcome-targets', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ studiesPct: 10, placementPct: 10, employmentPct: 40 }),
    });
    const ids: string[] = [];
    for (const [ref, month] of [
      ['JB-2026-101', '03'],
      ['JB-2026-102', '04'],
      ['JB-2026-103', '05'],
    ] as const) {
      h.clock.set(new Date(`2026-${month}-02T08:00:00Z`));
      ids.push((await h.as(p.contractor).post(`/api/v1/clauses/${delivery}/placements`, { ...placementBody(ref), startDate: `2026-${month}-02` })).body.id);
    }
    h.clock.set(new Date('2026-07-01T08:00:00Z'));
    for (const id of ids.slice(0, 2)) {
      await h.as(p.contractor).post(`/api/v1/placements/${id}/events`, { type: 'START' });
      await h.as(p.contractor).post(`/api/v1/placements/${id}/events`, { type: 'COMPLETE', endDate: '2026-06-30', outcome: 'employment' });
    }
    await h.as(p.auditor).post(`/api/v1/placements/${ids[0]}/events`, { type: 'VERIFY' });
    rig = await serveToChromium(h.app.fetch);
  });
  afterAll(async () => {
    await rig?.close();
    await dropSeeded(seeded ?? {});
  });

  async function signIn(apiKey: string, width: number, lang: 'sv' | 'en'): Promise<Page> {
    const context = await rig!.browser.newContext({ viewport: { width, height: 900 }, locale: lang === 'en' ? 'en-GB' : 'sv-SE' });
    const page = await context.newPage();
    await page.goto(`${rig!.base}/app/login?lang=${lang}`);
    await page.fill('#apiKey', apiKey);
    await page.click('button[type=submit]');
    await page.waitForURL(`${rig!.base}/app`);
    return page;
  }
  /** Looks at a page as the user would: fits the screen, tables as stacked cards on a phone, and axe finds nothing. */
  async function check(page: Page, name: string) {
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} is wider than the screen`).toBeLessThanOrEqual(1);
    const phone = page.viewportSize()!.width < 600;
    // Under 600 px every table's rows are cards, its head hidden, and each cell names its column.
    const tables = await page.$$eval('main table', (all) =>
      all.map((table) => {
        const row = table.querySelector('tbody tr');
        const cell = row?.querySelector('td');
        return {
          row: row ? getComputedStyle(row).display : null,
          head: table.querySelector('thead')?.getBoundingClientRect().width ?? 0,
          label: cell ? getComputedStyle(cell, '::before').content : null,
        };
      }),
    );
    for (const table of tables.filter((t) => t.row !== null)) {
      expect(table.row, name).toBe(phone ? 'block' : 'table-row');
      if (!phone) continue;
      expect(table.head, name).toBeLessThanOrEqual(1);
      expect(table.label, name).toMatch(/^".+"$/);
    }
    expect((await axeViolations(page)).map((v) => describeViolation(v))).toEqual([]);
  }

  for (const [size, width] of Object.entries(WIDTHS)) {
    it(`shows each role its start page and the overview at ${size} width`, async () => {
      const { p } = seeded;
      for (const [who, key, lang] of [
        ['officer', p.officer, 'sv'],
        ['auditor', p.auditor, 'sv'],
        ['contractor', p.contractor, 'en'],
      ] as const) {
        const page = await signIn(key, width, lang);
        expect(await page.locator('h1').textContent()).toBe(lang === 'sv' ? 'Att göra' : 'To do');
        await check(page, `start-${who}-${size}`);

        await page.goto(`${rig!.base}/app/overview`);
        expect(await page.locator('h1').textContent()).toBe(lang === 'sv' ? 'Översikt' : 'Overview');
        const progress = page.locator('#chart-progress-title');
        expect(await progress.count()).toBe(1);
        const chart = page.locator('figure.chart svg').first();
        expect((await chart.boundingBox())!.width).toBeGreaterThan(width < 600 ? 250 : 400);
        // The figures behind the chart, a click away.
        await page.locator('figure.chart summary').first().click();
        expect(await page.locator('figure.chart table').first().isVisible()).toBe(true);
        await check(page, `overview-${who}-${size}`);
        await page.locator('.charts').screenshot({ path: `${SHOTS}/overview-charts-${who}-${size}.png` });
        if (who !== 'officer') {
          await page.goto(`${rig!.base}/app/clauses`);
          await check(page, `clauses-${who}-${size}`);
        }
        await page.context().close();
      }
    });
  }
});
