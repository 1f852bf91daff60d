/**
 * One creation path (issue 17): every kind of instance — clause, placement
 * (one, an import, the one an accepted proposal registers), report, opening,
 * proposal — is made by createInstance, which writes its row at version 1,
 * its CREATE history at seq 1, one outbox notice per request and the clause's
 * progress in one statement. Afterwards every instance replays from its
 * history and every hash chain holds (`klausul verify`).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkflow } from '../../workflows/index.ts';
import type { Store } from '../../src/db/create-db.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import type { Harness } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { dropWorld, openWorld, PLACEMENT_CSV_HEADER, placementCsvRow, type World } from '../support/world.ts';

describe.each(BACKENDS)('createInstance on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let world: World;

  beforeAll(async () => {
    ({ database, store, h, world } = await openWorld(backend));
  });
  afterAll(() => dropWorld({ database, store }));

  const creations = async (instanceId: string) =>
    (
      await sql<{ seq: number; type: string; to_state: string }>`
        select seq, type, to_state from clause_history where clause_id = ${instanceId} and type = 'CREATE'
        union all select seq, type, to_state from item_history where item_id = ${instanceId} and type = 'CREATE'`.execute(store.db)
    ).rows;
  const notices = async (type: string) =>
    (await sql<{ payload: { subject: Record<string, unknown> } }>`select payload from outbox where type = ${type} order by id`.execute(store.db)).rows;
  const generation = async (clauseId: string) =>
    (await sql<{ generation: number }>`select generation from clause_progress where clause_id = ${clauseId}`.execute(store.db)).rows[0]!.generation;

  it('gives every kind of instance one CREATE at seq 1, in the state its row starts in', async () => {
    const { own } = world;
    const instances: Array<[string, string]> = [
      ['clauses', own.clauseId],
      ['placements', own.placementId],
      ['reports', own.reportId],
      ['openings', own.openingId],
      ['proposals', own.proposalId],
    ];
    for (const [table, id] of instances) {
      const created = await creations(id);
      expect(created, `${table} ${id}`).toHaveLength(1);
      expect(created[0]!.seq).toBe(1);
      // The state the CREATE recorded is where the row's own workflow starts.
      const row = (
        await sql<{ workflow_id: string; workflow_version: number }>`select workflow_id, workflow_version from ${sql.table(table)} where id = ${id}`.execute(
          store.db,
        )
      ).rows[0]!;
      expect(created[0]!.to_state).toBe(findWorkflow(row.workflow_id, row.workflow_version)!.machine.config.initial);
    }
  });

  it('announces an import once, moves the clause progress, and writes every row with its history', async () => {
    const { own } = world;
    const before = await generation(own.clauseId);
    const imported = await h.as(own.keys.contractor).raw(`/api/v1/clauses/${own.clauseId}/placements/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: `${PLACEMENT_CSV_HEADER}\n${['CI-1', 'CI-2', 'CI-3'].map(placementCsvRow).join('\n')}\n`,
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    const ids = imported.body.placementIds as string[];
    expect(ids).toHaveLength(3);
    for (const id of ids) expect(await creations(id)).toEqual([{ seq: 1, type: 'CREATE', to_state: 'registered' }]);
    const announced = (await notices('placement.CREATE')).filter((n) => n.payload.subject.count === 3);
    expect(announced).toHaveLength(1);
    expect(announced[0]!.payload.subject.ids).toEqual(ids);
    expect(await generation(own.clauseId)).toBe(before + 1);
  });

  it("registers an accepted proposal's placement with the proposal and opening it came from", async () => {
    const { own } = world;
    const accepted = await h.as(own.keys.contractor).post(`/api/v1/proposals/${own.proposalId}/events`, { type: 'ACCEPT' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const placementId = accepted.body.placementId as string;
    const history = (
      await sql<{ payload: Record<string, unknown> }>`select payload from item_history where item_id = ${placementId} and seq = 1`.execute(store.db)
    ).rows;
    expect(history[0]!.payload).toMatchObject({ proposalId: own.proposalId, openingId: own.openingId });
    const placement = await h.as(own.keys.contractor).get(`/api/v1/placements/${placementId}`);
    expect(placement.body).toMatchObject({ state: 'registered', version: 1 });
  });

  it('leaves every instance replayable from its history, with every hash chain whole', async () => {
    const report = await verifyAllClauses(h.deps);
    expect(report.failures).toEqual([]);
    expect(report.chain.ok).toBe(true);
    expect(report.ok).toBe(true);
    // Two sides' worlds (a placement each, and a completed one each that follow-ups follow), the import's three placements
    // and the accepted proposal's one.
    expect(report.checkedByKind).toMatchObject({ clause: 2, placement: 2 + 2 + 3 + 1, report: 2, opening: 2, proposal: 2 });
  });
});
