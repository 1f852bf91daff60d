/**
 * The placements CSV export on PGlite and (with DATABASE_URL) PostgreSQL:
 * read back with the CSV library, more rows than one page, filters, and each
 * organisation sees only its own clauses' placements.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { PLACEMENT_EXPORT_COLUMNS } from '../../src/engine/exports.ts';
import { clauseInDelivery, dropSeeded, openSeeded, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';

const HEADER = 'participantRef,targetGroup,attestationIssuer,attestationReference,attestationDate,role,site,startDate,plannedEndDate,fte,hoursPerWeek';
/** More rows than one page of the export (5,000). */
const ROWS = 5_123;

describe.each(BACKENDS)('exports on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let clauseId: string;

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    clauseId = await clauseInDelivery(h, p, 'placements', {
      count: 2,
      minWeeks: 12,
      hoursPerWeek: 30,
      targetGroups: ['newcomers', 'youth-16-24'],
      matchingBody: 'Arbetsförmedlingen',
    });
    const rows = Array.from(
      { length: ROWS },
      (_, i) =>
        `EX-${String(i).padStart(5, '0')},${i % 2 ? 'newcomers' : 'youth-16-24'},Arbetsförmedlingen,AF-SECRET-${i},2026-02-20,målare,"Etapp 1, hus B",2026-03-02,2026-06-30,"0,5",20`,
    );
    const imported = await h.as(p.contractor).raw(`/api/v1/clauses/${clauseId}/placements/import`, {
      method: 'POST',
      body: [HEADER, ...rows].join('\n'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(201);
  });
  afterAll(() => dropSeeded({ database, store }));

  const exported = async (key: string, query = '') => {
    const res = await h.as(key).raw(`/api/v1/exports/placements.csv${query}`, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    return parse(res.body as string, { columns: true }) as Array<Record<string, string>>;
  };

  it('exports every placement, read back with the same CSV library, without attestation references', async () => {
    const rows = await exported(p.auditor);
    expect(rows).toHaveLength(ROWS);
    expect(Object.keys(rows[0]!)).toEqual([...PLACEMENT_EXPORT_COLUMNS]);
    // Every row once, across the page boundary.
    expect(rows.map((r) => r.participantRef).sort()).toEqual(Array.from({ length: ROWS }, (_, i) => `EX-${String(i).padStart(5, '0')}`).sort());
    expect(rows.find((r) => r.participantRef === 'EX-00001')).toMatchObject({
      clauseId,
      supplier: 'Jämtbygg AB',
      targetGroup: 'newcomers',
      attestationIssuer: 'Arbetsförmedlingen',
      attestationDate: '2026-02-20',
      site: 'Etapp 1, hus B',
      startDate: '2026-03-02',
      fte: '0.5',
      hoursPerWeek: '20',
      state: 'registered',
      endDate: '',
    });
    const raw = (await h.as(p.auditor).raw('/api/v1/exports/placements.csv', { method: 'GET' })).body as string;
    expect(raw).not.toContain('AF-SECRET');
  });

  it('defuses text a spreadsheet would run as a formula', async () => {
    const placement = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, {
      participantRef: 'EX-FORMULA',
      targetGroup: 'newcomers',
      attestation: { issuer: 'Arbetsförmedlingen', reference: 'AF-F', date: '2026-02-20' },
      role: '=HYPERLINK("https://example.org","x")',
      site: '@SUM(A1)',
      startDate: '2026-03-02',
      plannedEndDate: '2026-06-30',
      fte: 1,
      hoursPerWeek: 35,
    });
    expect(placement.status).toBe(201);
    const row = (await exported(p.auditor, `?clauseId=${clauseId}&state=registered`)).find((r) => r.participantRef === 'EX-FORMULA');
    expect(row).toMatchObject({ role: `'=HYPERLINK("https://example.org","x")`, site: "'@SUM(A1)" });
  });

  it('filters, and shows each organisation only its own clauses', async () => {
    expect(await exported(p.officer, '?targetGroup=newcomers')).toHaveLength(Math.floor(ROWS / 2) + 1);
    expect(await exported(p.contractor, `?clauseId=${clauseId}&state=registered`)).toHaveLength(ROWS + 1);
    expect(await exported(p.contractor, '?state=verified')).toEqual([]);
    expect(await exported(p.otherContractor)).toEqual([]);
    expect(await exported(p.otherOfficer)).toEqual([]);
    const bad = await h.as(p.officer).get('/api/v1/exports/placements.csv?targetGroup=everyone');
    expect(bad.status).toBe(422);
  });
});
