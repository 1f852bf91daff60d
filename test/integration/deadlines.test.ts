/**
 * Durable deadlines on PGlite and (with DATABASE_URL) PostgreSQL: which
 * deadlines each state schedules and cancels, what firing them does, and
 * that the history they write replays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { fireDueDeadlines } from '../../src/engine/deadlines.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';

describe.each(BACKENDS)('deadlines on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;

  beforeAll(async () => void ({ database, store, h, p } = await openSeeded(backend)));
  afterAll(() => dropSeeded({ database, store }));

  /** Fires every deadline due at the harness clock's now, one batch at a time; returns what fired, in order. */
  const fireDue = async () => {
    const results = [];
    for (let batch = await fireDueDeadlines(h.deps, 2); batch.length > 0; batch = await fireDueDeadlines(h.deps, 2)) results.push(...batch);
    return results.map((r) => `${r.deadline.key} ${r.outcome}`);
  };
  const clause = async (id: string) => (await h.as(p.officer).get(`/api/v1/clauses/${id}`)).body;
  const deadline = (view: any, key: string) => view.deadlines.find((d: any) => d.key === key);
  const at = (iso: string) => h.clock.set(new Date(iso));
  const awardWith = (deadlines: object) => ({
    type: 'AWARD',
    contractorOrgId: p.supplierOrgId,
    contractValueSek: 12_000_000,
    startDate: '2026-03-01',
    endDate: '2027-02-28',
    deadlines,
  });

  it('schedules and fires the deadlines of each state, from award to the end of a remedy, as the system', async () => {
    at('2026-03-01T08:00:00Z');
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    expect((await clause(clauseId)).deadlines).toEqual([]);

    // Award: the plan is due 14 days later.
    const awarded = (await drive(h, clauseId, [[p.officer, awardWith({ planDueDays: 14, reportGraceDays: 30 })]])).body;
    // New clauses run the newest version (4); deadlines came with version 2.
    expect(awarded.workflowVersion).toBe(4);
    expect(awarded.schedule).toEqual({ planDueDays: 14, firstJobWithinMonths: 6, reportingPeriod: 'quarterly', reportGraceDays: 30, remedyDays: 90 });
    expect(awarded.deadlines.map((d: any) => [d.key, d.dueAt, d.status])).toEqual([['planDue:0', '2026-03-15T08:00:00.000Z', 'upcoming']]);
    expect(await fireDue()).toEqual([]);

    // The plan is late: the system records it, the clause is overdue, and a notice is queued.
    at('2026-03-16T00:00:00Z');
    expect(await fireDue()).toEqual(['planDue:0 fired']);
    let view = await clause(clauseId);
    expect(view.overdue).toBe(true);
    expect(deadline(view, 'planDue:0')).toMatchObject({
      status: 'fired',
      resolvedBy: 'PLAN_DUE',
      overdue: true,
      milestone: { kind: 'plan', status: 'notMet', dueDate: '2026-03-15' },
    });
    const history = (await h.as(p.auditor).get(`/api/v1/clauses/${clauseId}/history`)).body;
    expect(history.at(-1)).toMatchObject({
      type: 'PLAN_DUE',
      actorRole: 'system',
      actorUserId: null,
      actorOrgId: null,
      from: 'commitment.awaitingPlan',
      to: 'commitment.awaitingPlan',
    });
    const notices = await store.db.selectFrom('outbox').select(['type', 'org_ids']).where('clause_id', '=', clauseId).orderBy('id').execute();
    expect(notices.map((n) => n.type)).toEqual(['clause.CREATE', 'clause.PUBLISH', 'clause.AWARD', 'clause.PLAN_DUE']);
    expect(notices.at(-1)!.org_ids).toEqual([p.buyerOrgId, p.supplierOrgId]);
    // Nobody can send a deadline event over HTTP.
    const forged = await h.as(p.officer).post(`/api/v1/clauses/${clauseId}/events`, { type: 'PLAN_DUE', deadline: 'planDue:0', dueAt: '2026-03-15T08:00:00Z' });
    expect(forged.status).toBe(422);

    // The plan comes in; changes are requested: a new plan deadline from the request; the resubmitted plan cancels it.
    view = (await drive(h, clauseId, [[p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }]])).body;
    expect(view.overdue).toBe(false);
    at('2026-03-20T10:00:00Z');
    view = (await drive(h, clauseId, [[p.officer, { type: 'REQUEST_PLAN_CHANGES', reason: 'Name the supervisors' }]])).body;
    expect(deadline(view, 'planDue:1')).toMatchObject({ dueAt: '2026-04-03T10:00:00.000Z', status: 'upcoming' });
    view = (await drive(h, clauseId, [[p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan with supervisors' }]])).body;
    expect(deadline(view, 'planDue:1')).toMatchObject({ status: 'cancelled', resolvedBy: 'SUBMIT_PLAN', overdue: false });

    // Delivery: first job, contract end and one report per calendar quarter of the contract.
    view = (await drive(h, clauseId, [[p.officer, { type: 'ACCEPT_PLAN' }]])).body;
    expect(view.deadlines.filter((d: any) => d.status === 'upcoming').map((d: any) => [d.key, d.dueAt])).toEqual([
      ['report:2026-03-31', '2026-05-01T00:00:00.000Z'],
      ['report:2026-06-30', '2026-07-31T00:00:00.000Z'],
      ['firstJob', '2026-09-02T00:00:00.000Z'],
      ['report:2026-09-30', '2026-10-31T00:00:00.000Z'],
      ['report:2026-12-31', '2027-01-31T00:00:00.000Z'],
      ['contractEnd', '2027-03-01T00:00:00.000Z'],
      ['report:2027-02-28', '2027-03-31T00:00:00.000Z'],
    ]);

    // March is reported in time: met. The second quarter is not: overdue until its report arrives.
    at('2026-04-10T09:00:00Z');
    const report = await h
      .as(p.contractor)
      .post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 1200 });
    expect(report.status).toBe(201);
    at('2026-08-01T00:00:00Z');
    expect(await fireDue()).toEqual(['report:2026-03-31 fired', 'report:2026-06-30 fired']);
    view = await clause(clauseId);
    expect(deadline(view, 'report:2026-03-31')).toMatchObject({ overdue: false, milestone: { kind: 'report', status: 'met' } });
    expect(deadline(view, 'report:2026-06-30')).toMatchObject({
      overdue: true,
      metLate: false,
      milestone: { kind: 'report', status: 'notMet', period: { start: '2026-04-01', end: '2026-06-30' } },
    });
    expect(view.overdue).toBe(true);
    await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-04-01', periodEnd: '2026-06-30', totalLabourHours: 3000 });
    view = await clause(clauseId);
    // Made good since: the deadline says so, though its milestone keeps what was found when it fell due.
    expect(deadline(view, 'report:2026-06-30')).toMatchObject({ overdue: false, metLate: true, milestone: { status: 'notMet' } });
    expect(deadline(view, 'report:2026-03-31')).toMatchObject({ metLate: false });
    expect(view.overdue).toBe(false);

    // No placement six months in: the first-job milestone is not met.
    at('2026-09-02T00:00:00Z');
    expect(await fireDue()).toEqual(['firstJob fired']);
    expect(deadline(await clause(clauseId), 'firstJob')).toMatchObject({
      overdue: true,
      milestone: { kind: 'firstJob', status: 'notMet', firstStartDate: null },
    });

    // Contract end: the system closes delivery; the last quarter's report is still owed in verification.
    at('2027-03-01T00:00:00Z');
    expect(await fireDue()).toEqual(['report:2026-09-30 fired', 'report:2026-12-31 fired', 'contractEnd fired']);
    view = await clause(clauseId);
    expect(view.state).toBe('verification');
    expect(deadline(view, 'report:2027-02-28').status).toBe('upcoming');
    expect(deadline(view, 'firstJob').status).toBe('fired');

    // Shortfall and a remedy with its own date: when it passes, back to verification.
    view = (
      await drive(h, clauseId, [
        [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'No placements' }],
        [p.contractor, { type: 'SUBMIT_REMEDY_PLAN', description: 'Two placements in spring', completeBy: '2027-05-31' }],
      ])
    ).body;
    expect(deadline(view, 'remedy:0')).toMatchObject({ dueAt: '2027-06-01T00:00:00.000Z', status: 'upcoming' });
    at('2027-06-01T00:00:00Z');
    expect(await fireDue()).toEqual(['report:2027-02-28 fired', 'remedy:0 fired']);
    view = await clause(clauseId);
    expect(view.state).toBe('verification');
    expect(deadline(view, 'remedy:0').milestone).toMatchObject({ kind: 'remedy', status: 'notMet', dueDate: '2027-05-31' });

    // A final state cancels whatever is still scheduled; here nothing is left, and nothing more fires.
    await drive(h, clauseId, [
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Still no placements' }],
      [p.officer, { type: 'IMPOSE_SANCTION', reason: 'Vite per the clause' }],
    ]);
    at('2028-01-01T00:00:00Z');
    expect(await fireDue()).toEqual([]);
    // The missed milestones stay on record, but a closed clause owes nothing more.
    view = await clause(clauseId);
    expect(deadline(view, 'firstJob').milestone.status).toBe('notMet');
    expect(view.overdue).toBe(false);

    const report2 = await verifyAllClauses(h.deps);
    expect(report2).toMatchObject({ ok: true, failed: 0 });
  });

  it('cancels what a state scheduled when the clause leaves it, and fires nothing for a clause that moved on', async () => {
    at('2026-03-01T08:00:00Z');
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardWith({ reportingPeriod: 'monthly' })],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    let view = await clause(clauseId);
    // Twelve months of reports, the first job and the contract end.
    expect(view.deadlines.filter((d: any) => d.status === 'upcoming')).toHaveLength(14);
    expect(deadline(view, 'planDue:0')).toMatchObject({ status: 'cancelled', resolvedBy: 'SUBMIT_PLAN' });

    // The officer closes delivery early: first job and contract end are cancelled, reports stay owed.
    view = (await drive(h, clauseId, [[p.officer, { type: 'CLOSE_DELIVERY' }]])).body;
    expect(deadline(view, 'firstJob')).toMatchObject({ status: 'cancelled', resolvedBy: 'CLOSE_DELIVERY' });
    expect(deadline(view, 'contractEnd')).toMatchObject({ status: 'cancelled', resolvedBy: 'CLOSE_DELIVERY' });
    expect(view.deadlines.filter((d: any) => d.status === 'upcoming')).toHaveLength(12);

    // Waived: every report deadline is cancelled with it.
    view = (
      await drive(h, clauseId, [
        [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Nothing delivered' }],
        [p.officer, { type: 'WAIVE', reason: 'The project was stopped' }],
      ])
    ).body;
    expect(view.deadlines.every((d: any) => d.status === 'cancelled')).toBe(true);
    at('2028-01-01T00:00:00Z');
    expect(await fireDue()).toEqual([]);
  });

  it('sets aside a deadline whose event fails unexpectedly: retried with a backoff, at last failed, and the others fire', async () => {
    at('2026-03-01T08:00:00Z');
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardWith({})],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    // A deadline whose stored event cannot be applied (as a bug or a damaged row would leave it).
    await store.db
      .updateTable('deadlines')
      .set({ event: JSON.stringify({ type: 'REPORT_DUE', deadline: 'report:2026-03-31' }) })
      .where('clause_id', '=', clauseId)
      .where('key', '=', 'report:2026-03-31')
      .execute();
    at('2026-08-01T00:00:00Z');
    await expect(fireDueDeadlines(h.deps, 20)).rejects.toThrow(/REPORT_DUE event is not valid/);
    expect((await clause(clauseId)).version).toBe(5); // nothing of the batch was written

    const isolated = await fireDueDeadlines(h.deps, 20, {}, { isolate: true });
    expect(isolated.map((r) => `${r.deadline.key} ${r.outcome}`)).toEqual(['report:2026-03-31 retrying', 'report:2026-06-30 fired']);
    const broken = await store.db
      .selectFrom('deadlines')
      .selectAll()
      .where('clause_id', '=', clauseId)
      .where('key', '=', 'report:2026-03-31')
      .executeTakeFirstOrThrow();
    expect(broken).toMatchObject({ status: 'scheduled', attempts: 1 });
    expect(broken.retry_at!.toISOString()).toBe('2026-08-01T00:01:00.000Z');
    expect(broken.last_error).toMatch(/not valid/);
    expect(await fireDue()).toEqual([]); // not before its retry time

    for (let attempt = 2; attempt <= 10; attempt++) {
      h.clock.advance(6 * 3_600_000);
      expect((await fireDueDeadlines(h.deps, 20, {}, { isolate: true })).map((r) => r.outcome)).toEqual([attempt < 10 ? 'retrying' : 'failed']);
    }
    expect(deadline(await clause(clauseId), 'report:2026-03-31')).toMatchObject({ status: 'failed' });
    h.clock.advance(24 * 3_600_000);
    expect(await fireDue()).toEqual([]);
    // Closed: nothing of this clause is left to fire in the tests after this one.
    await drive(h, clauseId, [
      [p.officer, { type: 'CLOSE_DELIVERY' }],
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Nothing delivered' }],
      [p.officer, { type: 'WAIVE', reason: 'Test over' }],
    ]);
  });

  it('keeps the first-job month the clause text promises (employment), and refuses another at award', async () => {
    at('2026-03-01T08:00:00Z');
    const { clauseId } = await draftClause(
      h,
      p,
      { months: 24, firstJobWithinMonths: 3, targetGroups: ['long-term-unemployed'], matchingBody: 'Arbetsförmedlingen' },
      'employment',
    );
    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    const refused = await h.as(p.officer).post(`/api/v1/clauses/${clauseId}/events`, awardWith({ firstJobWithinMonths: 6 }));
    expect(refused.status).toBe(422);
    expect(refused.body.issues).toEqual([
      expect.objectContaining({ path: 'deadlines.firstJobWithinMonths', message: expect.stringContaining('within 3 months') }),
    ]);
    const awarded = (await drive(h, clauseId, [[p.officer, awardWith({ planDueDays: 10 })]])).body;
    expect(awarded.schedule).toMatchObject({ firstJobWithinMonths: 3, planDueDays: 10 });
    // Closed, so that nothing of it fires in the tests after this one.
    await drive(h, clauseId, [
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
      [p.officer, { type: 'CLOSE_DELIVERY' }],
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Nothing delivered' }],
      [p.officer, { type: 'WAIVE', reason: 'Test over' }],
    ]);
  });

  it('runs a version 1 clause on after version 2 is deployed: to its end, without deadlines, replayed with its own version', async () => {
    const { socialClauseV1 } = await import('../../workflows/social-clause.ts');
    const { createClause } = await import('../../src/engine/clauses.ts');
    at('2026-03-01T08:00:00Z');
    const { tenderId } = await draftClause(h, p);
    const officer = await store.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('role', '=', 'officer')
      .where('org_id', '=', p.buyerOrgId)
      .executeTakeFirstOrThrow();
    const actor = { userId: officer.id, userName: officer.name, role: 'officer' as const, orgId: p.buyerOrgId, orgKind: 'buyer' as const };
    const created = await createClause({ ...h.deps, clauseWorkflow: socialClauseV1 }, { actor }, tenderId, {
      templateId: 'placements',
      language: 'sv',
      params: PLACEMENT_PARAMS,
    });
    const clauseId = created.body.id;
    expect(created.body.workflowVersion).toBe(1);
    const view = (
      await drive(h, clauseId, [
        [p.officer, { type: 'PUBLISH' }],
        [p.officer, { type: 'AWARD', contractorOrgId: p.supplierOrgId, contractValueSek: 12_000_000, startDate: '2026-03-01', endDate: '2027-02-28' }],
      ])
    ).body;
    expect(view).toMatchObject({ workflowVersion: 1, schedule: null, deadlines: [], overdue: false });
    // A clause drafted now starts on the newest version, 4.
    const { clauseId: otherId } = await draftClause(h, p);
    expect((await clause(otherId)).workflowVersion).toBe(4);

    const done = (
      await drive(h, clauseId, [
        [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
        [p.officer, { type: 'ACCEPT_PLAN' }],
        [p.officer, { type: 'CLOSE_DELIVERY' }],
        [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Nothing delivered' }],
        [p.officer, { type: 'WAIVE', reason: 'The project was stopped' }],
      ])
    ).body;
    expect(done).toMatchObject({ workflowVersion: 1, state: 'waived', final: true, deadlines: [] });
    at('2028-01-01T00:00:00Z');
    expect(await fireDue()).toEqual([]);
    expect(await verifyAllClauses(h.deps)).toMatchObject({ ok: true, failed: 0 });
  });

  it('takes deadline settings in the AWARD of version 2 only', async () => {
    const { socialClauseV1, socialClauseV2 } = await import('../../workflows/social-clause.ts');
    const { type: _type, ...award } = awardWith({ planDueDays: 5 });
    expect(socialClauseV2.events.AWARD!.payload.safeParse(award).success).toBe(true);
    expect(socialClauseV1.events.AWARD!.payload.safeParse(award).success).toBe(false);
    const { deadlines: _deadlines, ...plain } = award;
    expect(socialClauseV1.events.AWARD!.payload.safeParse(plain).success).toBe(true);
  });
});
