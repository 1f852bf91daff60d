import { describe, expect, it } from 'vitest';
import {
  AVAILABILITY_HORIZON_DAYS,
  MUNICIPALITY_CODE,
  PLACEMENT_OUTCOMES,
  SCORE_WEIGHTS,
  normaliseCompetence,
  outcomeDistribution,
  plannedEndDate,
  rankCandidates,
  scoreCandidate,
  type CandidateToRank,
  type OpeningToFill,
  type PlacementForOutcomes,
} from '../../src/domain/matching.ts';

// 2380 Östersund and 2361 Krokom are both in Jämtland (23); 0180 Stockholm is in Stockholm county (01).
const opening: OpeningToFill = { startDate: '2026-04-06', competences: ['Målning', 'Truckkort', 'Spackling'], municipality: '2380' };

type Fixture = CandidateToRank & { label: string };
const candidate = (over: Partial<Fixture> & Pick<Fixture, 'candidateRef'>): Fixture => ({
  id: `id-${over.candidateRef}`,
  label: over.candidateRef,
  competences: [],
  municipality: '2380',
  availableFrom: '2026-04-06',
  ...over,
});

// A: all three (spelled differently), free before the start, same municipality.
//    competence 3/3 = 1 → 0.6 × 1 = 0.6; availability 0 days late → 1 → 0.25 × 1 = 0.25; distance 1 → 0.15 × 1 = 0.15
//    total 0.6 + 0.25 + 0.15 = 1
const a = candidate({ candidateRef: 'K-001', competences: ['målning', ' TRUCKKORT ', 'Spackling'], availableFrom: '2026-04-01' });
// B: two of three, free 2026-04-16 = 10 days late, Krokom (same county).
//    competence 2/3 = 0.6667 → 0.667; points 0.6 × 2/3 = 0.4
//    availability 1 − 10/60 = 0.8333 → 0.833; points 0.25 × 0.8333 = 0.20833 → 0.208
//    distance sameCounty 0.5 → 0.15 × 0.5 = 0.075
//    total 0.4 + 0.208 + 0.075 = 0.683
const b = candidate({ candidateRef: 'K-002', competences: ['Målning', 'Truckkort'], municipality: '2361', availableFrom: '2026-04-16' });
// F: all three plus one more, free 2026-05-06 = 30 days late (24 left of April + 6), Stockholm (elsewhere).
//    competence 3/3 → 0.6; availability 1 − 30/60 = 0.5 → 0.25 × 0.5 = 0.125; distance 0 → 0
//    total 0.6 + 0.125 + 0 = 0.725
const f = candidate({
  candidateRef: 'K-020',
  competences: ['Målning', 'Truckkort', 'Spackling', 'Svetsning'],
  municipality: '0180',
  availableFrom: '2026-05-06',
});
// C, D, E: one of three each, free by the start, same municipality.
//    competence 1/3 = 0.3333 → 0.333; points 0.6 × 1/3 = 0.2; availability 1 → 0.25; distance 1 → 0.15
//    total 0.2 + 0.25 + 0.15 = 0.6 for all three.
// D is free on the start day itself, C and E two weeks earlier: C and E rank before D although D's ref sorts first.
// C and E are free on the same day: E (K-003) ranks before C (K-010) by candidateRef.
const c = candidate({ candidateRef: 'K-010', competences: ['Spackling'], availableFrom: '2026-03-15' });
const d = candidate({ candidateRef: 'K-000', competences: ['truckkort'], availableFrom: '2026-04-06' });
const e = candidate({ candidateRef: 'K-003', competences: ['MÅLNING'], availableFrom: '2026-03-15' });

const oneOfThree = (matched: string, missing: string[]) => ({
  competence: { matched: [matched], missing, score: 0.333, weight: 0.6, points: 0.2 },
  distance: { relation: 'sameMunicipality', candidate: '2380', opening: '2380', score: 1, weight: 0.15, points: 0.15 },
  total: 0.6,
});

describe('scoreCandidate', () => {
  it('uses the published weights and horizon', () => {
    expect(SCORE_WEIGHTS).toEqual({ competence: 0.6, availability: 0.25, distance: 0.15 });
    expect(AVAILABILITY_HORIZON_DAYS).toBe(60);
  });

  it('gives a full match full marks', () => {
    expect(scoreCandidate(opening, a)).toEqual({
      competence: { matched: ['Målning', 'Truckkort', 'Spackling'], missing: [], score: 1, weight: 0.6, points: 0.6 },
      availability: { availableFrom: '2026-04-01', daysLate: 0, score: 1, weight: 0.25, points: 0.25 },
      distance: { relation: 'sameMunicipality', candidate: '2380', opening: '2380', score: 1, weight: 0.15, points: 0.15 },
      total: 1,
    });
  });

  it('scores a partial match, 10 days late, in the same county', () => {
    expect(scoreCandidate(opening, b)).toEqual({
      competence: { matched: ['Målning', 'Truckkort'], missing: ['Spackling'], score: 0.667, weight: 0.6, points: 0.4 },
      availability: { availableFrom: '2026-04-16', daysLate: 10, score: 0.833, weight: 0.25, points: 0.208 },
      distance: { relation: 'sameCounty', candidate: '2361', opening: '2380', score: 0.5, weight: 0.15, points: 0.075 },
      total: 0.683,
    });
  });

  it('scores a full match 30 days late in another county', () => {
    expect(scoreCandidate(opening, f)).toEqual({
      competence: { matched: ['Målning', 'Truckkort', 'Spackling'], missing: [], score: 1, weight: 0.6, points: 0.6 },
      availability: { availableFrom: '2026-05-06', daysLate: 30, score: 0.5, weight: 0.25, points: 0.125 },
      distance: { relation: 'elsewhere', candidate: '0180', opening: '2380', score: 0, weight: 0.15, points: 0 },
      total: 0.725,
    });
  });

  it('scores the three one-of-three candidates alike', () => {
    expect(scoreCandidate(opening, c)).toEqual({
      ...oneOfThree('Spackling', ['Målning', 'Truckkort']),
      availability: { availableFrom: '2026-03-15', daysLate: 0, score: 1, weight: 0.25, points: 0.25 },
    });
    expect(scoreCandidate(opening, d)).toEqual({
      ...oneOfThree('Truckkort', ['Målning', 'Spackling']),
      availability: { availableFrom: '2026-04-06', daysLate: 0, score: 1, weight: 0.25, points: 0.25 },
    });
    expect(scoreCandidate(opening, e)).toEqual({
      ...oneOfThree('Målning', ['Truckkort', 'Spackling']),
      availability: { availableFrom: '2026-03-15', daysLate: 0, score: 1, weight: 0.25, points: 0.25 },
    });
  });

  it('gives no availability points 90 days late', () => {
    // 2026-04-06 → 2026-07-05: 24 + 31 + 30 + 5 = 90 days; 1 − 90/60 < 0 → 0
    const late = scoreCandidate(opening, { ...a, availableFrom: '2026-07-05' });
    expect(late.availability).toEqual({ availableFrom: '2026-07-05', daysLate: 90, score: 0, weight: 0.25, points: 0 });
    expect(late.total).toBe(0.75); // 0.6 + 0 + 0.15
    // exactly at the horizon: 2026-06-05 is 60 days late → 0
    expect(scoreCandidate(opening, { ...a, availableFrom: '2026-06-05' }).availability).toMatchObject({ daysLate: 60, score: 0 });
  });

  it('gives full competence marks when the opening lists none', () => {
    const open = { ...opening, competences: [] };
    expect(scoreCandidate(open, d).competence).toEqual({ matched: [], missing: [], score: 1, weight: 0.6, points: 0.6 });
    expect(scoreCandidate(open, d).total).toBe(1);
  });

  it('counts a competence the opening lists twice once, as first spelled', () => {
    // distinct: Målning, Truckkort → 1 of 2 = 0.5 → 0.6 × 0.5 = 0.3
    const open = { ...opening, competences: ['Målning', ' målning ', 'Truckkort', 'TRUCKKORT'] };
    expect(scoreCandidate(open, e).competence).toEqual({ matched: ['Målning'], missing: ['Truckkort'], score: 0.5, weight: 0.6, points: 0.3 });
  });

  it('matches competences after normalising case and whitespace on both sides', () => {
    const open = { ...opening, competences: ['Truck  kort  B', 'ÅTERVINNING'] };
    const cand = candidate({ candidateRef: 'K-100', competences: [' truck kort\tb', 'återvinning '] });
    expect(scoreCandidate(open, cand).competence).toMatchObject({ matched: ['Truck  kort  B', 'ÅTERVINNING'], missing: [], score: 1 });
  });

  it('treats an opening without municipality as unknown distance, half marks', () => {
    const open = { ...opening, municipality: null };
    expect(scoreCandidate(open, a).distance).toEqual({ relation: 'unknown', candidate: '2380', opening: null, score: 0.5, weight: 0.15, points: 0.075 });
    expect(scoreCandidate(open, a).total).toBe(0.925); // 0.6 + 0.25 + 0.075
  });

  it('tells same county from elsewhere by the first two digits', () => {
    expect(scoreCandidate(opening, { ...a, municipality: '2309' }).distance).toMatchObject({ relation: 'sameCounty', score: 0.5 });
    expect(scoreCandidate(opening, { ...a, municipality: '2480' }).distance).toMatchObject({ relation: 'elsewhere', score: 0 });
    expect(scoreCandidate(opening, { ...a, municipality: '3823' }).distance).toMatchObject({ relation: 'elsewhere', score: 0 });
  });
});

describe('rankCandidates', () => {
  it('orders by total, then availableFrom, then candidateRef', () => {
    const input = [d, c, a, e, b, f];
    const ranked = rankCandidates(opening, input);
    expect(ranked.map((r) => r.candidate.label)).toEqual(['K-001', 'K-020', 'K-002', 'K-003', 'K-010', 'K-000']);
    expect(ranked.map((r) => r.score.total)).toEqual([1, 0.725, 0.683, 0.6, 0.6, 0.6]);
    expect(ranked[0]?.candidate).toBe(a);
    expect(input.map((x) => x.candidateRef)).toEqual(['K-000', 'K-010', 'K-001', 'K-003', 'K-002', 'K-020']); // not mutated
  });

  it('gives the same order whatever the input order', () => {
    const expected = ['K-001', 'K-020', 'K-002', 'K-003', 'K-010', 'K-000'];
    expect(rankCandidates(opening, [f, e, d, c, b, a]).map((r) => r.candidate.candidateRef)).toEqual(expected);
    expect(rankCandidates(opening, [c, e, a, b, d, f]).map((r) => r.candidate.candidateRef)).toEqual(expected);
  });

  it('does not filter', () => {
    const nobody = candidate({ candidateRef: 'K-999', competences: [], municipality: '0180', availableFrom: '2027-01-01' });
    const ranked = rankCandidates(opening, [nobody, a]);
    expect(ranked.map((r) => [r.candidate.candidateRef, r.score.total])).toEqual([
      ['K-001', 1],
      ['K-999', 0],
    ]);
    expect(rankCandidates(opening, [])).toEqual([]);
  });
});

describe('normaliseCompetence', () => {
  it.each([
    ['Målning', 'målning'],
    ['  TRUCKKORT  ', 'truckkort'],
    ['Truck   Kort\t B', 'truck kort b'],
    ['ÅÄÖ', 'åäö'],
    ['\n', ''],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseCompetence(input)).toBe(expected);
  });
});

describe('MUNICIPALITY_CODE', () => {
  it('accepts four digits only', () => {
    expect(['2380', '0180'].map((x) => MUNICIPALITY_CODE.test(x))).toEqual([true, true]);
    expect(['180', '02380', '23a0', ' 2380', ''].map((x) => MUNICIPALITY_CODE.test(x))).toEqual([false, false, false, false, false]);
  });
});

describe('plannedEndDate', () => {
  it.each([
    ['2026-04-06', 12, '2026-06-28'], // 84 − 1 = 83 days: 24 (April) + 31 (May) + 28
    ['2026-01-26', 1, '2026-02-01'], // month boundary: 26 + 6 = 32 → 1 February
    ['2026-12-28', 1, '2027-01-03'], // year boundary
    ['2026-02-23', 1, '2026-03-01'], // 2026 is not a leap year
    ['2028-02-23', 1, '2028-02-29'], // 2028 is
    ['2028-02-24', 1, '2028-03-01'],
    ['2028-01-31', 5, '2028-03-05'], // 34 days: 29 to 29 February, 5 more
  ])('%s for %i weeks ends %s', (start, weeks, end) => {
    expect(plannedEndDate(start, weeks)).toBe(end);
  });
});

describe('outcomeDistribution', () => {
  const p = (ended: boolean, outcome: string | null, breaksGenderPattern: boolean | null = null): PlacementForOutcomes => ({
    ended,
    outcome,
    breaksGenderPattern,
  });
  const targets = { studiesPct: 35, placementPct: 20, employmentPct: 25 };

  it('lists the outcomes', () => {
    expect(PLACEMENT_OUTCOMES).toEqual(['employment', 'studies', 'furtherPlacement', 'other', 'none']);
  });

  it('computes shares of ended placements against the targets', () => {
    // 10 placements, 8 ended: 3 employment, 2 studies, 1 furtherPlacement, 1 none, 1 unrecorded; 2 still running.
    // employment 3/8 = 37.5 % ≥ 25 met; studies 2/8 = 25 % < 35 not met; furtherPlacement 1/8 = 12.5 % < 20 not met.
    // breaks gender pattern: 2 ended + 1 running = 3.
    const placements = [
      p(true, 'employment', true),
      p(true, 'employment', false),
      p(true, 'employment'),
      p(true, 'studies', true),
      p(true, 'studies'),
      p(true, 'furtherPlacement', false),
      p(true, 'none'),
      p(true, null),
      p(false, 'employment', true),
      p(false, null, false),
    ];
    expect(outcomeDistribution(placements, targets)).toEqual({
      placements: 10,
      ended: 8,
      byOutcome: { employment: 3, studies: 2, furtherPlacement: 1, other: 0, none: 1, unrecorded: 1 },
      pct: { studies: 25, furtherPlacement: 12.5, employment: 37.5 },
      targets,
      attainment: {
        studies: { targetPct: 35, pct: 25, met: false },
        furtherPlacement: { targetPct: 20, pct: 12.5, met: false },
        employment: { targetPct: 25, pct: 37.5, met: true },
      },
      breaksGenderPattern: 3,
    });
  });

  it('floors to one decimal', () => {
    // 1/3 = 33.33 → 33.3; 2/3 = 66.67 → 66.6 (rounding would give 66.7)
    const result = outcomeDistribution([p(true, 'studies'), p(true, 'employment'), p(true, 'employment')], null);
    expect(result.pct).toEqual({ studies: 33.3, furtherPlacement: 0, employment: 66.6 });
    // 29/100 is exactly 29, although 0.29 * 100 is 28.999… in floating point
    const hundred = [...Array.from({ length: 29 }, () => p(true, 'employment')), ...Array.from({ length: 71 }, () => p(true, 'none'))];
    expect(outcomeDistribution(hundred, null).pct.employment).toBe(29);
  });

  it('meets a target exactly reached', () => {
    // 1/4 = 25 % employment against 25 %; 1/4 studies against 35 %; 2/4 furtherPlacement = 50 % against 20 %
    const result = outcomeDistribution([p(true, 'employment'), p(true, 'studies'), p(true, 'furtherPlacement'), p(true, 'furtherPlacement')], targets);
    expect(result.attainment).toEqual({
      studies: { targetPct: 35, pct: 25, met: false },
      furtherPlacement: { targetPct: 20, pct: 50, met: true },
      employment: { targetPct: 25, pct: 25, met: true },
    });
  });

  it('counts an unknown outcome as unrecorded and other as other', () => {
    const result = outcomeDistribution([p(true, 'semester'), p(true, 'other'), p(true, 'Employment')], null);
    expect(result.byOutcome).toEqual({ employment: 0, studies: 0, furtherPlacement: 0, other: 1, none: 0, unrecorded: 2 });
  });

  it('gives zero shares when nothing has ended', () => {
    const result = outcomeDistribution([p(false, 'employment', true), p(false, null)], targets);
    expect(result).toEqual({
      placements: 2,
      ended: 0,
      byOutcome: { employment: 0, studies: 0, furtherPlacement: 0, other: 0, none: 0, unrecorded: 0 },
      pct: { studies: 0, furtherPlacement: 0, employment: 0 },
      targets,
      attainment: {
        studies: { targetPct: 35, pct: 0, met: false },
        furtherPlacement: { targetPct: 20, pct: 0, met: false },
        employment: { targetPct: 25, pct: 0, met: false },
      },
      breaksGenderPattern: 1,
    });
    expect(outcomeDistribution([], null)).toMatchObject({
      placements: 0,
      ended: 0,
      pct: { studies: 0, furtherPlacement: 0, employment: 0 },
      breaksGenderPattern: 0,
    });
  });

  it('has no attainment without targets', () => {
    const result = outcomeDistribution([p(true, 'employment')], null);
    expect(result.targets).toBeNull();
    expect(result.attainment).toBeNull();
    expect(result.pct.employment).toBe(100);
  });
});
