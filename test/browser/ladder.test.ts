/**
 * The sanction ladder on the clause page, in a real browser (Debian's Chromium
 * through playwright-core): the auditor sends a written notice from its form,
 * the contractor sees the notice and may answer it, and the officer on a clause
 * in shortfall is offered to claim vite and to terminate (the terms include
 * termination), in Swedish and in English, never the old "Besluta om vite" nor
 * IMPOSE_SANCTION beside CLAIM_VITE. Screenshots go to test-results/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, SHOTS, WITHOUT_CHROMIUM } from '../support/browser.ts';
import { seededBrowserForSuite } from '../support/seeded-browser.ts';
import { clauseInDelivery, drive, PLACEMENT_PARAMS } from '../support/api.ts';

describe.skipIf(!hasChromium)(`the sanction ladder on the clause page in Chromium${WITHOUT_CHROMIUM}`, { timeout: 120_000 }, () => {
  const suite = seededBrowserForSuite();

  /** A page of the clause for the key's user, signed in as the application's own login does, in the language asked for. */
  const clausePage = (apiKey: string, clauseId: string, lang: 'sv' | 'en' = 'sv'): Promise<Page> =>
    suite().pageAs(apiKey, `/app/clauses/${clauseId}`, { lang });
  const offered = (page: Page) => page.locator('#now ~ .actions details > summary').allTextContents();

  it('offers each rung to its role, in the words of the glossary', async () => {
    const { h, p } = suite().seeded;
    const clauseId = await clauseInDelivery(h, p, 'placements', { ...PLACEMENT_PARAMS, termination: true });
    h.clock.set(new Date('2026-04-02T08:00:00Z'));

    // The auditor sends a written notice from the generic event form.
    const auditor = await clausePage(p.auditor, clauseId);
    expect(await offered(auditor)).toEqual(['Begär rättelse']);
    const form = auditor.locator('#clause-REQUEST_CORRECTION');
    await form.locator('summary').click();
    expect(await form.locator('label').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Rättas senast')]));
    await form.locator('[name="reason"]').fill('Periodrapporten för mars saknas');
    await form.locator('[name="dueDate"]').fill('2026-04-20');
    await Promise.all([auditor.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
    expect(await auditor.locator('#ladder').locator('..').textContent()).toContain('Rättelse 1');
    expect(await auditor.locator('#ladder').locator('..').textContent()).toContain('Periodrapporten för mars saknas');
    expect(await auditor.locator('.timeline').last().textContent()).toContain('Begär rättelse');

    // The contractor sees the notice and may answer it.
    const contractor = await clausePage(p.contractor, clauseId);
    expect(await offered(contractor)).toContain('Redovisa rättelse');
    expect(await contractor.locator('#ladder').locator('..').textContent()).toContain('Inte besvarad');

    // The officer in shortfall: claim vite, waive, terminate; the statechart and deadlines in Swedish.
    await drive(h, clauseId, [
      [p.officer, { type: 'CLOSE_DELIVERY' }],
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Inga praktikplatser tillsatta' }],
    ]);
    const officer = await clausePage(p.officer, clauseId);
    expect(await offered(officer)).toEqual(['Efterge', 'Kräv vite', 'Häv avtalet']);
    expect(await officer.locator('.statechart .node.current text').textContent()).toBe('Brist');
    const page = (await officer.locator('main').textContent()) ?? '';
    expect(page).toContain('Beräknat vite');
    expect(page).toContain('Rättelse');
    expect(page).not.toMatch(/Besluta om vite|IMPOSE_SANCTION|CLAIM_VITE|correctionDue|shortfall/);
    await officer.screenshot({ path: `${SHOTS}/ladder-shortfall-officer.png`, fullPage: true });

    const english = await clausePage(p.officer, clauseId, 'en');
    expect(await offered(english)).toEqual(['Waive', 'Claim liquidated damages', 'Terminate the contract']);
    // The clause text is in the clause's own language (Swedish here); the page around it is English.
    const words = await english.locator('main').evaluate((main) => {
      const copy = main.cloneNode(true) as HTMLElement;
      for (const text of copy.querySelectorAll('.clause-text')) text.remove();
      return copy.textContent ?? '';
    });
    expect(words).toContain('Computed liquidated damages');
    expect(words).not.toMatch(/\bvite\b|Impose/i);
    await english.screenshot({ path: `${SHOTS}/ladder-shortfall-officer-en.png`, fullPage: true });

    // Terminated through its form: the clause page says so and offers nothing more.
    const terminate = officer.locator('#clause-TERMINATE');
    await terminate.locator('summary').click();
    await terminate.locator('[name="reason"]').fill('Väsentligt avtalsbrott');
    await terminate.locator('[name="effectiveDate"]').fill('2026-05-01');
    // Termination cannot be undone: sent without its confirmation, the form comes back and nothing changes.
    await Promise.all([officer.waitForLoadState('load'), terminate.locator('button[type=submit]').click()]);
    expect(await officer.locator('#clause-TERMINATE-errors').textContent()).toContain('Inget har skickats');
    expect(await officer.locator('.statechart .node.current text').textContent()).toBe('Brist');
    expect(await officer.locator('#clause-TERMINATE [name="reason"]').inputValue()).toBe('Väsentligt avtalsbrott');
    await officer.locator('#clause-TERMINATE [name="confirm"]').check();
    await Promise.all([officer.waitForLoadState('load'), terminate.locator('button[type=submit]').click()]);
    expect(await officer.locator('.statechart .node.current text').textContent()).toBe('Avtalet hävt');
    expect(await offered(officer)).toEqual([]);
    expect(await officer.locator('#ladder').locator('..').textContent()).toContain('Avtalet hävt från och med');
  });
});
