/**
 * A clause's deadline settings (issue 5): what the officer may set at AWARD,
 * and the defaults. Apart from deadlines.ts so that the clause workflow can
 * import them while deadlines.ts derives its states from the workflow.
 */
import { z } from 'zod';

export const REPORTING_PERIODS = ['monthly', 'quarterly', 'none'] as const;
export type ReportingPeriod = (typeof REPORTING_PERIODS)[number];

/** What the officer may set per clause at AWARD; each has a default. */
export const scheduleSettings = z.strictObject({
  planDueDays: z.int().min(1).max(365).optional().describe('Days after award (or after a request for changes) within which the plan is due; default 21'),
  firstJobWithinMonths: z.int().min(1).max(60).optional().describe('Months after contract start by which the first placement must have started; default 6'),
  reportingPeriod: z.enum(REPORTING_PERIODS).optional().describe('Calendar periods the contractor reports on; default quarterly'),
  reportGraceDays: z.int().min(0).max(180).optional().describe('Days after each period end within which its report is due; default 30'),
  remedyDays: z.int().min(1).max(730).optional().describe('Days a remedy runs when its plan names no completeBy date; default 90'),
});
export type ScheduleSettings = z.infer<typeof scheduleSettings>;
export type Schedule = Required<ScheduleSettings>;

export const DEFAULT_SCHEDULE: Schedule = { planDueDays: 21, firstJobWithinMonths: 6, reportingPeriod: 'quarterly', reportGraceDays: 30, remedyDays: 90 };

export const scheduleWithDefaults = (settings: ScheduleSettings | undefined): Schedule => ({ ...DEFAULT_SCHEDULE, ...settings });
