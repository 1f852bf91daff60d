/**
 * Dates as dates (issue 19, item 11): a deadline set for a date shows that
 * date, never a clock time and never the day after (it is stored as the
 * midnight after its last day), on the clause page, the list of clauses and
 * the start page, in both languages; and a deadline that was met says so,
 * the commitment plan's included (its deadline falls away when the plan
 * comes in).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fireDueDeadlines } from '../../src/engine/deadlines.ts';
import { clauseInDelivery, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
import { webSignIn } from '../support/web-session.ts';

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/[\s\u00a0\u202f]+/g, ' ');
/** The clause page's table of deadlines, as text, a row a line. */
const deadlineRows = (html: string, dueHeader: string) => {
  const start = html.indexOf(`<th>${dueHeader}</th>`);
  expect(start).toBeGreaterThan(-1);
  const table = html.slice(html.indexOf('<tbody>', start), html.indexOf('</table>', start));
  return table
    .split('</tr>')
    .map((row) => textOf(row).trim())
    .filter(Boolean);
};

describe.each(BACKENDS)('deadlines as dates on %s', (backend) => {
  let seeded: SeededDatabase;
  let clauseId: string;

  beforeAll(async () => {
    seeded = await openSeeded(backend);
    const { h, p } = seeded;
    // Awarded on 1 March; the plan comes in the same day, before its deadline.
    clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    // March is reported before its deadline of 30 April; the deadline passes and finds it met.
    h.clock.set(new Date('2026-04-10T09:00:00Z'));
    const report = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/reports`, {
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      totalLabourHours: 1100,
    });
    expect(report.status).toBe(201);
    h.clock.set(new Date('2026-07-20T09:00:00Z'));
    while ((await fireDueDeadlines(h.deps, 10)).length > 0);
  });
  afterAll(() => dropSeeded(seeded));

  const open = async (path: string, lang: 'sv' | 'en') => {
    const cookie = await webSignIn(seeded.h, seeded.p.officer);
    const res = await seeded.h.app.request(`${path}?lang=${lang}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('shows each deadline set for a date as that date, and says which were met, on the clause page', async () => {
    const sv = deadlineRows(await open(`/app/clauses/${clauseId}`, 'sv'), 'Förfaller');
    expect(sv).toContain('Periodrapport 1 mars 2026 – 31 mars 2026 30 apr. 2026 Uppfylld');
    expect(sv).toContain('Periodrapport 1 apr. 2026 – 30 juni 2026 30 juli 2026 Kommande');
    expect(sv).toContain('Kontraktets slut 28 feb. 2027 Kommande');
    // The plan came in on the day of the award: its deadline fell away met, not "cancelled".
    expect(sv.find((row) => row.startsWith('Åtagandeplan'))).toMatch(/ Uppfylld$/);
    expect(sv.join('\n')).not.toContain('Bortfallen');
    for (const row of sv.filter((r) => !r.startsWith('Åtagandeplan'))) expect(row).not.toMatch(/\d{1,2}:\d{2}/);

    const en = deadlineRows(await open(`/app/clauses/${clauseId}`, 'en'), 'Due');
    expect(en).toContain('Period report 1 Mar 2026 – 31 Mar 2026 30 Apr 2026 Met');
    expect(en.find((row) => row.startsWith('Commitment plan'))).toMatch(/ Met$/);
  });

  it("names what a deadline did as Klausul's own doing in the clause's history, not as a role", async () => {
    const history = await seeded.h.as(seeded.p.officer).get(`/api/v1/clauses/${clauseId}/history`);
    expect(
      (history.body as Array<{ actorRole: string }>).some((entry) => entry.actorRole === 'system'),
      'an automatic entry',
    ).toBe(true);
    const sv = textOf(await open(`/app/clauses/${clauseId}`, 'sv'));
    expect(sv).toContain('Klausul (automatiskt)');
    expect(sv).toContain('(upphandlare)');
    expect(sv).not.toContain('Klausul (Klausul)');
    const en = textOf(await open(`/app/clauses/${clauseId}`, 'en'));
    expect(en).toContain('Klausul (automatically)');
    expect(en).not.toContain('Klausul (Klausul)');
  });

  it('shows the same dates in the list of clauses and on the start page', async () => {
    const list = textOf(await open('/app/clauses', 'sv'));
    expect(list).toContain('Periodrapport · 30 juli 2026');
    expect(list).not.toMatch(/Periodrapport · [^·]*\d{2}:\d{2}/);
    // The start page lists deadlines within two weeks: the second quarter's report, due on 30 July.
    const start = textOf(await open('/app', 'sv'));
    expect(start).toMatch(/Periodrapport Snart 30 juli 2026 /);
    expect(start).not.toContain('31 juli 2026');
    expect(textOf(await open('/app', 'en'))).toMatch(/Period report Soon 30 Jul 2026 /);
  });

  it('says a deadline is met as soon as what it asks for is in, and leaves it off the start page', async () => {
    const { h, p } = seeded;
    const report = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/reports`, {
      periodStart: '2026-04-01',
      periodEnd: '2026-06-30',
      totalLabourHours: 900,
    });
    expect(report.status).toBe(201);
    const sv = deadlineRows(await open(`/app/clauses/${clauseId}`, 'sv'), 'Förfaller');
    expect(sv).toContain('Periodrapport 1 apr. 2026 – 30 juni 2026 30 juli 2026 Uppfylld');
    expect(sv).toContain('Kontraktets slut 28 feb. 2027 Kommande');
    expect(textOf(await open('/app', 'sv'))).not.toMatch(/Periodrapport Snart/);
  });
});
