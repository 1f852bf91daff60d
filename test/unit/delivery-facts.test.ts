/**
 * The facts kept per clause (src/engine/delivery-facts.ts): kept frozen with
 * their mark, the clause read longest ago let go first, and what is derived
 * from a facts object remembered per object and key; and the delivery per
 * organisation counted from the facts (src/domain/subcontracted-delivery.ts).
 */
import { describe, expect, it } from 'vitest';
import type { DeliveryFacts } from '../../src/db/clauses.ts';
import type { Db } from '../../src/db/schema.ts';
import type { PlacementFacts, ReportFacts } from '../../src/domain/measure.ts';
import { deliveryByOrganisation } from '../../src/domain/subcontracted-delivery.ts';
import { factsKept, rememberedPerFacts } from '../../src/engine/delivery-facts.ts';

const placement = (state: string, subcontractorOrgId: string | null = null): PlacementFacts => ({
  targetGroup: 'newcomers',
  state,
  endedAs: null,
  endReasonCode: null,
  startDate: '2026-03-02',
  plannedEndDate: '2026-06-30',
  endDate: null,
  fte: 1,
  hoursPerWeek: 35,
  subcontractorOrgId,
});
const report = (state: string, total: number, disadvantaged: number | null, subcontractorOrgId: string | null = null): ReportFacts => ({
  state,
  periodStart: '2026-03-01',
  periodEnd: '2026-03-31',
  totalLabourHours: total,
  localLabourHours: null,
  disadvantagedLabourHours: disadvantaged,
  apprenticeHours: null,
  trainingHours: null,
  subcontractorOrgId,
});
const factsOf = (placements: number): DeliveryFacts => ({
  placements: Array.from({ length: placements }, () => placement('registered')),
  reports: [],
  offers: [],
});
/** Each test keeps facts for a database of its own: an object stands in for one, as the keeping is per Kysely instance. */
const aDatabase = () => ({}) as Db;

describe('facts kept per clause', () => {
  it('gives back the facts kept with their mark, frozen, and nothing for a clause not read', () => {
    const kept = factsKept(aDatabase());
    const facts = factsOf(2);
    kept.keep('c1', '7', facts);
    expect(kept.get('c1')).toEqual({ mark: '7', facts, rows: 2 });
    expect(Object.isFrozen(facts.placements) && Object.isFrozen(facts.placements[0])).toBe(true);
    expect(() => (facts.placements as PlacementFacts[]).push(placement('active'))).toThrow();
    expect(kept.get('c2')).toBeUndefined();
  });

  it('keeps each database apart: a mark names facts only within its own', () => {
    const first = aDatabase();
    factsKept(first).keep('c1', '7', factsOf(1));
    expect(factsKept(aDatabase()).get('c1')).toBeUndefined();
    expect(factsKept(first).get('c1')?.mark).toBe('7');
  });

  it('replaces a clause’s facts with those of a newer mark, and lets go of the clause read longest ago beyond 200,000 rows', () => {
    const kept = factsKept(aDatabase());
    kept.keep('c1', '1', factsOf(100_000));
    kept.keep('c2', '2', factsOf(60_000));
    kept.get('c1'); // c1 is now the one read last
    kept.keep('c3', '3', factsOf(60_000));
    expect(kept.get('c2')).toBeUndefined();
    expect(kept.get('c1')?.mark).toBe('1');
    expect(kept.get('c3')?.mark).toBe('3');
    const newer = factsOf(3);
    kept.keep('c3', '4', newer);
    expect(kept.get('c3')).toMatchObject({ mark: '4', facts: newer });
    // Too many rows for one clause: not kept at all.
    kept.keep('c4', '5', factsOf(200_001));
    expect(kept.get('c4')).toBeUndefined();
    expect(kept.get('c1')?.mark).toBe('1');
  });

  it('remembers what is derived per facts object and key, and derives it again for another object or key', () => {
    const remembered = rememberedPerFacts<number>(2);
    let derived = 0;
    const derive = () => ++derived;
    const facts = factsOf(1);
    expect(remembered(facts, 'a', derive)).toBe(1);
    expect(remembered(facts, 'a', derive)).toBe(1);
    expect(remembered(factsOf(1), 'a', derive)).toBe(2);
    expect(remembered(facts, 'b', derive)).toBe(3);
    // A third key on the same object: the two remembered are let go.
    expect(remembered(facts, 'c', derive)).toBe(4);
    expect(remembered(facts, 'a', derive)).toBe(5);
  });
});

describe('delivery per organisation from the facts', () => {
  it('counts placements, verified and awaiting the prime, reports and accepted hours for the contractor and each subcontractor', () => {
    const delivery = deliveryByOrganisation(
      {
        placements: [placement('verified'), placement('active'), placement('verified', 'sub'), placement('awaitingPrime', 'sub')],
        reports: [report('accepted', 100, 20), report('submitted', 50, 10), report('accepted', 30.5, null, 'sub'), report('accepted', 10, 5, 'other')],
      },
      { countedPlacements: ['verified'], placementsAwaitingPrime: ['awaitingPrime'], countedReports: ['accepted'] },
    );
    expect(delivery).toEqual([
      {
        subcontractorOrgId: null,
        placements: 2,
        placementsVerified: 1,
        placementsAwaitingPrimeApproval: 0,
        reports: 2,
        acceptedLabourHours: 100,
        acceptedDisadvantagedLabourHours: 20,
      },
      {
        subcontractorOrgId: 'sub',
        placements: 2,
        placementsVerified: 1,
        placementsAwaitingPrimeApproval: 1,
        reports: 1,
        acceptedLabourHours: 30.5,
        acceptedDisadvantagedLabourHours: 0,
      },
      {
        subcontractorOrgId: 'other',
        placements: 0,
        placementsVerified: 0,
        placementsAwaitingPrimeApproval: 0,
        reports: 1,
        acceptedLabourHours: 10,
        acceptedDisadvantagedLabourHours: 5,
      },
    ]);
  });
});
