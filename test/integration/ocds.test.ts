/**
 * OCDS publication on PGlite and (with DATABASE_URL) PostgreSQL: a clause's
 * release package at every stage of its life validates against the OCDS 1.1
 * release package schema with the metrics and sustainability extensions, maps
 * what the clause says, and carries no participant data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.ts';
import { fireDueDeadlines } from '../../src/engine/deadlines.ts';
import { findTemplate, registerTemplate } from '../../templates/index.ts';
import { clauseInDelivery, draftClause, drive, dropSeeded, openSeeded, PLACEMENT_PARAMS, type Harness, type Parties } from '../support/api.ts';
import { releasePackageValidator } from '../support/ocds-schema.ts';
import { BACKENDS, type TestDatabase } from '../support/stores.ts';

const validate = releasePackageValidator();
// A placements clause whose terms include termination: version 1 of every template leaves it out.
let unregister: () => void;
beforeAll(() => {
  unregister = registerTemplate({ ...findTemplate('placements', 1)!, id: 'placements-terminable', termination: () => true });
});
afterAll(() => unregister());
const errorsOf = (document: unknown) => (validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

describe.each(BACKENDS)('OCDS on %s', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let h: Harness;
  let p: Parties;

  beforeAll(async () => void ({ database, store, h, p } = await openSeeded(backend)));
  afterAll(() => dropSeeded({ database, store }));

  const ocds = async (key: string, path: string) => {
    const res = await h.as(key).get(path);
    expect(res.status).toBe(200);
    expect(errorsOf(res.body)).toEqual([]);
    return res.body;
  };
  const release = async (clauseId: string, key = p.auditor) => (await ocds(key, `/api/v1/clauses/${clauseId}/ocds`)).releases[0];

  it('publishes a valid release at every stage, from draft to sanction', async () => {
    h.clock.set(new Date('2026-03-01T08:00:00Z'));
    const { tenderId, clauseId } = await draftClause(h, p);
    let r = await release(clauseId);
    expect(r.ocid).toBe(`ocds-klausul-${tenderId}`);
    expect(r.tag).toEqual(['planning']);
    expect(r.tender).toMatchObject({ status: 'planning', hasSustainability: true });
    expect(r.tender.sustainability).toEqual([
      {
        goal: 'social.disadvantagedEmploymentOpportunities',
        strategies: ['contractPerformanceConditions'],
        description: expect.stringContaining('praktikplats'),
      },
    ]);
    // One placement per started 5 MSEK: unknown until the contract value is.
    expect(r.tender.targets[0]).not.toHaveProperty('observations');
    expect(r).not.toHaveProperty('awards');

    await drive(h, clauseId, [[p.officer, { type: 'PUBLISH' }]]);
    r = await release(clauseId);
    expect(r).toMatchObject({ tag: ['tender'], tender: { status: 'active' } });

    await drive(h, clauseId, [
      [
        p.officer,
        {
          type: 'AWARD',
          contractorOrgId: p.supplierOrgId,
          contractValueSek: 12_000_000,
          startDate: '2026-03-01',
          endDate: '2027-02-28',
          deadlines: { planDueDays: 14 },
        },
      ],
    ]);
    r = await release(clauseId);
    expect(r.tag).toEqual(['award', 'contract']);
    expect(r.parties.map((party: any) => party.roles)).toEqual([['buyer', 'procuringEntity'], ['supplier']]);
    expect(r.awards[0]).toMatchObject({ value: { amount: 12_000_000, currency: 'SEK' }, suppliers: [{ id: p.supplierOrgId }] });
    expect(r.contracts[0]).toMatchObject({ status: 'pending', agreedMetrics: [{ observations: [{ measure: 3, unit: { name: 'placements' } }] }] });
    expect(r.contracts[0].milestones).toEqual([
      expect.objectContaining({ id: 'planDue:0', type: 'reporting', status: 'scheduled', dueDate: '2026-03-15T08:00:00.000Z' }),
    ]);

    await drive(h, clauseId, [
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
    ]);
    // Delivery: a placement verified, March reported in time, the second quarter not.
    h.clock.set(new Date('2026-07-05T08:00:00Z'));
    const placement = await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/placements`, {
      participantRef: 'OCDS-P-001',
      targetGroup: 'newcomers',
      attestation: { issuer: 'Arbetsförmedlingen', reference: 'AF-OCDS-1', date: '2026-02-20' },
      role: 'målare',
      startDate: '2026-03-02',
      plannedEndDate: '2026-06-30',
      fte: 1,
      hoursPerWeek: 35,
    });
    const pid = placement.body.id;
    for (const [key, body] of [
      [p.contractor, { type: 'START' }],
      [p.contractor, { type: 'COMPLETE', endDate: '2026-06-30', outcome: 'employment' }],
      [p.auditor, { type: 'VERIFY' }],
    ] as const) {
      expect((await h.as(key).post(`/api/v1/placements/${pid}/events`, body)).status).toBe(200);
    }
    await h.as(p.contractor).post(`/api/v1/clauses/${clauseId}/reports`, { periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 900 });
    h.clock.set(new Date('2026-08-01T00:00:00Z'));
    while ((await fireDueDeadlines(h.deps, 20)).length > 0);
    r = await release(clauseId);
    expect(r.tag).toEqual(['implementation']);
    expect(r.contracts[0].status).toBe('active');
    const delivered = r.contracts[0].implementation.metrics[0].observations;
    expect(delivered).toEqual([
      expect.objectContaining({
        id: `${clauseId}-delivered-2026-03-31`,
        measure: 0,
        period: { startDate: '2026-03-01T00:00:00Z', endDate: '2026-03-31T23:59:59Z' },
      }),
      expect.objectContaining({ id: `${clauseId}-delivered-2026-06-30`, measure: 1 }),
      // One newcomer at a named supplier could point at a person: no per-group figure below three.
    ]);
    expect(r.contracts[0].milestones.map((m: any) => [m.id, m.status])).toEqual([
      ['planDue:0', 'met'],
      ['report:2026-03-31', 'met'],
      ['report:2026-06-30', 'notMet'],
      // The first placement started in March, long before its deadline.
      ['firstJob', 'met'],
      ['report:2026-09-30', 'scheduled'],
      ['report:2026-12-31', 'scheduled'],
      ['report:2027-02-28', 'scheduled'],
    ]);

    // A release's id names its content: the same content gives the same id, new content a new one.
    expect((await release(clauseId)).id).toBe(r.id);
    const before = r.id;

    for (const [key, body, tags] of [
      [p.officer, { type: 'CLOSE_DELIVERY' }, ['implementation']],
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Two placements missing' }, ['implementation']],
      [p.contractor, { type: 'SUBMIT_REMEDY_PLAN', description: 'Two more in the autumn' }, ['implementation']],
      [p.auditor, { type: 'CLOSE_REMEDY' }, ['implementation']],
      [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'Still missing' }, ['implementation']],
      [p.officer, { type: 'IMPOSE_SANCTION', reason: 'Vite' }, ['implementation', 'contractTermination']],
    ] as const) {
      await drive(h, clauseId, [[key, body]]);
      r = await release(clauseId);
      expect(r.tag).toEqual(tags);
    }
    expect(r.contracts[0].status).toBe('terminated');
    expect(r.id).not.toBe(before);
    // Organisations and figures only: no participant reference or attestation anywhere.
    expect(JSON.stringify(r)).not.toMatch(/OCDS-P-001|AF-OCDS-1/);
  });

  it('publishes the other ends: a dialogue confirmed fulfilled, and a waived shortfall', async () => {
    h.clock.set(new Date('2026-06-01T08:00:00Z'));
    const award = { type: 'AWARD', contractorOrgId: p.supplierOrgId, contractValueSek: 8_000_000, startDate: '2026-03-01', endDate: '2027-02-28' };
    const start = [
      [p.officer, { type: 'PUBLISH' }],
      [p.officer, award],
      [p.contractor, { type: 'SUBMIT_PLAN', description: 'Plan' }],
      [p.officer, { type: 'ACCEPT_PLAN' }],
      [p.officer, { type: 'CLOSE_DELIVERY' }],
    ] as Array<[string, Record<string, unknown>]>;
    const dialogue = await draftClause(h, p, { withinMonths: 3 }, 'dialogue');
    await drive(h, dialogue.clauseId, [
      ...start,
      [p.auditor, { type: 'CONFIRM_FULFILLED', meetingRecord: { date: '2026-04-14', reference: 'Protokoll 2026-04-14' } }],
    ]);
    const fulfilled = await release(dialogue.clauseId);
    expect(fulfilled).toMatchObject({ tag: ['implementation', 'contractTermination'], contracts: [{ status: 'terminated' }] });
    expect(fulfilled.tender.sustainability[0].goal).toBe('social.disadvantagedEmploymentOpportunities');

    const waived = await draftClause(h, p);
    await drive(h, waived.clauseId, [...start, [p.auditor, { type: 'RECORD_SHORTFALL', reason: 'None' }], [p.officer, { type: 'WAIVE', reason: 'Stopped' }]]);
    expect(await release(waived.clauseId)).toMatchObject({ tag: ['implementation', 'contractTermination'], contracts: [{ status: 'terminated' }] });
  });

  it('publishes a terminated contract as terminated, its period ending as the termination takes effect', async () => {
    const clauseId = await clauseInDelivery(h, p, 'placements-terminable', PLACEMENT_PARAMS);
    await drive(h, clauseId, [[p.officer, { type: 'TERMINATE', reason: 'Väsentligt avtalsbrott', effectiveDate: '2026-06-01' }]]);
    const r = await release(clauseId);
    expect(r.tag).toEqual(['implementation', 'contractTermination']);
    expect(r.contracts[0]).toMatchObject({ status: 'terminated', period: { startDate: '2026-03-01T00:00:00Z', endDate: '2026-06-01T00:00:00Z' } });
    // The award keeps the period that was awarded.
    expect(r.awards[0].contractPeriod.endDate).toBe('2027-02-28T23:59:59Z');
  });

  it('publishes a withdrawn clause as a cancelled tender, and a tender with the clauses the caller may see', async () => {
    const { tenderId, clauseId } = await draftClause(h, p);
    await drive(h, clauseId, [[p.officer, { type: 'DISCARD' }]]);
    expect(await release(clauseId)).toMatchObject({ tag: ['tenderCancellation'], tender: { status: 'cancelled' } });

    const tender = await ocds(p.officer, `/api/v1/tenders/${tenderId}/ocds`);
    expect(tender.releases).toHaveLength(1);
    expect(tender.releases[0].tender.sustainability).toHaveLength(1);
    // Not the supplier's: nothing of it was awarded to them.
    expect((await h.as(p.contractor).get(`/api/v1/tenders/${tenderId}/ocds`)).status).toBe(404);
    expect((await h.as(p.otherOfficer).get(`/api/v1/clauses/${clauseId}/ocds`)).status).toBe(404);
  });

  it('fails validation when a release is broken (the validator is not a rubber stamp)', async () => {
    const { clauseId } = await draftClause(h, p);
    const good = (await h.as(p.officer).get(`/api/v1/clauses/${clauseId}/ocds`)).body;
    expect(errorsOf(good)).toEqual([]);
    const withoutOcid = structuredClone(good);
    delete withoutOcid.releases[0].ocid;
    expect(errorsOf(withoutOcid)).toContainEqual(expect.stringMatching(/ocid/));
    const badGoal = structuredClone(good);
    badGoal.releases[0].tender.sustainability[0].strategies = 'contractPerformanceConditions';
    expect(errorsOf(badGoal).length).toBeGreaterThan(0);
    const badMetric = structuredClone(good);
    badMetric.releases[0].tender.targets = [{ title: 'no id' }];
    expect(errorsOf(badMetric).length).toBeGreaterThan(0);
  });
});
