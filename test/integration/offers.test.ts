/**
 * Offers of employment (issue 18): the employment clause's first job is
 * "påbörjas eller erbjudas" within its deadline. An offer made by the due date
 * meets the first-job milestone whatever its answer; one made later, or
 * withdrawn, does not. Offers outside the clause's target groups, from the
 * wrong role or organisation, or carrying an identity number are refused with
 * nothing written; an offer's history replays and its hash chain holds. The
 * clause's page records offers and their answers, and names the offer that met
 * the milestone.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { fireDueDeadlines } from '../../src/engine/deadlines.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { clauseInDelivery, dropSeeded, openSeeded, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { webSignIn, webUser } from '../support/web-session.ts';

/** The first job within 3 months of a contract starting on 2026-03-01: due 2026-06-01. */
const EMPLOYMENT_PARAMS = { months: 24, firstJobWithinMonths: 3, targetGroups: ['newcomers', 'youth-16-24'], matchingBody: 'Arbetsförmedlingen' };
const DUE = '2026-06-01';

const offer = (participantRef: string, offeredDate: string, extra: object = {}) => ({
  participantRef,
  targetGroup: 'newcomers',
  role: 'undersköterska',
  hoursPerWeek: 40,
  offeredDate,
  ...extra,
});

describe.each(BACKENDS)('offers of employment on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;

  beforeAll(async () => void ({ database, store, h, p } = await openSeeded(backend)));
  afterAll(() => dropSeeded({ database, store }));

  const at = (iso: string) => h.clock.set(new Date(iso));
  /** Fires every deadline due at the harness clock's now. */
  const fireDue = async () => {
    for (let batch = await fireDueDeadlines(h.deps, 10); batch.length > 0; batch = await fireDueDeadlines(h.deps, 10));
  };
  const clause = async (id: string) => (await h.as(p.officer).get(`/api/v1/clauses/${id}`)).body;
  const firstJob = (view: any) => view.deadlines.find((d: any) => d.key === 'firstJob');
  const record = (clauseId: string, body: object, key = p.contractor) => h.as(key).post(`/api/v1/clauses/${clauseId}/offers`, body);
  const answer = (offerId: string, body: object, key = p.contractor) => h.as(key).post(`/api/v1/offers/${offerId}/events`, body);
  const cookieOf = (apiKey: string) => webSignIn(h, apiKey);
  /** Rows an offer's creation or event writes. */
  const written = async () =>
    (
      await sql<{
        n: string;
      }>`select (select count(*) from offers) + (select count(*) from item_history) + (select count(*) from outbox) + (select coalesce(sum(version), 0) from offers) as n`.execute(
        store.db,
      )
    ).rows[0]!.n;

  it('meets the first-job milestone with an offer made by the due date, though it was declined', async () => {
    const clauseId = await clauseInDelivery(h, p, 'employment', EMPLOYMENT_PARAMS);
    at('2026-04-10T09:00:00Z');
    const made = await record(clauseId, offer('AF-2026-0101', '2026-04-10'));
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      clauseId,
      state: 'offered',
      participantRef: 'AF-2026-0101',
      targetGroup: 'newcomers',
      offeredDate: '2026-04-10',
      answeredDate: null,
      final: false,
    });
    expect(made.body.allowedEvents.sort()).toEqual(['ACCEPT', 'DECLINE', 'WITHDRAW']);
    // The buyer reads it but may not answer it.
    expect((await h.as(p.auditor).get(`/api/v1/offers/${made.body.id}`)).body).toMatchObject({ state: 'offered', allowedEvents: [] });
    // The clause's live milestone is met on the day of the offer.
    expect((await clause(clauseId)).fulfilment.milestones).toEqual([expect.objectContaining({ id: 'firstJob', status: 'met', metOn: '2026-04-10' })]);

    at('2026-04-12T09:00:00Z');
    const declined = await answer(made.body.id, { type: 'DECLINE', date: '2026-04-11', reason: 'Tackade nej' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ state: 'declined', answeredDate: '2026-04-11', declineReason: 'Tackade nej', final: true, allowedEvents: [] });
    expect((await h.as(p.auditor).get(`/api/v1/clauses/${clauseId}/offers`)).body.map((o: any) => [o.participantRef, o.state])).toEqual([
      ['AF-2026-0101', 'declined'],
    ]);

    at(`2026-06-02T00:00:00Z`);
    await fireDue();
    const view = await clause(clauseId);
    expect(firstJob(view)).toMatchObject({
      status: 'fired',
      overdue: false,
      milestone: { kind: 'firstJob', dueDate: DUE, status: 'met', firstStartDate: null, firstOfferDate: '2026-04-10' },
    });
    const history = (await h.as(p.auditor).get(`/api/v1/clauses/${clauseId}/history`)).body;
    expect(history.find((e: any) => e.type === 'FIRST_JOB_DUE').payload).toMatchObject({ firstStartDate: null, firstOfferDate: '2026-04-10' });
    // OCDS publishes the milestone as met on the day of the offer.
    const release = (await h.as(p.auditor).get(`/api/v1/clauses/${clauseId}/ocds`)).body.releases[0];
    expect(release.contracts[0].milestones.find((m: any) => m.id === 'firstJob')).toMatchObject({
      title: 'First job started or offered',
      status: 'met',
      dateMet: '2026-04-10T00:00:00Z',
    });

    // Both parties hear of the offer and its answer, and may subscribe to them.
    const notices = await store.db
      .selectFrom('outbox')
      .select(['type', 'org_ids'])
      .where('clause_id', '=', clauseId)
      .where('type', 'like', 'offer.%')
      .orderBy('id')
      .execute();
    expect(notices).toEqual([
      { type: 'offer.CREATE', org_ids: [p.buyerOrgId, p.supplierOrgId] },
      { type: 'offer.DECLINE', org_ids: [p.buyerOrgId, p.supplierOrgId] },
    ]);
    const hook = await h.as(p.officer).post('/api/v1/webhooks', { url: 'https://hooks.example.org/offers', eventTypes: ['offer.CREATE', 'offer.DECLINE'] });
    expect(hook.status).toBe(201);

    const offerHistory = (await h.as(p.officer).get(`/api/v1/offers/${made.body.id}/history`)).body;
    expect(offerHistory.map((e: any) => [e.type, e.from, e.to])).toEqual([
      ['CREATE', null, 'offered'],
      ['DECLINE', 'offered', 'declined'],
    ]);
    const report = await verifyAllClauses(h.deps);
    expect(report.failures).toEqual([]);
    expect(report.chain.ok).toBe(true);
    expect(report.checkedByKind.offer).toBeGreaterThanOrEqual(1);
  });

  it('does not meet it with an offer made after the due date, nor with one withdrawn', async () => {
    const clauseId = await clauseInDelivery(h, p, 'employment', EMPLOYMENT_PARAMS);
    at('2026-04-01T09:00:00Z');
    const early = await record(clauseId, offer('AF-2026-0201', '2026-04-01'));
    expect(early.status).toBe(201);
    const withdrawn = await answer(early.body.id, { type: 'WITHDRAW', date: '2026-04-01', reason: 'Tjänsten drogs in' });
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', answeredDate: '2026-04-01', withdrawal: 'Tjänsten drogs in' });
    expect((await clause(clauseId)).fulfilment.milestones[0]).toMatchObject({ status: 'pending', metOn: null });

    // An offer made the day after the due date, before the deadline has fired, is late all the same.
    at('2026-06-02T09:00:00Z');
    const late = await record(clauseId, offer('AF-2026-0202', '2026-06-02', { targetGroup: 'youth-16-24' }));
    expect(late.status).toBe(201);
    await fireDue();
    const view = await clause(clauseId);
    expect(firstJob(view).milestone).toEqual({ kind: 'firstJob', dueDate: DUE, status: 'notMet', firstStartDate: null, firstOfferDate: '2026-06-02' });
    expect(view.fulfilment.milestones[0]).toMatchObject({ status: 'notMet', metOn: null });
    const accepted = await answer(late.body.id, { type: 'ACCEPT', date: '2026-06-02' });
    expect(accepted.body).toMatchObject({ state: 'accepted', answeredDate: '2026-06-02' });
    expect(firstJob(await clause(clauseId)).milestone.status).toBe('notMet');
  });

  it('refuses an offer outside the target groups, by the wrong role or organisation, with an identity number or a bad date, writing nothing', async () => {
    const clauseId = await clauseInDelivery(h, p, 'employment', EMPLOYMENT_PARAMS);
    at('2026-04-10T09:00:00Z');
    const before = await written();

    const outside = await record(clauseId, offer('AF-2026-0301', '2026-04-10', { targetGroup: 'disability' }));
    expect(outside.status).toBe(422);
    expect(outside.body.issues).toEqual([expect.objectContaining({ path: 'targetGroup', message: expect.stringContaining('newcomers, youth-16-24') })]);

    const pin = await record(clauseId, offer('19121212-1212', '2026-04-10'));
    expect(pin.status).toBe(422);
    expect(pin.body).toMatchObject({ error: 'personal_identity_number', path: 'participantRef' });

    expect((await record(clauseId, offer('AF-2026-0302', '2026-04-10'), p.officer)).status).toBe(403);
    expect((await record(clauseId, offer('AF-2026-0303', '2026-04-10'), p.otherContractor)).status).toBe(404);

    const future = await record(clauseId, offer('AF-2026-0304', '2026-04-11'));
    expect(future.status).toBe(422);
    expect(future.body.issues[0].path).toBe('offeredDate');
    const beforeContract = await record(clauseId, offer('AF-2026-0305', '2026-02-27'));
    expect(beforeContract.status).toBe(422);
    expect(beforeContract.body.issues[0].path).toBe('offeredDate');
    expect(await written()).toBe(before);

    const made = await record(clauseId, offer('AF-2026-0306', '2026-04-09'));
    expect(made.status).toBe(201);
    const afterMade = await written();
    expect((await answer(made.body.id, { type: 'ACCEPT', date: '2026-04-10' }, p.auditor)).status).toBe(403);
    expect((await answer(made.body.id, { type: 'ACCEPT', date: '2026-04-10' }, p.otherContractor)).status).toBe(404);
    const early = await answer(made.body.id, { type: 'ACCEPT', date: '2026-04-08' });
    expect(early.status).toBe(422);
    expect(early.body.issues[0].path).toBe('date');
    const tomorrow = await answer(made.body.id, { type: 'DECLINE', date: '2026-04-11' });
    expect(tomorrow.status).toBe(422);
    expect(tomorrow.body.issues[0].path).toBe('date');
    const pinReason = await answer(made.body.id, { type: 'DECLINE', date: '2026-04-10', reason: 'Personnummer 19121212-1212' });
    expect(pinReason.body.error).toBe('personal_identity_number');
    expect(await written()).toBe(afterMade);

    expect((await answer(made.body.id, { type: 'ACCEPT', date: '2026-04-10' })).status).toBe(200);
    const again = await answer(made.body.id, { type: 'DECLINE', date: '2026-04-10' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('invalid_transition');
  });

  it("records an offer and its answer through the clause's page, refuses one outside the target groups there, and names the offer that met the milestone", async () => {
    const clauseId = await clauseInDelivery(h, p, 'employment', EMPLOYMENT_PARAMS);
    at('2026-05-04T09:00:00Z');
    const contractor = await webUser(h, p.contractor);
    const form = (values: Record<string, string>) => new URLSearchParams(values);
    const fields = { participantRef: 'AF-2026-0401', role: 'lokalvårdare', hoursPerWeek: '30', offeredDate: '2026-05-04' };

    const before = await written();
    const outside = await contractor.post(`/app/clauses/${clauseId}/offers`, form({ ...fields, targetGroup: 'disability' }));
    expect(outside.status).toBe(422);
    // The page marks the field, in Swedish.
    expect(outside.text).toContain('id="offer-new-targetGroup-error"');
    expect(await written()).toBe(before);

    const recorded = await contractor.post(`/app/clauses/${clauseId}/offers`, form({ ...fields, targetGroup: 'youth-16-24' }));
    expect(recorded.status).toBe(303);
    const [made] = (await h.as(p.contractor).get(`/api/v1/clauses/${clauseId}/offers`)).body;
    expect(made).toMatchObject({ participantRef: 'AF-2026-0401', targetGroup: 'youth-16-24', hoursPerWeek: 30, state: 'offered' });

    const page = await (await h.app.request(`/app/clauses/${clauseId}`, { headers: { cookie: await cookieOf(p.contractor) } })).text();
    expect(page).toContain('Erbjudanden om anställning');
    expect(page).toContain('Lämnat, inväntar svar');
    expect(page).toContain('Deltagaren tackade ja');
    const accepted = await contractor.post(`/app/offers/${made.id}/events`, form({ type: 'ACCEPT', date: '2026-05-04', _version: String(made.version) }));
    expect(accepted.status).toBe(303);
    expect((await h.as(p.contractor).get(`/api/v1/offers/${made.id}`)).body).toMatchObject({ state: 'accepted', answeredDate: '2026-05-04' });

    at('2026-06-02T00:00:00Z');
    await fireDue();
    const officerPage = await (await h.app.request(`/app/clauses/${clauseId}`, { headers: { cookie: await cookieOf(p.officer) } })).text();
    expect(officerPage).toContain('Antaget');
    expect(officerPage).toContain('Första anställningen erbjuden');
    const english = await (await h.app.request(`/app/clauses/${clauseId}?lang=en`, { headers: { cookie: await cookieOf(p.officer) } })).text();
    expect(english).toContain('Offers of employment');
    expect(english).toContain('>Accepted<');
    expect(english).toContain('First job offered');
  });
});
