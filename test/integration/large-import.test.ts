/**
 * An import's references are checked against the clause's placements in one
 * query with one array parameter (src/db/items.ts). As one parameter per
 * reference, 65,535 rows passed PostgreSQL's limit of bound parameters, and
 * 40,000 broke the embedded store's connection for every later request
 * (issue 20): a 4.2 MB file of 40,000 rows, under the 20 MB the import takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existingParticipantRefs } from '../../src/db/items.ts';
import { clauseInDelivery, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
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
});
