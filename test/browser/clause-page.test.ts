/**
 * The clause page in a real browser (Debian's Chromium through
 * playwright-core), for what only a browser shows (issue 19): the statechart
 * stays shut in its panel until opened, from the keyboard too; an
 * irreversible step's confirmation is reached, ticked and sent with the
 * keyboard alone, and sent without it changes nothing. Screenshots of the
 * page in each main state, at desktop width (whole page) and at 390 pixels
 * (the first screen, which must show the status and the next step), go to
 * test-results/clause-<state>-{desktop,phone}.png.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { awardBody, draftClause, drive, type SeededDatabase } from '../support/api.ts';
import { hasChromium, SHOTS, WITHOUT_CHROMIUM } from '../support/browser.ts';
import { seededBrowserForSuite } from '../support/seeded-browser.ts';
import { completedPlacementAndMarchReport, pdfForm } from '../support/world.ts';

describe.skipIf(!hasChromium)(`the clause page in Chromium${WITHOUT_CHROMIUM}`, { timeout: 180_000 }, () => {
  const suite = seededBrowserForSuite();

  /** The clause's page for the key's user at the given width, signed in as the application's own login does. */
  const clausePage = (apiKey: string, clauseId: string, width = 1200): Promise<Page> => suite().pageAs(apiKey, `/app/clauses/${clauseId}`, { width });

  /** A clause of the placements template driven to a state; the steps after the draft as [key, event]. */
  async function clauseAt(steps: (p: SeededDatabase['p']) => Array<[string, Record<string, unknown>]>): Promise<string> {
    const { h, p } = suite().seeded;
    h.clock.set(new Date('2026-03-01T08:00:00Z'));
    const { clauseId } = await draftClause(h, p);
    const driven = steps(p);
    if (driven.length > 0) await drive(h, clauseId, driven);
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    return clauseId;
  }

  const award = (p: SeededDatabase['p']): Array<[string, Record<string, unknown>]> => [
    [p.officer, { type: 'PUBLISH' }],
    [p.officer, awardBody(p.supplierOrgId)],
  ];
  const delivery = (p: SeededDatabase['p']): Array<[string, Record<string, unknown>]> => [
    ...award(p),
    [p.contractor, { type: 'SUBMIT_PLAN', description: 'Två praktikplatser inom måleri med utbildade handledare' }],
    [p.officer, { type: 'ACCEPT_PLAN' }],
  ];
  const shortfall = (p: SeededDatabase['p']): Array<[string, Record<string, unknown>]> => [
    ...delivery(p),
    [p.officer, { type: 'CLOSE_DELIVERY' }],
    [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Inga praktikplatser tillsatta under avtalstiden' }],
  ];

  it('shows each main state with its status first, at desktop width and on a phone', async () => {
    const states: Array<[string, string, (p: SeededDatabase['p']) => Array<[string, Record<string, unknown>]>, 'officer' | 'contractor', string]> = [
      ['draft', 'Utkast hos Östersundshem AB: villkoren kan ännu ändras', () => [], 'officer', 'Östersundshem AB (upphandlare) ändrar utkastet'],
      [
        'awaiting-plan',
        'Väntar på åtagandeplan från Jämtbygg AB',
        (p) => [
          ...award(p),
          [p.contractor, { type: 'SUBMIT_PLAN', description: 'En plats' }],
          [p.officer, { type: 'REQUEST_PLAN_CHANGES', reason: 'Planen saknar utbildade handledare' }],
        ],
        'contractor',
        'Jämtbygg AB (leverantör) lämnar åtagandeplanen',
      ],
      [
        'plan-review',
        'Åtagandeplanen från Jämtbygg AB granskas',
        (p) => [...award(p), [p.contractor, { type: 'SUBMIT_PLAN', description: 'Två praktikplatser inom måleri' }]],
        'officer',
        'godkänner planen eller begär ändringar',
      ],
      ['delivery', 'Leverans pågår hos Jämtbygg AB', delivery, 'contractor', 'registrerar platser och lämnar periodrapporter'],
      ['shortfall', 'Brist registrerad hos Jämtbygg AB', shortfall, 'contractor', 'lämnar en åtgärdsplan'],
      [
        'vite-claimed',
        'Vite krävt av Jämtbygg AB',
        (p) => [...shortfall(p), [p.officer, { type: 'CLAIM_VITE', reason: 'Vite enligt klausulen' }]],
        'contractor',
        'Inget mer att göra',
      ],
    ];
    for (const [name, status, steps, role, next] of states) {
      const clauseId = await clauseAt(steps);
      const key = suite().seeded.p[role];
      const desktop = await clausePage(key, clauseId);
      expect(await desktop.locator('.status-line').textContent(), name).toBe(status);
      await desktop.screenshot({ path: `${SHOTS}/clause-${name}-desktop.png`, fullPage: true });
      await desktop.context().close();

      const phone = await clausePage(key, clauseId, 390);
      // The first screen of a phone shows the status and the next step, without sideways scrolling.
      for (const selector of ['.status-line', '#status ~ p:has-text("Nästa steg")']) {
        const box = (await phone.locator(selector).first().boundingBox())!;
        expect(box.y + box.height, `${name}: ${selector}`).toBeLessThanOrEqual(900);
      }
      expect(await phone.locator('#status').locator('..').textContent()).toContain(next);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: `${SHOTS}/clause-${name}-phone.png` });
      await phone.context().close();
    }
  });

  it("shows the auditor a placement's attestation and evidence and a report's evidence beside their buttons, at desktop width and on a phone", async () => {
    const { h, p } = suite().seeded;
    const clauseId = await clauseAt(delivery);
    const { placementId: placement, reportId } = await completedPlacementAndMarchReport(h, p, clauseId, 'VF-1', pdfForm('intyg-VF-1.pdf'));
    const timesheet = await h.as(p.contractor).raw(`/api/v1/reports/${reportId}/evidence`, { method: 'POST', body: pdfForm('tidrapport-mars.pdf') });
    expect(timesheet.status).toBe(201);
    await drive(h, clauseId, [[p.officer, { type: 'CLOSE_DELIVERY', note: 'Kontraktet avslutat i förtid' }]]);

    for (const width of [1200, 390]) {
      const page = await clausePage(p.auditor, clauseId, width);
      expect(await page.locator('.status-line').textContent()).toBe('Leveransen är avslutad: uppfyllelsen kontrolleras');
      const card = page.locator(`#placement-${placement}`);
      expect(await card.locator('.attestation').textContent()).toContain('Målgruppsintyg: Arbetsförmedlingen, referens AF-VF-1');
      expect(await card.locator('.evidence a').textContent()).toBe('intyg-VF-1.pdf');
      expect(await card.locator(`#placement-${placement}-VERIFY summary`).isVisible()).toBe(true);
      const reportCard = page.locator(`#report-${reportId}`);
      expect(await reportCard.textContent()).toContain('Timmar av lokalt boende: 400 h');
      expect(await reportCard.locator('.evidence a').textContent()).toBe('tidrapport-mars.pdf');
      expect(await reportCard.locator(`#report-${reportId}-ACCEPT summary`).isVisible()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      const name = width === 390 ? 'phone' : 'desktop';
      await page.screenshot({ path: `${SHOTS}/clause-auditor-verification-${name}.png`, fullPage: width !== 390 });
      await card.screenshot({ path: `${SHOTS}/clause-auditor-placement-${name}.png` });
      await page.context().close();
    }
  });

  it('keeps the statechart in a panel that opens from the keyboard, with its states in words', async () => {
    const clauseId = await clauseAt(delivery);
    const page = await clausePage(suite().seeded.p.officer, clauseId);
    const panel = page.locator('details#statechart');
    expect(await panel.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(false);
    expect(await page.locator('#statechart svg').isVisible()).toBe(false);
    await page.locator('#statechart > summary').focus();
    await page.keyboard.press('Enter');
    expect(await panel.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
    expect(await page.locator('#statechart svg').isVisible()).toBe(true);
    expect(await page.locator('.statechart .node.current text').textContent()).toBe('Leverans');
    expect(await page.locator('.statechart-text').textContent()).toContain('Leverans: Avsluta leveransen → Kontroll av uppfyllelse');
    await page.locator('#statechart').screenshot({ path: `${SHOTS}/clause-statechart-open.png` });
  });

  it('asks before closing delivery, warns that the contract runs on, and is confirmed and sent with the keyboard alone', async () => {
    const clauseId = await clauseAt(delivery);
    const page = await clausePage(suite().seeded.p.officer, clauseId);
    const form = page.locator('#clause-CLOSE_DELIVERY');
    await form.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await form.locator('p.warning').textContent()).toContain('Obs! Kontraktet löper till 28 feb. 2027');
    expect(await form.locator('label[for="clause-CLOSE_DELIVERY-confirm"]').textContent()).toContain('Jag förstår att leveransen avslutas');

    // Sent without the box ticked: the form comes back, said at its top, and the clause is still in delivery.
    await form.locator('button[type=submit]').focus();
    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.waitForSelector('#clause-CLOSE_DELIVERY-errors');
    expect(await page.locator('#clause-CLOSE_DELIVERY-errors').textContent()).toContain('Inget har skickats');
    expect(await page.locator('.status-line').textContent()).toBe('Leverans pågår hos Jämtbygg AB');
    await page.screenshot({ path: `${SHOTS}/clause-confirm-refused.png` });

    // The summary's link leads to the box; Space ticks it, Enter on the button sends.
    await page.locator('#clause-CLOSE_DELIVERY-errors a').focus();
    await page.keyboard.press('Enter');
    await page.locator('#clause-CLOSE_DELIVERY-confirm').focus();
    await page.keyboard.press('Space');
    expect(await page.locator('#clause-CLOSE_DELIVERY-confirm').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('submit');
    await Promise.all([page.waitForURL(/done=CLOSE_DELIVERY/), page.keyboard.press('Enter')]);
    expect(await page.locator('.status-line').textContent()).toBe('Leveransen är avslutad: uppfyllelsen kontrolleras');
  });
});
