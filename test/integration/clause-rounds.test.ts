/**
 * What grows with a clause's life stays in its history (issue 24): on
 * workflow version 4 a clause's snapshot and an event's answer are as large
 * at its 300th plan round as at its 6th, while reading the clause shows every
 * request for changes and remedy plan from its history. Clauses of version 3
 * keep their lists in their snapshots and are shown the same way; both replay.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { socialClauseV3 } from '../../workflows/social-clause.ts';
import { awardBody, draftClause, drive, dropSeeded, openSeeded, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';

describe.each(BACKENDS)("a clause's plan and remedy rounds on %s", (backend) => {
  let seeded: SeededDatabase | undefined;
  beforeAll(async () => void (seeded = await openSeeded(backend)));
  afterAll(() => dropSeeded(seeded ?? {}));
  const h = () => seeded!.h;
  const p = () => seeded!.p;
  const db = () => seeded!.store.db;

  const awarded = async () => {
    const { clauseId } = await draftClause(h(), p());
    await drive(h(), clauseId, [
      [p().officer, { type: 'PUBLISH' }],
      [p().officer, awardBody(p().supplierOrgId)],
    ]);
    return clauseId;
  };
  // Every round's texts are as long as every other's, so only what grows with the rounds can change the sizes.
  const round = (n: number) => String(n).padStart(3, '0');
  const planRound = async (clauseId: string, n: number) => {
    await drive(h(), clauseId, [[p().contractor, { type: 'SUBMIT_PLAN', description: `Plan, omgång ${round(n)}` }]]);
    return drive(h(), clauseId, [[p().officer, { type: 'REQUEST_PLAN_CHANGES', reason: `Ange handledare, omgång ${round(n)}` }]]);
  };
  const snapshotBytes = async (clauseId: string) =>
    (await sql<{ n: number }>`select length(snapshot::text) as n from clauses where id = ${clauseId}`.execute(db())).rows[0]!.n;
  const clause = async (clauseId: string) => (await h().as(p().officer).get(`/api/v1/clauses/${clauseId}`)).body;

  it('writes and answers as much at its 300th plan round as at its 6th, and shows every round from its history', async () => {
    const clauseId = await awarded();
    const sizes: Record<number, { answer: number; snapshot: number }> = {};
    for (let n = 1; n <= 300; n++) {
      const answer = await planRound(clauseId, n);
      if (n === 6 || n === 300) sizes[n] = { answer: JSON.stringify(answer.body).length, snapshot: await snapshotBytes(clauseId) };
      if (n === 300) {
        expect(answer.body).toMatchObject({ version: 603, planChangesRequested: 300, state: 'commitment.awaitingPlan' });
        expect(answer.body).not.toHaveProperty('planChangeRequests');
        // The deadline of the round in progress; the 300 rounds before left theirs cancelled, in the history of the deadlines.
        expect(answer.body.deadlines.map((d: { key: string }) => d.key)).toEqual(['planDue:300']);
      }
    }
    // A few digits more (the version, the count, the deadline's key) and nothing else.
    expect(sizes[300]!.answer - sizes[6]!.answer).toBeLessThanOrEqual(8);
    expect(sizes[300]!.snapshot - sizes[6]!.snapshot).toBeLessThanOrEqual(8);

    const shown = await clause(clauseId);
    expect(shown.planChangeRequests).toHaveLength(300);
    expect(shown.planChangeRequests[0]).toBe('Ange handledare, omgång 001');
    expect(shown.planChangeRequests[299]).toBe('Ange handledare, omgång 300');
    expect(shown.planChangesRequested).toBe(300);
    expect(shown.deadlines.filter((d: { status: string }) => d.status === 'cancelled')).toHaveLength(300);
    expect(await verifyAllClauses(h().deps)).toMatchObject({ ok: true, failed: 0 });
    // 600 events over HTTP: a guard against a hang, not a speed test (bench:plan-rounds measures speed); on a loaded machine PGlite needed more than the default 30 s.
  }, 180_000);

  it('counts remedy plans in the snapshot and shows them all, with the deadline of the latest', async () => {
    const clauseId = await awarded();
    await drive(h(), clauseId, [
      [p().contractor, { type: 'SUBMIT_PLAN', description: 'Tre platser' }],
      [p().officer, { type: 'ACCEPT_PLAN' }],
      [p().officer, { type: 'CLOSE_DELIVERY' }],
    ]);
    for (const completeBy of ['2026-09-01', '2026-10-01', '2026-11-01']) {
      await drive(h(), clauseId, [[p().auditor, { type: 'RECORD_SHORTFALL', reason: 'Platser saknas' }]]);
      const remedy = await drive(h(), clauseId, [[p().contractor, { type: 'SUBMIT_REMEDY_PLAN', description: `Klart ${completeBy}`, completeBy }]]);
      expect(remedy.body).not.toHaveProperty('remedyPlans');
      expect(remedy.body.deadlines.find((d: { kind: string; status: string }) => d.kind === 'remedyDue' && d.status === 'upcoming')).toMatchObject({
        dueAt: `${completeBy.slice(0, 8)}02T00:00:00.000Z`,
      });
      await drive(h(), clauseId, [[p().auditor, { type: 'CLOSE_REMEDY' }]]);
    }
    const { rows } = await sql<{ snapshot: { context: Record<string, unknown> } }>`select snapshot from clauses where id = ${clauseId}`.execute(db());
    expect(rows[0]!.snapshot.context).toMatchObject({ remedyPlansSubmitted: 3, remedyPlan: { description: 'Klart 2026-11-01', completeBy: '2026-11-01' } });
    expect(rows[0]!.snapshot.context).not.toHaveProperty('remedyPlans');
    const shown = await clause(clauseId);
    expect(shown).toMatchObject({ workflowVersion: 4, remedyPlansSubmitted: 3 });
    expect(shown.remedyPlans.map((r: { completeBy: string }) => r.completeBy)).toEqual(['2026-09-01', '2026-10-01', '2026-11-01']);
  });

  it('shows a version 3 clause, whose snapshot keeps the lists, the same way, and replays it', async () => {
    h().deps.clauseWorkflow = socialClauseV3;
    const clauseId = await awarded().finally(() => {
      h().deps.clauseWorkflow = undefined;
    });
    for (let n = 1; n <= 3; n++) await planRound(clauseId, n);
    const { rows } = await sql<{ snapshot: { context: Record<string, unknown> } }>`select snapshot from clauses where id = ${clauseId}`.execute(db());
    expect(rows[0]!.snapshot.context.planChangeRequests).toEqual(['Ange handledare, omgång 001', 'Ange handledare, omgång 002', 'Ange handledare, omgång 003']);
    const shown = await clause(clauseId);
    expect(shown).toMatchObject({ workflowVersion: 3, planChangesRequested: 3, planChangeRequests: rows[0]!.snapshot.context.planChangeRequests });
    expect(shown.deadlines.map((d: { key: string; status: string }) => `${d.key} ${d.status}`)).toEqual([
      'planDue:0 cancelled',
      'planDue:1 cancelled',
      'planDue:2 cancelled',
      'planDue:3 upcoming',
    ]);
    expect(await verifyAllClauses(h().deps)).toMatchObject({ ok: true, failed: 0 });
  });
});
