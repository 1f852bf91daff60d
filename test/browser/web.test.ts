/**
 * The web application in a real browser (Debian's Chromium through
 * playwright-core): an officer, a contractor and an auditor, each in a browser
 * context of their own, carry a placements clause from drafting to verified
 * delivery, and each page is checked for what it shows. Screenshots of the
 * main pages go to test-results/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserRig, hasChromium, serveToChromium, SHOTS, WITHOUT_CHROMIUM } from '../support/browser.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { dropSeeded, openSeeded, type SeededDatabase } from '../support/api.ts';

describe.skipIf(!hasChromium)(`the web application in Chromium${WITHOUT_CHROMIUM}`, { timeout: 120_000 }, () => {
  let seeded: SeededDatabase;
  let rig: BrowserRig | undefined;
  let base: string;
  let browser: Browser;
  let matchingBodyOrgId: string;
  let matcherKey: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    seeded = await openSeeded('pglite');
    const body = await addOrganisation(seeded.h.deps, { name: 'Arbetsförmedlingen Östersund', kind: 'matching_body' });
    matchingBodyOrgId = body.id;
    matcherKey = (await addUser(seeded.h.deps, { orgId: body.id, role: 'matcher', name: 'Amina Yusuf' })).apiKey;
    // Sessions last hours on this clock, so it stands still: the contract started in March, the placement ended in May.
    seeded.h.clock.set(new Date('2026-06-02T08:00:00Z'));
    rig = await serveToChromium(seeded.h.app.fetch);
    ({ base, browser } = rig);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await rig?.close();
    await dropSeeded(seeded ?? {});
  });

  async function signIn(apiKey: string, options: { lang?: 'sv' | 'en'; width?: number } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: options.width ?? 1200, height: 900 }, locale: options.lang === 'en' ? 'en-GB' : 'sv-SE' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/app/login${options.lang ? `?lang=${options.lang}` : ''}`);
    await page.fill('#apiKey', apiKey);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/app`);
    return page;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  /** Opens an action's form, fills it and sends it; returns after the page that answers has loaded. */
  async function act(page: Page, formId: string, fill: Record<string, string> = {}, choose: Record<string, string> = {}) {
    const form = page.locator(`#${formId}`);
    if (!(await form.evaluate((details) => (details as HTMLDetailsElement).open))) await form.locator('summary').click();
    for (const [name, value] of Object.entries(fill)) await form.locator(`[name="${name}"]`).fill(value);
    for (const [name, value] of Object.entries(choose)) await form.locator(`select[name="${name}"]`).selectOption(value);
    await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
  }

  /** Sends a form that the engine refuses; returns the refusal's status once its page has loaded. */
  async function refused(page: Page, formId: string, fill: Record<string, string> = {}, choose: Record<string, string> = {}): Promise<number> {
    const form = page.locator(`#${formId}`);
    if (!(await form.evaluate((details) => (details as HTMLDetailsElement).open))) await form.locator('summary').click();
    for (const [name, value] of Object.entries(fill)) await form.locator(`[name="${name}"]`).fill(value);
    for (const [name, value] of Object.entries(choose)) await form.locator(`select[name="${name}"]`).selectOption(value);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
      page.waitForEvent('framenavigated'),
      form.locator('button[type=submit]').click(),
    ]);
    await page.waitForLoadState('load');
    return response.status();
  }
  /** The refused form's error summary: in the viewport after the answer, and free of the engine's English. */
  async function summaryOf(page: Page, formId: string): Promise<string> {
    const summary = page.locator(`#${formId}-errors`);
    const box = (await summary.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(await page.evaluate(() => window.innerHeight));
    expect(await summary.getAttribute('role')).toBe('alert');
    const text = (await page.locator(`#${formId}`).textContent()) ?? '';
    expect(text).not.toMatch(/Invalid input|Too small|Too big|expected|personal identity number/);
    return (await summary.textContent()) ?? '';
  }

  it('refuses a wrong key at sign-in, next to the field', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${base}/app/login?lang=en`);
    await page.fill('#apiKey', 'kl_not-a-key');
    await page.click('button[type=submit]');
    await expect(page.locator('.field-error').textContent()).resolves.toContain('Unknown or revoked key');
    expect(await page.locator('#apiKey').getAttribute('aria-invalid')).toBe('true');
  });

  it('carries a clause from draft to verified delivery as officer, contractor and auditor', async () => {
    const { p } = seeded;
    const officer = await signIn(p.officer);
    const contractor = await signIn(p.contractor);
    const auditor = await signIn(p.auditor, { lang: 'en' });

    // Officer: a tender, then a placements clause drafted with a live preview of its text.
    await act(officer, 'tender-new', { reference: 'ÖH-2026-031', title: 'Stambyte Körfältet' });
    await officer.click('text=ÖH-2026-031 · Stambyte Körfältet');
    await officer.locator('select[name=templateId]').selectOption('placements');
    await officer.waitForURL(/template=placements/);
    const form = officer.locator('#clause-new');
    await form.locator('select[name=language]').selectOption('sv');
    await form.locator('[name="params.count"]').fill('2');
    await form.locator('[name="params.minWeeks"]').fill('12');
    await form.locator('[name="params.hoursPerWeek"]').fill('30');
    await form.locator('input[name="params.targetGroups"][value=newcomers]').check();
    await form.locator('[name="params.matchingBody"]').fill('Arbetsförmedlingen');
    await expect.poll(() => officer.locator('#preview-text').textContent()).toContain('minst 12 veckor');
    await shot(officer, 'officer-draft');
    await Promise.all([officer.waitForURL(/\/app\/clauses\//), form.locator('button[type=submit]').click()]);
    const clauseUrl = officer.url().replace(/\?.*$/, '');
    expect(await officer.locator('.statechart .node.current text').textContent()).toBe('Utkast');

    // Publish, then award: the computed target appears with the progress bar.
    const stale = await officer.context().newPage();
    await stale.goto(clauseUrl);
    await act(officer, 'clause-PUBLISH');
    // A second tab still offers to publish: refused, and said at the top of the page, which the answer shows (the form is gone).
    expect(await refused(stale, 'clause-PUBLISH')).toBe(409);
    expect(await stale.locator('main > .problem').textContent()).toMatch(/Någon annan har ändrat|Det går inte i det läge/);
    expect(await stale.evaluate(() => document.activeElement?.classList.contains('problem'))).toBe(true);
    expect(await stale.locator('main > .problem').boundingBox()).toMatchObject({ y: expect.any(Number) });
    await stale.screenshot({ path: `${SHOTS}/refused-stale.png` });
    await stale.close();
    expect(await officer.locator('.statechart .node.current text').textContent()).toBe('I upphandling');
    // An event form refused: a contract value in words, said in Swedish next to its field.
    const award = { contractValueSek: 'tolv miljoner', startDate: '2026-03-01', endDate: '2027-02-28' };
    expect(await refused(officer, 'clause-AWARD', award, { contractorOrgId: p.supplierOrgId, matchingBodyOrgId })).toBe(422);
    expect(await summaryOf(officer, 'clause-AWARD')).toContain('Kontraktsvärde (kr): Ange ett tal.');
    expect(await officer.locator('#clause-AWARD-contractValueSek').inputValue()).toBe('tolv miljoner');
    expect(await officer.locator('#clause-AWARD select[name=contractorOrgId]').inputValue()).toBe(p.supplierOrgId);
    await shot(officer, 'refused-award');
    await act(
      officer,
      'clause-AWARD',
      { contractValueSek: '12 000 000', startDate: '2026-03-01', endDate: '2027-02-28' },
      { contractorOrgId: p.supplierOrgId, matchingBodyOrgId },
    );
    expect(await officer.locator('.statechart .node.current text').textContent()).toBe('Åtagande: väntar på planen');
    expect(await officer.locator('#progress').locator('..').textContent()).toContain('0 av 2 praktikplatser');
    // The officer is offered nothing while the contractor owes its plan.
    expect(await officer.locator('#now ~ .actions details').count()).toBe(0);

    // Contractor: its clause with the next deadline; submits the plan.
    await contractor.goto(`${base}/app/clauses`);
    expect(await contractor.locator('table').textContent()).toContain('Åtagande: väntar på planen');
    await contractor.goto(clauseUrl);
    await act(contractor, 'clause-SUBMIT_PLAN', { description: 'Två praktikplatser inom måleri med utbildade handledare' });
    expect(await contractor.locator('.statechart .node.current text').textContent()).toBe('Åtagande: planen granskas');

    // Officer accepts the plan; a bad AWARD-like input elsewhere is not possible any more.
    await officer.goto(clauseUrl);
    expect(await officer.locator('.clause-text').first().textContent()).toContain('Två praktikplatser');
    await act(officer, 'clause-ACCEPT_PLAN');
    expect(await officer.locator('.statechart .node.current text').textContent()).toBe('Leverans');
    await shot(officer, 'officer-clause');

    // Contractor: a personal identity number is refused next to its field, then a placement is registered.
    await contractor.goto(clauseUrl);
    const placement = {
      participantRef: '811218-9876',
      targetGroup: 'newcomers',
      'attestation.issuer': 'Arbetsförmedlingen',
      'attestation.reference': 'AF-88213',
      'attestation.date': '2026-02-20',
      role: 'målare',
      startDate: '2026-03-02',
      plannedEndDate: '2026-05-24',
      fte: '1',
      hoursPerWeek: '30',
    };
    const { targetGroup, ...typed } = placement;
    expect(await refused(contractor, 'placement-new', typed, { targetGroup })).toBe(422);
    // The answer opens at the refused form, far down the page, not at its top.
    expect(await contractor.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(await summaryOf(contractor, 'placement-new')).toContain('Skriv aldrig personnummer eller samordningsnummer.');
    await contractor.screenshot({ path: `${SHOTS}/refused-placement-pin.png` });
    const invalid = contractor.locator('#placement-new .field.invalid');
    expect(await invalid.locator('label').textContent()).toContain('Deltagarreferens');
    expect(await invalid.locator('.field-error').textContent()).toContain('Ange en pseudonym deltagarreferens');
    for (const [name, value] of Object.entries(typed)) expect(await contractor.locator(`#placement-new [name="${name}"]`).inputValue()).toBe(value);
    expect(await contractor.locator('#placement-new select[name=targetGroup]').inputValue()).toBe(targetGroup);
    // An empty required field and a number in words: each said in Swedish next to its field and in the summary.
    expect(await refused(contractor, 'placement-new', { ...typed, participantRef: 'JB-2026-031', role: '', hoursPerWeek: 'trettio' }, { targetGroup })).toBe(
      422,
    );
    const summary = await summaryOf(contractor, 'placement-new');
    expect(summary).toContain('Fyll i Yrkesroll.');
    expect(summary).toContain('Timmar per vecka: Ange ett tal.');
    expect(await contractor.locator('#placement-new-hoursPerWeek').inputValue()).toBe('trettio');
    expect(await contractor.locator('#placement-new-participantRef').inputValue()).toBe('JB-2026-031');
    await contractor.screenshot({ path: `${SHOTS}/refused-placement-empty.png` });
    await act(contractor, 'placement-new', { ...typed, participantRef: 'JB-2026-031' }, { targetGroup });
    expect(await contractor.locator('.notice').textContent()).toBe('Sparat.');
    const placementCard = contractor.locator('[id^=placement-]:has-text("JB-2026-031")').first();
    const placementId = (await placementCard.getAttribute('id'))!.replace('placement-', '');
    await act(contractor, `placement-${placementId}-START`);
    await act(contractor, `placement-${placementId}-COMPLETE`, { endDate: '2026-05-24' }, { outcome: 'employment' });

    // A CSV import with a bad row stores nothing and names the row and column.
    const csv = contractor.locator('#placement-import');
    await csv.locator('summary').click();
    await csv.locator('input[type=file]').setInputFiles({
      name: 'platser.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'participantRef,targetGroup,attestationIssuer,attestationReference,attestationDate,role,site,startDate,plannedEndDate,fte,hoursPerWeek\n' +
          'JB-2026-040,newcomers,Arbetsförmedlingen,AF-1,2026-02-20,målare,,2026-03-02,2026-05-24,1,30\n' +
          'JB-2026-041,newcomers,Arbetsförmedlingen,AF-2,2026-02-20,målare,,2026-03-02,2026-05-24,"1,5",30\n',
      ),
    });
    await Promise.all([contractor.waitForLoadState('load'), csv.locator('button[type=submit]').click()]);
    expect(await contractor.locator('#placement-import-errors').textContent()).toContain('Rad 3, kolumn fte: Ange ett tal som är högst 1.');
    await contractor.screenshot({ path: `${SHOTS}/refused-csv.png` });
    expect(await contractor.locator('[id^=placement-]:has-text("JB-2026-040")').count()).toBe(0);

    // An opening for the matching body, which proposes a candidate; the contractor accepts, and the placement is registered.
    const opening = contractor.locator('#opening-new');
    await opening.locator('summary').click();
    await opening.locator('[name=role]').fill('snickare');
    await opening.locator('[name=startDate]').fill('2026-08-03');
    await opening.locator('[name=weeks]').fill('16');
    await opening.locator('[name=hoursPerWeek]').fill('30');
    await opening.locator('[name=competences]').fill('snickeri\ntruckkort');
    await opening.locator('[name="supervisor.trained"]').check();
    await Promise.all([contractor.waitForLoadState('load'), opening.locator('button[type=submit]').click()]);
    const matcher = await signIn(matcherKey);
    // The matcher's candidate form, refused for what was left empty or mistyped: said in Swedish, the typed values kept.
    await matcher.goto(`${base}/app/candidates`);
    expect(await refused(matcher, 'candidate-new', { candidateRef: 'AF-2026-0600', municipality: 'Östersund' })).toBe(422);
    const candidateRefusal = await summaryOf(matcher, 'candidate-new');
    expect(candidateRefusal).toContain('Välj Målgrupp.');
    expect(candidateRefusal).toContain('Fyll i Tillgänglig från.');
    expect(candidateRefusal).toContain('Kommunkod (SCB, fyra siffror): Formatet stämmer inte.');
    expect(await matcher.locator('#candidate-new-candidateRef').inputValue()).toBe('AF-2026-0600');
    expect(await matcher.locator('#candidate-new-municipality').inputValue()).toBe('Östersund');
    await shot(matcher, 'refused-candidate');
    await matcher.goto(`${base}/app`);
    await matcher.click('text=snickare');
    await act(
      matcher,
      'proposal-new',
      { candidateRef: 'AF-2026-0519', competences: 'snickeri', 'attestation.reference': 'AF-INT-1200', 'attestation.date': '2026-05-28' },
      { targetGroup: 'newcomers' },
    );
    expect(await matcher.locator('[id^=proposal-] .badge').first().textContent()).toBe('Föreslagen, väntar på svar');
    await shot(matcher, 'matcher-opening');
    await contractor.click('a[href^="/app/openings/"]:has-text("snickare")');
    const proposalCard = contractor.locator('[id^=proposal-]:has-text("AF-2026-0519")').first();
    const proposalId = (await proposalCard.getAttribute('id'))!.replace('proposal-', '');
    await act(contractor, `proposal-${proposalId}-ACCEPT`);
    expect(await contractor.locator(`#proposal-${proposalId} .badge`).textContent()).toBe('Antagen');
    expect(await contractor.locator('main p .badge').first().textContent()).toBe('Tillsatt');
    await contractor.goto(clauseUrl);
    expect(await contractor.locator('[id^=placement-]:has-text("AF-2026-0519")').count()).toBe(1);

    // An hour later, a period report with its timesheet as evidence.
    seeded.h.clock.set(new Date('2026-06-02T09:00:00Z'));
    await act(contractor, 'report-new', { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: '1200' });
    const reportCard = contractor.locator('[id^=report-]:has(.badge.submitted)').first();
    const reportId = (await reportCard.getAttribute('id'))!.replace('report-', '');
    const evidence = contractor.locator(`#evidence-${reportId}`);
    await evidence.locator('summary').click();
    // A file named after a personal identity number is refused, the description kept.
    await evidence
      .locator('input[type=file]')
      .setInputFiles({ name: '811218-9876.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    expect(await refused(contractor, `evidence-${reportId}`, { description: 'Tidrapport mars' })).toBe(422);
    const fileRefusal = await summaryOf(contractor, `evidence-${reportId}`);
    expect(fileRefusal).toContain('Fil: Skriv aldrig personnummer eller samordningsnummer i underlag');
    expect(await contractor.locator(`#evidence-${reportId} [name=description]`).inputValue()).toBe('Tidrapport mars');
    expect(await contractor.locator(`#evidence-${reportId}-errors a`).first().getAttribute('href')).toBe(`#evidence-${reportId}-file`);
    await contractor.screenshot({ path: `${SHOTS}/refused-evidence.png` });
    await evidence.locator('input[type=file]').setInputFiles({
      name: 'tidrapport-mars.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    await evidence.locator('[name=description]').fill('Tidrapport mars');
    await Promise.all([contractor.waitForLoadState('load'), evidence.locator('button[type=submit]').click()]);
    expect(await contractor.locator('.notice').textContent()).toBe('Sparat.');
    // The file is listed on the report, a link that downloads it.
    expect(await contractor.locator(`#report-${reportId} .evidence a`).textContent()).toBe('tidrapport-mars.pdf');
    await shot(contractor, 'contractor-clause');

    // Auditor: the review queue, oldest first, then verify the placement and accept the report.
    await auditor.goto(`${base}/app`);
    const queue = auditor.locator('section[aria-labelledby=waiting] tbody tr');
    // The placement from the proposal has not ended: it awaits nobody yet.
    expect(await queue.count()).toBe(2);
    expect(await queue.nth(0).textContent()).toContain('JB-2026-031');
    // The report's period as dates in the page's language, not ISO days.
    expect(await queue.nth(1).textContent()).toContain('Review the period report 1 Mar 2026 – 31 Mar 2026');
    await shot(auditor, 'auditor-queue');
    await queue.nth(0).locator('a').click();
    await act(auditor, `placement-${placementId}-VERIFY`);
    expect(await auditor.locator(`#placement-${placementId} .badge`).first().textContent()).toBe('Verified, counts');
    // The auditor sees what was submitted before accepting it, and can open it.
    expect(await auditor.locator(`#report-${reportId} .evidence`).textContent()).toContain('Evidence submitted');
    const [download] = await Promise.all([auditor.waitForEvent('download'), auditor.locator(`#report-${reportId} .evidence a`).click()]);
    expect(download.suggestedFilename()).toBe('tidrapport-mars.pdf');
    await act(auditor, `report-${reportId}-ACCEPT`);
    expect(await auditor.locator(`#report-${reportId} .badge`).first().textContent()).toBe('Accepted');
    expect(await auditor.locator('#progress').locator('..').textContent()).toContain('1 of 2 placements');
    // The timeline names who did what, in the auditor's language.
    const timeline = await auditor.locator('ol.timeline').textContent();
    expect(timeline).toContain('Accept the plan');
    expect(timeline).toContain('Sara Lind (procurement officer)');
    await auditor.goto(`${base}/app`);
    expect(await auditor.locator('main').textContent()).toContain('Nothing is waiting for you right now.');
    await shot(auditor, 'auditor-done');
  });

  it('fits a phone: the clause list and a clause page at 390 pixels wide, without sideways scrolling of the page', async () => {
    const phone = await signIn(seeded.p.contractor, { width: 390 });
    await phone.goto(`${base}/app/clauses`);
    await shot(phone, 'phone-clauses');
    await phone.locator('table a').first().click();
    await phone.waitForLoadState('load');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(phone, 'phone-clause');
  });

  it('refuses an identity number in English on a phone, at the form, with what was typed', async () => {
    const phone = await signIn(seeded.p.officer, { lang: 'en', width: 390 });
    expect(await refused(phone, 'tender-new', { reference: 'ÖH-2026-099', title: 'Avtal 811218-9876' })).toBe(422);
    // In English the refusal rightly says "personal identity numbers", so not summaryOf (which keeps Swedish pages free of them).
    const summary = phone.locator('#tender-new-errors');
    expect(await summary.isVisible()).toBe(true);
    const box = (await summary.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(await phone.evaluate(() => window.innerHeight));
    expect(await summary.textContent()).toContain('Klausul never stores personal identity numbers');
    expect(await phone.locator('#tender-new').textContent()).not.toMatch(/Skriv aldrig|personnummer|Invalid input|Too small/);
    expect(await phone.locator('#tender-new [name=reference]').inputValue()).toBe('ÖH-2026-099');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: `${SHOTS}/refused-tender-en-phone.png` });
  });

  it('signs out, and a form without its CSRF token is refused', async () => {
    const page = await signIn(seeded.p.officer);
    const forged = await page.evaluate(
      async () => (await fetch('/app/tenders', { method: 'POST', body: new URLSearchParams({ reference: 'X', title: 'Y' }) })).status,
    );
    expect(forged).toBe(403);
    await page.click('button.link');
    await page.waitForURL(/\/app\/login/);
    await page.goto(`${base}/app`);
    expect(page.url()).toMatch(/\/app\/login$/);
  });
});
