/**
 * Subcontractors (issue 22, item 2). The clause's contractor (the prime) names
 * a supplier with an organisation number as its subcontractor; anything else
 * is refused with 422 naming what to send. The subcontractor's contractors
 * register placements and reports under the clause, attributed to their
 * organisation; they see only their own, on the clauses they are named on;
 * another supplier sees nothing (404). The prime sees theirs and approves
 * them before the auditor: the new state on placement version 3 and period
 * report version 2; the prime's own items go straight to the auditor, and
 * instances on the old versions run as before. `verify` replays them all.
 * Figures per subcontractor are checked against sums made by hand.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placementV2 } from '../../workflows/placement.ts';
import { periodReportV1 } from '../../workflows/period-report.ts';
import type { Store } from '../../src/db/create-db.ts';
import { itemsWaitingFor } from '../../src/db/todo.ts';
import { addOrganisation, addUser, setOrganisation } from '../../src/engine/admin.ts';
import { verifyAllClauses } from '../../src/engine/replay.ts';
import { clauseInDelivery, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';
import { PLACEMENT_CSV_HEADER, placementBody, placementCsvRow } from '../support/world.ts';

describe.each(BACKENDS)('subcontractors on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;
  let clauseId: string;
  /** A work-integration social enterprise with an organisation number, and its contractor. */
  let subOrgId: string;
  let sub: string;
  let subAdmin: string;
  /** A supplier without an organisation number. */
  let unnumberedOrgId: string;
  /** Placements: the subcontractor's and the prime's own. */
  let subPlacement: string;
  let primePlacement: string;
  let subReport: string;

  beforeAll(async () => {
    ({ database, store, h, p } = await openSeeded(backend));
    clauseId = await clauseInDelivery(h, p, 'placements', PLACEMENT_PARAMS);
    const org = await addOrganisation(h.deps, { name: 'Fixarna Arbetsintegrerande AB', kind: 'supplier', orgNumber: '556677-8899', socialEnterprise: 'yes' });
    subOrgId = org.id;
    sub = (await addUser(h.deps, { orgId: subOrgId, role: 'contractor', name: 'Maja Ek' })).apiKey;
    subAdmin = (await addUser(h.deps, { orgId: subOrgId, role: 'admin', name: 'Ola Ek' })).apiKey;
    unnumberedOrgId = (await addOrganisation(h.deps, { name: 'Utan Nummer AB', kind: 'supplier' })).id;
    h.clock.set(new Date('2026-04-02T08:00:00Z'));
  });
  afterAll(() => dropSeeded({ database, store }));

  const subcontractors = `/api/v1/clauses/${'{id}'}/subcontractors`;
  const path = (suffix = '') => subcontractors.replace('{id}', clauseId) + suffix;
  const event = (key: string, kind: 'placements' | 'reports', id: string, body: object) => h.as(key).post(`/api/v1/${kind}/${id}/events`, body);

  it('flags only suppliers as social enterprises (CLI org add / org set)', async () => {
    expect(await setOrganisation(h.deps, { orgId: unnumberedOrgId, socialEnterprise: 'no' })).toMatchObject({ socialEnterprise: false, orgNumber: null });
    await expect(setOrganisation(h.deps, { orgId: p.buyerOrgId, socialEnterprise: 'yes' })).rejects.toMatchObject({ code: 'validation' });
    await expect(addOrganisation(h.deps, { name: 'Kommunen', kind: 'buyer', socialEnterprise: 'yes' })).rejects.toMatchObject({ code: 'validation' });
  });

  it('lets only the prime name a subcontractor, a supplier with an organisation number; says what to send otherwise', async () => {
    expect((await h.as(p.officer).post(path(), { orgId: subOrgId })).status).toBe(403);
    expect((await h.as(p.otherContractor).post(path(), { orgId: subOrgId })).status).toBe(404);
    const buyer = await h.as(p.contractor).post(path(), { orgId: p.buyerOrgId });
    expect(buyer.status).toBe(422);
    expect(buyer.body.issues[0]).toMatchObject({ path: 'orgId' });
    expect(buyer.body.issues[0].message).toContain('send the id of an organisation of kind supplier');
    const unnumbered = await h.as(p.contractor).post(path(), { orgId: unnumberedOrgId });
    expect(unnumbered.status).toBe(422);
    expect(unnumbered.body.issues[0].message).toContain('no organisation number');
    expect((await h.as(p.contractor).post(path(), { orgId: p.supplierOrgId })).status).toBe(422);
    expect((await h.as(p.contractor).post(path(), { orgId: 'no-such-org' })).status).toBe(422);
    expect((await h.as(p.contractor).post(path(), { orgId: subOrgId, spendSek: -1 })).status).toBe(422);

    const named = await h.as(p.contractor).post(path(), { orgId: subOrgId });
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({
      orgId: subOrgId,
      name: 'Fixarna Arbetsintegrerande AB',
      orgNumber: '556677-8899',
      socialEnterprise: true,
      spendSek: null,
    });
    const spend = await h.as(p.contractor).post(path(), { orgId: subOrgId, spendSek: 600_000 });
    expect(spend.status).toBe(200);
    expect(spend.body.spendSek).toBe(600_000);
    // A repeat without spendSek keeps the spend stated.
    expect((await h.as(p.contractor).post(path(), { orgId: subOrgId })).body.spendSek).toBe(600_000);
  });

  it('lets the subcontractor register placements and reports attributed to it, and see only its own', async () => {
    const placed = await h.as(sub).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('SUB-1'));
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ subcontractorOrgId: subOrgId, workflowVersion: 3, state: 'registered' });
    subPlacement = placed.body.id;
    const own = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('PRIME-1'));
    expect(own.body.subcontractorOrgId).toBeNull();
    primePlacement = own.body.id;

    const report = await h.as(sub).post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 400 });
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({ subcontractorOrgId: subOrgId, workflowVersion: 2, state: 'awaitingPrimeApproval', allowedEvents: [] });
    subReport = report.body.id;
    // The same period by the prime is no overlap: each organisation reports its own workforce.
    const primeReport = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/reports`, {
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      totalLabourHours: 1000,
    });
    expect(primeReport.status).toBe(201);
    expect(primeReport.body.state).toBe('submitted');
    expect(
      (await h.as(sub).post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-03-15', periodEnd: '2026-03-31', totalLabourHours: 1 })).status,
    ).toBe(409);

    const ids = async (key: string, kind: string) => (await h.as(key).get(`/api/v1/clauses/${clauseId}/${kind}`)).body.map((i: { id: string }) => i.id);
    expect(await ids(sub, 'placements')).toEqual([subPlacement]);
    expect((await ids(p.contractor, 'placements')).sort()).toEqual([subPlacement, primePlacement].sort());
    expect((await ids(p.officer, 'placements')).sort()).toEqual([subPlacement, primePlacement].sort());
    expect(await ids(sub, 'reports')).toEqual([subReport]);
    expect(await ids(subAdmin, 'placements')).toEqual([subPlacement]);

    // Nothing else of the clause: not its view, its history, the prime's items.
    expect((await h.as(sub).get(`/api/v1/clauses/${clauseId}`)).status).toBe(404);
    expect((await h.as(sub).get(`/api/v1/clauses/${clauseId}/history`)).status).toBe(404);
    expect((await h.as(sub).get(`/api/v1/placements/${primePlacement}`)).status).toBe(404);
    expect((await event(sub, 'placements', primePlacement, { type: 'START' })).status).toBe(404);
    expect((await h.as(sub).get(`/api/v1/placements/${subPlacement}`)).status).toBe(200);
    // A CSV import by the subcontractor is attributed to it too.
    const imported = await h.as(sub).raw(`/api/v1/clauses/${clauseId}/placements/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: `${PLACEMENT_CSV_HEADER}\n${placementCsvRow('SUB-CSV')}\n`,
    });
    expect(imported.status).toBe(201);
    const csvPlacement = (await h.as(sub).get(`/api/v1/clauses/${clauseId}/placements`)).body.find(
      (i: { participantRef: string }) => i.participantRef === 'SUB-CSV',
    );
    expect(csvPlacement.subcontractorOrgId).toBe(subOrgId);
    // The subcontractor's admin reads but does not register.
    expect((await h.as(subAdmin).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('SUB-A'))).status).toBe(403);

    const listed = (await h.as(sub).get(path())).body;
    expect(listed.clause).toMatchObject({ id: clauseId, contractorOrgId: p.supplierOrgId, contractStart: '2026-03-01' });
    expect(listed.subcontracting.subcontractors.map((s: { orgId: string }) => s.orgId)).toEqual([subOrgId]);
    expect(listed.subcontracting.contractorOwnDelivery.placements).toBe(0);

    // Another supplier sees nothing of it.
    for (const url of [path(), `/api/v1/clauses/${clauseId}/placements`, `/api/v1/placements/${subPlacement}`, `/api/v1/reports/${subReport}`]) {
      expect((await h.as(p.otherContractor).get(url)).status, url).toBe(404);
    }
    expect((await h.as(p.otherContractor).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('X-1'))).status).toBe(404);
  });

  it('holds a subcontractor’s ended placement for the prime’s approval before the auditor (placement version 3)', async () => {
    expect((await event(sub, 'placements', subPlacement, { type: 'START' })).body.state).toBe('active');
    const ended = await event(sub, 'placements', subPlacement, { type: 'COMPLETE', endDate: '2026-04-01', outcome: 'employment' });
    expect(ended.body).toMatchObject({ state: 'awaitingPrimeApproval', endedAs: 'completed', allowedEvents: [] });
    expect((await h.as(p.contractor).get(`/api/v1/placements/${subPlacement}`)).body.allowedEvents.sort()).toEqual(['APPROVE', 'RETURN']);
    expect((await event(p.auditor, 'placements', subPlacement, { type: 'VERIFY' })).body.error).toBe('invalid_transition');
    expect((await event(sub, 'placements', subPlacement, { type: 'APPROVE' })).status).toBe(403);

    const returned = await event(p.contractor, 'placements', subPlacement, { type: 'RETURN', reason: 'Fel slutdatum' });
    expect(returned.body).toMatchObject({ state: 'active', endDate: null, endedAs: null, primeReturns: ['Fel slutdatum'] });
    await event(sub, 'placements', subPlacement, { type: 'COMPLETE', endDate: '2026-03-31', outcome: 'employment' });
    expect((await event(p.contractor, 'placements', subPlacement, { type: 'APPROVE' })).body.state).toBe('completed');
    expect((await event(p.auditor, 'placements', subPlacement, { type: 'VERIFY' })).body.state).toBe('verified');

    // The prime's own placement goes straight to the auditor.
    await event(p.contractor, 'placements', primePlacement, { type: 'START' });
    expect((await event(p.contractor, 'placements', primePlacement, { type: 'COMPLETE', endDate: '2026-04-01', outcome: 'studies' })).body.state).toBe(
      'completed',
    );
  });

  it('holds a subcontractor’s report for the prime’s approval before the auditor (period report version 2)', async () => {
    expect((await event(p.auditor, 'reports', subReport, { type: 'ACCEPT' })).body.error).toBe('invalid_transition');
    const waiting = await itemsWaitingFor(h.deps.db, 'supplier', p.supplierOrgId);
    expect(waiting.filter((w) => w.awaitsApproval).map((w) => w.id)).toEqual([subReport]);

    expect((await event(p.contractor, 'reports', subReport, { type: 'RETURN', reason: 'Timmarna saknar underlag' })).body.state).toBe('queried');
    expect((await itemsWaitingFor(h.deps.db, 'supplier', subOrgId)).map((w) => w.id)).toEqual([subReport]);
    expect((await itemsWaitingFor(h.deps.db, 'supplier', p.supplierOrgId)).map((w) => w.id)).not.toContain(subReport);
    const resubmitted = await event(sub, 'reports', subReport, {
      type: 'RESUBMIT',
      totalLabourHours: 380,
      disadvantagedLabourHours: 120,
      localLabourHours: 300,
    });
    expect(resubmitted.body.state).toBe('awaitingPrimeApproval');
    expect((await event(p.contractor, 'reports', subReport, { type: 'APPROVE', note: 'Underlag finns' })).body.state).toBe('resubmitted');
    expect((await event(p.auditor, 'reports', subReport, { type: 'ACCEPT' })).body.state).toBe('accepted');

    // A second report: approved as first submitted, then queried by the auditor: it goes through the prime again.
    const april = (await h.as(sub).post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-04-01', periodEnd: '2026-04-01', totalLabourHours: 8 }))
      .body;
    expect((await event(p.contractor, 'reports', april.id, { type: 'APPROVE' })).body.state).toBe('submitted');
    await event(p.auditor, 'reports', april.id, { type: 'QUERY', reason: 'Saknar bilaga' });
    expect((await event(sub, 'reports', april.id, { type: 'RESUBMIT', totalLabourHours: 8 })).body.state).toBe('awaitingPrimeApproval');
  });

  it('shows the buyer delivery per subcontractor and the spend with social enterprises, as summed by hand', async () => {
    const primeReports = (await h.as(p.contractor).get(`/api/v1/clauses/${clauseId}/reports`)).body.filter(
      (r: { subcontractorOrgId: string | null }) => r.subcontractorOrgId === null,
    );
    await event(p.auditor, 'reports', primeReports[0].id, { type: 'ACCEPT' });

    const clause = (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body;
    // By hand: the subcontractor registered SUB-1 (verified) and SUB-CSV (registered), and two reports, of which March (380 h, 120 disadvantaged) is accepted.
    expect(clause.subcontracting.subcontractors).toEqual([
      expect.objectContaining({
        orgId: subOrgId,
        socialEnterprise: true,
        spendSek: 600_000,
        delivery: {
          placements: 2,
          placementsVerified: 1,
          placementsAwaitingPrimeApproval: 0,
          reports: 2,
          acceptedLabourHours: 380,
          acceptedDisadvantagedLabourHours: 120,
        },
      }),
    ]);
    // The prime: PRIME-1 (completed, not verified) and March's 1,000 hours.
    expect(clause.subcontracting.contractorOwnDelivery).toEqual({
      placements: 1,
      placementsVerified: 0,
      placementsAwaitingPrimeApproval: 0,
      reports: 1,
      acceptedLabourHours: 1000,
      acceptedDisadvantagedLabourHours: 0,
    });
    // 600,000 of a contract of 12,000,000 SEK.
    expect(clause.subcontracting.socialEnterpriseSpendSek).toBe(600_000);
    expect(clause.subcontracting.socialEnterpriseShare).toBeCloseTo(0.05, 10);
    expect((await h.as(p.contractor).get(path())).body.subcontracting).toEqual(clause.subcontracting);

    // The portfolio: the same subcontractor over the buyer's clauses, and the spend with social enterprises.
    const portfolio = (await h.as(p.officer).get('/api/v1/portfolio')).body;
    expect(portfolio.subcontracting).toEqual({
      subcontractors: [
        {
          orgId: subOrgId,
          name: 'Fixarna Arbetsintegrerande AB',
          socialEnterprise: true,
          clauses: 1,
          placements: 2,
          placementsVerified: 1,
          acceptedLabourHours: 380,
        },
      ],
      socialEnterpriseSpendSek: 600_000,
    });
    // The placements export names the subcontractor that registered each placement.
    const csv = parse((await h.as(p.officer).raw('/api/v1/exports/placements.csv', { method: 'GET' })).body as string, { columns: true }) as Array<
      Record<string, string>
    >;
    expect(Object.fromEntries(csv.map((row) => [row.participantRef, row.subcontractor]))).toEqual({
      'SUB-1': 'Fixarna Arbetsintegrerande AB',
      'SUB-CSV': 'Fixarna Arbetsintegrerande AB',
      'PRIME-1': '',
    });
  });

  it('verify replays placements and reports on the old versions and the new', async () => {
    h.deps.placementWorkflow = placementV2;
    h.deps.reportWorkflow = periodReportV1;
    try {
      // A subcontractor's items on the old versions: no approval step, straight to the auditor as before.
      const old = (await h.as(sub).post(`/api/v1/clauses/${clauseId}/placements`, placementBody('SUB-OLD'))).body;
      expect(old.workflowVersion).toBe(2);
      await event(sub, 'placements', old.id, { type: 'START' });
      expect((await event(sub, 'placements', old.id, { type: 'END_EARLY', endDate: '2026-04-01', reasonCode: 'employeeResigned' })).body.state).toBe(
        'endedEarly',
      );
      const oldReport = (
        await h.as(sub).post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-04-02', periodEnd: '2026-04-02', totalLabourHours: 1 })
      ).body;
      expect(oldReport).toMatchObject({ workflowVersion: 1, state: 'submitted' });
    } finally {
      delete h.deps.placementWorkflow;
      delete h.deps.reportWorkflow;
    }
    const report = await verifyAllClauses(h.deps);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('removes a subcontractor: it sees nothing more; what it delivered stays, attributed to it', async () => {
    const removed = await h.as(p.contractor).raw(path(`/${subOrgId}`), { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect((await h.as(p.contractor).raw(path(`/${subOrgId}`), { method: 'DELETE' })).status).toBe(404);
    expect((await h.as(sub).get(`/api/v1/clauses/${clauseId}/placements`)).status).toBe(404);
    expect((await h.as(sub).get(`/api/v1/placements/${subPlacement}`)).status).toBe(404);
    const clause = (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}`)).body;
    expect(clause.subcontracting.subcontractors).toEqual([]);
    expect(clause.subcontracting.formerSubcontractors).toEqual([expect.objectContaining({ subcontractorOrgId: subOrgId, placementsVerified: 1 })]);
    expect(clause.subcontracting.socialEnterpriseSpendSek).toBeNull();
    // Named again: its spell starts anew, without the spend stated before.
    const again = await h.as(p.contractor).post(path(), { orgId: subOrgId });
    expect(again.status).toBe(201);
    expect(again.body.spendSek).toBeNull();
  });
});
