/**
 * The sanction ladder through the API (issue 18), on PGlite and (with
 * DATABASE_URL) PostgreSQL: written notices from the officer or the auditor,
 * their deadline firing once, the contractor's answer; vite claimed; and
 * termination only on a clause whose terms include it. Every new event is
 * refused (409 invalid_transition) outside its states and (403) to the wrong
 * roles, writing nothing; clauses of workflow versions 1, 2 and 3 replay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socialClauseV1, socialClauseV2, socialClauseV3, socialClauseV4 } from '../../workflows/social-clause.ts';
import type { Store } from '../../src/db/create-db.ts';
import { fireDueDeadlines } from '../../src/engine/deadlines.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { awardBody, clauseInDelivery, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';

/** A placements clause (template version 2) with termination among its terms; without the parameter it has none. */
const TERMINABLE = { ...PLACEMENT_PARAMS, termination: true };

const events = (clauseId: string) => `/api/v1/clauses/${clauseId}/events`;
const notice = { type: 'REQUEST_CORRECTION', reason: 'Månadsrapporten för mars saknas', dueDate: '2026-04-15' };
const claim = { type: 'CLAIM_VITE', reason: 'Två platser saknas' };
const terminate = { type: 'TERMINATE', reason: 'Väsentligt avtalsbrott: inga platser', effectiveDate: '2026-09-01' };

describe.each(BACKENDS)('the sanction ladder on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;

  beforeAll(async () => void ({ database, store, h, p } = await openSeeded(backend)));
  afterAll(() => dropSeeded({ database, store }));

  const history = async (clauseId: string) => (await h.as(p.auditor).get(`/api/v1/clauses/${clauseId}/history`)).body as Array<{ type: string }>;
  const clause = async (clauseId: string, key = p.officer) => (await h.as(key).get(`/api/v1/clauses/${clauseId}`)).body;
  /** The clause in delivery driven on to `shortfall` or `remediation`. */
  const driveOn = async (clauseId: string, to: 'verification' | 'shortfall' | 'remediation') => {
    const steps: Array<[string, Record<string, unknown>]> = [[p.officer, { type: 'CLOSE_DELIVERY' }]];
    if (to !== 'verification') steps.push([p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Inga platser' }]);
    if (to === 'remediation') steps.push([p.contractor, { type: 'SUBMIT_REMEDY_PLAN', description: 'Två platser i höst' }]);
    return (await drive(h, clauseId, steps)).body;
  };
  /** Sends the event and expects a refusal that writes nothing. */
  const refused = async (key: string, clauseId: string, body: Record<string, unknown>, status: number, error: string) => {
    const before = (await history(clauseId)).length;
    const answer = await h.as(key).post(events(clauseId), body);
    expect(answer.status, `${String(body.type)}: ${JSON.stringify(answer.body)}`).toBe(status);
    expect(answer.body.error).toBe(error);
    expect((await history(clauseId)).length).toBe(before);
    return answer.body;
  };

  it('starts new clauses on workflow version 4, which keeps the ladder of version 3', async () => {
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    expect(await clause(clauseId)).toMatchObject({ workflowVersion: 4, corrections: [], termination: null });
  });

  it('takes a written notice from the officer or the auditor in delivery and remediation, and from no one else or elsewhere', async () => {
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    for (const key of [p.officer, p.auditor]) expect((await clause(clauseId, key)).allowedEvents).toContain('REQUEST_CORRECTION');
    expect((await clause(clauseId, p.contractor)).allowedEvents).not.toContain('REQUEST_CORRECTION');

    const forbidden = await refused(p.contractor, clauseId, notice, 403, 'forbidden');
    expect(forbidden).toMatchObject({ requiredRole: 'officer or auditor', requiredRoles: ['officer', 'auditor'] });
    await refused(p.buyerAdmin, clauseId, notice, 403, 'forbidden');
    const past = await refused(p.officer, clauseId, { ...notice, dueDate: '2026-04-01' }, 422, 'validation');
    expect(past.issues).toEqual([expect.objectContaining({ path: 'dueDate' })]);

    const first = await drive(h, clauseId, [[p.officer, notice]]);
    expect(first.body).toMatchObject({
      state: 'delivery',
      corrections: [{ number: 1, reason: notice.reason, dueDate: '2026-04-15', answer: null }],
    });
    expect(first.body.deadlines).toContainEqual(
      expect.objectContaining({ key: 'correction:1', kind: 'correctionDue', dueAt: '2026-04-16T00:00:00.000Z', status: 'upcoming' }),
    );
    const second = await drive(h, clauseId, [[p.auditor, { ...notice, reason: 'Intyg saknas', dueDate: '2026-04-30' }]]);
    expect(second.body.corrections.map((n: { number: number }) => n.number)).toEqual([1, 2]);
    expect((await history(clauseId)).slice(-2).map((e) => e.type)).toEqual(['REQUEST_CORRECTION', 'REQUEST_CORRECTION']);

    // Not in verification or shortfall; again in remediation.
    await driveOn(clauseId, 'verification');
    await refused(p.officer, clauseId, notice, 409, 'invalid_transition');
    await drive(h, clauseId, [[p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Inga platser' }]]);
    const inShortfall = await refused(p.auditor, clauseId, notice, 409, 'invalid_transition');
    expect(inShortfall.allowedEvents).not.toContain('REQUEST_CORRECTION');
    await drive(h, clauseId, [[p.contractor, { type: 'SUBMIT_REMEDY_PLAN', description: 'Två platser i höst' }]]);
    expect((await drive(h, clauseId, [[p.auditor, { ...notice, dueDate: '2026-05-01' }]])).body.corrections).toHaveLength(3);

    // Before delivery there is nothing to correct.
    const { clauseId: drafted } = await draftClause(h, p);
    await refused(p.officer, drafted, notice, 409, 'invalid_transition');
    await drive(h, drafted, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
    ]);
    await refused(p.officer, drafted, notice, 409, 'invalid_transition');
  });

  it('fires a notice deadline once and records its milestone: met when the contractor answered by the due date', async () => {
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    await drive(h, clauseId, [
      [p.officer, notice],
      [p.officer, { ...notice, reason: 'Intyg saknas' }],
    ]);
    // The contractor answers the second notice on time, naming it; only the contractor may.
    await refused(p.officer, clauseId, { type: 'REPORT_CORRECTION', description: 'Intygen bifogade', notice: 2 }, 403, 'forbidden');
    expect((await clause(clauseId, p.contractor)).allowedEvents).toContain('REPORT_CORRECTION');
    const answered = await drive(h, clauseId, [[p.contractor, { type: 'REPORT_CORRECTION', description: 'Intygen bifogade', notice: 2 }]]);
    expect(answered.body.corrections[1].answer).toEqual({ description: 'Intygen bifogade', answeredOn: '2026-04-02' });
    const again = await refused(p.contractor, clauseId, { type: 'REPORT_CORRECTION', description: 'Igen', notice: 2 }, 409, 'invalid_transition');
    expect(again.message).toContain('answered already');

    h.clock.set(new Date('2026-04-16T00:00:01Z'));
    const fired = (await fireDueDeadlines(h.deps, 20)).filter((f) => f.deadline.clause_id === clauseId);
    expect(fired.map((f) => [f.deadline.key, f.outcome]).sort()).toEqual([
      ['correction:1', 'fired'],
      ['correction:2', 'fired'],
    ]);
    expect((await fireDueDeadlines(h.deps, 20)).filter((f) => f.deadline.clause_id === clauseId)).toEqual([]);
    expect((await history(clauseId)).filter((e) => e.type === 'CORRECTION_DUE')).toHaveLength(2);

    const after = await clause(clauseId, p.auditor);
    const deadline = (key: string) => after.deadlines.find((d: { key: string }) => d.key === key);
    expect(deadline('correction:1')).toMatchObject({
      status: 'fired',
      overdue: true,
      milestone: { kind: 'correction', status: 'notMet', notice: 1, answeredOn: null },
    });
    expect(deadline('correction:2')).toMatchObject({ status: 'fired', overdue: false, milestone: { status: 'met', answeredOn: '2026-04-02' } });
    expect(after.overdue).toBe(true);

    // A late answer ends the overdue, but the milestone stays missed.
    const late = await drive(h, clauseId, [[p.contractor, { type: 'REPORT_CORRECTION', description: 'Rapporten inlämnad' }]]);
    expect(late.body.deadlines.find((d: { key: string }) => d.key === 'correction:1')).toMatchObject({ overdue: false, milestone: { status: 'notMet' } });
    expect(late.body.overdue).toBe(false);
    expect((await history(clauseId)).at(-1)).toMatchObject({ type: 'REPORT_CORRECTION', to: 'delivery' });
  });

  it('claims vite from shortfall only, by the officer only, within the cap; IMPOSE_SANCTION is its old name', async () => {
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    await refused(p.officer, clauseId, claim, 409, 'invalid_transition');
    await driveOn(clauseId, 'shortfall');
    const offered = await clause(clauseId);
    expect(offered.allowedEvents).toContain('CLAIM_VITE');
    expect(offered.allowedEvents).not.toContain('IMPOSE_SANCTION');
    await refused(p.auditor, clauseId, claim, 403, 'forbidden');
    await refused(p.contractor, clauseId, claim, 403, 'forbidden');
    const tooMuch = await refused(p.officer, clauseId, { ...claim, amountSek: 240_001 }, 422, 'validation');
    expect(tooMuch.issues[0]).toMatchObject({ path: 'amountSek' });

    // Three placements missing at 50 000 SEK each, under the cap of 2 % of 12 MSEK.
    const claimed = await drive(h, clauseId, [[p.officer, claim]]);
    expect(claimed.body).toMatchObject({ state: 'viteClaimed', final: true, allowedEvents: [], sanction: { amountSek: 150_000, reason: claim.reason } });
    await refused(p.officer, clauseId, claim, 409, 'invalid_transition');

    const old = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    await driveOn(old, 'shortfall');
    const byOldName = await drive(h, old, [[p.officer, { type: 'IMPOSE_SANCTION', amountSek: 100_000, reason: 'Vite' }]]);
    expect(byOldName.body).toMatchObject({ state: 'viteClaimed', sanction: { amountSek: 100_000 } });
    expect((await history(old)).at(-1)).toMatchObject({ type: 'IMPOSE_SANCTION', to: 'viteClaimed' });
  });

  it('refuses to terminate a clause whose terms leave termination out, in every state', async () => {
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    expect((await clause(clauseId)).allowedEvents).not.toContain('TERMINATE');
    const inDelivery = await refused(p.officer, clauseId, terminate, 409, 'invalid_transition');
    expect(inDelivery.message).toContain('terms do not give the buyer the right to terminate');
    await driveOn(clauseId, 'shortfall');
    await refused(p.officer, clauseId, terminate, 409, 'invalid_transition');
    await drive(h, clauseId, [[p.contractor, { type: 'SUBMIT_REMEDY_PLAN', description: 'Plan' }]]);
    await refused(p.officer, clauseId, terminate, 409, 'invalid_transition');
  });

  it.each(['delivery', 'shortfall', 'remediation'] as const)(
    'terminates a clause with the term from %s, by the officer only, and cancels what was still due',
    async (from) => {
      const clauseId = await clauseInDelivery(h, p, 'placements', TERMINABLE);
      if (from !== 'delivery') await driveOn(clauseId, from);
      expect((await clause(clauseId)).allowedEvents).toContain('TERMINATE');
      await refused(p.auditor, clauseId, terminate, 403, 'forbidden');
      await refused(p.contractor, clauseId, terminate, 403, 'forbidden');
      const early = await refused(p.officer, clauseId, { ...terminate, effectiveDate: '2026-02-28' }, 422, 'validation');
      expect(early.issues).toEqual([expect.objectContaining({ path: 'effectiveDate' })]);

      const done = await drive(h, clauseId, [[p.officer, terminate]]);
      expect(done.body).toMatchObject({
        state: 'terminated',
        final: true,
        allowedEvents: [],
        termination: { reason: terminate.reason, effectiveDate: '2026-09-01' },
        closingReason: terminate.reason,
      });
      expect(done.body.deadlines.filter((d: { status: string }) => d.status === 'upcoming')).toEqual([]);
      await refused(p.officer, clauseId, terminate, 409, 'invalid_transition');
    },
  );

  it('refuses to terminate a clause with the term outside delivery, shortfall and remediation', async () => {
    const clauseId = await clauseInDelivery(h, p, 'placements', TERMINABLE);
    await driveOn(clauseId, 'verification');
    const answer = await refused(p.officer, clauseId, terminate, 409, 'invalid_transition');
    expect(answer.allowedEvents).not.toContain('TERMINATE');
  });

  it('replays clauses of workflow versions 1, 2, 3 and 4 to their stored snapshots', async () => {
    const ids: string[] = [];
    for (const workflow of [socialClauseV1, socialClauseV2, socialClauseV3, socialClauseV4]) {
      h.deps.clauseWorkflow = workflow;
      const clauseId = await clauseInDelivery(h, p, 'placements', TERMINABLE);
      h.deps.clauseWorkflow = undefined;
      await driveOn(clauseId, 'shortfall');
      const ladder: Array<[string, Record<string, unknown>]> =
        workflow.version >= 3
          ? [
              [p.contractor, { type: 'SUBMIT_REMEDY_PLAN', description: 'Plan' }],
              [p.auditor, { ...notice, dueDate: '2026-12-01' }],
              [p.contractor, { type: 'REPORT_CORRECTION', description: 'Rättat' }],
              [p.officer, terminate],
            ]
          : [[p.officer, { type: 'IMPOSE_SANCTION', reason: 'Vite' }]];
      const last = await drive(h, clauseId, ladder);
      expect(last.body).toMatchObject({ workflowVersion: workflow.version, state: workflow.version >= 3 ? 'terminated' : 'sanctioned' });
      ids.push(clauseId);
    }
    const report = await verifyAllClauses(h.deps);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThanOrEqual(ids.length);
  });
});
