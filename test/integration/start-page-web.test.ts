/**
 * Each role's start page (issue 19, item 5) is an "Att göra" list: what waits
 * for the user (plans to review, plans to submit, placements to verify) and the
 * deadlines within two weeks or passed, every row naming its tender, clause
 * and counterpart; in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardBody, clauseInDelivery, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
import { webSignIn } from '../support/web-session.ts';
import { openingBody, placementBody, proposalBody } from '../support/world.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { wordsFor } from '../../src/web/i18n.ts';

const sv = wordsFor('sv');
const en = wordsFor('en');

const visible = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/[\s\u00a0\u202f]+/g, ' ');
/** The text of a section of the page, from the heading with this id to the section's end. */
const section = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  return visible(html.slice(start, html.indexOf('</section>', start)));
};

describe.each(BACKENDS)('the start pages on %s', (backend) => {
  let seeded: SeededDatabase;
  /** Tender references: awaiting the plan, plan in review, in delivery. */
  const ref: Record<'awaiting' | 'review' | 'delivery', string> = { awaiting: '', review: '', delivery: '' };

  beforeAll(async () => {
    seeded = await openSeeded(backend);
    const { h, p } = seeded;
    const referenceOf = async (clauseId: string) => {
      const clause = await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`);
      return (await h.as(p.officer).get(`/api/v1/tenders/${clause.body.tenderId}`)).body.reference as string;
    };
    const delivery = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    const awaiting = (await draftClause(h, p)).clauseId;
    await drive(h, awaiting, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
    ]);
    const review = (await draftClause(h, p)).clauseId;
    await drive(h, review, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
    ]);
    ref.awaiting = await referenceOf(awaiting);
    ref.review = await referenceOf(review);
    ref.delivery = await referenceOf(delivery);
    h.clock.set(new Date('2026-03-02T08:00:00Z'));
    const placement = (await h.as(p.contractor).post(`/api/v1/clauses/${delivery}/placements`, placementBody('SP-1'))).body.id;
    h.clock.set(new Date('2026-07-01T08:00:00Z'));
    expect((await h.as(p.contractor).post(`/api/v1/placements/${placement}/events`, { type: 'START' })).status).toBe(200);
    const done = await h.as(p.contractor).post(`/api/v1/placements/${placement}/events`, { type: 'COMPLETE', endDate: '2026-06-30', outcome: 'employment' });
    expect(done.status).toBe(200);
  });
  afterAll(() => dropSeeded(seeded));

  const start = async (key: string, lang: 'sv' | 'en' = 'sv') => {
    const cookie = await webSignIn(seeded.h, key);
    const res = await seeded.h.app.request(`/app?lang=${lang}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('shows the contractor the plan to submit and the deadline passed, by tender and buyer', async () => {
    const html = await start(seeded.p.contractor);
    expect(html).toContain('<h1>Att göra</h1>');
    const waiting = section(html, 'waiting');
    expect(waiting).toMatch(new RegExp(`Lämna åtagandeplanen ${ref.awaiting} .*Östersundshem AB`));
    expect(waiting).not.toContain(ref.delivery);
    const deadlines = section(html, 'deadlines-soon');
    expect(deadlines).toMatch(new RegExp(`Åtagandeplan Passerad .*${ref.awaiting}`));
  });

  it('shows the officer the plan to review, by tender and supplier, then the tenders', async () => {
    const html = await start(seeded.p.officer);
    const waiting = section(html, 'waiting');
    expect(waiting).toMatch(new RegExp(`Granska åtagandeplanen ${ref.review} .*Jämtbygg AB`));
    expect(waiting).not.toContain('Kontrollera platsen');
    expect(html).toContain('id="tenders"');
  });

  it('shows the auditor the placement to verify, naming the participant, tender and supplier, in either language', async () => {
    const sv = section(await start(seeded.p.auditor), 'waiting');
    expect(sv).toMatch(
      new RegExp(`Kontrollera platsen för deltagare SP-1 ${ref.delivery} .*Praktikplatser för personer långt från arbetsmarknaden Jämtbygg AB`),
    );
    const enPage = await start(seeded.p.auditor, 'en');
    expect(enPage).toContain('<h1>To do</h1>');
    const en = section(enPage, 'waiting');
    expect(en).toMatch(
      new RegExp(`Verify the placement of participant SP-1 ${ref.delivery} .*Work placements for people far from the labour market Jämtbygg AB`),
    );
    for (const swedish of ['Att göra', 'Kontrollera', 'Väntar', 'Tidsgränser', 'Leverantör']) expect(visible(enPage)).not.toContain(swedish);
  });

  it('shows a deadline set for a date as that date: not the day after, and no clock time', async () => {
    // The first quarter's report is due on 30 April, stored as the midnight after it (src/domain/deadlines.ts endOfDay).
    const deadlines = section(await start(seeded.p.officer), 'deadlines-soon');
    expect(deadlines).toMatch(new RegExp(`Periodrapport Passerad 30 apr\\. 2026 ${ref.delivery} `));
    expect(deadlines).not.toContain('1 maj 2026');
    expect(deadlines).not.toMatch(/\d{2}:\d{2}/);
    const english = section(await start(seeded.p.officer, 'en'), 'deadlines-soon');
    expect(english).toMatch(new RegExp(`Period report Passed 30 Apr 2026 ${ref.delivery} `));
  });

  it('tells a user with nothing waiting so', async () => {
    const html = await start(seeded.p.otherContractor);
    expect(section(html, 'waiting')).toContain('Inget väntar på dig just nu.');
    expect(section(html, 'deadlines-soon')).toContain('Inga tidsgränser de närmaste 14 dagarna.');
  });

  it('shows the contractor the proposal and the queried report to answer, the auditor the report to review, and a deadline due within 14 days', async () => {
    const { h, p } = seeded;
    const body = await addOrganisation(h.deps, { name: 'Arbetsförmedlingen Östersund', kind: 'matching_body' });
    const matcher = (await addUser(h.deps, { orgId: body.id, role: 'matcher', name: 'Amina Yusuf' })).apiKey;
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS, { matchingBodyOrgId: body.id });
    const tenderId = (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body.tenderId as string;
    const reference = (await h.as(p.officer).get(`/api/v1/tenders/${tenderId}`)).body.reference as string;
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    const opening = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/openings`, openingBody());
    expect(opening.status).toBe(201);
    const proposal = await h.as(matcher).post(`/api/v1/openings/${opening.body.id}/proposals`, proposalBody('AF-2026-0501'));
    expect(proposal.status).toBe(201);
    const report = await h
      .as(p.contractor)
      .post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 900 });
    expect(report.status).toBe(201);
    const period = `${visible(sv.date('2026-03-01'))} – ${visible(sv.date('2026-03-31'))}`;

    const auditor = section(await start(p.auditor), 'waiting');
    expect(auditor).toMatch(new RegExp(`Granska periodrapporten ${period} ${reference} .*Jämtbygg AB`));

    expect((await h.as(p.auditor).post(`/api/v1/reports/${report.body.id}/events`, { type: 'QUERY', reason: 'Timmarna saknar underlag' })).status).toBe(200);
    const html = await start(p.contractor);
    const waiting = section(html, 'waiting');
    expect(waiting).toMatch(new RegExp(`Svara på förslaget AF-2026-0501 · ${String(opening.body.role)} ${reference} .*Östersundshem AB`));
    expect(html).toContain(`href="/app/openings/${opening.body.id}#proposal-${proposal.body.id}"`);
    expect(waiting).toMatch(new RegExp(`Svara på frågan om periodrapporten ${period} ${reference}`));
    expect(section(await start(p.auditor), 'waiting')).not.toContain(`Granska periodrapporten ${period} ${reference}`);

    // The second quarter's report is due on 30 July: within 14 days on 20 July, said as soon, not passed.
    h.clock.set(new Date('2026-07-20T08:00:00Z'));
    const soon = section(await start(p.contractor), 'deadlines-soon');
    expect(soon).toMatch(new RegExp(`Periodrapport Snart ${visible(sv.date('2026-07-30'))} ${reference}`));
    const english = await start(p.contractor, 'en');
    expect(section(english, 'waiting')).toContain('Answer the proposal AF-2026-0501');
    expect(section(english, 'deadlines-soon')).toMatch(new RegExp(`Period report Soon ${visible(en.date('2026-07-30'))} ${reference}`));
  });

  it('lists every task a clause sets: a remedy plan and the answer to an open written notice', async () => {
    const { h, p } = seeded;
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    await drive(h, clauseId, [
      [p.officer, { type: 'REQUEST_CORRECTION', reason: 'Ingen plats tillsatt', dueDate: '2026-08-31' }],
      [p.officer, { type: 'CLOSE_DELIVERY' }],
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Inga platser' }],
    ]);
    const tenderId = (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body.tenderId as string;
    const reference = (await h.as(p.officer).get(`/api/v1/tenders/${tenderId}`)).body.reference as string;
    const waiting = section(await start(p.contractor), 'waiting');
    expect(waiting).toMatch(new RegExp(`Lämna en åtgärdsplan ${reference} `));
    expect(waiting).toMatch(new RegExp(`Svara på begäran om rättelse ${reference} `));
    // The officer owes a decision on the shortfall meanwhile: vite or a waiver, on the clause's page; the contractor does not.
    const officer = await start(p.officer);
    expect(section(officer, 'waiting')).toMatch(new RegExp(`Besluta om vite eller eftergift för bristen ${reference} `));
    expect(officer).toContain(`href="/app/clauses/${clauseId}#now"`);
    expect(section(await start(p.officer, 'en'), 'waiting')).toMatch(new RegExp(`Decide on liquidated damages or a waiver for the shortfall ${reference} `));
    expect(waiting).not.toContain('Besluta om vite');
    // Once decided, the task is gone.
    await drive(h, clauseId, [[p.officer, { type: 'WAIVE', reason: 'Marknaden saknade kandidater' }]]);
    expect(section(await start(p.officer), 'waiting')).not.toContain('Besluta om vite');
  });
});
