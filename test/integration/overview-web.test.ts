/**
 * The overview page (issue 19, item 8) as each role sees it, in both
 * languages: totals, charts drawn as accessible SVG with their tables, per
 * supplier and per target group, the filters as a GET form and the exports;
 * a supplier sees only its own clauses, and /app/portfolio leads here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardBody, clauseInDelivery, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
import { webSignIn } from '../support/web-session.ts';
import { placementBody } from '../support/world.ts';

/** What a reader sees of a page: its text without tags. */
const visible = (html: string) =>
  html
    .replace(/<(script|style|title)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
/** The part of a page from an element with this id to the end of its section. */
const section = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
};

describe.each(BACKENDS)('the overview page on %s', (backend) => {
  let seeded: SeededDatabase;
  let ownClause: string;
  let otherClause: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    seeded = await openSeeded(backend);
    const { h, p } = seeded;
    ownClause = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    ({ clauseId: otherClause } = await draftClause(h, p));
    await drive(h, otherClause, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.otherSupplierOrgId)],
    ]);
    expect(
      (
        await h.as(p.officer).raw('/api/v1/outcome-targets', {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ studiesPct: 10, placementPct: 10, employmentPct: 40 }),
        })
      ).status,
    ).toBe(200);
    h.clock.set(new Date('2026-03-02T08:00:00Z'));
    const placements = [];
    for (const ref of ['OV-1', 'OV-2']) placements.push((await h.as(p.contractor).post(`/api/v1/clauses/${ownClause}/placements`, placementBody(ref))).body.id);
    h.clock.set(new Date('2026-07-01T08:00:00Z'));
    const event = (key: string, id: string, body: object) => h.as(key).post(`/api/v1/placements/${id}/events`, body);
    expect((await event(p.contractor, placements[0], { type: 'START' })).status).toBe(200);
    expect((await event(p.contractor, placements[0], { type: 'COMPLETE', endDate: '2026-06-30', outcome: 'employment' })).status).toBe(200);
    expect((await event(p.auditor, placements[0], { type: 'VERIFY' })).status).toBe(200);
    for (const who of ['officer', 'auditor', 'contractor'] as const) cookies[who] = await webSignIn(h, p[who]);
  });
  afterAll(() => dropSeeded(seeded));

  const open = async (who: string, path: string) => {
    const res = await seeded.h.app.request(path, { headers: { cookie: cookies[who]! } });
    return { status: res.status, location: res.headers.get('location'), html: await res.text() };
  };

  it.each(['officer', 'auditor'])('shows the %s the totals, charts with tables, suppliers, target groups and exports, in Swedish', async (who) => {
    const { status, html } = await open(who, '/app/overview?lang=sv');
    expect(status).toBe(200);
    const text = visible(html);
    for (const words of ['Nyckeltal', 'Vite som kan krävas', 'I riskzonen', 'Når inte målet', 'Per leverantör', 'Per målgrupp', 'Jämtbygg AB', 'Norrbygg AB'])
      expect(text).toContain(words);
    // Charts are images with a title and a description, and their figures as a table.
    for (const id of ['chart-progress', 'chart-outcomes', 'chart-months']) {
      expect(html).toMatch(new RegExp(`<svg[^>]*role="img"[^>]*aria-labelledby="${id}-title ${id}-desc"`));
      expect(html).toContain(`<title id="${id}-title">`);
    }
    expect(text).toContain('Uppfyllelse per klausul mot takten');
    expect(text).toContain('Visa siffrorna som tabell');
    expect(text).toContain('Anställning 100 % 40 %');
    expect(text).toContain('Nyanlända som deltar i etableringsprogrammet');
    // Exports with the session's identity.
    expect(html).toContain('href="/app/exports/clauses.csv?variant=excel-sv"');
    expect(html).toContain('href="/app/exports/clauses.xlsx"');
    expect(html).toContain('href="/app/exports/placements.csv?variant=excel-sv"');
    expect(html).toContain(`href="/app/exports/clauses/${ownClause}/ocds.json"`);
    expect(html).toContain('<form method="get" action="/app/overview">');
    expect(text).not.toMatch(/\b(onTrack|atRisk|willMiss|delivery|newcomers|fte-months)\b/);
  });

  it('says the same in English, with no Swedish on the page but names', async () => {
    const { status, html } = await open('officer', '/app/overview?lang=en');
    expect(status).toBe(200);
    const text = visible(html);
    for (const words of [
      'Key figures',
      'Liquidated damages at stake',
      'Progress per clause against the pace',
      'Per supplier',
      'Show the figures as a table',
      'Employment 100 % 40 %',
    ])
      expect(text).toContain(words);
    for (const swedish of ['Nyckeltal', 'Leverans', 'Uppfyllelse', 'Visa siffrorna', 'Anställning', 'Per leverantör']) expect(text).not.toContain(swedish);
    expect(text).not.toMatch(/\b(onTrack|atRisk|willMiss|newcomers)\b/);
  });

  it('shows a supplier only its own clauses', async () => {
    const { status, html } = await open('contractor', '/app/overview');
    expect(status).toBe(200);
    const clauses = section(html, 'overview-clauses');
    expect(clauses).toContain(`/app/clauses/${ownClause}`);
    expect(clauses).not.toContain(otherClause);
    expect(visible(section(html, 'per-supplier'))).not.toContain('Norrbygg AB');
  });

  it('filters by the GET form, refuses a bad filter in words, and leads /app/portfolio here', async () => {
    const filtered = await open('officer', `/app/overview?supplierOrgId=${seeded.p.otherSupplierOrgId}&tenderId=&lang=sv`);
    expect(filtered.status).toBe(200);
    const clauses = section(filtered.html, 'overview-clauses');
    expect(clauses).toContain(otherClause);
    expect(clauses).not.toContain(ownClause);
    expect(filtered.html).toContain(`href="/app/exports/clauses.csv?supplierOrgId=${seeded.p.otherSupplierOrgId}&amp;variant=excel-sv"`);
    expect(visible(filtered.html)).toContain('En hel upphandling som OCDS: välj upphandlingen i filtret ovan.');
    // With a tender chosen, the tender's OCDS package is one of the buttons.
    const tenderId = (await seeded.h.as(seeded.p.officer).get(`/api/v1/clauses/${otherClause}`)).body.tenderId;
    const oneTender = await open('officer', `/app/overview?tenderId=${tenderId}`);
    expect(oneTender.html).toContain(`href="/app/exports/tenders/${tenderId}/ocds.json"`);
    expect(visible(oneTender.html)).not.toContain('välj upphandlingen i filtret');

    const bad = await open('officer', '/app/overview?state=sleeping');
    expect(bad.status).toBe(422);
    expect(visible(bad.html)).toContain('Filtret kunde inte läsas');

    const portfolio = await open('officer', '/app/portfolio?kind=placements');
    expect(portfolio.status).toBe(302);
    expect(portfolio.location).toBe('/app/overview?kind=placements');
  });
});
