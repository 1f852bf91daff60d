/**
 * The clause page's subcontractors (issue 22) in Chromium, as the contractor
 * sees them at desktop width and on a phone: the list with a social
 * enterprise's badge and the figures, the form to name one, no table wider
 * than the screen, and nothing axe-core finds in the section; and the
 * subcontractor's own page of the clause, whole, in both languages; and the
 * buyer's overview of what subcontractors delivered.
 * Screenshots go to test-results/ (subcontractors-*.png).
 */
import { describe, expect, it } from 'vitest';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { clauseInDelivery, PLACEMENT_PARAMS } from '../support/api.ts';
import { axeViolations } from '../support/axe.ts';
import { hasChromium, SHOTS, WITHOUT_CHROMIUM } from '../support/browser.ts';
import { seededBrowserForSuite } from '../support/seeded-browser.ts';
import { placementBody } from '../support/world.ts';

describe.skipIf(!hasChromium)(`subcontractors on the clause page in Chromium${WITHOUT_CHROMIUM}`, { timeout: 180_000 }, () => {
  const suite = seededBrowserForSuite();

  it('shows the list, its figures and the form to the contractor, at desktop and phone width', async () => {
    const { h, p } = suite().seeded;
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    const subOrgId = (await addOrganisation(h.deps, { name: 'Fixarna AB', kind: 'supplier', orgNumber: '556677-8899', socialEnterprise: 'yes' })).id;
    await addOrganisation(h.deps, { name: 'Målarna i Åre AB', kind: 'supplier', orgNumber: '556111-2222' });
    const sub = (await addUser(h.deps, { orgId: subOrgId, role: 'contractor', name: 'Maja Ek' })).apiKey;
    await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/subcontractors`, { orgId: subOrgId, spendSek: 600_000 });
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    await h.as(sub).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('SUB-B1'));

    for (const [name, width] of [
      ['desktop', 1200],
      ['phone', 390],
    ] as const) {
      const page = await suite().pageAs(p.contractor, `/app/clauses/${clauseId}`, { width });
      const section = page.locator('section:has(#subcontractors)');
      expect(await section.getByText('Arbetsintegrerande socialt företag').count()).toBe(1);
      expect(await section.locator('#subcontractor-new summary').textContent()).toBe('Ange underleverantör');
      expect(await section.textContent()).toContain('Köpt från arbetsintegrerande sociala företag');
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: `${SHOTS}/subcontractors-${name}.png` });
      // The table may scroll inside its wrapper; the page itself is no wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect((await axeViolations(page, 'section:has(#subcontractors)')).map((v) => v.id)).toEqual([]);
      await page.context().close();
    }
    // The buyer's overview sums them over its portfolio.
    const overview = await suite().pageAs(p.officer, '/app/overview');
    const summed = overview.locator('section:has(#portfolio-subcontractors)');
    expect(await summed.textContent()).toContain('Fixarna AB');
    await summed.scrollIntoViewIfNeeded();
    await summed.screenshot({ path: `${SHOTS}/subcontractors-overview.png` });
    expect((await axeViolations(overview, 'section:has(#portfolio-subcontractors)')).map((v) => v.id)).toEqual([]);
    await overview.context().close();
  });

  it('shows the subcontractor its own page of the clause, at desktop and phone width, in Swedish and English', async () => {
    const { h, p } = suite().seeded;
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    const subOrgId = (await addOrganisation(h.deps, { name: 'Snickarna i Brunflo AB', kind: 'supplier', orgNumber: '556222-3333' })).id;
    const sub = (await addUser(h.deps, { orgId: subOrgId, role: 'contractor', name: 'Lisa Berg' })).apiKey;
    await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/subcontractors`, { orgId: subOrgId });
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    await h.as(sub).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('SUB-B2'));
    const report = (await h.as(sub).post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 120 }))
      .body;
    await h.as(p.contractor).post(`/api/v1/reports/${report.id}/events`, { type: 'RETURN', reason: 'Ange timmarna per vecka' });

    for (const [lang, name, width] of [
      ['sv', 'desktop', 1200],
      ['sv', 'phone', 390],
      ['en', 'desktop', 1200],
    ] as const) {
      const page = await suite().pageAs(sub, `/app/clauses/${clauseId}`, { width, lang });
      expect(await page.locator('#assignment').textContent()).toBe(lang === 'sv' ? 'Uppdraget' : 'The assignment');
      expect(await page.locator(`#report-${report.id}`).textContent()).toContain('Ange timmarna per vecka');
      await page.screenshot({ path: `${SHOTS}/subcontractors-own-page-${lang}-${name}.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect((await axeViolations(page)).map((v) => v.id)).toEqual([]);
      await page.context().close();
    }
  });
});
