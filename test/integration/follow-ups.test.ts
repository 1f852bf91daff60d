/**
 * Follow-ups and participants' paths (issue 21, item 3), on PGlite and (with
 * DATABASE_URL) on PostgreSQL: which endings schedule follow-ups and for
 * which matching body, their falling due 1, 6 and 12 months on as the clock
 * moves (once each, announced as `followUp.due`), recording them once, what
 * each role and another matching body sees of them and of a participant's
 * path, bad input, and erasure blanking them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { makeDueFollowUps } from '../../src/engine/follow-ups.ts';
import { awardBody, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { openingBody, placementBody, proposalBody } from '../support/world.ts';

describe.each(BACKENDS)('follow-ups on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let bodyOrgId: string;
  let otherBodyOrgId: string;
  let matcher: string;
  let otherMatcher: string;
  let bodyAdmin: string;
  /** Served by the matching body; a second clause of the body with another supplier; one naming no matching body. */
  let served: string;
  let servedElsewhere: string;
  let unserved: string;

  const at = (day: string) => h.clock.set(new Date(`${day}T08:00:00Z`));

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    const body = await addOrganisation(h.deps, { name: 'Arbetsförmedlingen Östersund', kind: 'matching_body' });
    const other = await addOrganisation(h.deps, { name: 'Innanförskapsakademin', kind: 'matching_body' });
    bodyOrgId = body.id;
    otherBodyOrgId = other.id;
    matcher = (await addUser(h.deps, { orgId: body.id, role: 'matcher', name: 'Amina Yusuf' })).apiKey;
    bodyAdmin = (await addUser(h.deps, { orgId: body.id, role: 'admin', name: 'Admin' })).apiKey;
    otherMatcher = (await addUser(h.deps, { orgId: other.id, role: 'matcher', name: 'Oskar Dahl' })).apiKey;
    served = await clauseInDelivery(p.supplierOrgId, p.contractor, body.id);
    servedElsewhere = await clauseInDelivery(p.otherSupplierOrgId, p.otherContractor, body.id);
    unserved = await clauseInDelivery(p.supplierOrgId, p.contractor, null);
  });
  afterAll(() => dropSeeded({ database, store }));

  async function clauseInDelivery(supplierOrgId: string, contractor: string, matchingBodyOrgId: string | null): Promise<string> {
    at('2026-03-01');
    const { clauseId } = await draftClause(h, p, PLACEMENT_PARAMS);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, { ...awardBody(supplierOrgId), ...(matchingBodyOrgId ? { matchingBodyOrgId } : {}) }],
      [contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    return clauseId;
  }

  async function register(clauseId: string, ref: string, contractor = p.contractor): Promise<string> {
    at('2026-03-02');
    const res = await h.as(contractor).post(`/api/v1/clauses/${clauseId}/placements`, placementBody(ref));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  async function send(placementId: string, body: object, contractor = p.contractor) {
    const res = await h.as(contractor).post(`/api/v1/placements/${placementId}/events`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  /** Registered, started and completed on the day given (as that day). */
  async function completed(clauseId: string, ref: string, endDate: string, contractor = p.contractor): Promise<string> {
    const id = await register(clauseId, ref, contractor);
    await send(id, { type: 'START' }, contractor);
    at(endDate);
    await send(id, { type: 'COMPLETE', endDate, outcome: 'studies' }, contractor);
    return id;
  }

  const followUpsOf = (placementId: string) =>
    store.db.selectFrom('follow_ups').selectAll().where('placement_id', '=', placementId).orderBy('months').execute();

  const makeDueOn = async (day: string) => {
    at(day);
    return (await makeDueFollowUps(h.deps, 100)).map((f) => `${f.placement_id}:${f.months}`).sort();
  };

  describe('scheduling', () => {
    it('schedules three follow-ups 1, 6 and 12 months after a completed placement, for the clause’s matching body, with the transition', async () => {
      const id = await completed(served, 'FU-1', '2026-06-30');
      const rows = await followUpsOf(id);
      expect(rows.map((r) => [r.months, r.due_at.toISOString(), r.state, r.matching_org_id, r.participant_ref])).toEqual([
        [1, '2026-07-30T00:00:00.000Z', 'scheduled', bodyOrgId, 'FU-1'],
        [6, '2026-12-30T00:00:00.000Z', 'scheduled', bodyOrgId, 'FU-1'],
        [12, '2027-06-30T00:00:00.000Z', 'scheduled', bodyOrgId, 'FU-1'],
      ]);
      // Written with the placement's COMPLETE: the same moment as its history row.
      const history = await store.db.selectFrom('item_history').select('at').where('item_id', '=', id).where('type', '=', 'COMPLETE').executeTakeFirstOrThrow();
      expect(rows.every((r) => r.created_at.getTime() === history.at.getTime())).toBe(true);
    });

    it('schedules them after an early end and a discontinuation of a started placement, but not for one discontinued before it started', async () => {
      const early = await register(served, 'FU-EARLY');
      await send(early, { type: 'START' });
      at('2026-05-15');
      await send(early, { type: 'END_EARLY', endDate: '2026-05-15', reasonCode: 'employeeResigned' });
      const stopped = await register(served, 'FU-STOPPED');
      await send(stopped, { type: 'START' });
      at('2026-05-20');
      await send(stopped, { type: 'DISCONTINUE', endDate: '2026-05-20', reason: 'Flyttade' });
      const never = await register(served, 'FU-NEVER');
      at('2026-03-03');
      await send(never, { type: 'DISCONTINUE', endDate: '2026-03-03', reason: 'Började aldrig' });
      expect((await followUpsOf(early)).map((r) => r.due_at.toISOString().slice(0, 10))).toEqual(['2026-06-15', '2026-11-15', '2027-05-15']);
      expect(await followUpsOf(stopped)).toHaveLength(3);
      expect(await followUpsOf(never)).toEqual([]);
    });

    it('follows the proposing matcher first, then the placement’s own matching body, then the clause’s; none when none is named', async () => {
      // A placement given to another body to follow (as a programme gives it) on a clause the first body serves.
      const given = await register(served, 'FU-GIVEN');
      await store.db.updateTable('placements').set({ matching_org_id: otherBodyOrgId }).where('id', '=', given).execute();
      await send(given, { type: 'START' });
      at('2026-04-30');
      await send(given, { type: 'COMPLETE', endDate: '2026-04-30', outcome: 'none' });
      expect((await followUpsOf(given)).map((r) => r.matching_org_id)).toEqual([otherBodyOrgId, otherBodyOrgId, otherBodyOrgId]);

      // Made from the body's proposal: the proposer follows it, whatever the placement names.
      at('2026-03-02');
      const opening = await h.as(p.contractor).post(`/api/v1/clauses/${served}/openings`, openingBody());
      const proposal = await h.as(matcher).post(`/api/v1/openings/${opening.body.id}/proposals`, proposalBody('FU-PROPOSED'));
      const accepted = await h.as(p.contractor).post(`/api/v1/proposals/${proposal.body.id}/events`, { type: 'ACCEPT' });
      const proposed = accepted.body.placementId as string;
      await store.db.updateTable('placements').set({ matching_org_id: otherBodyOrgId }).where('id', '=', proposed).execute();
      at('2026-04-06');
      await send(proposed, { type: 'START' });
      at('2026-05-31');
      await send(proposed, { type: 'COMPLETE', endDate: '2026-05-31', outcome: 'employment' });
      expect((await followUpsOf(proposed)).map((r) => r.matching_org_id)).toEqual([bodyOrgId, bodyOrgId, bodyOrgId]);

      const nobody = await completed(unserved, 'FU-NOBODY', '2026-06-30');
      expect(await followUpsOf(nobody)).toEqual([]);
    });
  });

  describe('falling due and recording', () => {
    let placementId: string;
    const ids: Record<number, string> = {};

    beforeAll(async () => {
      placementId = await completed(served, 'FU-DUE', '2026-08-31');
      for (const row of await followUpsOf(placementId)) ids[row.months] = row.id;
      // Its follow-ups stay scheduled through the clock's moves below.
      await completed(served, 'FU-LATER', '2027-08-31');
    });

    it('makes each follow-up due once, on its day as the clock moves, and announces it to the matching body', async () => {
      const mine = (keys: string[]) => keys.filter((k) => k.startsWith(placementId)).map((k) => k.split(':')[1]);
      expect(mine(await makeDueOn('2026-09-29'))).toEqual([]);
      // 31 August + 1 month is clamped to 30 September.
      expect(mine(await makeDueOn('2026-09-30'))).toEqual(['1']);
      expect(mine(await makeDueOn('2026-10-01'))).toEqual([]);
      expect(mine(await makeDueOn('2027-02-28'))).toEqual(['6']);
      expect(mine(await makeDueOn('2027-08-31'))).toEqual(['12']);
      expect(mine(await makeDueOn('2027-09-01'))).toEqual([]);
      const rows = await followUpsOf(placementId);
      expect(rows.map((r) => [r.state, r.became_due_at?.toISOString()])).toEqual([
        ['due', '2026-09-30T08:00:00.000Z'],
        ['due', '2027-02-28T08:00:00.000Z'],
        ['due', '2027-08-31T08:00:00.000Z'],
      ]);
      const announced = await store.db.selectFrom('outbox').selectAll().where('type', '=', 'followUp.due').where('clause_id', '=', served).execute();
      const ofThis = announced.filter((o) => (o.payload as { placementId: string }).placementId === placementId);
      expect(ofThis.map((o) => [(o.payload as { months: number }).months, o.org_ids])).toEqual([
        [1, [bodyOrgId]],
        [6, [bodyOrgId]],
        [12, [bodyOrgId]],
      ]);
      expect(JSON.stringify(ofThis)).not.toContain('FU-DUE');
    });

    it('lists the matching body’s follow-ups by state, and shows one with its placement', async () => {
      const due = await h.as(matcher).get('/api/v1/follow-ups?state=due');
      expect(due.status).toBe(200);
      expect(due.body.every((f: { state: string }) => f.state === 'due')).toBe(true);
      expect(due.body.map((f: { id: string }) => f.id)).toEqual(expect.arrayContaining([ids[1], ids[6], ids[12]]));
      const scheduled = await h.as(matcher).get('/api/v1/follow-ups?state=scheduled');
      expect(scheduled.body.length).toBeGreaterThan(0);
      expect(scheduled.body.every((f: { state: string }) => f.state === 'scheduled')).toBe(true);
      const one = await h.as(matcher).get(`/api/v1/follow-ups/${ids[1]}`);
      expect(one.body).toMatchObject({
        id: ids[1],
        placementId,
        participantRef: 'FU-DUE',
        months: 1,
        state: 'due',
        allowedEvents: ['RECORD'],
        placement: { role: 'målare', startDate: '2026-03-02', endDate: '2026-08-31', endedAs: 'completed', outcome: 'studies', supplierName: 'Jämtbygg AB' },
      });
    });

    it('records a due follow-up once, with who and when; a scheduled one is refused with its day', async () => {
      const scheduled = (await h.as(matcher).get('/api/v1/follow-ups?state=scheduled')).body[0];
      const early = await h.as(matcher).post(`/api/v1/follow-ups/${scheduled.id}/events`, { type: 'RECORD', status: 'employment' });
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({ error: 'invalid_transition', allowedEvents: [] });
      expect(early.body.message).toContain(scheduled.dueAt.slice(0, 10));

      const recorded = await h
        .as(matcher)
        .post(
          `/api/v1/follow-ups/${ids[1]}/events`,
          { type: 'RECORD', status: 'furtherPlacement', employability: 'better', note: ' Praktik på Jämtkraft ' },
          { 'idempotency-key': `fu-${backend}` },
        );
      expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
      expect(recorded.body).toMatchObject({
        state: 'recorded',
        status: 'furtherPlacement',
        employability: 'better',
        note: 'Praktik på Jämtkraft',
        recordedAt: '2027-09-01T08:00:00.000Z',
        recordedBy: { name: 'Amina Yusuf' },
        allowedEvents: [],
      });
      // A retry with the same Idempotency-Key is answered as the first time; a new request is refused.
      const retried = await h
        .as(matcher)
        .post(
          `/api/v1/follow-ups/${ids[1]}/events`,
          { type: 'RECORD', status: 'furtherPlacement', employability: 'better', note: ' Praktik på Jämtkraft ' },
          { 'idempotency-key': `fu-${backend}` },
        );
      expect(retried.status).toBe(200);
      expect(retried.headers.get('idempotent-replayed')).toBe('true');
      expect(retried.body).toEqual(recorded.body);
      const again = await h.as(matcher).post(`/api/v1/follow-ups/${ids[1]}/events`, { type: 'RECORD', status: 'employment' });
      expect(again.status).toBe(409);
      expect(again.body.error).toBe('invalid_transition');
      expect((await h.as(matcher).get(`/api/v1/follow-ups/${ids[1]}`)).body.status).toBe('furtherPlacement');
      // Without the optional answers.
      const plain = await h.as(matcher).post(`/api/v1/follow-ups/${ids[6]}/events`, { type: 'RECORD', status: 'unknown' });
      expect(plain.body).toMatchObject({ state: 'recorded', status: 'unknown', employability: null, note: null });
    });

    it('refuses bad input with 422 saying what to send, and writes nothing', async () => {
      const bad: Array<[object, string]> = [
        [{ type: 'RECORD', status: 'working' }, 'status'],
        [{ type: 'RECORD' }, 'status'],
        [{ type: 'RECORDED', status: 'employment' }, 'type'],
        [{ type: 'RECORD', status: 'employment', employability: 'much' }, 'employability'],
        [{ type: 'RECORD', status: 'employment', note: 'x'.repeat(1_001) }, 'note'],
        [{ type: 'RECORD', status: 'employment', name: 'Anna' }, ''],
      ];
      for (const [body, path] of bad) {
        const res = await h.as(matcher).post(`/api/v1/follow-ups/${ids[12]}/events`, body);
        expect(res.status, JSON.stringify(body)).toBe(422);
        expect(res.body.error).toBe('validation');
        if (path) expect(res.body.issues.map((i: { path: string }) => i.path)).toContain(path);
      }
      const identity = await h.as(matcher).post(`/api/v1/follow-ups/${ids[12]}/events`, { type: 'RECORD', status: 'employment', note: 'pnr 19811218-9876' });
      expect(identity.status).toBe(422);
      expect(identity.body.error).toBe('personal_identity_number');
      expect((await h.as(matcher).get('/api/v1/follow-ups?state=bogus')).status).toBe(422);
      expect((await h.as(matcher).get(`/api/v1/follow-ups/${ids[12]}`)).body).toMatchObject({ state: 'due', status: null, note: null });
    });

    it('shows follow-ups to the matching body’s matcher only: another body and foreign ids 404, other roles 403', async () => {
      expect((await h.as(otherMatcher).get(`/api/v1/follow-ups/${ids[12]}`)).status).toBe(404);
      expect((await h.as(otherMatcher).post(`/api/v1/follow-ups/${ids[12]}/events`, { type: 'RECORD', status: 'none' })).status).toBe(404);
      expect((await h.as(otherMatcher).get('/api/v1/follow-ups')).body.map((f: { id: string }) => f.id)).not.toContain(ids[12]);
      expect((await h.as(matcher).get('/api/v1/follow-ups/no-such-id')).status).toBe(404);
      for (const key of [p.officer, p.auditor, p.contractor, bodyAdmin]) {
        expect((await h.as(key).get('/api/v1/follow-ups')).status).toBe(403);
        expect((await h.as(key).get(`/api/v1/follow-ups/${ids[12]}`)).status).toBe(403);
        expect((await h.as(key).post(`/api/v1/follow-ups/${ids[12]}/events`, { type: 'RECORD', status: 'none' })).status).toBe(403);
      }
      expect((await h.as(null).get('/api/v1/follow-ups')).status).toBe(401);
      expect((await h.as(matcher).get(`/api/v1/follow-ups/${ids[12]}`)).body.state).toBe('due');
    });
  });

  describe('a participant’s path', () => {
    it('shows the matching body every placement of the reference it knows, across clauses and suppliers, with follow-ups', async () => {
      const first = await completed(served, 'FU-PATH', '2026-05-29');
      const second = await completed(servedElsewhere, 'FU-PATH', '2026-09-30', p.otherContractor);
      // Under a clause the body does not serve: not on its path.
      await completed(unserved, 'FU-PATH', '2026-10-30');
      const res = await h.as(matcher).get('/api/v1/participants/FU-PATH/path');
      expect(res.status).toBe(200);
      expect(res.body.participantRef).toBe('FU-PATH');
      expect(
        res.body.placements.map((pl: { id: string; supplierName: string; endDate: string; followUps: unknown[] }) => [
          pl.id,
          pl.supplierName,
          pl.endDate,
          pl.followUps.length,
        ]),
      ).toEqual([
        [first, 'Jämtbygg AB', '2026-05-29', 3],
        [second, 'Norrbygg AB', '2026-09-30', 3],
      ]);
      expect(res.body.placements[0]).toMatchObject({ endedAs: 'completed', outcome: 'studies', buyerName: 'Östersundshem AB', startDate: '2026-03-02' });
      expect(JSON.stringify(res.body)).not.toContain('attestation');
    });

    it('answers 404 to everyone else, and for a reference the body knows nothing of', async () => {
      for (const key of [p.officer, p.auditor, p.contractor, p.buyerAdmin, bodyAdmin, otherMatcher]) {
        const res = await h.as(key).get('/api/v1/participants/FU-PATH/path');
        expect(res.status).toBe(404);
        expect(res.body.error).toBe('not_found');
      }
      expect((await h.as(matcher).get('/api/v1/participants/NO-SUCH-REF/path')).status).toBe(404);
      expect((await h.as(null).get('/api/v1/participants/FU-PATH/path')).status).toBe(401);
    });
  });

  it('blanks the reference and the note of an erased participant’s follow-ups', async () => {
    const id = await completed(served, 'FU-ERASE', '2026-03-31');
    expect(await makeDueOn('2027-09-02')).toContain(`${id}:1`);
    const [first] = await followUpsOf(id);
    await h.as(matcher).post(`/api/v1/follow-ups/${first!.id}/events`, { type: 'RECORD', status: 'employment', note: 'FU-ERASE anställd hos Jämtbygg' });
    const erased = await h.as(p.officer).post(`/api/v1/placements/${id}/erase`);
    expect(erased.status).toBe(200);
    expect(erased.body.counts.followUps).toBe(3);
    const rows = await followUpsOf(id);
    expect(rows.map((r) => [r.participant_ref, r.note])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    // What was recorded stays, for the counts: the status, who and when.
    expect(rows[0]).toMatchObject({ state: 'recorded', status: 'employment' });
    expect((await h.as(matcher).get('/api/v1/participants/FU-ERASE/path')).status).toBe(404);
    expect((await h.as(p.officer).post(`/api/v1/placements/${id}/erase`)).body).toMatchObject({ alreadyErased: true, counts: { followUps: 0 } });
  });
});
