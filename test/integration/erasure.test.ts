/**
 * Erasure that keeps the history verifiable (issue 20, item 2), on PGlite and
 * (with DATABASE_URL) on PostgreSQL: a candidate proposed and accepted to an
 * opening, and a participant with events, an evidence file named after them
 * and an offer, and a follow-up recorded with a note naming them, are erased
 * through the API, as is a participant of a programme's own-workplace
 * placement; the world also has mail sent about the proposal and the
 * follow-up, and a supervisor named on the opening; then no row of any table holds
 * their references or the free text that named them, `verify` passes (chain
 * and replay), what was not erased is as it was, erasing again changes
 * nothing, and foreign callers are refused. The CLI's erasure by reference
 * goes through the same engine function.
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { KlausulError } from '../../src/domain/errors.ts';
import { PERSONAL_KEYS } from '../../src/domain/personal-data.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { eraseByReference } from '../../src/engine/erasure.ts';
import { makeDueFollowUps } from '../../src/engine/follow-ups.ts';
import { MailWorker } from '../../src/engine/mail-worker.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { PDF } from '../fixtures/evidence.ts';
import { awardBody, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { candidateBody, offerBody, openingBody, ownPlacementBody, placementBody, programmeBody, proposalBody } from '../support/world.ts';

const CANDIDATE = 'KAND-7731';
const PARTICIPANT = 'DELT-5519';
/** Free text that names them, in notes, reasons, a description and a file name. */
const TEXTS = [
  `${CANDIDATE} talar god svenska`,
  `Välkommen ${CANDIDATE}`,
  `${PARTICIPANT} flyttade till Umeå`,
  `intyg ${PARTICIPANT}.pdf`,
  `Anställningsintyg för ${PARTICIPANT}`,
  `${PARTICIPANT} tackade nej muntligt`,
  `Timmar för ${PARTICIPANT} saknas i underlaget`,
  `${PARTICIPANT} läser på Komvux`,
];
/** A participant of a programme's own-workplace placement, hosted by the matching body, and the texts that name them. */
const OWN_PARTICIPANT = 'DELT-EGEN-42';
const OWN_TEXTS = [`${OWN_PARTICIPANT} bytte till vårdutbildning`, `${OWN_PARTICIPANT} har fast jobb i kommunen`];
/** A supervisor (staff, not a participant) named on the opening: stays. */
const SUPERVISOR = 'Karin Handledare';
/** What stays: another candidate and another participant. */
const KEPT_CANDIDATE = 'KAND-2002';
const KEPT_PARTICIPANT = 'DELT-0001';
const KEPT_NOTE = 'Kontrollerad mot tidrapporter';

describe.each(BACKENDS)('erasure on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let matcher: string;
  let foreignMatcher: string;
  let clauseId: string;
  let candidateId: string;
  let keptCandidateId: string;
  let proposalId: string;
  let keptProposalId: string;
  let acceptedPlacementId: string;
  let placementId: string;
  let keptPlacementId: string;
  let offerId: string;
  let ownPlacementId: string;

  const db = () => store.db as unknown as Kysely<any>;
  const ok = (res: { status: number; body: unknown }, status = 200) => {
    if (res.status !== status) throw new Error(`answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Record<string, any>;
  };

  /** Every row of every table of the public schema, as text. */
  async function dump(): Promise<string> {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db());
    const parts: string[] = [];
    for (const { table_name } of tables.rows) {
      const { rows } = await sql<{ rows: string | null }>`select string_agg(t::text, E'\n') as rows from ${sql.table(table_name)} t`.execute(db());
      parts.push(`-- ${table_name}\n${rows[0]?.rows ?? ''}`);
    }
    return parts.join('\n');
  }
  const kept = async () => ({
    placement: (await sql`select * from placements where id = ${keptPlacementId}`.execute(db())).rows,
    proposal: (await sql`select * from proposals where id = ${keptProposalId}`.execute(db())).rows,
    candidate: (await sql`select * from candidates where id = ${keptCandidateId}`.execute(db())).rows,
    history: (await sql`select * from item_history where item_id in (${keptPlacementId}, ${keptProposalId}) order by item_id, seq`.execute(db())).rows,
    clauseHistory: (await sql`select * from clause_history where clause_id = ${clauseId} order by seq`.execute(db())).rows,
  });

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    const body = await addOrganisation(h.deps, { name: 'Arbetsförmedlingen Östersund', kind: 'matching_body' });
    matcher = (await addUser(h.deps, { orgId: body.id, role: 'matcher', name: 'Amina Yusuf', email: 'amina.yusuf@af.example.se' })).apiKey;
    // Mail about the proposal, its answer and the follow-up (to the contractor and the matcher), sent as it falls due.
    await addUser(h.deps, { orgId: p.supplierOrgId, role: 'contractor', name: 'Erik Holm', email: 'erik.holm@jamtbygg.example.se' });
    const mail = new MailWorker(h.deps, { send: async () => null, publicUrl: 'https://klausul.example.se', reminderDays: 7, digestHourUtc: 6 });
    const foreignBody = await addOrganisation(h.deps, { name: 'Jobbtorg Örebro', kind: 'matching_body' });
    foreignMatcher = (await addUser(h.deps, { orgId: foreignBody.id, role: 'matcher', name: 'Olle Nyström' })).apiKey;

    h.clock.set(new Date('2026-03-01T08:00:00Z'));
    ({ clauseId } = await draftClause(h, p, PLACEMENT_PARAMS));
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, { ...awardBody(p.supplierOrgId), matchingBodyOrgId: body.id }],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);

    // The candidate: in the pool, proposed for an opening with a note, accepted with a note (which registers a placement).
    h.clock.set(new Date('2026-03-10T08:00:00Z'));
    candidateId = ok(await h.as(matcher).post('/api/v1/candidates', candidateBody(CANDIDATE)), 201).id;
    keptCandidateId = ok(await h.as(matcher).post('/api/v1/candidates', candidateBody(KEPT_CANDIDATE)), 201).id;
    const supervisorId = ok(await h.as(p.contractor).post('/api/v1/supervisors', { name: SUPERVISOR }), 201).id;
    const openingId = ok(await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/openings`, openingBody({ supervisorId })), 201).id;
    proposalId = ok(await h.as(matcher).post(`/api/v1/openings/${openingId}/proposals`, { ...proposalBody(CANDIDATE), note: TEXTS[0] }), 201).id;
    keptProposalId = ok(await h.as(matcher).post(`/api/v1/openings/${openingId}/proposals`, proposalBody(KEPT_CANDIDATE)), 201).id;
    acceptedPlacementId = ok(await h.as(p.contractor).post(`/api/v1/proposals/${proposalId}/events`, { type: 'ACCEPT', note: TEXTS[1] })).placementId;
    await mail.runOnce();

    // The participant: registered (with an Idempotency-Key, so an answer naming them is stored), started, ended early with a
    // reason, an evidence file named after them, and an offer declined with a reason.
    const contractor = h.as(p.contractor);
    placementId = ok(
      await contractor.post(`/api/v1/clauses/${clauseId}/placements`, placementBody(PARTICIPANT), { 'idempotency-key': 'erasure-register-1' }),
      201,
    ).id;
    keptPlacementId = ok(await contractor.post(`/api/v1/clauses/${clauseId}/placements`, placementBody(KEPT_PARTICIPANT)), 201).id;
    h.clock.set(new Date('2026-05-02T08:00:00Z'));
    for (const id of [placementId, keptPlacementId]) ok(await contractor.post(`/api/v1/placements/${id}/events`, { type: 'START' }));
    ok(await contractor.post(`/api/v1/placements/${placementId}/events`, { type: 'END_EARLY', endDate: '2026-04-15', reasonCode: 'other', reason: TEXTS[2] }));
    const form = new FormData();
    form.append('file', new File([PDF as Uint8Array<ArrayBuffer>], TEXTS[3]!, { type: 'application/pdf' }));
    form.append('description', TEXTS[4]!);
    ok(await contractor.raw(`/api/v1/placements/${placementId}/evidence`, { method: 'POST', body: form }), 201);
    offerId = ok(await contractor.post(`/api/v1/clauses/${clauseId}/offers`, offerBody(PARTICIPANT)), 201).id;
    ok(await contractor.post(`/api/v1/offers/${offerId}/events`, { type: 'DECLINE', date: '2026-03-25', reason: TEXTS[5] }));
    // A period report queried with a reason that names the participant: someone else's instance that mentions them.
    const reportId = ok(
      await contractor.post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 1200 }),
      201,
    ).id;
    ok(await h.as(p.auditor).post(`/api/v1/reports/${reportId}/events`, { type: 'QUERY', reason: TEXTS[6] }));
    // What stays: the kept participant's job, ended and verified with a note.
    ok(await contractor.post(`/api/v1/placements/${keptPlacementId}/events`, { type: 'END_EARLY', endDate: '2026-04-20', reasonCode: 'employeeResigned' }));
    ok(await h.as(p.auditor).post(`/api/v1/placements/${keptPlacementId}/events`, { type: 'VERIFY', note: KEPT_NOTE }));
    // The matching body's follow-up a month after the participant's early end, recorded with a note that names them.
    h.clock.set(new Date('2026-05-15T08:00:00Z'));
    await makeDueFollowUps(h.deps, 10);
    const followUp = (await h.as(matcher).get('/api/v1/follow-ups?state=due')).body.find((f: { placementId: string }) => f.placementId === placementId);
    ok(await h.as(matcher).post(`/api/v1/follow-ups/${followUp.id}/events`, { type: 'RECORD', status: 'studies', note: TEXTS[7] }));
    await mail.runOnce();

    // The matching body's programme, with a placement in its own workplace: ended early with a reason naming the
    // participant, and followed up a month later with a note naming them.
    const programmeId = ok(await h.as(matcher).post('/api/v1/programmes', programmeBody('Alla kan arbeta')), 201).id;
    ownPlacementId = ok(
      await h.as(matcher).post(`/api/v1/programmes/${programmeId}/placements`, { ...ownPlacementBody(OWN_PARTICIPANT, body.id), startDate: '2026-04-01' }),
      201,
    ).id;
    ok(await h.as(matcher).post(`/api/v1/placements/${ownPlacementId}/events`, { type: 'START' }));
    ok(
      await h
        .as(matcher)
        .post(`/api/v1/placements/${ownPlacementId}/events`, { type: 'END_EARLY', endDate: '2026-05-10', reasonCode: 'other', reason: OWN_TEXTS[0] }),
    );
    h.clock.set(new Date('2026-06-15T08:00:00Z'));
    await makeDueFollowUps(h.deps, 10);
    const ownFollowUp = (await h.as(matcher).get('/api/v1/follow-ups?state=due')).body.find((f: { placementId: string }) => f.placementId === ownPlacementId);
    ok(await h.as(matcher).post(`/api/v1/follow-ups/${ownFollowUp.id}/events`, { type: 'RECORD', status: 'employment', note: OWN_TEXTS[1] }));
    await mail.runOnce();
    const { rows: mailed } = await sql<{ n: number }>`select count(*)::int as n from mail_messages`.execute(db());
    expect(mailed[0]!.n).toBeGreaterThanOrEqual(3);

    const before = await dump();
    for (const text of [CANDIDATE, PARTICIPANT, ...TEXTS, OWN_PARTICIPANT, ...OWN_TEXTS, SUPERVISOR]) expect(before, `before erasure: ${text}`).toContain(text);
    expect(await verifyAllClauses(h.deps)).toMatchObject({ ok: true });
  });
  afterAll(() => dropSeeded({ database, store }));

  it('keeps the same personal keys out of the hashed content as the engine redacts, whatever their text', async () => {
    const tricky = ['x', '', 'a "quoted" \\ value', '\\', 'ends with \\"', '"note": "inside"', 'åäö \u2028 \n \t'];
    for (const key of PERSONAL_KEYS) {
      for (const text of tricky) {
        const document = { a: { [key]: text, kept: text }, list: [{ [key]: text }], [`x${key}`]: text, n: 1 };
        const { rows } = await sql<{ redacted: string }>`select history_redacted(cast(${JSON.stringify(document)} as jsonb)) as redacted`.execute(db());
        expect(JSON.parse(rows[0]!.redacted), `${key}: ${text}`).toEqual({ a: { [key]: null, kept: text }, list: [{ [key]: null }], [`x${key}`]: text, n: 1 });
      }
    }
  });

  it('refuses foreign and other callers, and erases nothing', async () => {
    // Another matching body does not see the candidate; other roles may not erase it.
    expect((await h.as(foreignMatcher).post(`/api/v1/candidates/${candidateId}/erase`)).status).toBe(404);
    for (const key of [p.officer, p.contractor]) {
      const res = await h.as(key).post(`/api/v1/candidates/${candidateId}/erase`);
      expect(res).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    }
    // Another buyer, another supplier and the matching body do not see the placement; the contractor and the auditor may not erase its participant.
    for (const key of [p.otherOfficer, p.otherContractor, matcher]) expect((await h.as(key).post(`/api/v1/placements/${placementId}/erase`)).status).toBe(404);
    for (const key of [p.contractor, p.auditor]) {
      const res = await h.as(key).post(`/api/v1/placements/${placementId}/erase`);
      expect(res.status, key).toBe(403);
    }
    expect((await h.as(matcher).post('/api/v1/candidates/no-such-candidate/erase')).status).toBe(404);
    expect((await h.as(null).post(`/api/v1/placements/${placementId}/erase`)).status).toBe(401);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from erasures`.execute(db());
    expect(rows[0]!.n).toBe(0);
    expect(await dump()).toContain(CANDIDATE);
  });

  it('refuses, even during an erasure, any change of what the chain covers', async () => {
    const attempt = (statement: string) =>
      db()
        .transaction()
        .execute(async (trx) => {
          await sql`select set_config('klausul.erasure', 'on', true)`.execute(trx);
          await sql.raw(statement).execute(trx);
        });
    const row = `item_id = '${keptPlacementId}' and seq = 2`;
    await expect(attempt(`update item_history set type = 'FORGED', personal_salt = null where ${row}`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(attempt(`update item_history set payload = payload || '{"forged": true}', personal_salt = null where ${row}`)).rejects.toThrow(
      /append-only: UPDATE refused/,
    );
    // A personal value may change only with the salt gone.
    await expect(attempt(`update item_history set payload = payload || '{"note": "x"}' where ${row}`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(attempt(`delete from item_history where ${row}`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(sql`delete from evidence`.execute(db())).rejects.toThrow(/append-only: DELETE refused/);
  });

  it('erases a candidate and a participant: no table holds them, verify passes, the rest is as it was', async () => {
    const keptBefore = await kept();

    const candidate = ok(await h.as(matcher).post(`/api/v1/candidates/${candidateId}/erase`));
    const erasedOnce = (subject: string, counts: Record<string, number>) => ({
      subject,
      erasureIds: [expect.any(String)],
      alreadyErased: false,
      erasedAt: expect.any(String),
      counts,
    });
    expect(candidate).toEqual(
      erasedOnce('candidate', {
        candidates: 1,
        placements: 1,
        offers: 0,
        proposals: 1,
        mentioning: 0,
        historyRows: 3,
        evidenceFiles: 0,
        storedAnswers: 0,
        followUps: 0,
      }),
    );
    const participant = ok(await h.as(p.officer).post(`/api/v1/placements/${placementId}/erase`));
    expect(participant).toEqual(
      erasedOnce('participant', {
        candidates: 0,
        placements: 1,
        offers: 1,
        proposals: 0,
        mentioning: 1,
        historyRows: 7,
        evidenceFiles: 1,
        storedAnswers: 1,
        followUps: 3,
      }),
    );

    const after = await dump();
    for (const text of [CANDIDATE, PARTICIPANT, ...TEXTS]) expect(after, text).not.toContain(text);
    for (const text of [KEPT_CANDIDATE, KEPT_PARTICIPANT, KEPT_NOTE]) expect(after, text).toContain(text);

    const report = await verifyAllClauses(h.deps);
    expect(report).toMatchObject({ ok: true, failed: 0, failures: [], chain: { ok: true, broken: 0, firstBroken: null } });
    expect(await kept()).toEqual(keptBefore);

    // The erased instances still read, with their references and texts erased.
    const placement = ok(await h.as(p.officer).get(`/api/v1/placements/${placementId}`));
    expect(placement).toMatchObject({ state: 'endedEarly' });
    expect(JSON.stringify(placement)).toContain(`erased-${placementId}`);
    expect((await h.as(p.officer).get(`/api/v1/placements/${acceptedPlacementId}`)).status).toBe(200);
    expect((await h.as(matcher).get('/api/v1/candidates')).body.map((c: { id: string }) => c.id)).toEqual([keptCandidateId]);

    // Recorded: who and when, and which instances; the data itself is not (the dump above holds no reference).
    const { rows } = await sql<Record<string, any>>`select * from erasures order by subject`.execute(db());
    expect(rows).toEqual([
      expect.objectContaining({ subject: 'candidate', subject_id: candidateId, actor_role: 'matcher', instance_ids: expect.arrayContaining([proposalId]) }),
      expect.objectContaining({ subject: 'participant', subject_id: placementId, actor_role: 'officer', instance_ids: expect.arrayContaining([offerId]) }),
    ]);
  });

  it("erases a programme's own-workplace participant: no table holds them, verify passes, the supervisor and the mail log stay", async () => {
    const mailBefore = (await sql<{ n: number }>`select count(*)::int as n from mail_messages`.execute(db())).rows[0]!.n;
    expect((await h.as(p.contractor).post(`/api/v1/placements/${ownPlacementId}/erase`)).status).toBe(404);
    const erased = ok(await h.as(matcher).post(`/api/v1/placements/${ownPlacementId}/erase`));
    expect(erased).toMatchObject({ subject: 'participant', alreadyErased: false, counts: { placements: 1, followUps: 3 } });
    const after = await dump();
    for (const text of [OWN_PARTICIPANT, ...OWN_TEXTS]) expect(after, text).not.toContain(text);
    expect(after).toContain(SUPERVISOR);
    expect((await sql<{ n: number }>`select count(*)::int as n from mail_messages`.execute(db())).rows[0]!.n).toBe(mailBefore);
    expect(await verifyAllClauses(h.deps)).toMatchObject({ ok: true, failed: 0, chain: { ok: true } });
  });

  it('erases again without harm, and what was added since', async () => {
    const again = ok(await h.as(matcher).post(`/api/v1/candidates/${candidateId}/erase`));
    expect(again).toMatchObject({ alreadyErased: true, erasureIds: [], counts: { candidates: 0, proposals: 0, historyRows: 0 } });
    // Without a body, as `curl -X POST` sends it.
    const placementAgain = ok(await h.as(p.buyerAdmin).raw(`/api/v1/placements/${placementId}/erase`, { method: 'POST' }));
    expect(placementAgain).toMatchObject({ alreadyErased: true, erasureIds: [], counts: { placements: 0, historyRows: 0 } });

    // The auditor rejects the erased placement with a reason that names the participant again; erasing again takes it.
    const reason = `Avvisad: ${PARTICIPANT} saknar intyg`;
    ok(await h.as(p.auditor).post(`/api/v1/placements/${placementId}/events`, { type: 'REJECT', reason }));
    expect(await dump()).toContain(reason);
    const third = ok(await h.as(p.officer).post(`/api/v1/placements/${placementId}/erase`));
    expect(third).toMatchObject({ alreadyErased: false, counts: { placements: 1, historyRows: 1 } });
    expect(await dump()).not.toContain(PARTICIPANT);
    expect(await verifyAllClauses(h.deps)).toMatchObject({ ok: true, chain: { ok: true } });
  });

  it('erases by reference for the CLI, through the same door', async () => {
    const contractor = h.as(p.contractor);
    h.clock.set(new Date('2026-05-03T08:00:00Z'));
    const ref = 'DELT-CLI-3';
    const id = ok(await contractor.post(`/api/v1/clauses/${clauseId}/placements`, { ...placementBody(ref), startDate: '2026-05-04' }), 201).id;
    ok(await contractor.post(`/api/v1/clauses/${clauseId}/offers`, { ...offerBody(ref), offeredDate: '2026-05-01' }), 201);
    const poolRef = 'KAND-CLI-9';
    ok(await h.as(matcher).post('/api/v1/candidates', candidateBody(poolRef)), 201);

    await expect(eraseByReference(h.deps, {})).rejects.toBeInstanceOf(KlausulError);
    await expect(eraseByReference(h.deps, { candidate: poolRef, participant: ref })).rejects.toMatchObject({ code: 'validation' });
    expect(await eraseByReference(h.deps, { participant: ref })).toMatchObject({
      subject: 'participant',
      alreadyErased: false,
      counts: { placements: 1, offers: 1, historyRows: 2 },
    });
    expect(await eraseByReference(h.deps, { candidate: ` ${poolRef} ` })).toMatchObject({ subject: 'candidate', counts: { candidates: 1 } });
    expect(await eraseByReference(h.deps, { participant: ref })).toMatchObject({ alreadyErased: true, erasureIds: [] });

    const after = await dump();
    expect(after).not.toContain(ref);
    expect(after).not.toContain(poolRef);
    expect((await sql<{ actor_role: string }>`select actor_role from erasures where subject_id is null or subject_id <> ${id}`.execute(db())).rows).toEqual(
      expect.arrayContaining([{ actor_role: 'operator' }]),
    );
    expect(await verifyAllClauses(h.deps)).toMatchObject({ ok: true, chain: { ok: true } });
  });
});
