/**
 * The clause lifecycle over HTTP, on PGlite and (with DATABASE_URL) on PostgreSQL.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { awardBody, draftClause, drive, dropSeeded, harness, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';

describe.each(BACKENDS)('clause lifecycle on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;

  beforeAll(async () => void ({ database, store, h, p } = await openSeeded(backend)));
  afterAll(() => dropSeeded({ database, store }));

  const events = (clauseId: string) => `/api/v1/clauses/${clauseId}/events`;
  const countHistory = async (clauseId: string) =>
    Number(
      (
        await store.db
          .selectFrom('clause_history')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('clause_id', '=', clauseId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('carries a clause from draft through shortfall, remedy and sanction, with the history to show for it', async () => {
    const { clauseId } = await draftClause(h, p);
    const officer = h.as(p.officer);

    const draft = await officer.get(`/api/v1/clauses/${clauseId}`);
    expect(draft.body).toMatchObject({ state: 'draft', version: 1, allowedEvents: ['EDIT_DRAFT', 'PUBLISH', 'DISCARD'], contractorOrgId: null });
    expect(draft.body.target).toMatchObject({ unit: 'placements', value: null });
    expect(draft.body.text).toContain('minst en praktikplats per påbörjade 5 miljoner kronor');
    expect(draft.headers.get('etag')).toBe('"1"');

    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
    ]);
    const awarded = await h.as(p.contractor).get(`/api/v1/clauses/${clauseId}`);
    expect(awarded.status).toBe(200);
    // 12 MSEK at one placement per started 5 MSEK: three placements, computed and stored at AWARD.
    expect(awarded.body).toMatchObject({ state: 'commitment.awaitingPlan', version: 3, allowedEvents: ['SUBMIT_PLAN'] });
    expect(awarded.body.target.value).toBe(3);
    expect(awarded.body.vite).toMatchObject({ capSek: 240_000, computedSek: 150_000 });

    await drive(h, clauseId, [
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Tre praktikplatser inom måleri', firstPlacementBy: '2026-05-01' }],
      [p.officer, { type: 'REQUEST_PLAN_CHANGES', reason: 'Ange handledare' }],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Tre praktikplatser inom måleri med utbildad handledare' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
      [p.officer, { type: 'CLOSE_DELIVERY' }],
    ]);

    const auditor = h.as(p.auditor);
    const confirm = await auditor.post(events(clauseId), { type: 'CONFIRM_FULFILLED' });
    expect(confirm.status).toBe(409);
    expect(confirm.body).toMatchObject({ error: 'invalid_transition', allowedEvents: ['RECORD_SHORTFALL'] });
    expect(confirm.body.message).toContain('0 of 3 placements');

    await drive(h, clauseId, [
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Inga praktikplatser tillsatta' }],
      [p.contractor, { type: 'SUBMIT_REMEDY_PLAN', description: 'Två platser tillsätts i höst', completeBy: '2026-12-01' }],
      [p.auditor, { type: 'CLOSE_REMEDY' }],
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Fortfarande inga platser' }],
    ]);

    const tooMuch = await officer.post(events(clauseId), { type: 'IMPOSE_SANCTION', amountSek: 240_001, reason: 'Vite' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.issues[0]).toMatchObject({ path: 'amountSek' });
    expect(tooMuch.body.issues[0].message).toContain('240000');

    const sanctioned = await drive(h, clauseId, [[p.officer, { type: 'IMPOSE_SANCTION', amountSek: 150_000, reason: 'Tre saknade platser' }]]);
    expect(sanctioned.body).toMatchObject({ state: 'sanctioned', final: true, version: 13, allowedEvents: [], sanction: { amountSek: 150_000 } });

    const after = await officer.post(events(clauseId), { type: 'WAIVE', reason: 'too late' });
    expect(after.status).toBe(409);
    expect(after.body).toMatchObject({ error: 'invalid_transition', allowedEvents: [] });

    const history = await auditor.get(`/api/v1/clauses/${clauseId}/history`);
    expect(history.body.map((e: { type: string }) => e.type)).toEqual([
      'CREATE',
      'PUBLISH',
      'AWARD',
      'SUBMIT_PLAN',
      'REQUEST_PLAN_CHANGES',
      'SUBMIT_PLAN',
      'ACCEPT_PLAN',
      'CLOSE_DELIVERY',
      'RECORD_SHORTFALL',
      'SUBMIT_REMEDY_PLAN',
      'CLOSE_REMEDY',
      'RECORD_SHORTFALL',
      'IMPOSE_SANCTION',
    ]);
    expect(history.body.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(history.body[2]).toMatchObject({ actorRole: 'officer', actorOrgId: p.buyerOrgId, from: 'tendering', to: 'commitment.awaitingPlan' });
    expect(history.body[3]).toMatchObject({
      actorRole: 'contractor',
      actorOrgId: p.supplierOrgId,
      from: 'commitment.awaitingPlan',
      to: 'commitment.planReview',
    });
    expect(history.body[12]).toMatchObject({ actorRole: 'officer', from: 'shortfall', to: 'sanctioned' });
    expect(new Date(history.body[12].at).toISOString()).toBe(h.clock.now().toISOString());
  });

  it('ends a clause by waiver and by withdrawal', async () => {
    const waived = await draftClause(h, p);
    await drive(h, waived.clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
      [p.officer, { type: 'CLOSE_DELIVERY' }],
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'En plats saknas' }],
    ]);
    const done = await drive(h, waived.clauseId, [[p.officer, { type: 'WAIVE', reason: 'Projektet avbröts av beställaren' }]]);
    expect(done.body).toMatchObject({ state: 'waived', final: true, closingReason: 'Projektet avbröts av beställaren' });

    const withdrawn = await draftClause(h, p);
    await drive(h, withdrawn.clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    const missingReason = await h.as(p.officer).post(events(withdrawn.clauseId), { type: 'WITHDRAW' });
    expect(missingReason.status).toBe(422);
    expect(missingReason.body.issues).toEqual([expect.objectContaining({ path: 'reason' })]);
    const gone = await drive(h, withdrawn.clauseId, [[p.officer, { type: 'WITHDRAW', reason: 'Upphandlingen avbröts' }]]);
    expect(gone.body).toMatchObject({ state: 'withdrawn', final: true });
  });

  it('shows a clause only to its buyer and, once awarded, to its supplier; refuses the wrong role', async () => {
    const { clauseId, tenderId } = await draftClause(h, p);
    expect((await h.as(p.contractor).get(`/api/v1/clauses/${clauseId}`)).status).toBe(404);
    expect((await h.as(p.otherOfficer).get(`/api/v1/clauses/${clauseId}`)).status).toBe(404);
    expect((await h.as(p.otherOfficer).post(events(clauseId), { type: 'PUBLISH' })).status).toBe(404);
    expect((await h.as(p.otherOfficer).get(`/api/v1/tenders/${tenderId}`)).status).toBe(404);
    expect((await h.as(p.contractor).get(`/api/v1/tenders/${tenderId}`)).status).toBe(404);

    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
    ]);
    expect((await h.as(p.contractor).get(`/api/v1/clauses/${clauseId}`)).status).toBe(200);
    expect((await h.as(p.contractor).get(`/api/v1/tenders/${tenderId}`)).body.clauseIds).toEqual([clauseId]);
    expect((await h.as(p.otherContractor).get(`/api/v1/clauses/${clauseId}`)).status).toBe(404);
    expect((await h.as(p.otherContractor).get('/api/v1/clauses')).body.map((c: { id: string }) => c.id)).not.toContain(clauseId);

    const wrongRole = await h.as(p.officer).post(events(clauseId), { type: 'SUBMIT_PLAN', description: 'x' });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body).toMatchObject({ error: 'forbidden', requiredRole: 'contractor' });
    expect((await h.as(p.auditor).post(events(clauseId), { type: 'REQUEST_PLAN_CHANGES', reason: 'x' })).status).toBe(403);
    expect((await h.as(p.buyerAdmin).post(events(clauseId), { type: 'REQUEST_PLAN_CHANGES', reason: 'x' })).status).toBe(403);
    expect((await h.as(p.contractor).post('/api/v1/tenders', { reference: 'X', title: 'X' })).status).toBe(403);
    expect(
      (await h.as(p.auditor).post(`/api/v1/tenders/${tenderId}/clauses`, { templateId: 'placements', language: 'sv', params: PLACEMENT_PARAMS })).status,
    ).toBe(403);

    // allowedEvents is computed for the caller.
    expect((await h.as(p.contractor).get(`/api/v1/clauses/${clauseId}`)).body.allowedEvents).toEqual(['SUBMIT_PLAN']);
    expect((await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body.allowedEvents).toEqual([]);
    expect((await h.as(null).get(`/api/v1/clauses/${clauseId}`)).status).toBe(401);
    expect((await h.as('kl_not-a-real-key').get(`/api/v1/clauses/${clauseId}`)).body.error).toBe('unauthorized');
    expect(await countHistory(clauseId)).toBe(3);
  });

  it('refuses every event to every role but its own, before looking at the state', async () => {
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
    ]);
    const keyOf = { officer: p.officer, auditor: p.auditor, contractor: p.contractor, admin: p.buyerAdmin };
    const { socialClauseV1 } = await import('../../workflows/social-clause.ts');
    let refusals = 0;
    for (const [type, definition] of Object.entries(socialClauseV1.events)) {
      for (const [role, key] of Object.entries(keyOf)) {
        if (role === definition.role) continue;
        const answer = await h.as(key).post(events(clauseId), { type });
        expect(answer.status, `${type} as ${role}`).toBe(403);
        expect(answer.body).toMatchObject({ error: 'forbidden', requiredRole: definition.role });
        refusals++;
      }
    }
    expect(refusals).toBe(15 * 3);
    expect(await countHistory(clauseId)).toBe(3);
  });

  it('answers a retry with the same Idempotency-Key with the first answer and writes nothing twice', async () => {
    const { clauseId } = await draftClause(h, p);
    const officer = h.as(p.officer);
    const first = await officer.post(events(clauseId), { type: 'PUBLISH' }, { 'idempotency-key': `publish-${clauseId}` });
    const retry = await officer.post(events(clauseId), { type: 'PUBLISH' }, { 'idempotency-key': `publish-${clauseId}` });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await countHistory(clauseId)).toBe(2);

    const reused = await officer.post(events(clauseId), { type: 'WITHDRAW', reason: 'x' }, { 'idempotency-key': `publish-${clauseId}` });
    expect(reused.status).toBe(422);
    expect(reused.body.error).toBe('idempotency_key_reused');

    // Creating a tender is idempotent too.
    const body = { reference: `IDEM-${clauseId}`, title: 'Idempotent tender' };
    const t1 = await officer.post('/api/v1/tenders', body, { 'idempotency-key': `tender-${clauseId}` });
    const t2 = await officer.post('/api/v1/tenders', body, { 'idempotency-key': `tender-${clauseId}` });
    expect(t1.status).toBe(201);
    expect(t2.body.id).toBe(t1.body.id);
    const duplicate = await officer.post('/api/v1/tenders', body);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toBe('conflict');
  });

  it('refuses a stale If-Match with version_conflict and accepts the current one', async () => {
    const { clauseId } = await draftClause(h, p);
    const officer = h.as(p.officer);
    const stale = await officer.post(events(clauseId), { type: 'PUBLISH' }, { 'if-match': '"7"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'version_conflict', currentVersion: 1 });
    expect((await officer.post(events(clauseId), { type: 'PUBLISH' }, { 'if-match': 'banana' })).status).toBe(422);
    const fresh = await officer.post(events(clauseId), { type: 'PUBLISH' }, { 'if-match': '"1"' });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).toBe('"2"');
    expect(await countHistory(clauseId)).toBe(2);
  });

  it('lets exactly one of ten racing writers win, with and without If-Match', async () => {
    const withVersion = await draftClause(h, p);
    const racers = await Promise.all(
      Array.from({ length: 10 }, () => h.as(p.officer).post(events(withVersion.clauseId), { type: 'PUBLISH' }, { 'if-match': '"1"' })),
    );
    expect(racers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(racers.filter((r) => r.status === 409).map((r) => r.body.error)).toEqual(Array(9).fill('version_conflict'));
    expect(await countHistory(withVersion.clauseId)).toBe(2);

    const without = await draftClause(h, p);
    const blind = await Promise.all(Array.from({ length: 10 }, () => h.as(p.officer).post(events(without.clauseId), { type: 'PUBLISH' })));
    expect(blind.filter((r) => r.status === 200)).toHaveLength(1);
    expect(blind.filter((r) => r.status === 409).map((r) => r.body.error)).toEqual(Array(9).fill('invalid_transition'));
    expect(await countHistory(without.clauseId)).toBe(2);
  });

  it('serialises racing writers without If-Match: every accepted event is in the gapless history', async () => {
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
    ]);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? h.as(p.contractor).post(events(clauseId), { type: 'SUBMIT_PLAN', description: `Plan ${i}` })
          : h.as(p.officer).post(events(clauseId), { type: 'REQUEST_PLAN_CHANGES', reason: `Ändra ${i}` }),
      ),
    );
    const accepted = answers.filter((a) => a.status === 200);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 200 || (a.status === 409 && a.body.error === 'invalid_transition'))).toBe(true);
    const history = (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}/history`)).body as Array<{ seq: number; from: string; to: string }>;
    expect(history).toHaveLength(3 + accepted.length);
    expect(history.map((e) => e.seq)).toEqual(history.map((_, i) => i + 1));
    // Each event started where the previous one ended: no update was lost.
    for (let i = 1; i < history.length; i++) expect(history[i]!.from).toBe(history[i - 1]!.to);
    expect((await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body.version).toBe(history.length);
  });

  it('leaves nothing behind when a transaction fails midway', async () => {
    const { clauseId } = await draftClause(h, p);
    // A real database failure after the snapshot update and before the history row commits.
    await sql`create function klausul_test_fail() returns trigger language plpgsql as $$
      begin if new.type = 'PUBLISH' and new.clause_id = ${sql.lit(clauseId)} then raise exception 'injected failure'; end if; return new; end $$`.execute(
      store.db,
    );
    await sql`create trigger klausul_test_fail before insert on clause_history for each row execute function klausul_test_fail()`.execute(store.db);
    try {
      const failed = await h.as(p.officer).post(events(clauseId), { type: 'PUBLISH' }, { 'idempotency-key': `fail-${clauseId}` });
      expect(failed.status).toBe(500);
      expect(failed.body.error).toBe('internal');
      const clause = await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`);
      expect(clause.body).toMatchObject({ state: 'draft', version: 1 });
      expect(await countHistory(clauseId)).toBe(1);
      const remembered = await store.db.selectFrom('idempotency_keys').selectAll().where('key', '=', `fail-${clauseId}`).execute();
      expect(remembered).toEqual([]);
    } finally {
      await sql`drop trigger klausul_test_fail on clause_history`.execute(store.db);
      await sql`drop function klausul_test_fail()`.execute(store.db);
    }
    const retried = await h.as(p.officer).post(events(clauseId), { type: 'PUBLISH' }, { 'idempotency-key': `fail-${clauseId}` });
    expect(retried.body).toMatchObject({ state: 'tendering', version: 2 });
  });

  it('refuses to update or delete history rows', async () => {
    const { clauseId } = await draftClause(h, p);
    await expect(sql`update clause_history set type = 'FORGED' where clause_id = ${clauseId}`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from clause_history where clause_id = ${clauseId}`.execute(store.db)).rejects.toThrow(/append-only/);
    expect(await countHistory(clauseId)).toBe(1);
  });

  it('answers bad input with 4xx and writes nothing', async () => {
    const { clauseId, tenderId } = await draftClause(h, p);
    const officer = h.as(p.officer);
    const clausesBefore = (await officer.get('/api/v1/clauses')).body.length;

    const unknownTemplate = await officer.post(`/api/v1/tenders/${tenderId}/clauses`, { templateId: 'nonexistent', language: 'sv', params: {} });
    expect(unknownTemplate.status).toBe(404);
    expect(unknownTemplate.body.message).toContain('GET /api/v1/templates');

    const badParams = await officer.post(`/api/v1/tenders/${tenderId}/clauses`, {
      templateId: 'placements',
      language: 'sv',
      params: { ...PLACEMENT_PARAMS, count: 4, minWeeks: 'twelve', colour: 'red' },
    });
    expect(badParams.status).toBe(422);
    expect(badParams.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['params.minWeeks', 'params']));

    const bothTargets = await officer.post(`/api/v1/tenders/${tenderId}/clauses`, {
      templateId: 'placements',
      language: 'sv',
      params: { ...PLACEMENT_PARAMS, count: 4 },
    });
    expect(bothTargets.status).toBe(422);
    expect(bothTargets.body.issues[0]).toMatchObject({ path: 'params.count' });

    const badLanguage = await officer.post(`/api/v1/tenders/${tenderId}/clauses`, { templateId: 'placements', language: 'de', params: PLACEMENT_PARAMS });
    expect(badLanguage.status).toBe(422);
    expect((await officer.post('/api/v1/tenders/nope/clauses', { templateId: 'placements', language: 'sv', params: PLACEMENT_PARAMS })).status).toBe(404);

    const unknownEvent = await officer.post(events(clauseId), { type: 'EXPLODE' });
    expect(unknownEvent.status).toBe(422);
    expect(unknownEvent.body.issues[0].path).toBe('type');
    expect((await officer.post(events(clauseId), { notype: true })).status).toBe(422);

    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    const missingFields = await officer.post(events(clauseId), { type: 'AWARD', contractorOrgId: p.supplierOrgId });
    expect(missingFields.status).toBe(422);
    expect(missingFields.body.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['contractValueSek', 'startDate', 'endDate']));
    const backwards = await officer.post(events(clauseId), { ...awardBody(p.supplierOrgId), startDate: '2027-01-01', endDate: '2026-01-01' });
    expect(backwards.body.issues).toEqual([expect.objectContaining({ path: 'endDate' })]);
    const buyerAsSupplier = await officer.post(events(clauseId), awardBody(p.otherBuyerOrgId));
    expect(buyerAsSupplier.body.issues).toEqual([expect.objectContaining({ path: 'contractorOrgId' })]);
    const injectedTarget = await officer.post(events(clauseId), { ...awardBody(p.supplierOrgId), target: { unit: 'placements', value: 0, basis: 'x' } });
    expect(injectedTarget.status).toBe(422);

    const malformed = await officer.raw(events(clauseId), { method: 'POST', body: '{"type": "AWARD",', headers: { 'content-type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('malformed_json');
    const notJson = await officer.raw(events(clauseId), {
      method: 'POST',
      body: 'type=AWARD',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(notJson.status).toBe(415);
    const arrayBody = await officer.post(events(clauseId), [{ type: 'AWARD' }]);
    expect(arrayBody.status).toBe(422);

    const identity = await officer.post(events(clauseId), { type: 'WITHDRAW', reason: 'Deltagare 19811218-9876 hoppade av' });
    expect(identity.status).toBe(422);
    expect(identity.body).toMatchObject({ error: 'personal_identity_number', path: 'reason' });

    expect((await officer.get(`/api/v1/clauses/${clauseId}`)).body).toMatchObject({ state: 'tendering', version: 2 });
    expect(await countHistory(clauseId)).toBe(2);
    expect((await officer.get('/api/v1/clauses')).body.length).toBe(clausesBefore);
    expect((await officer.get('/api/v1/nowhere')).status).toBe(404);
  });

  it('keeps state and version across a restart, and verify replays every clause', async () => {
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, awardBody(p.supplierOrgId)],
    ]);
    const before = (await h.as(p.contractor).get(`/api/v1/clauses/${clauseId}`)).body;

    await store.close();
    store = await database.open();
    h = harness(store, h.clock);

    const after = await h.as(p.contractor).get(`/api/v1/clauses/${clauseId}`);
    expect(after.body).toEqual(before);
    const next = await drive(h, clauseId, [[p.contractor, { type: 'SUBMIT_PLAN', description: 'Efter omstart' }]]);
    expect(next.body).toMatchObject({ state: 'commitment.planReview', version: 4 });

    const report = await verifyAllClauses(h.deps);
    expect(report.checked).toBeGreaterThan(5);
    expect(report).toMatchObject({ ok: true, failed: 0, failures: [] });
  });

  it('verify reports a clause whose stored snapshot no longer matches its history', async () => {
    const { clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    await store.db.updateTable('clauses').set({ state: 'delivery' }).where('id', '=', clauseId).execute();
    const report = await verifyAllClauses(h.deps);
    expect(report.ok).toBe(false);
    expect(report.failures).toEqual([expect.objectContaining({ kind: 'clause', id: clauseId })]);
    await store.db.updateTable('clauses').set({ state: 'tendering' }).where('id', '=', clauseId).execute();
    expect((await verifyAllClauses(h.deps)).ok).toBe(true);
  });
});
