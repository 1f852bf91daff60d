/**
 * Matching over HTTP, on PGlite and (with DATABASE_URL) on PostgreSQL: the
 * matcher's scope, openings and proposals, accept filling the opening and
 * registering the placement atomically (also when two accepts race),
 * suggestions ranked by hand-computed scores, outcomes against programme
 * targets, and identity numbers refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { awardBody, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { candidateBody, openingBody, proposalBody } from '../support/world.ts';

interface Matchers {
  bodyOrgId: string;
  bodyName: string;
  matcher: string;
  otherBodyOrgId: string;
  otherMatcher: string;
}

const opening = (extra: object = {}) => openingBody({ languageLevel: 'SFI C', ...extra });
const proposal = (candidateRef: string, extra: object = {}) => ({ ...proposalBody(candidateRef), ...extra });
const candidate = (candidateRef: string, extra: object) => ({ ...candidateBody(candidateRef), ...extra });

describe.each(BACKENDS)('matching on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let m: Matchers;
  let clauseId: string;

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    const body = await addOrganisation(h.deps, { name: 'Arbetsförmedlingen Östersund', kind: 'matching_body' });
    const other = await addOrganisation(h.deps, { name: 'Innanförskapsakademin', kind: 'matching_body' });
    m = {
      bodyOrgId: body.id,
      bodyName: body.name,
      matcher: (await addUser(h.deps, { orgId: body.id, role: 'matcher', name: 'Amina Yusuf' })).apiKey,
      otherBodyOrgId: other.id,
      otherMatcher: (await addUser(h.deps, { orgId: other.id, role: 'matcher', name: 'Oskar Dahl' })).apiKey,
    };
    clauseId = await clauseServedBy(m.bodyOrgId);
  });
  afterAll(() => dropSeeded({ database, store }));

  /** A placements clause in delivery whose AWARD names the matching body. */
  async function clauseServedBy(matchingBodyOrgId: string): Promise<string> {
    h.clock.set(new Date('2026-03-01T08:00:00Z'));
    const { clauseId: id } = await draftClause(h, p, PLACEMENT_PARAMS);
    await drive(h, id, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, { ...awardBody(p.supplierOrgId), matchingBodyOrgId }],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    return id;
  }

  const count = async (table: 'placements' | 'proposals' | 'openings' | 'candidates' | 'item_history') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const publish = async (extra: object = {}, id = clauseId) => {
    const res = await h.as(p.contractor).post(`/api/v1/clauses/${id}/openings`, opening(extra));
    expect(res.status).toBe(201);
    return res.body as { id: string; state: string; version: number };
  };
  const propose = async (openingId: string, ref: string, extra: object = {}) => {
    const res = await h.as(m.matcher).post(`/api/v1/openings/${openingId}/proposals`, proposal(ref, extra));
    expect(res.status).toBe(201);
    return res.body as { id: string; state: string };
  };
  const answer = (key: string, proposalId: string, body: object) => h.as(key).post(`/api/v1/proposals/${proposalId}/events`, body);

  it('refuses an AWARD that names an organisation which is no matching body', async () => {
    const { clauseId: id } = await draftClause(h, p, PLACEMENT_PARAMS);
    await drive(h, id, [[p.officer, { type: 'PUBLISH' }]]);
    for (const matchingBodyOrgId of [p.otherSupplierOrgId, 'no-such-org']) {
      const res = await h.as(p.officer).post(`/api/v1/clauses/${id}/events`, { ...awardBody(p.supplierOrgId), matchingBodyOrgId });
      expect(res.status).toBe(422);
      expect(res.body.issues).toEqual([expect.objectContaining({ path: 'matchingBodyOrgId' })]);
    }
    expect((await h.as(p.officer).get(`/api/v1/clauses/${id}`)).body.state).toBe('tendering');
  });

  it("scopes the matcher to the openings and proposals of the clauses it serves, and to its own role's events", async () => {
    const open = await publish();
    const mine = await propose(open.id, 'AF-SCOPE-1');
    const matcher = h.as(m.matcher);
    const stranger = h.as(m.otherMatcher);

    // The matcher sees the clause's openings and its proposals, nothing else of the clause.
    expect((await matcher.get(`/api/v1/clauses/${clauseId}/openings`)).status).toBe(200);
    expect((await matcher.get(`/api/v1/openings/${open.id}`)).body).toMatchObject({ id: open.id, state: 'open', allowedEvents: [] });
    expect((await matcher.get(`/api/v1/proposals/${mine.id}`)).body).toMatchObject({ state: 'proposed', allowedEvents: ['WITHDRAW'] });
    expect((await matcher.get('/api/v1/openings?state=open')).body.map((o: { id: string }) => o.id)).toContain(open.id);
    for (const path of [
      `/api/v1/clauses/${clauseId}`,
      `/api/v1/clauses/${clauseId}/placements`,
      `/api/v1/clauses/${clauseId}/history`,
      `/api/v1/clauses/${clauseId}/reports`,
    ]) {
      expect((await matcher.get(path)).status, path).toBe(404);
    }
    expect((await matcher.post(`/api/v1/clauses/${clauseId}/events`, { type: 'CLOSE_DELIVERY' })).status).toBe(404);

    // It cannot act as contractor or auditor.
    expect((await matcher.post(`/api/v1/clauses/${clauseId}/openings`, opening())).status).toBe(403);
    expect((await answer(m.matcher, mine.id, { type: 'ACCEPT' })).body).toMatchObject({ error: 'forbidden', requiredRole: 'contractor' });
    expect((await matcher.post(`/api/v1/openings/${open.id}/events`, { type: 'WITHDRAW', reason: 'x' })).status).toBe(403);

    // Nor its tender, its open data or a portfolio of it.
    const { tenderId } = (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body;
    expect((await matcher.get(`/api/v1/tenders/${tenderId}`)).status).toBe(404);
    expect((await matcher.get(`/api/v1/clauses/${clauseId}/ocds`)).status).toBe(404);
    expect((await matcher.get('/api/v1/portfolio')).body.clauses).toEqual([]);

    // Another matching body sees nothing of this clause.
    for (const path of [
      `/api/v1/clauses/${clauseId}/openings`,
      `/api/v1/openings/${open.id}`,
      `/api/v1/openings/${open.id}/proposals`,
      `/api/v1/proposals/${mine.id}`,
      `/api/v1/openings/${open.id}/suggestions`,
    ]) {
      expect((await stranger.get(path)).status, path).toBe(404);
    }
    expect((await stranger.post(`/api/v1/openings/${open.id}/proposals`, proposal('IA-1'))).status).toBe(404);
    expect((await stranger.get('/api/v1/openings')).body).toEqual([]);

    // Nor does another supplier; the contractor and the buyer cannot propose.
    expect((await h.as(p.otherContractor).get(`/api/v1/openings/${open.id}`)).status).toBe(404);
    expect((await h.as(p.contractor).post(`/api/v1/openings/${open.id}/proposals`, proposal('X-1'))).status).toBe(403);
    expect((await h.as(p.officer).post(`/api/v1/openings/${open.id}/proposals`, proposal('X-2'))).status).toBe(403);
    expect((await h.as(p.contractor).get('/api/v1/candidates')).status).toBe(403);
    // The buyer follows openings and proposals too.
    expect((await h.as(p.auditor).get(`/api/v1/openings/${open.id}/proposals`)).body).toHaveLength(1);
  });

  it('accepting fills the opening and registers the placement with the attestation, in one transaction', async () => {
    const open = await publish({ breaksGenderPattern: true });
    const declined = await propose(open.id, 'AF-201');
    const accepted = await propose(open.id, 'AF-202', { note: 'Har arbetat som målare i hemlandet' });
    expect((await h.as(p.contractor).get(`/api/v1/proposals/${accepted.id}`)).body.allowedEvents).toEqual(['ACCEPT', 'DECLINE']);

    const noReason = await answer(p.contractor, declined.id, { type: 'DECLINE' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.issues).toEqual([expect.objectContaining({ path: 'reason' })]);
    const decline = await answer(p.contractor, declined.id, { type: 'DECLINE', reason: 'Saknar truckkort' });
    expect(decline.body).toMatchObject({ state: 'declined', declineReason: 'Saknar truckkort', final: true, allowedEvents: [] });

    const accept = await answer(p.contractor, accepted.id, { type: 'ACCEPT', note: 'Start 6 april' });
    expect(accept.status).toBe(200);
    expect(accept.body).toMatchObject({ state: 'accepted', version: 2, placementId: expect.any(String) });
    const placementId = accept.body.placementId as string;

    const filled = (await h.as(p.contractor).get(`/api/v1/openings/${open.id}`)).body;
    expect(filled).toMatchObject({ state: 'filled', version: 2, filledBy: { proposalId: accepted.id, placementId } });
    const placed = (await h.as(p.auditor).get(`/api/v1/placements/${placementId}`)).body;
    expect(placed).toMatchObject({
      state: 'registered',
      participantRef: 'AF-202',
      targetGroup: 'newcomers',
      attestation: { issuer: m.bodyName, reference: 'AF-ATT-AF-202', date: '2026-02-20' },
      role: 'målare',
      startDate: '2026-04-06',
      plannedEndDate: '2026-06-28',
      hoursPerWeek: 30,
      fte: 0.75,
    });
    const openingHistory = (await h.as(p.contractor).get(`/api/v1/openings/${open.id}/history`)).body;
    expect(openingHistory.map((e: { type: string }) => e.type)).toEqual(['CREATE', 'FILL']);
    expect(openingHistory[1]).toMatchObject({ actorRole: 'contractor', from: 'open', to: 'filled' });

    // A filled opening takes no more proposals.
    const late = await h.as(m.matcher).post(`/api/v1/openings/${open.id}/proposals`, proposal('AF-203'));
    expect(late.status).toBe(409);
  });

  it('notifies the matching body of openings, proposals and the placement an accept registers, and buyer and supplier of everything', async () => {
    const id = await clauseServedBy(m.bodyOrgId);
    const open = await publish({}, id);
    const declined = await propose(open.id, 'AF-351');
    const accepted = await propose(open.id, 'AF-352');
    expect((await answer(p.contractor, declined.id, { type: 'DECLINE', reason: 'Saknar truckkort' })).status).toBe(200);
    const accept = await answer(p.contractor, accepted.id, { type: 'ACCEPT' });
    expect(accept.status).toBe(200);
    // The placement's own events concern buyer and supplier only.
    h.clock.set(new Date('2026-04-07T08:00:00Z'));
    expect((await h.as(p.contractor).post(`/api/v1/placements/${accept.body.placementId}/events`, { type: 'START' })).status).toBe(200);
    h.clock.set(new Date('2026-03-01T08:00:00Z'));

    const notices = await store.db.selectFrom('outbox').select(['type', 'org_ids']).where('clause_id', '=', id).orderBy('id').execute();
    const parties = { [p.buyerOrgId]: 'buyer', [p.supplierOrgId]: 'supplier', [m.bodyOrgId]: 'body' };
    expect(notices.map((n) => [n.type, n.org_ids.map((org) => parties[org] ?? org).join('+')])).toEqual([
      ['clause.CREATE', 'buyer'],
      ['clause.PUBLISH', 'buyer'],
      // AWARD names the supplier in the very write that records it.
      ['clause.AWARD', 'buyer+supplier'],
      ['clause.SUBMIT_PLAN', 'buyer+supplier'],
      ['clause.ACCEPT_PLAN', 'buyer+supplier'],
      ['opening.CREATE', 'buyer+supplier+body'],
      ['proposal.CREATE', 'buyer+supplier+body'],
      ['proposal.CREATE', 'buyer+supplier+body'],
      ['proposal.DECLINE', 'buyer+supplier+body'],
      ['proposal.ACCEPT', 'buyer+supplier+body'],
      ['placement.CREATE', 'buyer+supplier+body'],
      ['opening.FILL', 'buyer+supplier+body'],
      ['placement.START', 'buyer+supplier'],
    ]);
  });

  it('lets exactly one of two racing accepts fill an opening; the other writes nothing', async () => {
    const open = await publish();
    const [a, b] = [await propose(open.id, 'AF-301'), await propose(open.id, 'AF-302')];
    const placementsBefore = await count('placements');
    const historyBefore = await count('item_history');

    const answers = await Promise.all([a, b].map((x) => answer(p.contractor, x.id, { type: 'ACCEPT' })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = answers.find((r) => r.status === 409)!;
    expect(loser.body).toMatchObject({ error: 'invalid_transition', openingState: 'filled', allowedEvents: ['DECLINE'] });

    expect(await count('placements')).toBe(placementsBefore + 1);
    // The winner: ACCEPT, the placement's CREATE and the opening's FILL.
    expect(await count('item_history')).toBe(historyBefore + 3);
    const states = await Promise.all([a, b].map(async (x) => (await h.as(p.contractor).get(`/api/v1/proposals/${x.id}`)).body));
    expect(states.map((s) => s.state).sort()).toEqual(['accepted', 'proposed']);
    // The loser stays proposed, and is offered only DECLINE now that its opening is filled.
    expect(states.find((s) => s.state === 'proposed')).toMatchObject({ version: 1, placementId: null, allowedEvents: ['DECLINE'] });
  });

  it('answers ACCEPT racing a new proposal, a WITHDRAW or a direct registration without a server error, and leaves the store consistent', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 6; round++) {
      const open = await publish();
      const first = await propose(open.id, `RACE-${round}-A`);
      const accept = answer(p.contractor, first.id, { type: 'ACCEPT' });
      const rival =
        round % 3 === 0
          ? h.as(m.matcher).post(`/api/v1/openings/${open.id}/proposals`, proposal(`RACE-${round}-B`))
          : round % 3 === 1
            ? h.as(p.contractor).post(`/api/v1/openings/${open.id}/events`, { type: 'WITHDRAW', reason: 'Framflyttad' })
            : h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, {
                participantRef: `RACE-${round}-A`,
                targetGroup: 'newcomers',
                attestation: { issuer: 'Arbetsförmedlingen', reference: `AF-${round}`, date: '2026-02-20' },
                role: 'målare',
                startDate: '2026-04-06',
                plannedEndDate: '2026-06-28',
                fte: 1,
                hoursPerWeek: 40,
              });
      const [accepted, other] = await Promise.all([accept, rival]);
      statuses.push(accepted.status, other.status);
      // Whoever won, the opening is filled exactly when the proposal was accepted, and one placement exists for the participant.
      const openingNow = (await h.as(p.contractor).get(`/api/v1/openings/${open.id}`)).body;
      const proposalNow = (await h.as(p.contractor).get(`/api/v1/proposals/${first.id}`)).body;
      expect(openingNow.state === 'filled').toBe(proposalNow.state === 'accepted');
      const placed = (await h.as(p.contractor).get(`/api/v1/clauses/${clauseId}/placements`)).body.filter(
        (x: { participantRef: string }) => x.participantRef === `RACE-${round}-A`,
      );
      expect(placed).toHaveLength(accepted.status === 200 || other.status === 201 ? 1 : 0);
    }
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });

  it('refuses an ACCEPT whose placement cannot be registered, leaving proposal, opening and placements as they were', async () => {
    const open = await publish();
    const pending = await propose(open.id, 'AF-901');
    const direct = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, {
      participantRef: 'AF-901',
      targetGroup: 'newcomers',
      attestation: { issuer: 'Arbetsförmedlingen', reference: 'AF-X', date: '2026-02-20' },
      role: 'målare',
      startDate: '2026-04-06',
      plannedEndDate: '2026-06-28',
      fte: 1,
      hoursPerWeek: 40,
    });
    expect(direct.status).toBe(201);
    const before = { placements: await count('placements'), history: await count('item_history') };
    const accept = await answer(p.contractor, pending.id, { type: 'ACCEPT' });
    expect(accept.body).toMatchObject({ error: 'conflict' });
    expect((await h.as(p.contractor).get(`/api/v1/proposals/${pending.id}`)).body).toMatchObject({ state: 'proposed', version: 1, placementId: null });
    expect((await h.as(p.contractor).get(`/api/v1/openings/${open.id}`)).body).toMatchObject({ state: 'open', version: 1 });
    expect({ placements: await count('placements'), history: await count('item_history') }).toEqual(before);
  });

  it('takes withdrawn openings and proposals out of play', async () => {
    const open = await publish();
    const pending = await propose(open.id, 'AF-401');
    const withdrawnProposal = await propose(open.id, 'AF-402');

    expect((await answer(p.contractor, withdrawnProposal.id, { type: 'WITHDRAW', reason: 'x' })).status).toBe(403);
    const withdrawn = await answer(m.matcher, withdrawnProposal.id, { type: 'WITHDRAW', reason: 'Kandidaten har fått annat arbete' });
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', withdrawal: 'Kandidaten har fått annat arbete' });
    expect((await answer(p.contractor, withdrawnProposal.id, { type: 'ACCEPT' })).body).toMatchObject({ error: 'invalid_transition', allowedEvents: [] });

    const closed = await h.as(p.contractor).post(`/api/v1/openings/${open.id}/events`, { type: 'WITHDRAW', reason: 'Etappen är framflyttad' });
    expect(closed.body).toMatchObject({ state: 'withdrawn', withdrawal: 'Etappen är framflyttad', allowedEvents: [] });
    const placementsBefore = await count('placements');
    const accept = await answer(p.contractor, pending.id, { type: 'ACCEPT' });
    expect(accept.status).toBe(409);
    expect(accept.body.openingState).toBe('withdrawn');
    expect((await h.as(p.contractor).get(`/api/v1/proposals/${pending.id}`)).body).toMatchObject({ state: 'proposed', version: 1 });
    expect(await count('placements')).toBe(placementsBefore);
    expect((await answer(p.contractor, pending.id, { type: 'DECLINE', reason: 'Platsen är indragen' })).body.state).toBe('declined');
    expect((await h.as(m.matcher).post(`/api/v1/openings/${open.id}/proposals`, proposal('AF-403'))).status).toBe(409);
  });

  it('ranks the pool for an opening by competence, availability and distance, with the parts shown', async () => {
    const pool = h.as(m.matcher);
    const add = async (body: object) => expect((await pool.post('/api/v1/candidates', body)).status).toBe(201);
    await add(candidate('R-1', { competences: ['Målning', 'spackling'], municipality: '2380', availableFrom: '2026-04-01' }));
    await add(candidate('R-2', { competences: ['målning'], municipality: '2361', availableFrom: '2026-04-21', targetGroup: 'youth-16-24' }));
    await add(candidate('R-3', { competences: ['målning', 'spackling', 'kakel'], municipality: '1480', availableFrom: '2026-03-01' }));
    await add(candidate('R-4', { competences: ['målning', 'spackling'], targetGroup: 'disability' })); // outside the clause's target groups
    expect((await pool.post('/api/v1/candidates', candidate('R-1', {}))).status).toBe(409);
    const open = await publish({ competences: ['målning', 'spackling'] });

    const res = await pool.get(`/api/v1/openings/${open.id}/suggestions`);
    expect(res.status).toBe(200);
    const ranked = res.body.suggestions as Array<{ candidate: { candidateRef: string }; score: Record<string, any> }>;
    // 2/2 competences (0.6 × 1), available before the start (0.25 × 1), same municipality (0.15 × 1) = 1.
    // 2/2 (0.6), available (0.25), Göteborg 1480 is elsewhere (0) = 0.85.
    // 1/2 (0.6 × 0.5 = 0.3), 15 days late (0.25 × (1 − 15/60) = 0.1875 → 0.188), Härjedalen 2361 in the same county (0.15 × 0.5 = 0.075) = 0.563.
    expect(ranked.map((s) => s.candidate.candidateRef)).toEqual(['R-1', 'R-3', 'R-2']);
    expect(ranked.map((s) => s.score.total)).toEqual([1, 0.85, 0.563]);
    expect(ranked[2]!.score).toMatchObject({
      competence: { matched: ['målning'], missing: ['spackling'], score: 0.5, points: 0.3 },
      availability: { availableFrom: '2026-04-21', daysLate: 15, score: 0.75, points: 0.188 },
      distance: { relation: 'sameCounty', candidate: '2361', opening: '2380', score: 0.5, points: 0.075 },
    });
    expect(ranked[1]!.score.distance).toMatchObject({ relation: 'elsewhere', points: 0 });

    // Once R-1 is proposed and accepted it is placed, and no longer suggested for another opening.
    const r1 = await propose(open.id, 'R-1');
    expect((await answer(p.contractor, r1.id, { type: 'ACCEPT' })).status).toBe(200);
    const next = await publish({ competences: ['målning'] });
    const after = (await pool.get(`/api/v1/openings/${next.id}/suggestions`)).body.suggestions.map(
      (s: { candidate: { candidateRef: string } }) => s.candidate.candidateRef,
    );
    expect(after).not.toContain('R-1');
    expect(after).toEqual(expect.arrayContaining(['R-2', 'R-3']));
    expect((await pool.get('/api/v1/candidates?available=true')).body.map((c: { candidateRef: string }) => c.candidateRef)).not.toContain('R-1');
    expect((await pool.get('/api/v1/candidates')).body.find((c: { candidateRef: string }) => c.candidateRef === 'R-1')).toMatchObject({ placed: true });
    // A placed candidate cannot be proposed again.
    expect((await pool.post(`/api/v1/openings/${next.id}/proposals`, proposal('R-1'))).status).toBe(409);
    // Only the clause's matching body gets suggestions.
    expect((await h.as(p.contractor).get(`/api/v1/openings/${next.id}/suggestions`)).status).toBe(403);
  });

  it('shows the outcome distribution against the programme targets, and the placements that broke a gender pattern', async () => {
    const id = await clauseServedBy(m.bodyOrgId);
    const contractor = h.as(p.contractor);
    const viaOpening = await publish({ breaksGenderPattern: true, startDate: '2026-04-06' }, id);
    const proposed = await propose(viaOpening.id, 'AF-501');
    const accepted = await answer(p.contractor, proposed.id, { type: 'ACCEPT' });
    const ids = [accepted.body.placementId as string];
    for (const ref of ['JB-502', 'JB-503', 'JB-504', 'JB-505']) {
      const res = await contractor.post(`/api/v1/clauses/${id}/placements`, {
        participantRef: ref,
        targetGroup: 'youth-16-24',
        attestation: { issuer: 'Arbetsförmedlingen', reference: `AF-${ref}`, date: '2026-03-20' },
        role: 'snickare',
        startDate: '2026-04-06',
        plannedEndDate: '2026-06-28',
        fte: 1,
        hoursPerWeek: 40,
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    h.clock.set(new Date('2026-07-15T08:00:00Z'));
    const send = async (placementId: string, body: object) =>
      expect((await contractor.post(`/api/v1/placements/${placementId}/events`, body)).status).toBe(200);
    for (const placementId of ids) await send(placementId, { type: 'START' });
    await send(ids[0]!, { type: 'COMPLETE', endDate: '2026-06-28', outcome: 'employment' });
    await send(ids[1]!, { type: 'COMPLETE', endDate: '2026-06-28', outcome: 'studies' });
    await send(ids[2]!, { type: 'COMPLETE', endDate: '2026-06-28', outcome: 'furtherPlacement' });
    await send(ids[3]!, { type: 'END_EARLY', endDate: '2026-05-15', reasonCode: 'employeeResigned', reason: 'Flytt' });
    // ids[4] is still running.
    // The matching body follows what became of its candidate, though it sees no placement itself.
    expect((await h.as(m.matcher).get(`/api/v1/proposals/${proposed.id}`)).body.placement).toEqual({
      id: ids[0],
      state: 'completed',
      endDate: '2026-06-28',
      outcome: 'employment',
    });
    expect((await h.as(m.matcher).get(`/api/v1/placements/${ids[0]}`)).status).toBe(404);

    expect((await h.as(m.matcher).get('/api/v1/outcome-targets')).status).toBe(404);
    expect((await contractor.post('/api/v1/outcome-targets', {})).status).toBe(404); // PUT only
    expect(
      (
        await contractor.raw('/api/v1/outcome-targets', {
          method: 'PUT',
          body: JSON.stringify({ studiesPct: 1, placementPct: 1, employmentPct: 1 }),
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(403);
    const put = (key: string, body: object) =>
      h.as(key).raw('/api/v1/outcome-targets', { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect((await put(m.matcher, { studiesPct: 135, placementPct: 20, employmentPct: 25 })).status).toBe(422);
    // Each ended placement has one outcome: shares adding up to more than 100 are refused.
    expect((await put(p.officer, { studiesPct: 50, placementPct: 50, employmentPct: 50 })).body.issues).toEqual([
      expect.objectContaining({ path: 'employmentPct' }),
    ]);
    expect((await put(p.officer, { studiesPct: 40, placementPct: 30, employmentPct: 30 })).status).toBe(200);
    // Innanförskapsakademin's programme: 35 % studies, 20 % a further placement, 25 % employment.
    expect((await put(m.matcher, { studiesPct: 35, placementPct: 20, employmentPct: 25 })).body).toMatchObject({ orgId: m.bodyOrgId, studiesPct: 35 });

    // 5 placements, 4 ended: 1 employment, 1 studies, 1 further placement, 1 unrecorded → 25 % each of the three.
    const outcomes = await h.as(m.matcher).get(`/api/v1/clauses/${id}/outcomes`);
    expect(outcomes.status).toBe(200);
    expect(outcomes.body).toMatchObject({
      placements: 5,
      ended: 4,
      byOutcome: { employment: 1, studies: 1, furtherPlacement: 1, other: 0, none: 0, unrecorded: 1 },
      pct: { employment: 25, studies: 25, furtherPlacement: 25 },
      targets: { studiesPct: 35, placementPct: 20, employmentPct: 25 },
      attainment: {
        studies: { targetPct: 35, pct: 25, met: false },
        furtherPlacement: { targetPct: 20, pct: 25, met: true },
        employment: { targetPct: 25, pct: 25, met: true },
      },
      breaksGenderPattern: 1,
      targetsSetBy: m.bodyOrgId,
    });
    expect((await h.as(m.otherMatcher).get(`/api/v1/clauses/${id}/outcomes`)).status).toBe(404);

    // The portfolio sums the same placements, judged by each organisation against its own targets.
    const { tenderId } = (await h.as(p.officer).get(`/api/v1/clauses/${id}`)).body;
    const ofBuyer = await h.as(p.officer).get(`/api/v1/portfolio/outcomes?tenderId=${tenderId}`);
    expect(ofBuyer.body).toMatchObject({
      placements: 5,
      ended: 4,
      pct: { employment: 25 },
      targetsSetBy: p.buyerOrgId,
      attainment: { employment: { targetPct: 30, met: false } },
    });
    const ofBody = await h.as(m.matcher).get(`/api/v1/portfolio/outcomes?tenderId=${tenderId}`);
    expect(ofBody.body).toMatchObject({
      placements: 5,
      breaksGenderPattern: 1,
      targetsSetBy: m.bodyOrgId,
      attainment: { employment: { targetPct: 25, met: true } },
    });
    // Across every clause it serves, the matching body counts more; another body counts none of them.
    expect((await h.as(m.matcher).get('/api/v1/portfolio/outcomes')).body.placements).toBeGreaterThan(5);
    expect((await h.as(m.otherMatcher).get('/api/v1/portfolio/outcomes')).body).toMatchObject({
      placements: 0,
      ended: 0,
      targetsSetBy: null,
      attainment: null,
    });
  });

  it('refuses personal identity numbers in candidate references, competences and notes, storing nothing', async () => {
    const open = await publish();
    const before = { proposals: await count('proposals'), candidates: await count('candidates') };
    const matcher = h.as(m.matcher);
    for (const body of [
      proposal('811218-9876'),
      proposal('AF-601', { competences: ['målning', 'pnr 19811218-9876'] }),
      proposal('AF-602', { note: 'Född 811218-9876' }),
      // As people write them: a zero-width space, an en dash, a no-break space, a space (issue 20).
      proposal('811218\u200b-9876'),
      proposal('811218\u20139876'),
      proposal('AF-604', { note: 'Född 811218\u00a09876' }),
      proposal('19811218 9876'),
    ]) {
      const res = await matcher.post(`/api/v1/openings/${open.id}/proposals`, body);
      expect(res.status).toBe(422);
      expect(res.body.error).toBe('personal_identity_number');
    }
    for (const body of [
      candidate('198112189876', {}),
      candidate('AF-603', { competences: ['811218-9876'] }),
      candidate('811278 9873', {}) /* a coordination number with a space */,
      candidate('\uff18\uff11\uff11\uff12\uff11\uff18-\uff19\uff18\uff17\uff16', {}) /* full-width digits */,
    ]) {
      expect((await matcher.post('/api/v1/candidates', body)).body.error).toBe('personal_identity_number');
    }
    expect({ proposals: await count('proposals'), candidates: await count('candidates') }).toEqual(before);
  });

  it('answers bad input with 4xx and writes nothing', async () => {
    const before = await count('openings');
    const contractor = h.as(p.contractor);
    const bad = await contractor.post(`/api/v1/clauses/${clauseId}/openings`, opening({ weeks: 0, municipality: 'Östersund', supervisor: {} }));
    expect(bad.status).toBe(422);
    expect(bad.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['municipality', 'supervisor.trained', 'weeks']);
    expect((await contractor.post(`/api/v1/clauses/${clauseId}/openings`, opening({ startDate: '2028-01-01' }))).body.issues[0].path).toBe('startDate');
    const open = await publish();
    const proposalsBefore = await count('proposals');
    const outside = await h.as(m.matcher).post(`/api/v1/openings/${open.id}/proposals`, proposal('AF-701', { targetGroup: 'disability' }));
    expect(outside.status).toBe(422);
    expect(outside.body.issues[0].path).toBe('targetGroup');
    expect(await count('proposals')).toBe(proposalsBefore);
    expect((await h.as(m.matcher).post(`/api/v1/openings/${open.id}/proposals`, { candidateRef: 'AF-702' })).status).toBe(422);
    expect((await contractor.post(`/api/v1/openings/${open.id}/events`, { type: 'FILL', proposalId: 'x', placementId: 'y' })).status).toBe(422);
    // Openings are published while the clause is delivered or remedied, not before its plan is accepted.
    const { clauseId: awarded } = await draftClause(h, p, PLACEMENT_PARAMS);
    await drive(h, awarded, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, { ...awardBody(p.supplierOrgId), matchingBodyOrgId: m.bodyOrgId }],
    ]);
    expect((await contractor.post(`/api/v1/clauses/${awarded}/openings`, opening())).body).toMatchObject({
      error: 'invalid_transition',
      state: 'commitment.awaitingPlan',
    });
    expect(await count('openings')).toBe(before + 1);
  });

  it('answers a retried opening, proposal or accept with an Idempotency-Key from the first answer, writing once', async () => {
    const before = { openings: await count('openings'), proposals: await count('proposals'), placements: await count('placements') };
    const retry = (key: string, path: string, body: object, idempotencyKey: string) => h.as(key).post(path, body, { 'idempotency-key': idempotencyKey });
    const [o1, o2] = [
      await retry(p.contractor, `/api/v1/clauses/${clauseId}/openings`, opening(), 'open-1'),
      await retry(p.contractor, `/api/v1/clauses/${clauseId}/openings`, opening(), 'open-1'),
    ];
    expect(o2.body.id).toBe(o1.body.id);
    const [p1, p2] = [
      await retry(m.matcher, `/api/v1/openings/${o1.body.id}/proposals`, proposal('AF-801'), 'prop-1'),
      await retry(m.matcher, `/api/v1/openings/${o1.body.id}/proposals`, proposal('AF-801'), 'prop-1'),
    ];
    expect([p1.status, p2.status, p2.body.id]).toEqual([201, 201, p1.body.id]);
    const [a1, a2] = [
      await retry(p.contractor, `/api/v1/proposals/${p1.body.id}/events`, { type: 'ACCEPT' }, 'acc-1'),
      await retry(p.contractor, `/api/v1/proposals/${p1.body.id}/events`, { type: 'ACCEPT' }, 'acc-1'),
    ];
    expect([a1.status, a2.status, a2.headers.get('idempotent-replayed'), a2.body.placementId]).toEqual([200, 200, 'true', a1.body.placementId]);
    expect({ openings: await count('openings'), proposals: await count('proposals'), placements: await count('placements') }).toEqual({
      openings: before.openings + 1,
      proposals: before.proposals + 1,
      placements: before.placements + 1,
    });
  });

  it('replays every opening, proposal and placement from its history', async () => {
    const report = await verifyAllClauses(h.deps);
    expect(report.failures).toEqual([]);
    expect(report.checkedByKind.opening).toBeGreaterThan(5);
    expect(report.checkedByKind.proposal).toBeGreaterThan(5);
  });
});
