/**
 * The keyboard alone (issue 19, item 12) and errors where the eye is (item 7):
 * the officer drafts and publishes a clause, and the auditor verifies a
 * placement, with Tab, Enter and Space only; a refused CSV import comes back
 * with its error summary in view, focused, linking to what it names.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, SHOTS, WITHOUT_CHROMIUM } from '../support/browser.ts';
import { demoRigForSuite } from './demo-rig.ts';

describe.skipIf(!hasChromium)(`the keyboard alone, and a refused form's errors in view${WITHOUT_CHROMIUM}`, { timeout: 180_000 }, () => {
  const rig = demoRigForSuite();

  /** Presses Tab until the focused element matches `selector`; fails when a hundred presses do not reach it. */
  async function tabTo(page: Page, selector: string): Promise<void> {
    for (let presses = 0; presses < 100; presses++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  /** Presses Enter on the focused element and waits for the page it leads to. */
  async function enterAndLoad(page: Page): Promise<void> {
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  }

  async function signInByKeyboard(role: 'officer' | 'auditor'): Promise<Page> {
    const page = await rig().newPage();
    await page.goto(`${rig().base}/app/login?lang=sv`);
    await tabTo(page, '#apiKey');
    await page.keyboard.type(rig().keyOf(role));
    await enterAndLoad(page);
    expect(page.url()).toBe(`${rig().base}/app`);
    return page;
  }

  /** Opens an action's collapsed form from its summary, reaches its send button and sends it. */
  async function sendAction(page: Page, formId: string): Promise<void> {
    await tabTo(page, `#${formId} > summary`);
    await page.keyboard.press('Enter');
    expect(await page.locator(`#${formId}`).evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
    await tabTo(page, `#${formId} button[type=submit]`);
    await enterAndLoad(page);
  }

  it('lets the officer draft and publish a clause with Tab, Enter and Space alone', async () => {
    const officer = await signInByKeyboard('officer');
    await tabTo(officer, `a[href="/app/tenders/${rig().demo.tenderId}"]`);
    await enterAndLoad(officer);
    // The tender page opens on the first template's form (employment): each field reached by Tab and typed into.
    await tabTo(officer, '#clause-new-language');
    await officer.keyboard.type('Svenska');
    await tabTo(officer, '[name="params.months"]');
    await officer.keyboard.type('24');
    await tabTo(officer, '[name="params.minMonthsPerJob"]');
    await officer.keyboard.type('6');
    await tabTo(officer, 'input[name="params.targetGroups"][value=newcomers]');
    await officer.keyboard.press('Space');
    expect(await officer.locator('input[name="params.targetGroups"][value=newcomers]').isChecked()).toBe(true);
    await tabTo(officer, '[name="params.matchingBody"]');
    await officer.keyboard.type('Arbetsförmedlingen');
    await tabTo(officer, '#clause-new button[type=submit]');
    await enterAndLoad(officer);
    expect(officer.url()).toMatch(/\/app\/clauses\/[0-9a-f-]{36}\?done=1/);
    expect(await officer.locator('.notice').textContent()).toBe('Sparat.');
    await sendAction(officer, 'clause-PUBLISH');
    expect(await officer.locator('.statechart .node.current text').textContent()).toBe('I upphandling');
    await officer.screenshot({ path: `${SHOTS}/keyboard-officer-published.png`, fullPage: true });
  });

  it('lets the auditor verify a completed placement with Tab and Enter alone', async () => {
    const clauseId = rig().demo.clauseIds[0]!;
    const contractor = rig().h.as(rig().keyOf('contractor'));
    const registered = await contractor.post(`/api/v1/clauses/${clauseId}/placements`, {
      participantRef: 'JB-2026-101',
      targetGroup: 'newcomers',
      attestation: { issuer: 'Arbetsförmedlingen', reference: 'AF-88213', date: '2026-02-20' },
      role: 'målare',
      startDate: '2026-03-02',
      plannedEndDate: '2026-05-24',
      fte: 1,
      hoursPerWeek: 30,
    });
    expect(registered.status).toBe(201);
    const placementId = registered.body.id as string;
    expect((await contractor.post(`/api/v1/placements/${placementId}/events`, { type: 'START' })).status).toBe(200);
    expect((await contractor.post(`/api/v1/placements/${placementId}/events`, { type: 'COMPLETE', endDate: '2026-05-24', outcome: 'employment' })).status).toBe(
      200,
    );

    const auditor = await signInByKeyboard('auditor');
    await tabTo(auditor, `main a[href^="/app/clauses/${clauseId}"]`);
    await enterAndLoad(auditor);
    await sendAction(auditor, `placement-${placementId}-VERIFY`);
    expect(await auditor.locator(`#placement-${placementId} .badge`).first().textContent()).toBe('Kontrollerad, räknas');
    await auditor.screenshot({ path: `${SHOTS}/keyboard-auditor-verified.png`, fullPage: true });
  });

  it('brings a refused CSV import back with its summary in view and focused, each line naming row and column', async () => {
    const contractor = await rig().signIn('contractor');
    await contractor.goto(`${rig().base}/app/clauses/${rig().demo.clauseIds[0]}`);
    const csv = contractor.locator('#placement-import');
    await csv.locator('summary').click();
    await csv.locator('input[type=file]').setInputFiles({
      name: 'platser.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'participantRef,targetGroup,attestationIssuer,attestationReference,attestationDate,role,site,startDate,plannedEndDate,fte,hoursPerWeek\nJB-9,newcomers,AF,AF-9,2026-02-20,målare,,2026-03-02,2026-05-24,ett,trettio\n',
      ),
    });
    await Promise.all([contractor.waitForLoadState('load'), csv.locator('button[type=submit]').click()]);
    const summary = contractor.locator('#placement-import-errors');
    expect(await summary.getAttribute('role')).toBe('alert');
    const box = (await summary.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    await expect.poll(() => contractor.evaluate(() => document.activeElement?.id)).toBe('placement-import-errors');
    const text = (await summary.textContent()) ?? '';
    expect(text).toMatch(/Rad \d+, kolumn fte: Ange ett tal\./);
    expect(text).not.toMatch(/Invalid input|expected|received/);
    await contractor.screenshot({ path: `${SHOTS}/refused-import-in-view.png` });
  });
});
