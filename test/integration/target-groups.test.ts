/**
 * A clause counts only its target groups (issue 18): a placement outside them
 * is refused at registration, one by one or in a CSV import, with nothing
 * written; one stored before that rule (written here straight into the
 * database) raises neither the clause's fulfilment nor its or the portfolio's
 * byTargetGroup; and the web form offers only the clause's groups, in words.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { fireDueDeadlines } from '../../src/engine/deadlines.ts';
import { wordsFor } from '../../src/web/i18n.ts';
import { clauseInDelivery, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { webSignIn } from '../support/web-session.ts';
import { PLACEMENT_CSV_HEADER, placementBody, placementCsvRow, rowCounts } from '../support/world.ts';

describe.each(BACKENDS)("the clause's target groups on %s", (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let clauseId: string;

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    // Newcomers and youth-16-24 (PLACEMENT_PARAMS); 12 weeks at 30 hours.
    clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
  });
  afterAll(() => dropSeeded({ database, store }));

  const contractor = () => h.as(p.contractor);
  const csv = (body: string) =>
    contractor().raw(`/api/v1/clauses/${clauseId}/placements/import`, { method: 'POST', body, headers: { 'content-type': 'text/csv' } });

  it('refuses a placement outside them through the API, naming targetGroup, and writes nothing', async () => {
    const before = await rowCounts(store);
    const refused = await contractor().post(`/api/v1/clauses/${clauseId}/placements`, { ...placementBody('TG-1'), targetGroup: 'disability' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: 'validation' });
    expect(refused.body.issues).toEqual([expect.objectContaining({ path: 'targetGroup', message: expect.stringContaining('newcomers, youth-16-24') })]);
    expect(await rowCounts(store)).toEqual(before);
    // The same placement in one of the clause's groups is registered.
    expect((await contractor().post(`/api/v1/clauses/${clauseId}/placements`, { ...placementBody('TG-1'), targetGroup: 'youth-16-24' })).status).toBe(201);
  });

  it('refuses a whole CSV import for each row outside them, by row and column, and writes nothing', async () => {
    const before = await rowCounts(store);
    const file = [
      PLACEMENT_CSV_HEADER,
      placementCsvRow('TG-2'),
      placementCsvRow('TG-3').replace('newcomers', 'disability'),
      placementCsvRow('TG-4'),
      placementCsvRow('TG-5').replace('newcomers', 'long-term-unemployed'),
    ].join('\n');
    const refused = await csv(file);
    expect(refused.status).toBe(422);
    expect(refused.body.issues).toEqual([expect.objectContaining({ row: 2, path: 'targetGroup' }), expect.objectContaining({ row: 4, path: 'targetGroup' })]);
    expect(await rowCounts(store)).toEqual(before);
    expect((await csv([PLACEMENT_CSV_HEADER, placementCsvRow('TG-2'), placementCsvRow('TG-4')].join('\n'))).status).toBe(201);
  });

  it('does not count a placement outside them that was stored before the rule, in the clause or the portfolio', async () => {
    // Two verified placements of twelve weeks and more; then one of them is made what data from before the rule could be.
    const ids: string[] = [];
    h.clock.set(new Date('2026-03-02T08:00:00Z'));
    for (const ref of ['TG-6', 'TG-7']) {
      const res = await contractor().post(`/api/v1/clauses/${clauseId}/placements`, placementBody(ref));
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    h.clock.set(new Date('2026-07-01T08:00:00Z'));
    for (const id of ids) {
      for (const [key, body] of [
        [p.contractor, { type: 'START' }],
        [p.contractor, { type: 'COMPLETE', endDate: '2026-06-30', outcome: 'employment' }],
        [p.auditor, { type: 'VERIFY' }],
      ] as const) {
        const res = await h.as(key).post(`/api/v1/placements/${id}/events`, body);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    }
    const fulfilment = async () => (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body.fulfilment;
    expect(await fulfilment()).toMatchObject({ measured: 2, byTargetGroup: { newcomers: 2 } });

    await store.db
      .updateTable('placements')
      .set({ target_group: 'disability', snapshot: sql`jsonb_set(snapshot, '{context,targetGroup}', '"disability"')` })
      .where('id', '=', ids[1]!)
      .execute();
    expect(await fulfilment()).toMatchObject({ measured: 1, byTargetGroup: { newcomers: 1 } });
    expect((await fulfilment()).byTargetGroup).not.toHaveProperty('disability');

    // The portfolio sums what the clause's stored progress says, measured again once it is stale.
    await sql`update clause_progress set generation = generation + 1 where clause_id = ${clauseId}`.execute(store.db);
    const portfolio = await h.as(p.officer).get('/api/v1/portfolio');
    expect(portfolio.status).toBe(200);
    expect(portfolio.body.byTargetGroup).toEqual([{ targetGroup: 'newcomers', unit: 'placements', clauses: 1, delivered: 1 }]);
  });

  it('does not let a placement outside them stored before the rule meet the first-job milestone', async () => {
    const lone = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    h.clock.set(new Date('2026-03-02T08:00:00Z'));
    const placed = await contractor().post(`/api/v1/clauses/${lone}/placements`, placementBody('TG-8'));
    expect((await h.as(p.contractor).post(`/api/v1/placements/${placed.body.id}/events`, { type: 'START' })).status).toBe(200);
    await store.db
      .updateTable('placements')
      .set({ target_group: 'disability', snapshot: sql`jsonb_set(snapshot, '{context,targetGroup}', '"disability"')` })
      .where('id', '=', placed.body.id)
      .execute();

    // Six months after the contract start (2026-03-01) the first-job deadline passes.
    h.clock.set(new Date('2026-09-02T08:00:00Z'));
    await fireDueDeadlines(h.deps, 100);
    const firstJob = (await h.as(p.officer).get(`/api/v1/clauses/${lone}`)).body.deadlines.find((d: { kind: string }) => d.kind === 'firstJob');
    expect(firstJob).toMatchObject({ status: 'fired', overdue: true, milestone: { status: 'notMet', firstStartDate: null } });
  });

  it("offers only the clause's target groups on the web placement form, in words", async () => {
    const cookie = await webSignIn(h, p.contractor);
    const page = await (await h.app.request(`/app/clauses/${clauseId}`, { headers: { cookie } })).text();
    const form = /<details[^>]*id="placement-new"[\s\S]*?<\/details>/.exec(page)?.[0] ?? '';
    const select = /<select[^>]*name="targetGroup"[\s\S]*?<\/select>/.exec(form)?.[0] ?? '';
    const options = [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
    const worded = wordsFor('sv').targetGroup;
    expect(options).toEqual([
      ['', '–'],
      ['newcomers', worded('newcomers')],
      ['youth-16-24', worded('youth-16-24')],
    ]);
  });
});
