/**
 * The portfolio on PGlite and (with DATABASE_URL) PostgreSQL, against figures
 * computed by hand on a small fixture: three placement clauses on contracts
 * running through 2026, seen on 2 July, when 183 of 365 days have passed.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { fireDueDeadlines } from '../../src/engine/deadlines.ts';
import { CLAUSE_EXPORT_COLUMNS } from '../../src/engine/exports.ts';
import { MEASUREMENT_RULES } from '../../src/domain/measure.ts';
import { ProgressRefresher, QUIET_BEFORE_MEASURING_MS } from '../../src/engine/progress.ts';
import { draftClause, drive, dropSeeded, openSeeded, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';

const params = (count: number, targetGroups: string[], vite = true) => ({
  count,
  minWeeks: 12,
  hoursPerWeek: 30,
  targetGroups,
  matchingBody: 'Arbetsförmedlingen',
  ...(vite ? { vite: { sekPerMissingPlacement: 50_000, capPct: 2 } } : {}),
});

describe.each(BACKENDS)('portfolio on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  const ids: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  let otherContractorKey: string;

  /** A clause awarded for 2026 and in delivery. */
  const awarded = async (clauseParams: object, supplierOrgId: string, contractor: string) => {
    const { clauseId } = await draftClause(h, p, clauseParams);
    await drive(h, clauseId, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, { type: 'AWARD', contractorOrgId: supplierOrgId, contractValueSek: 12_000_000, startDate: '2026-01-01', endDate: '2026-12-31' }],
      [contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    return clauseId;
  };
  /** A verified placement of 16 weeks, which counts toward the target. */
  const verifiedPlacement = async (clauseId: string, contractor: string, ref: string, targetGroup: string) => {
    const placement = await h.as(contractor).post(`/api/v1/clauses/${clauseId}/placements`, {
      participantRef: ref,
      targetGroup,
      attestation: { issuer: 'Arbetsförmedlingen', reference: `AF-${ref}`, date: '2025-12-15' },
      role: 'målare',
      startDate: '2026-01-05',
      plannedEndDate: '2026-04-30',
      fte: 1,
      hoursPerWeek: 30,
    });
    expect(placement.status).toBe(201);
    for (const [key, body] of [
      [contractor, { type: 'START' }],
      [contractor, { type: 'COMPLETE', endDate: '2026-04-30', outcome: 'employment' }],
      [p.auditor, { type: 'VERIFY' }],
    ] as const) {
      expect((await h.as(key).post(`/api/v1/placements/${placement.body.id}/events`, body)).status).toBe(200);
    }
  };
  const portfolio = async (key: string, query = '') => {
    const res = await h.as(key).get(`/api/v1/portfolio${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    otherContractorKey = p.otherContractor;
    h.clock.set(new Date('2026-01-01T08:00:00Z'));
    ids.a = await awarded(params(4, ['newcomers', 'youth-16-24']), p.supplierOrgId, p.contractor);
    ids.b = await awarded(params(2, ['newcomers', 'youth-16-24']), p.supplierOrgId, p.contractor);
    ids.c = await awarded(params(3, ['newcomers'], false), p.otherSupplierOrgId, otherContractorKey);
    h.clock.set(new Date('2026-07-02T08:00:00Z'));
    await verifiedPlacement(ids.a, p.contractor, 'PF-A1', 'newcomers');
    await verifiedPlacement(ids.b, p.contractor, 'PF-B1', 'youth-16-24');
    await verifiedPlacement(ids.c, otherContractorKey, 'PF-C1', 'newcomers');
    await verifiedPlacement(ids.c, otherContractorKey, 'PF-C2', 'newcomers');
    // The first quarter's reports were due at the end of April and none came in; the first job was met.
    while ((await fireDueDeadlines(h.deps, 20)).length > 0);
  });
  afterAll(() => dropSeeded({ database, store }));

  it('computes target, delivery, projection, overdue deadlines and exposure per clause, per supplier and per target group', async () => {
    const view = await portfolio(p.auditor);
    expect(view.asOf).toBe('2026-07-02');
    const byId = Object.fromEntries(view.clauses.map((c: any) => [c.clauseId, c]));
    // A: 1 of 4 after 183/365 of the contract → pace 1.99 < 80 % of 4: will miss; vite 3 × 50,000 (cap 240,000).
    expect(byId[ids.a]).toMatchObject({
      kind: 'placements',
      state: 'delivery',
      unit: 'placements',
      target: 4,
      delivered: 1,
      pct: 25,
      overdue: 1,
      projection: 'willMiss',
      exposureSek: 150_000,
    });
    // B: 1 of 2 → pace 1.99, at least 80 % of 2: at risk; vite 1 × 50,000.
    expect(byId[ids.b]).toMatchObject({ target: 2, delivered: 1, pct: 50, overdue: 1, projection: 'atRisk', exposureSek: 50_000 });
    // C: 2 of 3 (66.6 %, floored as the clause shows it) → pace 3.99 ≥ 3: on track; no vite in the clause.
    expect(byId[ids.c]).toMatchObject({
      target: 3,
      delivered: 2,
      pct: 66.6,
      overdue: 1,
      projection: 'onTrack',
      exposureSek: null,
      supplierName: 'Norrbygg AB',
    });

    expect(view.totals).toEqual({ clauses: 3, overdue: 3, onTrack: 1, atRisk: 1, willMiss: 1, exposureSek: 200_000 });
    expect(view.bySupplier).toEqual([
      {
        supplierOrgId: p.supplierOrgId,
        supplierName: 'Jämtbygg AB',
        unit: 'placements',
        clauses: 2,
        target: 6,
        delivered: 2,
        pct: 33.3,
        overdue: 2,
        onTrack: 0,
        atRisk: 1,
        willMiss: 1,
        exposureSek: 200_000,
      },
      {
        supplierOrgId: p.otherSupplierOrgId,
        supplierName: 'Norrbygg AB',
        unit: 'placements',
        clauses: 1,
        target: 3,
        delivered: 2,
        pct: 66.6,
        overdue: 1,
        onTrack: 1,
        atRisk: 0,
        willMiss: 0,
        exposureSek: 0,
      },
    ]);
    expect(view.byTargetGroup).toEqual([
      { targetGroup: 'newcomers', unit: 'placements', clauses: 2, delivered: 3 },
      { targetGroup: 'youth-16-24', unit: 'placements', clauses: 1, delivered: 1 },
    ]);
  });

  it('exports the same clauses as CSV, read back with the CSV library', async () => {
    const res = await h.as(p.auditor).raw(`/api/v1/exports/clauses.csv?supplierOrgId=${p.supplierOrgId}`, { method: 'GET' });
    expect(res.status).toBe(200);
    const rows = parse(res.body as string, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...CLAUSE_EXPORT_COLUMNS]);
    expect(rows.map((r) => r.clauseId).sort()).toEqual([ids.a, ids.b].sort());
    expect(rows.find((r) => r.clauseId === ids.a)).toMatchObject({
      kind: 'placements',
      supplierName: 'Jämtbygg AB',
      target: '4',
      delivered: '1',
      pct: '25',
      projection: 'willMiss',
      exposureSek: '150000',
    });
    const foreign = await h.as(p.otherOfficer).raw('/api/v1/exports/clauses.csv', { method: 'GET' });
    expect(parse(foreign.body as string, { columns: true })).toEqual([]);
  });

  it('exports the same clauses as an Excel workbook, read back with the same library', async () => {
    const res = await h.app.request(`/api/v1/exports/clauses.xlsx?supplierOrgId=${p.supplierOrgId}`, { headers: { authorization: `Bearer ${p.auditor}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const [header, ...rows] = sheet
      .getSheetValues()
      .filter(Boolean)
      .map((row) => (row as unknown[]).slice(1));
    expect(header).toEqual([...CLAUSE_EXPORT_COLUMNS]);
    const records = rows.map((row) => Object.fromEntries(CLAUSE_EXPORT_COLUMNS.map((column, i) => [column, row[i] ?? null])));
    expect(records.map((r) => r.clauseId).sort()).toEqual([ids.a, ids.b].sort());
    // Numbers stay numbers in the sheet.
    expect(records.find((r) => r.clauseId === ids.a)).toMatchObject({ target: 4, delivered: 1, pct: 25, projection: 'willMiss', exposureSek: 150_000 });
  });

  it('filters, pages, and follows new delivery', async () => {
    expect((await portfolio(p.officer, `?supplierOrgId=${p.otherSupplierOrgId}`)).clauses.map((c: any) => c.clauseId)).toEqual([ids.c]);
    expect((await portfolio(p.officer, '?targetGroup=youth-16-24')).totals.clauses).toBe(2);
    expect((await portfolio(p.officer, '?state=verification')).totals.clauses).toBe(0);
    expect((await portfolio(p.officer, '?from=2027-01-01')).totals.clauses).toBe(0);
    const firstPage = await portfolio(p.officer, '?limit=2');
    expect(firstPage.clauses).toHaveLength(2);
    expect(firstPage.page).toEqual({ limit: 2, offset: 0, total: 3 });
    expect((await h.as(p.officer).get('/api/v1/portfolio?kind=bridges')).status).toBe(422);

    // A second verified placement in B: the portfolio measures B again and sees it on track.
    await verifiedPlacement(ids.b, p.contractor, 'PF-B2', 'newcomers');
    const after = await portfolio(p.officer, `?supplierOrgId=${p.supplierOrgId}`);
    expect(after.clauses.find((c: any) => c.clauseId === ids.b)).toMatchObject({ delivered: 2, pct: 100, projection: 'onTrack', exposureSek: 0 });
    expect(after.totals.exposureSek).toBe(150_000);
  });

  it('measures stale clauses in the background once they have been quiet for a while, so that reading the portfolio finds none left to measure', async () => {
    await verifiedPlacement(ids.c, otherContractorKey, 'PF-C3', 'newcomers');
    const stale = () => store.db.selectFrom('clause_progress').select('clause_id').where(sql<boolean>`generation > computed_generation`).execute();
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    expect((await stale()).map((r) => r.clause_id)).toContain(ids.c);
    const refresher = new ProgressRefresher(h.deps, { intervalMs: 10 });
    refresher.start();
    // Some ten rounds of the refresher: a clause that has just changed is left until its burst of events is over.
    await pause(100);
    expect((await stale()).map((r) => r.clause_id)).toContain(ids.c);
    h.clock.advance(QUIET_BEFORE_MEASURING_MS);
    while ((await stale()).length > 0) await pause(10);
    await refresher.stop();
    const progress = await store.db.selectFrom('clause_progress').selectAll().where('clause_id', '=', ids.c).executeTakeFirstOrThrow();
    expect(progress).toMatchObject({ measured: 3, overdue: 1 });
  });

  it('stores a new clause as measured when it is drafted, so that nothing is left to measure for it', async () => {
    const { clauseId } = await draftClause(h, p, { count: 4, minWeeks: 12, hoursPerWeek: 30, targetGroups: ['newcomers'], matchingBody: 'Arbetsförmedlingen' });
    const progress = await store.db.selectFrom('clause_progress').selectAll().where('clause_id', '=', clauseId).executeTakeFirstOrThrow();
    expect(progress).toMatchObject({
      generation: 1,
      computed_generation: 1,
      measured_with: MEASUREMENT_RULES,
      unit: 'placements',
      target: 4,
      measured: 0,
      overdue: 0,
    });
  });

  it('shows a supplier only its own clauses, and a buyer only its own', async () => {
    expect((await portfolio(p.contractor)).clauses.map((c: any) => c.clauseId).sort()).toEqual([ids.a, ids.b].sort());
    expect((await portfolio(otherContractorKey)).clauses.map((c: any) => c.clauseId)).toEqual([ids.c]);
    const foreign = await portfolio(p.otherOfficer);
    expect(foreign.totals.clauses).toBe(0);
    expect(foreign.bySupplier).toEqual([]);
  });

  it('judges a share (local hiring) as it stands without adding it up, and counts closed clauses by what they settled', async () => {
    h.clock.set(new Date('2026-01-01T08:00:00Z'));
    const { tenderId, clauseId: local } = await draftClause(h, p, { localSharePct: 30, disadvantagedSharePct: 10, areas: ['Lugnvik'] }, 'local-hiring');
    await drive(h, local, [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, { type: 'AWARD', contractorOrgId: p.otherSupplierOrgId, contractValueSek: 12_000_000, startDate: '2026-01-01', endDate: '2026-12-31' }],
      [otherContractorKey, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    h.clock.set(new Date('2026-07-02T08:00:00Z'));
    // 10 % local hours against a 30 % target, half-way through: a share is judged as it stands, not carried on by pace.
    const report = await h.as(otherContractorKey).post(`/api/v1/clauses/${local}/reports`, {
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
      totalLabourHours: 1000,
      localLabourHours: 100,
      disadvantagedLabourHours: 20,
    });
    expect((await h.as(p.auditor).post(`/api/v1/reports/${report.body.id}/events`, { type: 'ACCEPT' })).status).toBe(200);
    const view = await portfolio(p.auditor, `?tenderId=${tenderId}`);
    expect(view.clauses).toEqual([
      expect.objectContaining({ clauseId: local, unit: 'percent-of-labour-hours', target: 30, delivered: 10, projection: 'willMiss' }),
    ]);
    expect(view.bySupplier).toEqual([
      expect.objectContaining({ unit: 'percent-of-labour-hours', clauses: 1, target: null, delivered: null, pct: null, willMiss: 1 }),
    ]);

    // A waived clause exposes nothing; a sanctioned one what was imposed.
    await drive(h, ids.b, [
      [p.officer, { type: 'CLOSE_DELIVERY' }],
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Short' }],
      [p.officer, { type: 'WAIVE', reason: 'Agreed' }],
    ]);
    await drive(h, ids.a, [
      [p.officer, { type: 'CLOSE_DELIVERY' }],
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Short' }],
      [p.officer, { type: 'IMPOSE_SANCTION', amountSek: 120_000, reason: 'Vite' }],
    ]);
    const closed = await portfolio(p.auditor, `?supplierOrgId=${p.supplierOrgId}`);
    const byId = Object.fromEntries(closed.clauses.map((c: any) => [c.clauseId, c]));
    expect(byId[ids.a]).toMatchObject({ state: 'viteClaimed', exposureSek: 120_000 });
    expect(byId[ids.b]).toMatchObject({ state: 'waived', exposureSek: 0 });
    expect(closed.totals.exposureSek).toBe(120_000);
    // The percent agrees with the clause's own.
    const clauseA = (await h.as(p.auditor).get(`/api/v1/clauses/${ids.a}`)).body;
    expect(byId[ids.a].pct).toBe(clauseA.fulfilment.pct);
  });

  it('measures every clause again when the measurement rules have changed since it was stored', async () => {
    // As a release with new rules finds progress stored by the old ones.
    await store.db
      .updateTable('clause_progress')
      .set({ measured_with: MEASUREMENT_RULES - 1, measured: 999 })
      .execute();
    const view = await portfolio(p.auditor);
    expect(view.clauses.every((c: any) => c.delivered !== 999)).toBe(true);
    const outdated = await store.db.selectFrom('clause_progress').select('clause_id').where('measured_with', '<>', MEASUREMENT_RULES).execute();
    expect(outdated).toEqual([]);
  });
});
