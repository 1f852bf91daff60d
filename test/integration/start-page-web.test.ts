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
import { placementBody } from '../support/world.ts';

const visible = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
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
});
