/**
 * The supervisor register and the trained-supervisor rule (issue 22): an
 * employer registers its supervisors and their training; another organisation
 * sees none of them (404). A clause whose terms require a trained supervisor
 * refuses a placement's START (422 trained_supervisor_required) without a
 * supervisor, and with one whose training is dated after the start; it accepts
 * one trained on or before the start. A clause without the requirement starts
 * placements as before. An opening that names a supervisor takes
 * `supervisor.trained` from the register. Removal keeps the trainings, not
 * the name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { clauseInDelivery, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { openingBody, placementBody } from '../support/world.ts';

describe.each(BACKENDS)('supervisors on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  /** A clause that requires a trained supervisor, and one that does not. */
  let requiring: string;
  let plain: string;

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    requiring = await clauseInDelivery(h, p, 'placements', { ...PLACEMENT_PARAMS, trainedSupervisor: true });
    plain = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
  });
  afterAll(() => dropSeeded({ database, store }));

  const register = (body: object, key = p.contractor) => h.as(key).post('/api/v1/supervisors', body);
  const train = (id: string, date: string, key = p.contractor) =>
    h.as(key).post(`/api/v1/supervisors/${id}/trainings`, { course: 'Handledarutbildning', provider: 'KIVO Härnösand', date });
  const place = (clauseId: string, ref: string, extra: object = {}) =>
    h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, { ...placementBody(ref), ...extra });
  const start = (placementId: string) => h.as(p.contractor).post(`/api/v1/placements/${placementId}/events`, { type: 'START' });

  it('registers a supervisor of the caller’s organisation and records training; another organisation sees nothing', async () => {
    const created = await register({ name: 'Karin Lund', email: 'karin.lund@jamtbygg.example' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ employerOrgId: p.supplierOrgId, name: 'Karin Lund', trained: false, trainings: [] });
    const trained = await train(created.body.id, '2026-01-15');
    expect(trained.status).toBe(201);
    expect(trained.body).toMatchObject({ trained: true, trainings: [{ course: 'Handledarutbildning', provider: 'KIVO Härnösand', date: '2026-01-15' }] });

    expect((await h.as(p.contractor).get('/api/v1/supervisors')).body.map((s: { id: string }) => s.id)).toContain(created.body.id);
    expect((await h.as(p.otherContractor).get('/api/v1/supervisors')).body).toEqual([]);
    expect((await h.as(p.otherContractor).get(`/api/v1/supervisors/${created.body.id}`)).status).toBe(404);
    expect((await train(created.body.id, '2026-02-01', p.otherContractor)).status).toBe(404);
    expect((await h.as(p.officer).get(`/api/v1/supervisors/${created.body.id}`)).status).toBe(404);
    expect((await h.as(p.auditor).post('/api/v1/supervisors', { name: 'Någon' })).status).toBe(403);
    expect((await register({ name: 'Karin Lund', employerOrgId: p.otherSupplierOrgId })).status).toBe(403);
  });

  it('refuses an identity number in any field, a training in the future, and a supervisor of another organisation on a placement', async () => {
    expect((await register({ name: 'Karin 19811218-9876' })).body.error).toBe('personal_identity_number');
    const s = (await register({ name: 'Per Nilsson' })).body;
    expect(
      (await h.as(p.contractor).post(`/api/v1/supervisors/${s.id}/trainings`, { course: 'KIVO 811218-9876', provider: 'KIVO', date: '2026-01-01' })).body.error,
    ).toBe('personal_identity_number');
    const future = await train(s.id, '2026-05-01');
    expect(future.status).toBe(422);
    expect(future.body.issues[0].path).toBe('date');
    const foreign = (await register({ name: 'Lena Ek' }, p.otherContractor)).body;
    const refused = await place(plain, 'SUP-X', { supervisorId: foreign.id });
    expect(refused.status).toBe(422);
    expect(refused.body.issues[0].path).toBe('supervisorId');
  });

  it('refuses START without a supervisor and with training dated after the start; accepts training on or before the start', async () => {
    const none = (await place(requiring, 'SUP-1')).body;
    const refusedNone = await start(none.id);
    expect(refusedNone.status).toBe(422);
    expect(refusedNone.body).toMatchObject({ error: 'trained_supervisor_required', rule: 'trainedSupervisor', breach: 'noSupervisor' });

    // Trained on 2026-03-10, after the placement's start on 2026-03-02.
    const late = (await register({ name: 'Anna Berg' })).body;
    await train(late.id, '2026-03-10');
    const latePlacement = (await place(requiring, 'SUP-2', { supervisorId: late.id })).body;
    expect(latePlacement.supervisorId).toBe(late.id);
    const refusedLate = await start(latePlacement.id);
    expect(refusedLate.status).toBe(422);
    expect(refusedLate.body).toMatchObject({
      error: 'trained_supervisor_required',
      breach: 'notTrainedByStart',
      supervisorId: late.id,
      startDate: '2026-03-02',
    });
    expect((await h.as(p.contractor).get(`/api/v1/placements/${latePlacement.id}`)).body.state).toBe('registered');

    // Trained on the start day itself: on or before the start.
    const onTime = (await register({ name: 'Omar Said' })).body;
    await train(onTime.id, '2026-03-02');
    const ok = (await place(requiring, 'SUP-3', { supervisorId: onTime.id })).body;
    const started = await start(ok.id);
    expect(started.status).toBe(200);
    expect(started.body.state).toBe('active');
  });

  it('starts placements under a clause without the requirement as before', async () => {
    const placement = (await place(plain, 'SUP-4')).body;
    expect((await start(placement.id)).status).toBe(200);
  });

  it('takes an opening’s supervisor.trained from the named supervisor, whatever the flag sent', async () => {
    const untrained = (await register({ name: 'Eva Strand' })).body;
    const opening = await h
      .as(p.contractor)
      .post(`/api/v1/clauses/${plain}/openings`, openingBody({ supervisorId: untrained.id, supervisor: { trained: true } }));
    expect(opening.status).toBe(201);
    expect(opening.body).toMatchObject({ supervisorId: untrained.id, supervisor: { trained: false } });
    const old = await h.as(p.contractor).post(`/api/v1/clauses/${plain}/openings`, openingBody({ supervisor: { trained: true } }));
    expect(old.body.supervisor).toEqual({ trained: true });
  });

  it('counts the clause’s named supervisors and the trained ones in its view', async () => {
    const view = (await h.as(p.officer).get(`/api/v1/clauses/${requiring}`)).body;
    expect(view.requiresTrainedSupervisor).toBe(true);
    // Anna Berg (trained 2026-03-10) and Omar Said (2026-03-02), both trained by today.
    expect(view.supervisors).toEqual({ named: 2, trained: 2 });
    expect((await h.as(p.officer).get(`/api/v1/clauses/${plain}`)).body).toMatchObject({
      requiresTrainedSupervisor: false,
      supervisors: { named: 1, trained: 0 },
    });
  });

  it('removes a supervisor’s name and e-mail and keeps the trainings; history still verifies', async () => {
    const s = (await register({ name: 'Ulla Ek', email: 'ulla@jamtbygg.example' })).body;
    await train(s.id, '2026-02-02');
    const removed = await h.as(p.contractor).raw(`/api/v1/supervisors/${s.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ name: null, email: null, trained: true });
    expect(removed.body.removedAt).not.toBeNull();
    expect((await place(plain, 'SUP-5', { supervisorId: s.id })).status).toBe(422);
    expect((await verifyAllClauses(h.deps)).ok).toBe(true);
  });
});
