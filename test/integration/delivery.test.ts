/**
 * Delivery over HTTP, on PGlite and (with DATABASE_URL) on PostgreSQL:
 * placements (one by one and by CSV), period reports, verification, measured
 * fulfilment, shortfall and the computed vite.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { clauseInDelivery, drive, dropSeeded, openSeeded, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';

const PLACEMENTS = {
  count: 2,
  minWeeks: 12,
  hoursPerWeek: 30,
  targetGroups: ['newcomers', 'youth-16-24'],
  matchingBody: 'Arbetsförmedlingen',
  vite: { sekPerMissingPlacement: 50_000, capPct: 2 },
};

const placement = (participantRef: string, startDate: string, plannedEndDate: string, extra: object = {}) => ({
  participantRef,
  targetGroup: 'newcomers',
  attestation: { issuer: 'Arbetsförmedlingen', reference: `AF-${participantRef}`, date: '2026-02-20' },
  role: 'målare',
  site: 'Lugnvik etapp 2',
  startDate,
  plannedEndDate,
  fte: 1,
  hoursPerWeek: 35,
  ...extra,
});

const CSV_HEADER = 'participantRef,targetGroup,attestationIssuer,attestationReference,attestationDate,role,site,startDate,plannedEndDate,fte,hoursPerWeek';
const csvRow = (ref: string, start: string, end: string, fte = '1', group = 'youth-16-24') =>
  `${ref},${group},Arbetsförmedlingen,AF-${ref},2026-02-20,snickare,,${start},${end},${fte},35`;

describe.each(BACKENDS)('delivery on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;

  beforeAll(async () => void ({ database, store, h, p } = await openSeeded(backend)));
  afterAll(() => dropSeeded({ database, store }));

  const csv = (key: string, clauseId: string, body: string) =>
    h.as(key).raw(`/api/v1/clauses/${clauseId}/placements/import`, { method: 'POST', body, headers: { 'content-type': 'text/csv' } });
  const count = async (table: 'placements' | 'reports' | 'item_history') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const inDelivery = (templateId: string, params: object) => clauseInDelivery(h, p, templateId, params);

  it('carries placements from registration to verification, counts them and confirms the clause fulfilled', async () => {
    const clauseId = await inDelivery('placements', PLACEMENTS);
    const contractor = h.as(p.contractor);
    const auditor = h.as(p.auditor);
    const event = (id: string, key: string, body: object) => h.as(key).post(`/api/v1/placements/${id}/events`, body);

    const first = await contractor.post(`/api/v1/clauses/${clauseId}/placements`, placement('JB-001', '2026-03-02', '2026-05-31'));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ state: 'registered', version: 1, participantRef: 'JB-001', allowedEvents: ['START', 'DISCONTINUE'] });

    // A bad row stores nothing and is named by row and column.
    const before = await count('placements');
    const bad = await csv(
      p.contractor,
      clauseId,
      [CSV_HEADER, csvRow('JB-002', '2026-03-02', '2026-05-24'), csvRow('JB-003', '2026-03-02', '2026-05-23', '"1,5"')].join('\n'),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.issues).toEqual([expect.objectContaining({ row: 2, path: 'fte' })]);
    expect(await count('placements')).toBe(before);

    // 2026-03-02 to 2026-05-24 is exactly 12 weeks; to 2026-05-23 one day short.
    const imported = await csv(
      p.contractor,
      clauseId,
      [CSV_HEADER, csvRow('JB-002', '2026-03-02', '2026-05-24'), csvRow('JB-003', '2026-03-02', '2026-05-23', '"0,8"')].join('\n'),
    );
    expect(imported.status).toBe(201);
    expect(imported.body.imported).toBe(2);
    const [second, third] = imported.body.placementIds as string[];

    h.clock.set(new Date('2026-06-02T08:00:00Z'));
    for (const [id, end] of [
      [first.body.id, '2026-05-31'],
      [second!, '2026-05-24'],
      [third!, '2026-05-23'],
    ] as const) {
      expect((await event(id, p.contractor, { type: 'START' })).status).toBe(200);
      const done = await event(id, p.contractor, { type: 'COMPLETE', endDate: end, outcome: 'employment' });
      expect(done.body).toMatchObject({ state: 'completed', endDate: end, outcome: 'employment', allowedEvents: [] });
    }
    expect((await event(first.body.id, p.contractor, { type: 'VERIFY' })).status).toBe(403);
    expect((await h.as(p.otherContractor).get(`/api/v1/placements/${first.body.id}`)).status).toBe(404);

    // Nothing counts before verification.
    expect((await auditor.get(`/api/v1/clauses/${clauseId}`)).body.fulfilment).toMatchObject({ measured: 0, target: 2, reached: false });
    for (const id of [first.body.id, second!, third!]) expect((await event(id, p.auditor, { type: 'VERIFY' })).body.state).toBe('verified');

    const clause = await auditor.get(`/api/v1/clauses/${clauseId}`);
    expect(clause.body.fulfilment).toMatchObject({
      unit: 'placements',
      measured: 2,
      target: 2,
      pct: 100,
      reached: true,
      byTargetGroup: { newcomers: 1, 'youth-16-24': 1 },
    });

    await drive(h, clauseId, [
      [p.officer, { type: 'CLOSE_DELIVERY' }],
      [p.auditor, { type: 'CONFIRM_FULFILLED', note: 'Två platser om minst tolv veckor' }],
    ]);
    const done = await auditor.get(`/api/v1/clauses/${clauseId}`);
    expect(done.body).toMatchObject({ state: 'fulfilled', final: true });

    const history = await auditor.get(`/api/v1/placements/${first.body.id}/history`);
    expect(history.body.map((e: any) => [e.type, e.actorRole])).toEqual([
      ['CREATE', 'contractor'],
      ['START', 'contractor'],
      ['COMPLETE', 'contractor'],
      ['VERIFY', 'auditor'],
    ]);
    const report = await verifyAllClauses(h.deps);
    expect(report).toMatchObject({ ok: true, failures: [] });
    expect(report.checkedByKind.placement).toBeGreaterThanOrEqual(3);
  });

  it('refuses placements before the contract start, end dates in the future, duplicates and personal identity numbers', async () => {
    const clauseId = await inDelivery('placements', PLACEMENTS);
    const contractor = h.as(p.contractor);
    const early = await contractor.post(`/api/v1/clauses/${clauseId}/placements`, placement('JB-100', '2026-02-01', '2026-05-01'));
    expect(early.status).toBe(422);
    expect(early.body.issues[0]).toMatchObject({ path: 'startDate' });

    const ok = await contractor.post(`/api/v1/clauses/${clauseId}/placements`, placement('JB-101', '2026-03-02', '2026-06-01'));
    const again = await contractor.post(`/api/v1/clauses/${clauseId}/placements`, placement('JB-101', '2026-03-02', '2026-06-01'));
    expect(again.status).toBe(422);
    expect(again.body.issues[0].message).toContain('already registered');

    await contractor.post(`/api/v1/placements/${ok.body.id}/events`, { type: 'START' });
    const future = await contractor.post(`/api/v1/placements/${ok.body.id}/events`, { type: 'COMPLETE', endDate: '2026-12-31', outcome: 'none' });
    expect(future.status).toBe(422);
    expect(future.body.issues[0].path).toBe('endDate');

    const before = await count('placements');
    const pin = await contractor.post(`/api/v1/clauses/${clauseId}/placements`, placement('19121212-1212', '2026-03-02', '2026-06-01'));
    expect(pin.status).toBe(422);
    expect(pin.body.error).toBe('personal_identity_number');
    const pinCsv = await csv(
      p.contractor,
      clauseId,
      [CSV_HEADER, csvRow('JB-102', '2026-03-02', '2026-06-01'), csvRow('121212-1212', '2026-03-02', '2026-06-01')].join('\n'),
    );
    expect(pinCsv.status).toBe(422);
    expect(pinCsv.body).toMatchObject({ error: 'personal_identity_number', row: 2, path: 'participantRef' });
    const spaced = await contractor.post(`/api/v1/clauses/${clauseId}/placements`, placement('19811218 9876', '2026-03-02', '2026-06-01'));
    expect(spaced.body).toMatchObject({ error: 'personal_identity_number', path: 'participantRef' });
    const spacedCsv = await csv(
      p.contractor,
      clauseId,
      [CSV_HEADER, csvRow('JB-103', '2026-03-02', '2026-06-01').replace('JB-103', 'JB-103 (811218 9876)')].join('\n'),
    );
    expect(spacedCsv.body).toMatchObject({ error: 'personal_identity_number', row: 1, path: 'participantRef' });
    // A date that merely looks like a number (no valid check digit) passes.
    const dateLike = await csv(p.contractor, clauseId, [CSV_HEADER, csvRow('20260302-0001', '2026-03-02', '2026-06-01')].join('\n'));
    expect(dateLike.status).toBe(201);
    expect(await count('placements')).toBe(before + 1);

    expect((await h.as(p.officer).post(`/api/v1/clauses/${clauseId}/placements`, placement('JB-103', '2026-03-02', '2026-06-01'))).status).toBe(403);
    expect((await h.as(p.otherContractor).post(`/api/v1/clauses/${clauseId}/placements`, placement('JB-104', '2026-03-02', '2026-06-01'))).status).toBe(404);
  });

  it('imports a file larger than one write chunk whole, or not at all when the database fails in a later chunk', async () => {
    const clauseId = await inDelivery('placements', PLACEMENTS);
    const file = (prefix: string) => [CSV_HEADER, ...Array.from({ length: 2_500 }, (_, i) => csvRow(`${prefix}-${i}`, '2026-03-02', '2026-05-31'))].join('\n');
    const before = { placements: await count('placements'), history: await count('item_history') };

    // A real database failure on a row of the second chunk (rows 2,001–4,000).
    await sql`create function klausul_test_fail() returns trigger language plpgsql as $$
      begin if new.participant_ref = 'BAD-2400' then raise exception 'injected failure'; end if; return new; end $$`.execute(store.db);
    await sql`create trigger klausul_test_fail before insert on placements for each row execute function klausul_test_fail()`.execute(store.db);
    try {
      const failed = await csv(p.contractor, clauseId, file('BAD'));
      expect(failed.status).toBe(500);
    } finally {
      await sql`drop trigger klausul_test_fail on placements`.execute(store.db);
      await sql`drop function klausul_test_fail()`.execute(store.db);
    }
    expect({ placements: await count('placements'), history: await count('item_history') }).toEqual(before);

    const imported = await csv(p.contractor, clauseId, file('OK'));
    expect(imported.body.imported).toBe(2_500);
    expect({ placements: await count('placements'), history: await count('item_history') }).toEqual({
      placements: before.placements + 2_500,
      history: before.history + 2_500,
    });
  });

  it('takes period reports: consistent hours, no overlapping periods, query and resubmission, measured local share', async () => {
    const clauseId = await inDelivery('local-hiring', { localSharePct: 30, disadvantagedSharePct: 10, areas: ['Lugnvik'] });
    h.clock.set(new Date('2026-07-15T08:00:00Z'));
    const contractor = h.as(p.contractor);
    const reports = `/api/v1/clauses/${clauseId}/reports`;

    const inconsistent = await contractor.post(reports, { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 100, localLabourHours: 120 });
    expect(inconsistent.status).toBe(422);
    expect(inconsistent.body.issues[0].path).toBe('localLabourHours');

    const march = await contractor.post(reports, {
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      totalLabourHours: 1000,
      localLabourHours: 200,
      disadvantagedLabourHours: 50,
    });
    expect(march.status).toBe(201);
    const overlap = await contractor.post(reports, { periodStart: '2026-03-31', periodEnd: '2026-04-30', totalLabourHours: 10 });
    expect(overlap.status).toBe(409);
    expect(overlap.body).toMatchObject({ error: 'conflict', reportId: march.body.id });
    const notEnded = await contractor.post(reports, { periodStart: '2026-07-01', periodEnd: '2026-07-31', totalLabourHours: 10 });
    expect(notEnded.status).toBe(422);

    const event = (key: string, body: object) => h.as(key).post(`/api/v1/reports/${march.body.id}/events`, body);
    expect((await event(p.auditor, { type: 'QUERY', reason: 'Lokala timmar saknar underlag' })).body.state).toBe('queried');
    const resubmitted = await event(p.contractor, { type: 'RESUBMIT', totalLabourHours: 1000, localLabourHours: 350, disadvantagedLabourHours: 120 });
    expect(resubmitted.body).toMatchObject({ state: 'resubmitted', localLabourHours: 350, queries: ['Lokala timmar saknar underlag'] });

    expect((await h.as(p.auditor).get(`/api/v1/clauses/${clauseId}`)).body.fulfilment).toMatchObject({ measured: 0, reached: false });
    await event(p.auditor, { type: 'ACCEPT' });
    const clause = await h.as(p.auditor).get(`/api/v1/clauses/${clauseId}`);
    expect(clause.body.fulfilment).toMatchObject({
      unit: 'percent-of-labour-hours',
      measured: 35,
      target: 30,
      reached: true,
      conditions: { disadvantagedSharePct: { measured: 12, target: 10 } },
    });
  });

  it('records the measured gap at shortfall and imposes the computed vite when no amount is sent', async () => {
    const clauseId = await inDelivery('placements', PLACEMENTS);
    await drive(h, clauseId, [
      [p.officer, { type: 'CLOSE_DELIVERY' }],
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Inga platser' }],
    ]);
    const shortfall = await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`);
    expect(shortfall.body.shortfall).toMatchObject({ reason: 'Inga platser', fulfilment: { measured: 0, target: 2 } });
    expect(shortfall.body.vite).toMatchObject({ capSek: 240_000, computedSek: 100_000 });

    const sanctioned = await h.as(p.officer).post(`/api/v1/clauses/${clauseId}/events`, { type: 'IMPOSE_SANCTION', reason: 'Två saknade platser' });
    expect(sanctioned.status).toBe(200);
    expect(sanctioned.body).toMatchObject({ state: 'sanctioned', sanction: { amountSek: 100_000 } });
  });
});
