/**
 * The organisations API: every signed-in user lists the buyers, suppliers and
 * matching bodies Klausul knows, by name in Swedish order, of a kind and by
 * part of a name or an organisation number; one organisation by its id (404
 * when there is none); a filter Klausul cannot read answers 422 naming what
 * to send, and no key 401. The ids it gives are what a clause is awarded to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { awardBody, dropSeeded, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';

describe.each(BACKENDS)('organisations on %s', (backend) => {
  let seeded: SeededDatabase;
  let fixarnaId: string;
  let matcher: string;

  beforeAll(async () => {
    seeded = await openSeeded(backend);
    fixarnaId = (await addOrganisation(seeded.h.deps, { name: 'Fixarna i Åre AB', kind: 'supplier', orgNumber: '556677-8899', socialEnterprise: 'yes' })).id;
    const body = await addOrganisation(seeded.h.deps, { name: 'Arbetsmarknadsenheten Östersund', kind: 'matching_body' });
    matcher = (await addUser(seeded.h.deps, { orgId: body.id, role: 'matcher', name: 'Mia Sund' })).apiKey;
  });
  afterAll(() => dropSeeded(seeded));

  const get = (path: string, key = seeded.p.officer) => seeded.h.as(key).get(`/api/v1${path}`);
  const names = (body: Array<{ name: string }>) => body.map((o) => o.name);

  it('lists every organisation to every signed-in user, by name as Swedish sorts it', async () => {
    for (const key of [seeded.p.officer, seeded.p.contractor, matcher]) {
      const res = await get('/organisations', key);
      expect(res.status).toBe(200);
      // Å and Ö sort after Z in Swedish.
      expect(names(res.body)).toEqual([
        'Arbetsmarknadsenheten Östersund',
        'Fixarna i Åre AB',
        'Jämtbygg AB',
        'Norrbygg AB',
        'ÖrebroBostäder AB',
        'Östersundshem AB',
      ]);
    }
    expect((await get('/organisations')).body.find((o: { id: string }) => o.id === fixarnaId)).toEqual({
      id: fixarnaId,
      name: 'Fixarna i Åre AB',
      kind: 'supplier',
      orgNumber: '556677-8899',
      socialEnterprise: true,
    });
  });

  it('filters by kind and finds by part of a name, in any case, or of an organisation number with or without its dash', async () => {
    expect(names((await get('/organisations?kind=supplier')).body)).toEqual(['Fixarna i Åre AB', 'Jämtbygg AB', 'Norrbygg AB']);
    expect(names((await get('/organisations?kind=matching_body')).body)).toEqual(['Arbetsmarknadsenheten Östersund']);
    expect(names((await get('/organisations?q=BYGG')).body)).toEqual(['Jämtbygg AB', 'Norrbygg AB']);
    expect(names((await get(`/organisations?q=${encodeURIComponent('åre')}`)).body)).toEqual(['Fixarna i Åre AB']);
    expect(names((await get('/organisations?q=5566778899')).body)).toEqual(['Fixarna i Åre AB']);
    expect(names((await get('/organisations?q=677-88')).body)).toEqual(['Fixarna i Åre AB']);
    expect(names((await get('/organisations?kind=buyer&q=bygg')).body)).toEqual([]);
  });

  it('answers one organisation by id, 404 for an id it does not know, and its id is what a clause is awarded to', async () => {
    const one = await get(`/organisations/${seeded.p.supplierOrgId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: seeded.p.supplierOrgId, name: 'Jämtbygg AB', kind: 'supplier' });
    const missing = await get('/organisations/no-such-organisation');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not_found');

    const { h, p } = seeded;
    const supplier = (await get('/organisations?kind=supplier&q=Jämtbygg')).body[0];
    const tender = await h.as(p.officer).post('/api/v1/tenders', { reference: 'ORG-1', title: 'Tilldelning via organisations-API' });
    const clause = await h
      .as(p.officer)
      .post(`/api/v1/tenders/${tender.body.id}/clauses`, { templateId: 'placements', language: 'sv', params: PLACEMENT_PARAMS });
    expect((await h.as(p.officer).post(`/api/v1/clauses/${clause.body.id}/events`, { type: 'PUBLISH' })).status).toBe(200);
    const awarded = await h.as(p.officer).post(`/api/v1/clauses/${clause.body.id}/events`, awardBody(supplier.id));
    expect(awarded.status).toBe(200);
    expect(awarded.body.contractorOrgId).toBe(p.supplierOrgId);
  });

  it('refuses a filter it cannot read with 422 naming what to send, and a request without a key with 401', async () => {
    const kind = await get('/organisations?kind=leverantör');
    expect(kind.status).toBe(422);
    expect(JSON.stringify(kind.body.issues)).toContain('kind');
    const blank = await get('/organisations?q=%20%20');
    expect(blank.status).toBe(422);
    expect(JSON.stringify(blank.body.issues)).toContain('part of a name');
    const unknown = await get('/organisations?name=Jämtbygg');
    expect(unknown.status).toBe(422);
    expect((await seeded.h.app.request('/api/v1/organisations')).status).toBe(401);
  });
});
