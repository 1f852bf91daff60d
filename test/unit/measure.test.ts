import { describe, expect, it } from 'vitest';
import { addMonths, daysInclusive, monthsInclusive } from '../../src/domain/dates.ts';
import { computedVite, fulfilmentOf, missingUnits, type Target } from '../../src/domain/fulfilment.ts';
import {
  creditedFteMonths,
  earlyEndCountsAgreedTime,
  inTargetGroups,
  measureDialogue,
  measureEmployment,
  measureLocalHiring,
  measurePlacements,
  measureTraining,
  placementCounts,
  type Delivery,
  type EmploymentRules,
  type PlacementFacts,
  type ReportFacts,
} from '../../src/domain/measure.ts';

/** A verified, completed full-time job of six calendar months (2026-03-01..2026-08-31) unless told otherwise. */
const placement = (over: Partial<PlacementFacts> = {}): PlacementFacts => ({
  targetGroup: 'long-term-unemployed',
  state: 'verified',
  endedAs: 'completed',
  endReasonCode: null,
  startDate: '2026-03-01',
  plannedEndDate: '2026-08-31',
  endDate: '2026-08-31',
  fte: 1,
  hoursPerWeek: 40,
  ...over,
});

/** An accepted period report of 1 000 labour hours with nothing else reported unless told otherwise. */
const report = (over: Partial<ReportFacts> = {}): ReportFacts => ({
  state: 'accepted',
  periodStart: '2026-01-01',
  periodEnd: '2026-03-31',
  totalLabourHours: 1_000,
  localLabourHours: null,
  disadvantagedLabourHours: null,
  apprenticeHours: null,
  trainingHours: null,
  ...over,
});

const delivery = (over: Partial<Delivery> = {}): Delivery => ({
  placements: [],
  reports: [],
  contractStart: '2026-01-15',
  today: '2026-03-01',
  ...over,
});

const target = (unit: string, value: number | null): Target => ({ unit, value, basis: 'test' });

describe('calendar arithmetic', () => {
  it('counts days with both ends included', () => {
    expect(daysInclusive('2026-03-01', '2026-03-01')).toBe(1);
    expect(daysInclusive('2026-03-01', '2026-03-31')).toBe(31);
    expect(daysInclusive('2026-03-28', '2026-03-30')).toBe(3); // across the switch to summer time
    expect(daysInclusive('2026-12-31', '2027-01-01')).toBe(2);
    expect(daysInclusive('2028-01-01', '2028-12-31')).toBe(366);
  });

  it('adds months and clamps to the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-01-15', 6)).toBe('2026-07-15');
    expect(addMonths('2026-08-15', 12)).toBe('2027-08-15');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
  });

  it('counts calendar months as in its documented examples', () => {
    expect(monthsInclusive('2026-03-01', '2026-08-31')).toBe(6);
    expect(monthsInclusive('2026-03-15', '2026-09-14')).toBe(6);
    expect(monthsInclusive('2026-03-01', '2026-03-16')).toBe(16 / 31);
  });

  it('counts the rest after whole months as a fraction of the month it falls in', () => {
    expect(monthsInclusive('2026-03-01', '2026-03-31')).toBe(1);
    expect(monthsInclusive('2026-03-15', '2026-04-20')).toBe(1 + 6 / 30);
    expect(monthsInclusive('2026-01-01', '2026-03-15')).toBe(2 + 15 / 31);
  });

  it('counts months across a year boundary', () => {
    expect(monthsInclusive('2026-12-01', '2027-01-31')).toBe(2);
    expect(monthsInclusive('2026-11-15', '2027-02-14')).toBe(3);
    expect(monthsInclusive('2026-12-20', '2027-01-04')).toBe(16 / 31);
    expect(monthsInclusive('2026-01-01', '2027-12-31')).toBe(24);
  });

  it('counts a leap February as one month of 29 days', () => {
    expect(monthsInclusive('2028-02-01', '2028-02-29')).toBe(1);
    expect(monthsInclusive('2028-02-01', '2028-02-28')).toBe(28 / 29);
    expect(monthsInclusive('2026-02-01', '2026-02-28')).toBe(1);
    expect(monthsInclusive('2028-02-10', '2028-03-09')).toBe(1);
    expect(monthsInclusive('2028-02-29', '2028-02-29')).toBe(1 / 29);
  });
});

describe('employment: FTE-months', () => {
  const rules: EmploymentRules = { earlyEndThresholdPct: 75, firstJobWithinMonths: 6 };
  const fteMonths = (value: number | null) => target('fte-months', value);

  it('credits fte × calendar months worked', () => {
    expect(creditedFteMonths(placement({ fte: 0.5 }), rules)).toBe(3);
    expect(creditedFteMonths(placement({ fte: 1 }), rules)).toBe(6);
    expect(creditedFteMonths(placement({ fte: 0.5, endDate: '2026-03-16', endedAs: 'discontinued' }), rules)).toBe(0.5 * (16 / 31));
  });

  it('is reached exactly at the target and not one FTE-month short', () => {
    const twelve = delivery({ placements: [placement(), placement({ startDate: '2026-09-01', plannedEndDate: '2027-02-28', endDate: '2027-02-28' })] });
    expect(measureEmployment(fteMonths(12), rules, twelve)).toMatchObject({ unit: 'fte-months', target: 12, measured: 12, pct: 100, reached: true });

    const eleven = delivery({ placements: [placement({ plannedEndDate: '2027-01-31', endDate: '2027-01-31' })] });
    const short = measureEmployment(fteMonths(12), rules, eleven);
    expect(short).toMatchObject({ target: 12, measured: 11, reached: false });
    expect(missingUnits(short)).toBe(1);
  });

  describe('a job that ended early on placement workflow version 1, without a reason code: "for a lawful cause" (threshold 75 %)', () => {
    // Agreed 2026-01-01..2026-04-10 = 100 days, so every day worked is exactly one percent.
    const agreed = { startDate: '2026-01-01', plannedEndDate: '2026-04-10', endedAs: 'endedEarly' as const };

    it('checks the arithmetic of the dates used below', () => {
      expect(daysInclusive('2026-01-01', '2026-04-10')).toBe(100);
      expect(daysInclusive('2026-01-01', '2026-03-16')).toBe(75);
      expect(daysInclusive('2026-01-01', '2026-03-15')).toBe(74);
    });

    it('earns the whole agreed time at exactly 75 % of the agreed days worked', () => {
      const job = placement({ ...agreed, endDate: '2026-03-16' });
      expect(creditedFteMonths(job, rules)).toBe(monthsInclusive('2026-01-01', '2026-04-10'));
      expect(creditedFteMonths(job, rules)).toBeCloseTo(3 + 10 / 30, 10);
      expect(measureEmployment(fteMonths(3), rules, delivery({ placements: [job] })).measured).toBe(3.33);
    });

    it('earns only the months worked at 74 % of the agreed days', () => {
      const job = placement({ ...agreed, endDate: '2026-03-15' });
      expect(creditedFteMonths(job, rules)).toBe(2 + 15 / 31);
      expect(measureEmployment(fteMonths(3), rules, delivery({ placements: [job] })).measured).toBe(2.48);
    });

    it('scales the whole agreed time by fte', () => {
      const job = placement({ ...agreed, endDate: '2026-03-16', fte: 0.5 });
      expect(creditedFteMonths(job, rules)).toBeCloseTo(0.5 * (3 + 10 / 30), 10);
    });
  });

  describe('early-end reason codes at the threshold (75 %) and on either side of it', () => {
    // Agreed 2026-01-01..2026-04-10 = 100 days, so every day worked is exactly one percent.
    const agreed = { startDate: '2026-01-01', plannedEndDate: '2026-04-10', endedAs: 'endedEarly' as const };
    const whole = monthsInclusive('2026-01-01', '2026-04-10');
    const endings = [
      { pct: 74, endDate: '2026-03-15' },
      { pct: 75, endDate: '2026-03-16' },
      { pct: 76, endDate: '2026-03-17' },
    ];

    it('checks the arithmetic of the dates used below', () => {
      for (const { pct, endDate } of endings) expect(daysInclusive('2026-01-01', endDate)).toBe(pct);
    });

    for (const code of ['employeeResigned', 'objectiveGrounds', 'summaryDismissal'] as const) {
      it(`${code}: the months worked just below the threshold, the whole agreed time at and above it`, () => {
        const credit = (endDate: string) => creditedFteMonths(placement({ ...agreed, endReasonCode: code, endDate }), rules);
        expect(credit('2026-03-15')).toBe(2 + 15 / 31);
        expect(credit('2026-03-16')).toBe(whole);
        expect(credit('2026-03-17')).toBe(whole);
      });
    }

    it('other: only the months worked, below, at and above the threshold, and even a day short of the planned end', () => {
      const credit = (endDate: string) => creditedFteMonths(placement({ ...agreed, endReasonCode: 'other', endDate }), rules);
      expect(credit('2026-03-15')).toBe(2 + 15 / 31);
      expect(credit('2026-03-16')).toBe(2 + 16 / 31);
      expect(credit('2026-03-17')).toBe(2 + 17 / 31);
      expect(credit('2026-04-09')).toBe(monthsInclusive('2026-01-01', '2026-04-09'));
      expect(credit('2026-04-09')).toBeLessThan(whole);
    });

    it('measures a clause with one job of each code at 80 %: three earn the agreed time, other the months worked', () => {
      const codes = ['employeeResigned', 'objectiveGrounds', 'summaryDismissal', 'other'] as const;
      const placements = codes.map((endReasonCode) => placement({ ...agreed, endReasonCode, endDate: '2026-03-21' }));
      const result = measureEmployment(fteMonths(20), rules, delivery({ placements }));
      expect(result.measured).toBe(Math.round((3 * whole + 2 + 21 / 31) * 100) / 100);
    });

    it('follows a threshold other than 75 %: at 90 % a job of 76 % earns the months worked whatever the code', () => {
      const strict: EmploymentRules = { ...rules, earlyEndThresholdPct: 90 };
      expect(creditedFteMonths(placement({ ...agreed, endReasonCode: 'employeeResigned', endDate: '2026-03-17' }), strict)).toBe(2 + 17 / 31);
      expect(creditedFteMonths(placement({ ...agreed, endReasonCode: 'employeeResigned', endDate: '2026-03-31' }), strict)).toBe(whole);
    });

    it('says which codes let the agreed time count; a version 1 early end (no code) keeps the credit it had', () => {
      expect(earlyEndCountsAgreedTime('employeeResigned')).toBe(true);
      expect(earlyEndCountsAgreedTime('objectiveGrounds')).toBe(true);
      expect(earlyEndCountsAgreedTime('summaryDismissal')).toBe(true);
      expect(earlyEndCountsAgreedTime('other')).toBe(false);
      expect(earlyEndCountsAgreedTime(null)).toBe(true);
    });
  });

  describe("the clause's target groups", () => {
    const placements = [placement({ targetGroup: 'newcomers' }), placement({ targetGroup: 'disability' }), placement({ targetGroup: 'youth-16-24', fte: 0.5 })];

    it('keeps only the placements of the groups given, and all of them when the clause names none', () => {
      expect(inTargetGroups(placements, ['newcomers', 'youth-16-24']).map((p) => p.targetGroup)).toEqual(['newcomers', 'youth-16-24']);
      expect(inTargetGroups(placements, null)).toEqual(placements);
      expect(inTargetGroups(placements, [])).toEqual([]);
    });

    it('leaves a group outside them out of the measure and out of byTargetGroup', () => {
      const result = measureEmployment(fteMonths(12), rules, delivery({ placements: inTargetGroups(placements, ['newcomers', 'youth-16-24']) }));
      expect(result.measured).toBe(9);
      expect(result.byTargetGroup).toEqual({ newcomers: 6, 'youth-16-24': 3 });
    });
  });

  it('credits a discontinued job only the months worked, however much of the agreed time that was', () => {
    const job = placement({ startDate: '2026-01-01', plannedEndDate: '2026-04-10', endDate: '2026-03-16', endedAs: 'discontinued' });
    expect(creditedFteMonths(job, rules)).toBe(2 + 16 / 31);
    expect(measureEmployment(fteMonths(3), rules, delivery({ placements: [job] })).measured).toBe(2.52);
  });

  it('credits nothing for a job shorter than minMonthsPerJob', () => {
    const withMin: EmploymentRules = { ...rules, minMonthsPerJob: 6 };
    expect(creditedFteMonths(placement({ fte: 0.5 }), withMin)).toBe(3); // exactly six months
    expect(creditedFteMonths(placement({ endDate: '2026-08-30' }), withMin)).toBe(0); // one day short
    expect(creditedFteMonths(placement({ startDate: '2026-03-01', plannedEndDate: '2026-05-31', endDate: '2026-05-31' }), withMin)).toBe(0);
    expect(measureEmployment(fteMonths(6), withMin, delivery({ placements: [placement({ endDate: '2026-08-30' })] }))).toMatchObject({
      measured: 0,
      reached: false,
    });
  });

  it('measures minMonthsPerJob on the whole agreed time when an early end reached the threshold', () => {
    // Agreed 2026-03-01..2026-08-31 = 184 days; 138 days (75 %) end on 2026-07-16.
    expect(daysInclusive('2026-03-01', '2026-08-31')).toBe(184);
    expect(daysInclusive('2026-03-01', '2026-07-16')).toBe(138);
    const withMin: EmploymentRules = { ...rules, minMonthsPerJob: 6 };
    expect(creditedFteMonths(placement({ endedAs: 'endedEarly', endDate: '2026-07-16' }), withMin)).toBe(6);
    expect(creditedFteMonths(placement({ endedAs: 'endedEarly', endDate: '2026-07-15' }), withMin)).toBe(0);
  });

  it('counts only verified placements', () => {
    const placements = [
      placement({ state: 'verified' }),
      placement({ state: 'completed' }), // ended, not yet verified
      placement({ state: 'endedEarly', endedAs: 'endedEarly', endDate: '2026-08-01' }),
      placement({ state: 'rejected' }),
      placement({ state: 'active', endedAs: null, endDate: null }),
      placement({ state: 'registered', endedAs: null, endDate: null }),
    ];
    const result = measureEmployment(fteMonths(12), rules, delivery({ placements }));
    expect(result.measured).toBe(6);
    expect(result.byTargetGroup).toEqual({ 'long-term-unemployed': 6 });
  });

  it('sums FTE-months per target group', () => {
    const placements = [
      placement({ targetGroup: 'newcomers' }),
      placement({ targetGroup: 'newcomers', fte: 0.5 }),
      placement({ targetGroup: 'youth-16-24', startDate: '2026-04-01', plannedEndDate: '2026-05-31', endDate: '2026-05-31' }),
      placement({ targetGroup: 'disability', state: 'rejected' }),
    ];
    const result = measureEmployment(fteMonths(12), rules, delivery({ placements }));
    expect(result.byTargetGroup).toEqual({ newcomers: 9, 'youth-16-24': 2 });
    expect(result.measured).toBe(11);
  });

  describe('first-job milestone (within 6 months of a contract start on 2026-01-15: due 2026-07-15)', () => {
    const milestone = (over: Partial<Delivery>) => {
      const milestones = measureEmployment(fteMonths(12), rules, delivery(over)).milestones;
      expect(milestones).toHaveLength(1);
      return milestones[0]!;
    };
    const started = (startDate: string, state = 'active') => placement({ state, startDate, plannedEndDate: '2026-12-31', endDate: null, endedAs: null });

    it('is met by a placement not rejected that starts on the due date, verified or not', () => {
      expect(milestone({ placements: [started('2026-07-15')], today: '2026-09-01' })).toEqual({
        id: 'firstJob',
        description: 'first start within 6 months of contract start',
        due: '2026-07-15',
        status: 'met',
        metOn: '2026-07-15',
      });
      expect(milestone({ placements: [started('2026-02-01', 'registered')], today: '2026-02-01' })).toMatchObject({ status: 'met', metOn: '2026-02-01' });
    });

    it('is met on the earliest start', () => {
      expect(milestone({ placements: [started('2026-06-01'), started('2026-03-10'), started('2026-05-01')] })).toMatchObject({ metOn: '2026-03-10' });
    });

    it('is not met once today is past the due date without a start on time', () => {
      expect(milestone({ placements: [], today: '2026-07-16' })).toMatchObject({ due: '2026-07-15', status: 'notMet', metOn: null });
      expect(milestone({ placements: [started('2026-07-16')], today: '2026-07-16' })).toMatchObject({ status: 'notMet', metOn: null });
      expect(milestone({ placements: [started('2026-03-01', 'rejected')], today: '2026-07-16' })).toMatchObject({ status: 'notMet', metOn: null });
    });

    it('is pending up to and on the due date', () => {
      expect(milestone({ placements: [], today: '2026-07-15' })).toMatchObject({ due: '2026-07-15', status: 'pending', metOn: null });
      expect(milestone({ placements: [started('2026-03-01', 'rejected')], today: '2026-03-01' })).toMatchObject({ status: 'pending' });
    });

    it('is pending without a due date before award', () => {
      expect(milestone({ contractStart: null, placements: [], today: '2030-01-01' })).toMatchObject({ due: null, status: 'pending', metOn: null });
      expect(milestone({ contractStart: null, placements: [started('2026-03-01')] })).toMatchObject({ due: null, status: 'pending' });
    });

    describe('an offer of employment (the first job is "started or offered")', () => {
      const offered = (offeredDate: string, state = 'offered') => ({ state, offeredDate });

      it('is met by an offer made on the due date, whatever its answer', () => {
        for (const state of ['offered', 'accepted', 'declined']) {
          expect(milestone({ placements: [], offers: [offered('2026-07-15', state)], today: '2026-09-01' }), state).toMatchObject({
            status: 'met',
            metOn: '2026-07-15',
          });
        }
      });

      it('is not met by an offer made the day after the due date, nor by one withdrawn', () => {
        expect(milestone({ placements: [], offers: [offered('2026-07-16')], today: '2026-07-16' })).toMatchObject({ status: 'notMet', metOn: null });
        expect(milestone({ placements: [], offers: [offered('2026-03-01', 'withdrawn')], today: '2026-07-16' })).toMatchObject({
          status: 'notMet',
          metOn: null,
        });
        expect(milestone({ placements: [], offers: [offered('2026-03-01', 'withdrawn')], today: '2026-03-01' })).toMatchObject({ status: 'pending' });
      });

      it('is met on the earlier of the first start and the first offer', () => {
        expect(milestone({ placements: [started('2026-05-01')], offers: [offered('2026-04-01'), offered('2026-03-15')] })).toMatchObject({
          metOn: '2026-03-15',
        });
        expect(milestone({ placements: [started('2026-03-10')], offers: [offered('2026-04-01')] })).toMatchObject({ metOn: '2026-03-10' });
        // A start after the due date does not hide an offer on time, nor an offer after it a start on time.
        expect(milestone({ placements: [started('2026-08-01')], offers: [offered('2026-07-01')], today: '2026-09-01' })).toMatchObject({
          status: 'met',
          metOn: '2026-07-01',
        });
        expect(milestone({ placements: [started('2026-07-01')], offers: [offered('2026-08-01')], today: '2026-09-01' })).toMatchObject({
          status: 'met',
          metOn: '2026-07-01',
        });
      });
    });
  });
});

describe('placements', () => {
  const rules = { minWeeks: 4, hoursPerWeek: 20 };
  // 2026-03-02..2026-03-29 is exactly four weeks, both ends included.
  const fourWeeks = (over: Partial<PlacementFacts> = {}) =>
    placement({ startDate: '2026-03-02', plannedEndDate: '2026-03-29', endDate: '2026-03-29', hoursPerWeek: 20, ...over });

  it('counts a placement of exactly minWeeks × 7 days and not one a day shorter', () => {
    expect(daysInclusive('2026-03-02', '2026-03-29')).toBe(28);
    expect(placementCounts(fourWeeks(), rules)).toBe(true);
    expect(placementCounts(fourWeeks({ endDate: '2026-03-28' }), rules)).toBe(false);
  });

  it('counts a placement at the agreed hours per week and not below them', () => {
    expect(placementCounts(fourWeeks({ hoursPerWeek: 20 }), rules)).toBe(true);
    expect(placementCounts(fourWeeks({ hoursPerWeek: 19.5 }), rules)).toBe(false);
  });

  it('counts only verified placements that were completed', () => {
    expect(placementCounts(fourWeeks({ state: 'completed' }), rules)).toBe(false);
    expect(placementCounts(fourWeeks({ state: 'rejected' }), rules)).toBe(false);
    expect(placementCounts(fourWeeks({ endedAs: 'endedEarly' }), rules)).toBe(false);
    expect(placementCounts(fourWeeks({ endedAs: 'discontinued' }), rules)).toBe(false);
    expect(placementCounts(fourWeeks({ state: 'active', endedAs: null, endDate: null }), rules)).toBe(false);
  });

  it('is reached exactly at the target and not one placement short', () => {
    const three = [fourWeeks({ targetGroup: 'newcomers' }), fourWeeks({ targetGroup: 'newcomers' }), fourWeeks({ targetGroup: 'youth-16-24' })];
    expect(measurePlacements(target('placements', 3), rules, delivery({ placements: three }))).toEqual({
      unit: 'placements',
      target: 3,
      measured: 3,
      pct: 100,
      reached: true,
      byTargetGroup: { newcomers: 2, 'youth-16-24': 1 },
      milestones: [],
    });

    const twoAndOneShort = [...three.slice(0, 2), fourWeeks({ targetGroup: 'youth-16-24', endDate: '2026-03-28' })];
    const short = measurePlacements(target('placements', 3), rules, delivery({ placements: twoAndOneShort }));
    expect(short).toMatchObject({ measured: 2, reached: false, byTargetGroup: { newcomers: 2 } });
    expect(missingUnits(short)).toBe(1);
  });
});

describe('local hiring', () => {
  const localShare = (value: number) => target('percent-of-labour-hours', value);

  it("measures the local share of accepted reports' hours and ignores reports not accepted", () => {
    const reports = [
      report({ totalLabourHours: 600, localLabourHours: 100 }),
      report({ totalLabourHours: 200, localLabourHours: 100 }),
      report({ state: 'queried', totalLabourHours: 400, localLabourHours: 400 }),
      report({ state: 'submitted', totalLabourHours: 400, localLabourHours: 400 }),
      report({ state: 'resubmitted', totalLabourHours: 400, localLabourHours: 400 }),
    ];
    expect(measureLocalHiring(localShare(25), { localSharePct: 25 }, delivery({ reports }))).toEqual({
      unit: 'percent-of-labour-hours',
      target: 25,
      measured: 25,
      pct: 100,
      reached: true,
      byTargetGroup: {},
      milestones: [],
      conditions: {},
      labourHours: { total: 800, accepted: 2 },
    });
  });

  it('is reached exactly at localSharePct and not an hour below it', () => {
    const rules = { localSharePct: 25 };
    expect(measureLocalHiring(localShare(25), rules, delivery({ reports: [report({ localLabourHours: 250 })] }))).toMatchObject({
      measured: 25,
      reached: true,
    });
    expect(measureLocalHiring(localShare(25), rules, delivery({ reports: [report({ localLabourHours: 249 })] }))).toMatchObject({
      measured: 24.9,
      reached: false,
    });
  });

  it('is not reached by a share below localSharePct that only rounds up to it', () => {
    // 9 999 of 40 000 hours is 24.9975 %: less than the 25 % the clause requires.
    const reports = [report({ totalLabourHours: 40_000, localLabourHours: 9_999 })];
    expect(measureLocalHiring(localShare(25), { localSharePct: 25 }, delivery({ reports })).reached).toBe(false);
  });

  it('measures 0 and is not reached when no hours are accepted, without dividing by zero', () => {
    const rules = { localSharePct: 25, disadvantagedSharePct: 10 };
    for (const reports of [[], [report({ totalLabourHours: 0, localLabourHours: 0 })], [report({ state: 'submitted', localLabourHours: 1_000 })]]) {
      const result = measureLocalHiring(localShare(25), rules, delivery({ reports }));
      expect(result).toMatchObject({ measured: 0, pct: 0, reached: false, conditions: { disadvantagedSharePct: { measured: 0, target: 10 } } });
      expect(Number.isNaN(result.measured)).toBe(false);
      expect(result.labourHours?.total).toBe(0);
    }
  });

  it('reports the disadvantaged and apprentice conditions and is reached only when all are met', () => {
    const rules = { localSharePct: 30, disadvantagedSharePct: 10, apprenticeSharePct: 5 };
    const measure = (over: Partial<ReportFacts>) =>
      measureLocalHiring(
        localShare(30),
        rules,
        delivery({ reports: [report({ totalLabourHours: 1_000, localLabourHours: 300, disadvantagedLabourHours: 100, apprenticeHours: 50, ...over })] }),
      );

    const allMet = measure({});
    expect(allMet.conditions).toEqual({ disadvantagedSharePct: { measured: 10, target: 10 }, apprenticeSharePct: { measured: 5, target: 5 } });
    expect(allMet).toMatchObject({ measured: 30, reached: true });

    expect(measure({ apprenticeHours: 49 })).toMatchObject({ reached: false, conditions: { apprenticeSharePct: { measured: 4.9, target: 5 } } });
    expect(measure({ disadvantagedLabourHours: 99 })).toMatchObject({ reached: false, conditions: { disadvantagedSharePct: { measured: 9.9, target: 10 } } });
    expect(measure({ apprenticeHours: null })).toMatchObject({ reached: false, conditions: { apprenticeSharePct: { measured: 0, target: 5 } } });
    expect(measure({ localLabourHours: 299 })).toMatchObject({ measured: 29.9, reached: false });
  });

  it('reports only the conditions the clause sets', () => {
    const reports = [report({ localLabourHours: 400, disadvantagedLabourHours: 0 })];
    expect(measureLocalHiring(localShare(30), { localSharePct: 30 }, delivery({ reports })).conditions).toEqual({});
    expect(measureLocalHiring(localShare(30), { localSharePct: 30, apprenticeSharePct: 5 }, delivery({ reports })).conditions).toEqual({
      apprenticeSharePct: { measured: 0, target: 5 },
    });
  });
});

describe('training', () => {
  it('counts verified placements as apprentices', () => {
    const placements = [
      placement({ targetGroup: 'youth-16-24' }),
      placement({ targetGroup: 'youth-16-24' }),
      placement({ targetGroup: 'newcomers' }),
      placement({ targetGroup: 'newcomers', state: 'completed' }),
      placement({ targetGroup: 'newcomers', state: 'rejected' }),
      placement({ targetGroup: 'newcomers', state: 'active', endedAs: null, endDate: null }),
    ];
    expect(measureTraining(target('apprentices', 3), delivery({ placements }))).toEqual({
      unit: 'apprentices',
      target: 3,
      measured: 3,
      pct: 100,
      reached: true,
      byTargetGroup: { 'youth-16-24': 2, newcomers: 1 },
      milestones: [],
    });
    expect(measureTraining(target('apprentices', 4), delivery({ placements }))).toMatchObject({ measured: 3, reached: false });
  });

  it('sums apprentice and training hours of accepted reports as training hours', () => {
    const reports = [
      report({ apprenticeHours: 120, trainingHours: 30 }),
      report({ apprenticeHours: null, trainingHours: 50 }),
      report({ apprenticeHours: 0, trainingHours: null }),
      report({ state: 'queried', apprenticeHours: 1_000, trainingHours: 1_000 }),
      report({ state: 'submitted', apprenticeHours: 1_000, trainingHours: 1_000 }),
    ];
    const placements = [placement()]; // placements do not count towards hours
    expect(measureTraining(target('training-hours', 200), delivery({ reports, placements }))).toMatchObject({
      unit: 'training-hours',
      measured: 200,
      pct: 100,
      reached: true,
      byTargetGroup: {},
    });
    expect(measureTraining(target('training-hours', 201), delivery({ reports }))).toMatchObject({ measured: 200, reached: false });
    expect(measureTraining(target('training-hours', 1), delivery({ reports: [] }))).toMatchObject({ measured: 0, reached: false });
  });
});

describe('dialogue (within 3 months of a contract start on 2026-01-15: due 2026-04-15)', () => {
  const dialogue = target('dialogue', 1);

  it('measures 0 and stays pending without a meeting until the due date has passed', () => {
    const result = measureDialogue(dialogue, 3, delivery({ today: '2026-04-15' }), null);
    expect(result).toMatchObject({ measured: 0, reached: false });
    expect(result.milestones).toEqual([
      { id: 'dialogue', description: 'documented dialogue within 3 months of contract start', due: '2026-04-15', status: 'pending', metOn: null },
    ]);
  });

  it('is not met once today is past the due date without a meeting', () => {
    const result = measureDialogue(dialogue, 3, delivery({ today: '2026-04-16' }), null);
    expect(result).toMatchObject({ measured: 0, reached: false });
    expect(result.milestones[0]).toMatchObject({ status: 'notMet', metOn: null });
  });

  it('measures 1 and is met by a meeting on the due date', () => {
    const result = measureDialogue(dialogue, 3, delivery({ today: '2026-05-01' }), '2026-04-15');
    expect(result).toMatchObject({ measured: 1, pct: 100, reached: true });
    expect(result.milestones[0]).toMatchObject({ due: '2026-04-15', status: 'met', metOn: '2026-04-15' });
  });

  it('shows a meeting held after the due date as a milestone not met', () => {
    const result = measureDialogue(dialogue, 3, delivery({ today: '2026-05-01' }), '2026-04-20');
    expect(result.measured).toBe(1);
    expect(result.milestones[0]).toMatchObject({ status: 'notMet' });
  });

  it('has no due date before award: pending without a meeting, met with one', () => {
    expect(measureDialogue(dialogue, 3, delivery({ contractStart: null, today: '2030-01-01' }), null).milestones[0]).toMatchObject({
      due: null,
      status: 'pending',
    });
    expect(measureDialogue(dialogue, 3, delivery({ contractStart: null }), '2026-02-01')).toMatchObject({
      measured: 1,
      reached: true,
      milestones: [{ due: null, status: 'met', metOn: '2026-02-01' }],
    });
  });
});

describe('fulfilmentOf', () => {
  it('needs something delivered to be reached, even for a target of 0', () => {
    expect(fulfilmentOf(target('placements', 0), 0)).toMatchObject({ reached: false, pct: null });
    expect(fulfilmentOf(target('placements', 0), 1)).toMatchObject({ reached: true });
    expect(fulfilmentOf(target('placements', 2), 0)).toMatchObject({ reached: false, pct: 0 });
  });

  it('gives pct with one decimal, above 100 when over-delivered', () => {
    expect(fulfilmentOf(target('p', 3), 1).pct).toBe(33.3);
    expect(fulfilmentOf(target('p', 8), 2).pct).toBe(25);
    expect(fulfilmentOf(target('p', 4), 5).pct).toBe(125);
    expect(fulfilmentOf(target('p', 8), 7).pct).toBe(87.5);
  });

  it('gives no pct and is not reached while the target is unknown', () => {
    expect(fulfilmentOf(target('fte-months', null), 12)).toMatchObject({ target: null, measured: 12, pct: null, reached: false });
  });

  it('gives the exact pct of a two-decimal measurement, free of float noise', () => {
    // 2.01 / 5 is exactly 40.2 %, and 4.02 / 4 exactly 100.5 %.
    expect(fulfilmentOf(target('fte-months', 5), 2.01).pct).toBe(40.2);
    expect(fulfilmentOf(target('fte-months', 4), 4.02).pct).toBe(100.5);
    expect(fulfilmentOf(target('percent-of-labour-hours', 7), 8.12).pct).toBe(116);
    // As measured: a 0.67 FTE job for three calendar months is 2.01 FTE-months.
    const job = placement({ fte: 0.67, startDate: '2026-03-01', plannedEndDate: '2026-05-31', endDate: '2026-05-31' });
    const result = measureEmployment(target('fte-months', 5), { earlyEndThresholdPct: 75, firstJobWithinMonths: 6 }, delivery({ placements: [job] }));
    expect(result.measured).toBe(2.01);
    expect(result.pct).toBe(40.2);
  });
});

describe('computed vite', () => {
  const terms = { sekPerMissingUnit: 30_000, capPct: 5 }; // cap on 10 MSEK: 500 000 SEK

  it('charges missing units × the rate, fractional FTE-months included', () => {
    const result = fulfilmentOf(target('fte-months', 10), 7.5);
    expect(missingUnits(result)).toBe(2.5);
    expect(computedVite(result, 10_000_000, terms)).toBe(75_000);
    expect(computedVite(fulfilmentOf(target('placements', 3), 2), 10_000_000, terms)).toBe(30_000);
  });

  it('counts missing units to two decimals without float noise', () => {
    expect(missingUnits(fulfilmentOf(target('fte-months', 12), 9.67))).toBe(2.33);
    expect(computedVite(fulfilmentOf(target('fte-months', 12), 9.67), 10_000_000, terms)).toBe(69_900);
    expect(missingUnits(fulfilmentOf(target('percent-of-labour-hours', 25), 24.83))).toBe(0.17);
  });

  it('rounds to whole SEK', () => {
    expect(computedVite(fulfilmentOf(target('fte-months', 10), 7.5), 10_000_000, { sekPerMissingUnit: 333, capPct: 5 })).toBe(833);
    expect(computedVite(fulfilmentOf(target('fte-months', 1), 0.67), 10_000_000, { sekPerMissingUnit: 1_001, capPct: 5 })).toBe(330);
  });

  it('is capped at capPct % of the contract value', () => {
    expect(computedVite(fulfilmentOf(target('placements', 20), 4), 10_000_000, terms)).toBe(480_000); // below the cap
    expect(computedVite(fulfilmentOf(target('placements', 20), 3), 10_000_000, terms)).toBe(500_000); // 510 000 capped
    expect(computedVite(fulfilmentOf(target('placements', 20), 0), 10_000_000, terms)).toBe(500_000);
    expect(computedVite(fulfilmentOf(target('placements', 20), 0), 1_234_567, { sekPerMissingUnit: 30_000, capPct: 2.5 })).toBe(30_864);
  });

  it('is 0 when nothing is missing', () => {
    expect(computedVite(fulfilmentOf(target('fte-months', 12), 12), 10_000_000, terms)).toBe(0);
    expect(computedVite(fulfilmentOf(target('fte-months', 12), 14.5), 10_000_000, terms)).toBe(0);
    expect(missingUnits(fulfilmentOf(target('fte-months', 12), 14.5))).toBe(0);
    expect(computedVite(fulfilmentOf(target('fte-months', null), 0), 10_000_000, terms)).toBe(0);
  });
});
