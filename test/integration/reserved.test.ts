/**
 * Reserved contracts (LOU 4 kap. 18 §, issue 22): a tender marked reserved at
 * creation or by PATCH (until a clause of it is awarded) is awarded with the
 * supplier's declared share of staff in the target groups, at least 30 %;
 * below that, or missing, the award is refused naming the rule, and a tender
 * that is not reserved takes no declaration. The OCDS release names the
 * strategy `reservedParticipation` (a code of the sustainability extension's
 * codelist) and the declaration, and validates against the schema. The
 * portfolio counts reserved contracts with their shares, and the supervisors
 * named under its clauses, as counted here by hand.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { awardBody, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { releasePackageValidator } from '../support/ocds-schema.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { openingBody, placementBody } from '../support/world.ts';

const validate = releasePackageValidator();
const errorsOf = (document: unknown) => (validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
const STRATEGIES = readFileSync(new URL('../../reference/ocds/extensions/sustainability/codelists/sustainabilityStrategy.csv', import.meta.url), 'utf8');

describe.each(BACKENDS)('reserved contracts on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    h.clock.set(new Date('2026-03-01T08:00:00Z'));
  });
  afterAll(() => dropSeeded({ database, store }));

  const tender = async (reference: string, extra: object = {}) => {
    const res = await h.as(p.officer).post('/api/v1/tenders', { reference, title: 'Städning av Lugnviks skola', ...extra });
    expect(res.status).toBe(201);
    return res.body;
  };
  const publishedClause = async (tenderId: string) => {
    const clause = await h.as(p.officer).post(`/api/v1/tenders/${tenderId}/clauses`, { templateId: 'placements', language: 'sv', params: PLACEMENT_PARAMS });
    await drive(h, clause.body.id, [[p.officer, { type: 'PUBLISH' }]]);
    return clause.body.id as string;
  };
  const award = (clauseId: string, extra: object = {}) =>
    h.as(p.officer).post(`/api/v1/clauses/${clauseId}/events`, { ...awardBody(p.supplierOrgId), ...extra });

  it('marks a tender reserved at creation, and by PATCH until a clause of it is awarded', async () => {
    expect((await tender('R-0')).reserved).toBe(false);
    const created = await tender('R-1', { reserved: true });
    expect(created.reserved).toBe(true);
    const later = await tender('R-2');
    const patched = await h.as(p.officer).raw(`/api/v1/tenders/${later.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ reserved: true }),
      headers: { 'content-type': 'application/json' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.reserved).toBe(true);
    const patch = (key: string, id: string, body: object) =>
      h.as(key).raw(`/api/v1/tenders/${id}`, { method: 'PATCH', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect((await patch(p.otherOfficer, later.id, { reserved: false })).status).toBe(404);
    expect((await patch(p.auditor, later.id, { reserved: false })).status).toBe(403);
    expect((await patch(p.officer, later.id, { reserved: 'ja' })).status).toBe(422);
  });

  it('refuses a reserved award without a declaration or below 30 %, and a declaration on a tender that is not reserved', async () => {
    const reserved = await tender('R-3', { reserved: true });
    const clauseId = await publishedClause(reserved.id);
    const missing = await award(clauseId);
    expect(missing.status).toBe(422);
    expect(missing.body.issues[0]).toMatchObject({ path: 'reservedShareDeclaredPct' });
    const low = await award(clauseId, { reservedShareDeclaredPct: 29.5 });
    expect(low.status).toBe(422);
    expect(low.body.message).toContain('LOU 4 kap. 18 §');
    expect(low.body.issues[0]).toMatchObject({ path: 'reservedShareDeclaredPct', code: 'too_small', minimum: 30 });
    expect((await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body.state).toBe('tendering');

    const plain = await tender('R-4');
    const plainClause = await publishedClause(plain.id);
    expect((await award(plainClause, { reservedShareDeclaredPct: 40 })).status).toBe(422);
  });

  it('records the declaration at award, publishes it in OCDS valid against the schema, and settles the reservation', async () => {
    const reserved = await tender('R-5', { reserved: true });
    const clauseId = await publishedClause(reserved.id);
    const awarded = await award(clauseId, { reservedShareDeclaredPct: 42 });
    expect(awarded.status).toBe(200);
    expect(awarded.body.contract.reservedShareDeclaredPct).toBe(42);

    const ocds = await h.as(p.officer).get(`/api/v1/clauses/${clauseId}/ocds`);
    expect(errorsOf(ocds.body)).toEqual([]);
    const release = ocds.body.releases[0];
    expect(release.tender.sustainability[0].strategies).toEqual(['contractPerformanceConditions', 'reservedParticipation']);
    expect(STRATEGIES).toMatch(/^reservedParticipation,/m);
    expect(release.awards[0].description).toContain('42 %');
    const tenderOcds = await h.as(p.officer).get(`/api/v1/tenders/${reserved.id}/ocds`);
    expect(errorsOf(tenderOcds.body)).toEqual([]);

    const settled = await h.as(p.officer).raw(`/api/v1/tenders/${reserved.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ reserved: false }),
      headers: { 'content-type': 'application/json' },
    });
    expect(settled.status).toBe(409);
  });

  it('counts reserved contracts with their declared shares, and the supervisors named, in the portfolio', async () => {
    // One more reserved award (35 %) beside R-5's 42 %; R-3 and R-4 were never awarded.
    const reserved = await tender('R-6', { reserved: true });
    const clauseId = await publishedClause(reserved.id);
    await award(clauseId, { reservedShareDeclaredPct: 35 });
    await drive(h, clauseId, [
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    // Two supervisors, one trained; named by a placement and an opening, and the trained one by both: two distinct, one trained.
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
    const trained = (await h.as(p.contractor).post('/api/v1/supervisors', { name: 'Karin Lund' })).body;
    await h.as(p.contractor).post(`/api/v1/supervisors/${trained.id}/trainings`, { course: 'Handledarutbildning', provider: 'KIVO', date: '2026-02-01' });
    const untrained = (await h.as(p.contractor).post('/api/v1/supervisors', { name: 'Per Nilsson' })).body;
    expect((await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, { ...placementBody('RES-1'), supervisorId: trained.id })).status).toBe(201);
    expect((await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/openings`, openingBody({ supervisorId: trained.id }))).status).toBe(201);
    expect((await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/openings`, openingBody({ supervisorId: untrained.id }))).status).toBe(201);

    const portfolio = (await h.as(p.officer).get('/api/v1/portfolio')).body;
    expect(portfolio.reserved.contracts).toBe(2);
    expect(portfolio.reserved.declarations.map((d: { reservedShareDeclaredPct: number }) => d.reservedShareDeclaredPct).sort()).toEqual([35, 42]);
    expect(portfolio.reserved.declarations[0]).toMatchObject({ supplierOrgId: p.supplierOrgId, supplierName: 'Jämtbygg AB' });
    expect(portfolio.supervisors).toEqual({ named: 2, trained: 1 });
    // Another buyer's portfolio holds none of it.
    expect((await h.as(p.otherOfficer).get('/api/v1/portfolio')).body).toMatchObject({ reserved: { contracts: 0 }, supervisors: { named: 0, trained: 0 } });
  });
});
