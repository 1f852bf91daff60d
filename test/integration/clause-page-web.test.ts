/**
 * The clause page says what people act on (issue 19), in Swedish and in
 * English: its status in words with who acts next; the contract's facts
 * (tender, buyer, supplier, value, period, target, the plan in force, which
 * stays in delivery); every decision with its reason, addressed to the party
 * that must act on it; a report's hours in parts and the auditor's query; a
 * placement's attestation and its evidence's type, size and date; a draft's
 * terms edited from its page; irreversible steps sent only once their
 * consequence is confirmed (unconfirmed, the form comes back and nothing is
 * sent); and on an opening, suggestions from the pool and proposals for the
 * opening named apart, "Föreslå" filling the proposal form, and a proposal
 * that waits for the supplier shown on the clause's page too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardBody, clauseInDelivery, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
import { webSignIn, webUser } from '../support/web-session.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { candidateBody, completedPlacementAndMarchReport, offerBody, openingBody, proposalBody } from '../support/world.ts';
import { PDF } from '../fixtures/evidence.ts';
import { wordsFor } from '../../src/web/i18n.ts';

const sv = wordsFor('sv');
const en = wordsFor('en');

/** A page's text as read: tags gone, entities decoded, every kind of space one space. */
const textOf = (html: string): string =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/[\s\u00a0\u202f]+/g, ' ');
const spaced = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

describe.each(BACKENDS)('the clause page on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(() => dropSeeded(seeded));

  /** The clause's page for the key's user, in the language asked for: its HTML and its text. */
  const clausePage = async (key: string, clauseId: string, lang: 'sv' | 'en' = 'sv') => {
    const cookie = await webSignIn(seeded.h, key);
    const res = await seeded.h.app.request(`/app/clauses/${clauseId}?lang=${lang}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    return { html, text: textOf(html) };
  };
  /** The part of a page from an element's id to the end of its section. */
  const part = (html: string, id: string) => {
    const start = html.indexOf(`id="${id}"`);
    expect(start, id).toBeGreaterThan(-1);
    return textOf(html.slice(start, html.indexOf('</section>', start)));
  };

  it('edits a draft from its page, its fields filled with the terms as they are', async () => {
    const { h, p } = seeded;
    const { clauseId } = await draftClause(h, p);
    const { html, text } = await clausePage(p.officer, clauseId);
    expect(text).toContain('Utkast hos Östersundshem AB');
    expect(text).toContain('Östersundshem AB (upphandlare) ändrar utkastet');
    const form = html.slice(html.indexOf('id="clause-EDIT_DRAFT"'), html.indexOf('</details>', html.indexOf('id="clause-EDIT_DRAFT"')));
    expect(form).toContain('Ändra utkastet');
    expect(form).toMatch(/value="12" id="clause-EDIT_DRAFT-params-minWeeks"/);
    expect(form).toMatch(/value="Arbetsförmedlingen" id="clause-EDIT_DRAFT-params-matchingBody"/);
    expect(form).toMatch(/name="params\.targetGroups" value="newcomers" checked/);
    expect(form).toMatch(/name="params\.targetGroups" value="long-term-unemployed"\/>/);

    const officer = await webUser(h, p.officer);
    const version = (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body.version as number;
    const edit = new URLSearchParams({
      _version: String(version),
      language: 'sv',
      'params.msekPerPlacement': '5',
      'params.minWeeks': '16',
      'params.hoursPerWeek': '30',
      'params.matchingBody': 'Arbetsförmedlingen',
      'params.vite.sekPerMissingPlacement': '50000',
      'params.vite.capPct': '2',
    });
    edit.append('params.targetGroups', 'newcomers');
    // A refused edit keeps what was typed and changes nothing.
    const refused = await officer.post(`/app/clauses/${clauseId}/draft`, new URLSearchParams({ ...Object.fromEntries(edit), 'params.minWeeks': 'sexton' }));
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/value="sexton" id="clause-EDIT_DRAFT-params-minWeeks"/);
    expect((await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body.version).toBe(version);
    const saved = await officer.post(`/app/clauses/${clauseId}/draft`, edit);
    expect(saved.status).toBe(303);
    const after = (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body;
    expect(after.params.minWeeks).toBe(16);
    expect(after.params.targetGroups).toEqual(['newcomers']);
    expect(after.text).toContain('16 veckor');
  });

  it('states where the clause stands and who acts next, the facts of the contract and the decisions with their reasons, in both languages', async () => {
    const { h, p } = seeded;
    h.clock.set(new Date('2026-03-01T08:00:00Z'));
    const { clauseId, tenderId } = await draftClause(h, p);
    const tender = (await h.as(p.officer).get(`/api/v1/tenders/${tenderId}`)).body;
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Två platser inom måleri' }],
      [p.officer, { type: 'REQUEST_PLAN_CHANGES', reason: 'Planen saknar utbildade handledare' }],
    ]);

    const contractor = await clausePage(p.contractor, clauseId);
    const status = part(contractor.html, 'status');
    expect(status).toContain('Väntar på åtagandeplan från Jämtbygg AB');
    expect(status).toContain('Jämtbygg AB (leverantör) lämnar åtagandeplanen.');
    // The officer's reason reaches the contractor at the top of its page, and among the decisions, addressed to it.
    expect(status).toContain('Begär ändringar i planen: Planen saknar utbildade handledare');
    expect(status).toContain('Nästa tidsgräns: Åtagandeplan');
    const decisions = part(contractor.html, 'decisions');
    expect(decisions).toContain('Till dig');
    expect(decisions).toContain('Motivering: Planen saknar utbildade handledare');
    expect(decisions).toContain('Sara Lind (upphandlare)');
    expect(part((await clausePage(p.officer, clauseId)).html, 'decisions')).toContain('Till Jämtbygg AB');
    const facts = part(contractor.html, 'contract');
    for (const fact of [
      `${tender.reference} · Renovering Lugnvik`,
      'Beställare Östersundshem AB',
      'Leverantör Jämtbygg AB',
      `Kontraktsvärde ${spaced(sv.sek(12_000_000))}`,
      `Avtalsperiod ${spaced(sv.date('2026-03-01'))} – ${spaced(sv.date('2027-02-28'))}`,
      'Mål 3 praktikplatser',
      // No matching body's organisation was named at award: the one the clause's terms name.
      'Matchningsansvarig Arbetsförmedlingen',
      'Åtagandeplan (skickad tillbaka för ändringar)',
    ]) {
      expect(facts).toContain(fact);
    }
    // The statechart is in a panel that opens, its states in words, and said in words beside it.
    expect(contractor.html).toMatch(/<details class="statechart-panel" id="statechart"><summary>Visa tillståndsdiagrammet<\/summary>/);
    expect(contractor.text).toContain('Diagrammet i ord');
    expect(contractor.text).not.toMatch(/commitment\.awaitingPlan|REQUEST_PLAN_CHANGES|awaitingPlan/);

    const english = await clausePage(p.contractor, clauseId, 'en');
    const statusEn = part(english.html, 'status');
    expect(statusEn).toContain('Awaiting the commitment plan from Jämtbygg AB');
    expect(statusEn).toContain('Request changes to the plan: Planen saknar utbildade handledare');
    expect(part(english.html, 'decisions')).toContain('To you');
    const factsEn = part(english.html, 'contract');
    expect(factsEn).toContain(`Contract value ${spaced(en.sek(12_000_000))}`);
    expect(factsEn).toContain('Buyer Östersundshem AB');
    expect(factsEn).toContain('Supplier Jämtbygg AB');
    expect(english.text).toContain('Show the statechart');
    // The page around the clause's text (Swedish here) is English.
    expect(english.text.slice(0, english.text.indexOf('Clause text'))).not.toMatch(/Väntar på|Beställare|Leverantör|Till dig|Motivering/);

    // In delivery the accepted plan stays on the page.
    await drive(h, clauseId, [
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Två platser inom måleri med utbildade handledare' }],
      [p.officer, { type: 'ACCEPT_PLAN', note: 'Bra plan' }],
    ]);
    const delivery = await clausePage(p.officer, clauseId);
    expect(part(delivery.html, 'status')).toContain('Leverans pågår hos Jämtbygg AB');
    // Deadlines set for a date show the date alone, no clock time.
    expect(part(delivery.html, 'status')).toContain(`Nästa tidsgräns: Periodrapport · ${spaced(sv.date('2026-04-30'))}`);
    expect(part(delivery.html, 'status')).not.toMatch(/Periodrapport · [^·]*\d{2}:\d{2}/);
    expect(part(delivery.html, 'progress')).toContain(`Kontraktets slut ${spaced(sv.date('2027-02-28'))} Kommande`);
    expect(part(delivery.html, 'contract')).toContain('Åtagandeplan (godkänd) Två platser inom måleri med utbildade handledare');
    expect(part(delivery.html, 'decisions')).toContain('Anteckning: Bra plan');
    expect(part((await clausePage(p.officer, clauseId, 'en')).html, 'contract')).toContain('Commitment plan (accepted)');
  });

  it("shows a report's hours in parts with the auditor's query, and a placement's attestation and evidence beside the auditor's buttons", async () => {
    const { h, p } = seeded;
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    const form = new FormData();
    form.append('file', new File([PDF as Uint8Array<ArrayBuffer>], 'intyg.pdf', { type: 'application/pdf' }));
    const { placementId, reportId } = await completedPlacementAndMarchReport(h, p, clauseId, 'AT-1', form);
    expect((await h.as(p.auditor).post(`/api/v1/reports/${reportId}/events`, { type: 'QUERY', reason: 'Timmarna stämmer inte med tidrapporten' })).status).toBe(
      200,
    );

    const auditor = await clausePage(p.auditor, clauseId);
    const card = part(auditor.html, `placement-${placementId}`);
    expect(card).toContain(`Målgruppsintyg: Arbetsförmedlingen, referens AF-AT-1, ${spaced(sv.date('2026-02-20'))}`);
    expect(card).toMatch(/intyg\.pdf · PDF-dokument · \d+ kB · uppladdad/);
    expect(card).toContain('Verifiera');

    const contractor = await clausePage(p.contractor, clauseId);
    const reportCard = part(contractor.html, `report-${reportId}`);
    expect(reportCard).toContain(`${spaced(sv.number(1100, 0))} timmar totalt`);
    expect(reportCard).toContain('Timmar av lokalt boende: 400 h');
    expect(reportCard).toContain('Avtalsuppföljarens fråga: Timmarna stämmer inte med tidrapporten');
    expect(part(contractor.html, 'status')).toContain('ifrågasatt: Timmarna stämmer inte med tidrapporten');

    const english = await clausePage(p.contractor, clauseId, 'en');
    const reportEn = part(english.html, `report-${reportId}`);
    expect(reportEn).toContain('1,100 hours in all');
    expect(reportEn).toContain('Hours by local residents: 400 h');
    expect(reportEn).toContain("The contract auditor's query: Timmarna stämmer inte med tidrapporten");
    const cardEn = part((await clausePage(p.auditor, clauseId, 'en')).html, `placement-${placementId}`);
    expect(cardEn).toContain('Target-group attestation: Arbetsförmedlingen, reference AF-AT-1, 20 Feb 2026');
    expect(cardEn).toMatch(/PDF document · \d+ kB · uploaded/);
  });

  it('sends an irreversible step only once its consequence is confirmed; unconfirmed, the form comes back and nothing is sent', async () => {
    const { h, p } = seeded;
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    const versionOf = async () => (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body as { version: number; state: string };

    // The form states the consequence, and warns that the contract runs on.
    const page = await clausePage(p.officer, clauseId);
    const close = part(page.html, 'clause-CLOSE_DELIVERY');
    expect(close).toContain('Jag förstår att leveransen avslutas');
    expect(close).toContain(`Obs! Kontraktet löper till ${spaced(sv.date('2027-02-28'))}`);
    expect(page.html).toMatch(/<input type="checkbox" value="on" id="clause-CLOSE_DELIVERY-confirm" name="confirm"/);

    // Withdrawing an offer of employment asks first too: unconfirmed, the offer stands.
    const offer = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/offers`, offerBody('WD-1'));
    expect(offer.status).toBe(201);
    const supplier = await webUser(h, p.contractor);
    const withdraw = (extra: Record<string, string>) =>
      supplier.post(
        `/app/offers/${offer.body.id}/events`,
        new URLSearchParams({ type: 'WITHDRAW', _version: String(offer.body.version), date: '2026-04-02', reason: 'Tjänsten drogs in', ...extra }),
      );
    const kept = await withdraw({});
    expect(kept.status).toBe(422);
    expect(textOf(kept.text)).toContain('Jag förstår att erbjudandet återkallas');
    expect(textOf(kept.text)).toContain('Inget har skickats');
    expect(kept.text).toContain('Tjänsten drogs in');
    expect((await h.as(p.contractor).get(`/api/v1/offers/${offer.body.id}`)).body.state).toBe('offered');
    expect((await withdraw({ confirm: 'on' })).status).toBe(303);
    expect((await h.as(p.contractor).get(`/api/v1/offers/${offer.body.id}`)).body.state).toBe('withdrawn');

    const officer = await webUser(h, p.officer);
    const before = await versionOf();
    for (const [lang, said] of [
      ['sv', 'Inget har skickats'],
      ['en', 'Nothing was sent'],
    ] as const) {
      const refused = await officer.post(
        `/app/clauses/${clauseId}/events?lang=${lang}`,
        new URLSearchParams({ type: 'CLOSE_DELIVERY', _version: String(before.version), note: 'Klart i förtid' }),
      );
      expect(refused.status).toBe(422);
      expect(textOf(refused.text)).toContain(said);
      expect(refused.text).toContain('href="#clause-CLOSE_DELIVERY-confirm"');
      // What was typed comes back.
      expect(refused.text).toContain('Klart i förtid');
    }
    expect(await versionOf()).toEqual(before);
    const closed = await officer.post(
      `/app/clauses/${clauseId}/events`,
      new URLSearchParams({ type: 'CLOSE_DELIVERY', _version: String(before.version), confirm: 'on' }),
    );
    expect(closed.status).toBe(303);
    expect((await versionOf()).state).toBe('verification');

    await drive(h, clauseId, [[p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Inga praktikplatser tillsatta' }]]);
    const shortfall = await versionOf();
    const unconfirmed = await officer.post(
      `/app/clauses/${clauseId}/events?lang=en`,
      new URLSearchParams({ type: 'CLAIM_VITE', _version: String(shortfall.version), reason: 'Vite enligt klausulen' }),
    );
    expect(unconfirmed.status).toBe(422);
    expect(textOf(unconfirmed.text)).toContain('I understand that liquidated damages are claimed from Jämtbygg AB');
    expect(await versionOf()).toEqual(shortfall);
    const claimed = await officer.post(
      `/app/clauses/${clauseId}/events`,
      new URLSearchParams({ type: 'CLAIM_VITE', _version: String(shortfall.version), reason: 'Vite enligt klausulen', confirm: 'on' }),
    );
    expect(claimed.status).toBe(303);

    // The contractor reads the claim: amount, reason and cap, and the shortfall's reason addressed to it.
    const clause = (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body;
    const contractor = await clausePage(p.contractor, clauseId);
    expect(part(contractor.html, 'status')).toContain('Vite krävt av Jämtbygg AB');
    const ladder = part(contractor.html, 'ladder');
    expect(ladder).toContain(`Krävt vite: ${spaced(sv.sek(clause.sanction.amountSek))}, inom vitestaket ${spaced(sv.sek(clause.vite.capSek))}`);
    expect(ladder).toContain('Motivering: Vite enligt klausulen');
    const decisions = part(contractor.html, 'decisions');
    // The claim is a decision addressed to the contractor: its amount within the cap, and its reason.
    expect(decisions).toContain(
      `Kräv vite · Till dig Motivering: Vite enligt klausulen Krävt vite: ${spaced(sv.sek(clause.sanction.amountSek))}, inom vitestaket ${spaced(sv.sek(clause.vite.capSek))}`,
    );
    expect(decisions).toContain('Registrera brist');
    expect(decisions).toContain('Motivering: Inga praktikplatser tillsatta');
    expect(decisions).toContain('Till dig');
    const english = await clausePage(p.contractor, clauseId, 'en');
    expect(part(english.html, 'ladder')).toContain(`within the cap of ${spaced(en.sek(clause.vite.capSek))}`);
    expect(part(english.html, 'status')).toContain('Liquidated damages claimed from Jämtbygg AB');
  });

  it("asks before discarding, withdrawing, waiving and terminating, and shows the waiver's and the termination's reasons to the contractor", async () => {
    const { h, p } = seeded;
    const officer = await webUser(h, p.officer);
    const clauseOf = async (clauseId: string) => (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body as { version: number; state: string };
    /** The event's form on the officer's page states its consequence; sent unticked it changes nothing, ticked it is sent. */
    const asksFirst = async (clauseId: string, type: string, consequence: string, fields: Record<string, string>) => {
      const form = part((await clausePage(p.officer, clauseId)).html, `clause-${type}`);
      expect(form, type).toContain(consequence);
      const before = await clauseOf(clauseId);
      const refused = await officer.post(`/app/clauses/${clauseId}/events`, new URLSearchParams({ type, _version: String(before.version), ...fields }));
      expect(refused.status, type).toBe(422);
      expect(textOf(refused.text), type).toContain('Inget har skickats');
      expect(await clauseOf(clauseId), type).toEqual(before);
      const sent = await officer.post(
        `/app/clauses/${clauseId}/events`,
        new URLSearchParams({ type, _version: String(before.version), ...fields, confirm: 'on' }),
      );
      expect(sent.status, type).toBe(303);
      return (await clauseOf(clauseId)).state;
    };
    h.clock.set(new Date('2026-03-01T08:00:00Z'));
    const params = { ...PLACEMENT_PARAMS, termination: true };

    const draft = (await draftClause(h, p, params)).clauseId;
    expect(await asksFirst(draft, 'DISCARD', 'Jag förstår att utkastet kasseras', {})).toBe('withdrawn');
    const tendering = (await draftClause(h, p, params)).clauseId;
    await drive(h, tendering, [[p.officer, { type: 'PUBLISH' }]]);
    expect(await asksFirst(tendering, 'WITHDRAW', 'Jag förstår att klausulen dras tillbaka', { reason: 'Upphandlingen avbröts' })).toBe('withdrawn');

    const delivered = async () => {
      const { clauseId } = await draftClause(h, p, params);
      await drive(h, clauseId, [
        [p.officer, { type: 'PUBLISH' }],
        [p.officer, awardBody(p.supplierOrgId)],
        [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
        [p.officer, { type: 'ACCEPT_PLAN' }],
      ]);
      return clauseId;
    };
    const waived = await delivered();
    await drive(h, waived, [
      [p.officer, { type: 'CLOSE_DELIVERY' }],
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Inga praktikplatser tillsatta' }],
    ]);
    expect(await asksFirst(waived, 'WAIVE', 'Jag förstår att bristen efterges: inget vite krävs', { reason: 'Arbetsmarknaden förändrades' })).toBe('waived');
    const afterWaiver = await clausePage(p.contractor, waived);
    expect(part(afterWaiver.html, 'status')).toContain('Bristen är eftergiven');
    const waiver = part(afterWaiver.html, 'decisions');
    expect(waiver).toMatch(/Efterge[^·]*· Till dig Motivering: Arbetsmarknaden förändrades/);

    const terminated = await delivered();
    expect(
      await asksFirst(terminated, 'TERMINATE', 'Jag förstår att avtalet med Jämtbygg AB hävs', {
        reason: 'Väsentligt avtalsbrott trots rättelse',
        effectiveDate: '2026-04-01',
      }),
    ).toBe('terminated');
    const afterTermination = await clausePage(p.contractor, terminated);
    expect(part(afterTermination.html, 'status')).toContain('Avtalet med Jämtbygg AB är hävt');
    expect(part(afterTermination.html, 'decisions')).toContain(
      `Häv avtalet · Till dig Motivering: Väsentligt avtalsbrott trots rättelse Avtalet hävt från och med: ${spaced(sv.date('2026-04-01'))}`,
    );
    const ladder = part(afterTermination.html, 'ladder');
    expect(ladder).toContain(`Avtalet hävt från och med ${spaced(sv.date('2026-04-01'))}`);
    expect(ladder).toContain('Motivering: Väsentligt avtalsbrott trots rättelse');
    expect(part((await clausePage(p.contractor, terminated, 'en')).html, 'ladder')).toContain('Contract terminated with effect from');
  });

  it("names suggestions and proposals apart, fills the proposal from a suggestion, and shows a proposal waiting for the supplier on the clause's page", async () => {
    const { h, p } = seeded;
    const body = await addOrganisation(h.deps, { name: 'Arbetsförmedlingen Östersund', kind: 'matching_body' });
    const matcher = (await addUser(h.deps, { orgId: body.id, role: 'matcher', name: 'Amina Yusuf' })).apiKey;
    h.clock.set(new Date('2026-03-01T08:00:00Z'));
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, { ...awardBody(p.supplierOrgId), matchingBodyOrgId: body.id }],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    const opening = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/openings`, openingBody({ competences: ['målning'] }));
    expect(opening.status).toBe(201);
    expect((await h.as(matcher).post('/api/v1/candidates', candidateBody('AF-2026-0412'))).status).toBe(201);

    const cookie = await webSignIn(h, matcher);
    const openingPage = async (query = '', lang = 'sv') =>
      (await h.app.request(`/app/openings/${opening.body.id}?lang=${lang}${query}`, { headers: { cookie } })).text();
    const plain = await openingPage();
    expect(textOf(plain)).toContain('Förslag ur poolen');
    expect(textOf(plain)).toContain('Förslag till öppningen');
    expect(textOf(plain)).toContain('samma kommun');
    expect(plain).toContain(`href="/app/openings/${opening.body.id}?propose=AF-2026-0412#proposal-new"`);
    expect(plain).toContain('aria-label="Föreslå AF-2026-0412"');
    expect(plain).not.toMatch(/value="AF-2026-0412" id="proposal-new-candidateRef"/);
    const filled = await openingPage('&propose=AF-2026-0412');
    expect(filled).toMatch(/value="AF-2026-0412" id="proposal-new-candidateRef"/);
    expect(filled).toMatch(/<option value="newcomers" selected/);
    expect(filled).toMatch(/id="proposal-new-competences"[^>]*>målning<\/textarea>/);
    const english = textOf(await openingPage('', 'en'));
    expect(english).toContain('Suggestions from the pool');
    expect(english).toContain('Proposals for the opening');

    const proposal = await h.as(matcher).post(`/api/v1/openings/${opening.body.id}/proposals`, proposalBody('AF-2026-0412'));
    expect(proposal.status).toBe(201);
    const contractor = await clausePage(p.contractor, clauseId);
    const link = `href="/app/openings/${opening.body.id}#proposal-${proposal.body.id}"`;
    const now = contractor.html.slice(contractor.html.indexOf('id="now"'));
    expect(now.slice(0, now.indexOf('</section>'))).toContain(link);
    expect(part(contractor.html, `opening-${opening.body.id}`)).toContain('Förslag som väntar på ditt svar: AF-2026-0412');
    const officer = await clausePage(p.officer, clauseId, 'en');
    expect(part(officer.html, `opening-${opening.body.id}`)).toContain("Proposals awaiting the supplier's answer: AF-2026-0412");
    // The opening's own page says so to the contractor at its top, with a link to the proposal's card; not to the matcher who made it.
    const contractorCookie = await webSignIn(h, p.contractor);
    const onOpening = await (await h.app.request(`/app/openings/${opening.body.id}?lang=sv`, { headers: { cookie: contractorCookie } })).text();
    const top = textOf(onOpening.slice(0, onOpening.indexOf('</section>')));
    expect(top).toContain('Förslag som väntar på ditt svar: AF-2026-0412');
    expect(onOpening).toContain(link);
    expect(onOpening).toContain(`id="proposal-${proposal.body.id}"`);
    expect(textOf(await openingPage())).not.toContain('väntar på ditt svar');
    const onOpeningEn = await (await h.app.request(`/app/openings/${opening.body.id}?lang=en`, { headers: { cookie: contractorCookie } })).text();
    expect(textOf(onOpeningEn)).toContain('Proposals awaiting your answer: AF-2026-0412');
    expect(textOf(onOpeningEn)).toContain('h/wk');
  });
});
