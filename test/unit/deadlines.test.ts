import { describe, expect, it } from 'vitest';
import {
  clauseDeadlines,
  deadlineChanges,
  DEFAULT_SCHEDULE,
  endOfDay,
  firstPlacementStart,
  lastDayOf,
  metAhead,
  periodCovered,
  reportingPeriods,
  stillOverdue,
  type ScheduledClause,
} from '../../src/domain/deadlines.ts';

const awarded: ScheduledClause = {
  schedule: DEFAULT_SCHEDULE,
  contract: { startDate: '2026-02-15', endDate: '2026-11-10' },
  planChangesRequested: 0,
  remedyPlansSubmitted: 0,
  latestRemedyPlan: null,
};
const now = new Date('2026-03-01T08:00:00Z');
const keys = (state: string, clause = awarded) => clauseDeadlines(state, clause, now).map((d) => d.key);

describe('reporting periods', () => {
  it('follows calendar quarters and months, clipped to the contract', () => {
    expect(reportingPeriods('2026-02-15', '2026-11-10', 'quarterly')).toEqual([
      { start: '2026-02-15', end: '2026-03-31' },
      { start: '2026-04-01', end: '2026-06-30' },
      { start: '2026-07-01', end: '2026-09-30' },
      { start: '2026-10-01', end: '2026-11-10' },
    ]);
    expect(reportingPeriods('2026-12-20', '2027-02-02', 'monthly')).toEqual([
      { start: '2026-12-20', end: '2026-12-31' },
      { start: '2027-01-01', end: '2027-01-31' },
      { start: '2027-02-01', end: '2027-02-02' },
    ]);
    expect(reportingPeriods('2026-01-01', '2027-12-31', 'none')).toEqual([]);
  });
});

describe('deadlines per state', () => {
  it('schedules nothing without a schedule (workflow version 1) or before award', () => {
    expect(keys('delivery', { ...awarded, schedule: undefined })).toEqual([]);
    expect(keys('tendering', { ...awarded, contract: null })).toEqual([]);
  });

  it('gives each state its own deadlines', () => {
    expect(keys('commitment.awaitingPlan')).toEqual(['planDue:0']);
    expect(keys('commitment.planReview')).toEqual([]);
    expect(keys('delivery')).toEqual(['firstJob', 'contractEnd', 'report:2026-03-31', 'report:2026-06-30', 'report:2026-09-30', 'report:2026-11-10']);
    expect(keys('verification')).toEqual(['report:2026-03-31', 'report:2026-06-30', 'report:2026-09-30', 'report:2026-11-10']);
    expect(keys('remediation', { ...awarded, remedyPlansSubmitted: 2, latestRemedyPlan: { completeBy: '2027-01-31' } })).toContain('remedy:1');
    for (const final of ['fulfilled', 'sanctioned', 'waived', 'withdrawn']) expect(keys(final)).toEqual([]);
  });

  it('sets due times from the schedule: days after entering, months after contract start, the day after a date', () => {
    const due = (state: string, key: string, clause = awarded) =>
      clauseDeadlines(state, clause, now)
        .find((d) => d.key === key)!
        .dueAt.toISOString();
    expect(due('commitment.awaitingPlan', 'planDue:0')).toBe('2026-03-22T08:00:00.000Z');
    expect(due('commitment.awaitingPlan', 'planDue:1', { ...awarded, planChangesRequested: 1 })).toBe('2026-03-22T08:00:00.000Z');
    expect(due('delivery', 'firstJob')).toBe('2026-08-16T00:00:00.000Z');
    expect(due('delivery', 'contractEnd')).toBe('2026-11-11T00:00:00.000Z');
    expect(due('delivery', 'report:2026-03-31')).toBe('2026-05-01T00:00:00.000Z');
    expect(due('remediation', 'remedy:0', { ...awarded, remedyPlansSubmitted: 1, latestRemedyPlan: {} })).toBe('2026-05-30T08:00:00.000Z');
    expect(due('remediation', 'remedy:0', { ...awarded, remedyPlansSubmitted: 1, latestRemedyPlan: { completeBy: '2026-04-30' } })).toBe(
      '2026-05-01T00:00:00.000Z',
    );
    expect(endOfDay('2026-12-31').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it("names a deadline's last day: the date it was set for, and the day of one counted in days", () => {
    expect(lastDayOf(endOfDay('2026-04-30'))).toBe('2026-04-30');
    expect(lastDayOf(endOfDay('2026-12-31'))).toBe('2026-12-31');
    expect(lastDayOf(new Date('2026-03-22T08:00:00.000Z'))).toBe('2026-03-22');
  });

  it('changes the stored set only when a deadline is added or a scheduled one is no longer wanted, and names which', () => {
    const fired = { key: 'planDue:0', status: 'fired' };
    const scheduled = { key: 'report:2026-03-31', status: 'scheduled' };
    const existing = [fired, scheduled];
    expect(deadlineChanges(existing, [{ key: 'planDue:0' }, { key: 'report:2026-03-31' }])).toBeUndefined();
    expect(deadlineChanges(existing, [{ key: 'report:2026-03-31' }])).toBeUndefined(); // a fired one stays as it is
    expect(deadlineChanges(existing, [])).toEqual({ add: [], cancel: [scheduled] });
    expect(deadlineChanges(existing, [{ key: 'report:2026-03-31' }, { key: 'firstJob' }])).toEqual({ add: [{ key: 'firstJob' }], cancel: [] });
    // A key that was there before, in any status, is not added again.
    expect(deadlineChanges(existing, [{ key: 'planDue:0' }, { key: 'remedy:0' }])).toEqual({ add: [{ key: 'remedy:0' }], cancel: [scheduled] });
  });
});

describe('overdue', () => {
  const facts = (placements: Array<{ state: string; startDate: string }>, reports: Array<{ periodStart: string; periodEnd: string }>) => ({
    placements,
    reports,
  });

  it('counts a period as reported when reports together cover every day of it', () => {
    const q1 = { start: '2026-01-01', end: '2026-03-31' };
    expect(periodCovered(q1, [{ periodStart: '2026-01-01', periodEnd: '2026-03-31' }])).toBe(true);
    expect(
      periodCovered(q1, [
        { periodStart: '2026-02-01', periodEnd: '2026-03-31' },
        { periodStart: '2026-01-01', periodEnd: '2026-01-31' },
      ]),
    ).toBe(true);
    expect(
      periodCovered(q1, [
        { periodStart: '2026-01-01', periodEnd: '2026-01-31' },
        { periodStart: '2026-02-02', periodEnd: '2026-03-31' },
      ]),
    ).toBe(false);
    expect(periodCovered(q1, [{ periodStart: '2025-10-01', periodEnd: '2026-06-30' }])).toBe(true);
    expect(periodCovered(q1, [])).toBe(false);
  });

  it('takes the first placement that was not rejected', () => {
    expect(
      firstPlacementStart([
        { state: 'rejected', startDate: '2026-01-10' },
        { state: 'active', startDate: '2026-03-01' },
        { state: 'verified', startDate: '2026-02-01' },
      ]),
    ).toBe('2026-02-01');
    expect(firstPlacementStart([{ state: 'rejected', startDate: '2026-01-10' }])).toBeNull();
  });

  it('keeps a passed deadline overdue until what it asked for arrives', () => {
    const report = {
      key: 'report:2026-03-31',
      kind: 'reportDue' as const,
      status: 'fired' as const,
      event: { periodStart: '2026-01-01', periodEnd: '2026-03-31' },
    };
    const clause = { state: 'delivery', planChangesRequested: 0 };
    expect(stillOverdue(report, clause, facts([], []))).toBe(true);
    expect(stillOverdue(report, clause, facts([], [{ periodStart: '2026-01-01', periodEnd: '2026-03-31' }]))).toBe(false);
    expect(stillOverdue({ ...report, status: 'scheduled' }, clause, facts([], []))).toBe(false);

    const plan = { key: 'planDue:0', kind: 'planDue' as const, status: 'fired' as const, event: {} };
    expect(stillOverdue(plan, { state: 'commitment.awaitingPlan', planChangesRequested: 0 }, facts([], []))).toBe(true);
    expect(stillOverdue(plan, { state: 'commitment.planReview', planChangesRequested: 0 }, facts([], []))).toBe(false);
    // After a request for changes the new round has its own deadline.
    expect(stillOverdue(plan, { state: 'commitment.awaitingPlan', planChangesRequested: 1 }, facts([], []))).toBe(false);

    const firstJob = { key: 'firstJob', kind: 'firstJob' as const, status: 'fired' as const, event: {} };
    expect(stillOverdue(firstJob, clause, facts([], []))).toBe(true);
    expect(stillOverdue(firstJob, clause, facts([{ state: 'registered', startDate: '2026-09-01' }], []))).toBe(false);
    // The first job is started or offered: an offer makes it good too, whatever the answer, unless withdrawn.
    expect(stillOverdue(firstJob, clause, { ...facts([], []), offers: [{ state: 'declined', offeredDate: '2026-09-01' }] })).toBe(false);
    expect(stillOverdue(firstJob, clause, { ...facts([], []), offers: [{ state: 'withdrawn', offeredDate: '2026-09-01' }] })).toBe(true);
  });
});

describe('a deadline met before it fires', () => {
  const march = { periodStart: '2026-03-01', periodEnd: '2026-03-31' };
  const report = (kind: string, status: string, reports: Array<{ periodStart: string; periodEnd: string; subcontractorOrgId?: string | null }>) =>
    metAhead({ kind, status, lastDay: '2026-04-15', event: { type: 'REPORT_DUE', ...march } }, { placements: [], reports });
  const firstJob = (status: string, placements: Array<{ state: string; startDate: string }>, offers: Array<{ state: string; offeredDate: string }> = []) =>
    metAhead({ kind: 'firstJob', status, lastDay: '2026-06-30', event: { type: 'FIRST_JOB_DUE' } }, { placements, reports: [], offers });

  it('is met when its period is reported, whether it is ahead, passed or fallen away, and not once it fired', () => {
    expect(report('reportDue', 'scheduled', [march])).toBe(true);
    expect(report('reportDue', 'cancelled', [march])).toBe(true);
    expect(report('reportDue', 'scheduled', [{ periodStart: '2026-03-01', periodEnd: '2026-03-30' }])).toBe(false);
    expect(report('reportDue', 'scheduled', [])).toBe(false);
    // A fired deadline has its own milestone, which says what it found when it passed.
    expect(report('reportDue', 'fired', [march])).toBe(false);
  });

  it("counts only the contractor's own report for the contractor's deadline", () => {
    expect(report('reportDue', 'scheduled', [{ ...march, subcontractorOrgId: 'sub' }])).toBe(false);
  });

  it('meets the first job by a start or an offer on or before its last day, not after', () => {
    expect(firstJob('scheduled', [{ state: 'active', startDate: '2026-06-30' }])).toBe(true);
    expect(firstJob('cancelled', [{ state: 'active', startDate: '2026-05-02' }])).toBe(true);
    expect(firstJob('scheduled', [{ state: 'active', startDate: '2026-07-01' }])).toBe(false);
    expect(firstJob('scheduled', [], [{ state: 'offered', offeredDate: '2026-06-30' }])).toBe(true);
    expect(firstJob('scheduled', [], [{ state: 'offered', offeredDate: '2026-07-01' }])).toBe(false);
    expect(firstJob('scheduled', [])).toBe(false);
  });

  it('says nothing of other kinds of deadline', () => {
    expect(report('planDue', 'scheduled', [march])).toBe(false);
    expect(
      metAhead({ kind: 'reportDue', status: 'scheduled', lastDay: '2026-04-15', event: { type: 'REPORT_DUE' } }, { placements: [], reports: [march] }),
    ).toBe(false);
  });
});
