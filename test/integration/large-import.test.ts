/**
 * An import's references are checked against the clause's placements in one
 * query with one array parameter (src/db/items.ts). As one parameter per
 * reference, 65,535 rows passed PostgreSQL's limit of bound parameters, and
 * 40,000 broke the embedded store's connection for every later request
 * (issue 20): a 4.2 MB file of 40,000 rows, under the 20 MB the import takes.
 * A file takes at most 50,000 rows: that many are imported on both stores, one
 * more is refused whole (413), and the service answers the next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existingParticipantRefs } from '../../src/db/items.ts';
import { MAX_IMPORT_ROWS } from '../../src/domain/placement-csv.ts';
import { clauseInDelivery, dropSeeded, harness, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS, createTestDatabase } from '../support/stores.ts';
import { webUser } from '../support/web-session.ts';
import { PLACEMENT_CSV_HEADER, placementCsvRow } from '../support/world.ts';

describe.each(BACKENDS)('the references of a large import on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(() => dropSeeded(seeded));

  it('are looked up in one query however many there are, and the store answers the next request', async () => {
    const { h, p, store } = seeded;
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    const csv = [PLACEMENT_CSV_HEADER, placementCsvRow('L-1'), placementCsvRow('L-2')].join('\n');
    const imported = await h.as(p.contractor).raw(`/api/v1/clauses/${clauseId}/placements/import`, {
      method: 'POST',
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(201);

    const refs = Array.from({ length: 70_000 }, (_, i) => `L-${i}`);
    expect((await existingParticipantRefs(store.db, clauseId, refs)).sort()).toEqual(['L-1', 'L-2']);
    expect((await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).status).toBe(200);
  });

  it(`imports ${MAX_IMPORT_ROWS} rows, refuses one more with 413 naming the limit, and answers every other request after`, { timeout: 300_000 }, async () => {
    const { h, p } = seeded;
    const clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    const contractor = h.as(p.contractor);
    const csv = (from: number, count: number) =>
      [PLACEMENT_CSV_HEADER, ...Array.from({ length: count }, (_, i) => placementCsvRow(`M-${from + i}`))].join('\n');
    const importRows = (from: number, count: number) =>
      contractor.raw(`/api/v1/clauses/${clauseId}/placements/import`, { method: 'POST', body: csv(from, count), headers: { 'content-type': 'text/csv' } });

    const tooMany = await importRows(0, MAX_IMPORT_ROWS + 1);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ error: 'payload_too_large', maxRows: MAX_IMPORT_ROWS });
    expect(tooMany.body.message).toContain('at most 50,000 rows per file');
    // The web application's import says the same, in the page's language.
    const form = new FormData();
    form.set('file', new File([csv(0, MAX_IMPORT_ROWS + 1)], 'deltagare.csv', { type: 'text/csv' }));
    const page = await (await webUser(h, p.contractor)).post(`/app/clauses/${clauseId}/placements/import`, form);
    expect(page.status).toBe(413);
    expect(page.text).toMatch(/En import tar högst 50\s000 rader per fil/);
    expect((await contractor.get(`/api/v1/clauses/${clauseId}/placements`)).body).toHaveLength(0);

    const imported = await importRows(0, MAX_IMPORT_ROWS);
    expect(imported.status).toBe(201);
    expect(imported.body.imported).toBe(MAX_IMPORT_ROWS);

    // After both, the service answers: the clause, another user, the web application, the health check.
    expect((await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).status).toBe(200);
    expect((await h.as(p.otherOfficer).get('/api/v1/clauses')).status).toBe(200);
    expect((await h.app.request('/health')).status).toBe(200);
    // Refused again as a duplicate, whole: the store still judges imports.
    const again = await importRows(MAX_IMPORT_ROWS - 1, 2);
    expect(again.status).toBe(422);
    expect(again.body.issues).toEqual([expect.objectContaining({ row: 1, path: 'participantRef' })]);
  });
});

describe.each(BACKENDS)('the health check on %s', (backend) => {
  it('answers 200 while the store answers, and 503 unavailable once it does not', async () => {
    const database = await createTestDatabase(backend);
    try {
      const store = await database.open();
      const h = harness(store);
      const ok = await h.app.request('/health');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ status: 'ok', database: backend });
      await store.close();
      const gone = await h.app.request('/health');
      expect(gone.status).toBe(503);
      expect(await gone.json()).toEqual({ status: 'unavailable', database: backend });
    } finally {
      await database.drop();
    }
  });
});
