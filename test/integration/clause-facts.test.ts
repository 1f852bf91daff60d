/**
 * A clause's facts mark (migration 0027) and the read that leaves facts
 * unread while the caller holds them (src/db/clauses.ts, src/engine/delivery-facts.ts):
 * every statement that changes a clause's placements moves the mark, an
 * import of many rows once, a rolled-back mark is never given out again; and
 * a read with the facts of the current mark returns those, while one with
 * facts of an older mark reads them afresh.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClauseWithFacts, type DeliveryFacts } from '../../src/db/clauses.ts';
import type { Store } from '../../src/db/create-db.ts';
import { clauseInDelivery, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { PLACEMENT_CSV_HEADER, placementBody, placementCsvRow } from '../support/world.ts';

describe.each(BACKENDS)("a clause's facts mark on %s", (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let clauseId: string;

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    // After the placements' start (placementBody), so that they can START.
    h.clock.set(new Date('2026-03-05T08:00:00Z'));
  });
  afterAll(() => dropSeeded({ database, store }));

  const markOf = async (db = store.db) =>
    (await sql<{ mark: string }>`select mark::text as mark from clause_facts where clause_id = ${clauseId}`.execute(db)).rows[0]?.mark;
  const marksGiven = async () => Number((await sql<{ n: string }>`select last_value::text as n from clause_facts_mark_seq`.execute(store.db)).rows[0]!.n);

  it('moves with each statement that changes its placements, once for a whole import, and never back to a mark a rolled-back transaction took', async () => {
    expect(await markOf()).toBeUndefined();
    const registered = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('FM-1'));
    expect(registered.status).toBe(201);
    const first = await markOf();
    expect(first).toBeDefined();

    const given = await marksGiven();
    const file = [PLACEMENT_CSV_HEADER, ...['FM-2', 'FM-3', 'FM-4', 'FM-5'].map(placementCsvRow)].join('\n');
    const imported = await h.as(p.contractor).raw(`/api/v1/clauses/${clauseId}/placements/import`, {
      method: 'POST',
      body: file,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.body.imported).toBe(4);
    const afterImport = await markOf();
    expect(afterImport).not.toBe(first);
    // Four rows, one statement: one mark.
    expect(await marksGiven()).toBe(given + 1);

    let insideRolledBack: string | undefined;
    await expect(
      store.db.transaction().execute(async (trx) => {
        await sql`update placements set hours_per_week = 40 where clause_id = ${clauseId}`.execute(trx);
        insideRolledBack = await markOf(trx);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(insideRolledBack).not.toBe(afterImport);
    expect(await markOf()).toBe(afterImport);

    const started = await h.as(p.contractor).post(`/api/v1/placements/${registered.body.id}/events`, { type: 'START' });
    expect(started.status).toBe(200);
    const afterEvent = await markOf();
    expect([first, afterImport, insideRolledBack]).not.toContain(afterEvent);
  });

  it('returns the facts held while the mark is theirs, and reads them afresh once it moved', async () => {
    const read = (await findClauseWithFacts(store.db, clauseId))!;
    expect(read.facts.placements).toHaveLength(5);
    // Facts that could not have come from the database: returned as they are while the mark stands.
    const held: DeliveryFacts = { placements: [], reports: [], offers: [] };
    expect((await findClauseWithFacts(store.db, clauseId, 'event', { mark: read.factsMark, facts: held }))!.facts).toBe(held);

    const [placement] = (await sql<{ id: string }>`select id from placements where clause_id = ${clauseId} and participant_ref = 'FM-2'`.execute(store.db))
      .rows;
    expect((await h.as(p.contractor).post(`/api/v1/placements/${placement!.id}/events`, { type: 'START' })).status).toBe(200);
    const afresh = (await findClauseWithFacts(store.db, clauseId, 'shown', { mark: read.factsMark, facts: held }))!;
    expect(afresh.facts).not.toBe(held);
    expect(afresh.factsMark).not.toBe(read.factsMark);
    expect(afresh.facts.placements.filter((f) => f.state === 'active')).toHaveLength(2);
  });

  it('shows what changed at once, though the clause was read (and its facts kept) before', async () => {
    const auditor = h.as(p.auditor);
    const before = (await auditor.get(`/api/v1/clauses/${clauseId}`)).body;
    expect(before.subcontracting.contractorOwnDelivery.placements).toBe(5);
    expect((await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('FM-6'))).status).toBe(201);
    const after = (await auditor.get(`/api/v1/clauses/${clauseId}`)).body;
    expect(after.subcontracting.contractorOwnDelivery.placements).toBe(6);
  });
});
