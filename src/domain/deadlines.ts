/**
 * The deadlines of a clause (README.md, Deadlines), as pure rules: which
 * deadlines a clause should have in a given state, when each falls due, and
 * what the events they fire conclude. The engine writes what these functions
 * return in the same statement as the transition; entering a state schedules
 * its deadlines, leaving it cancels those that no longer apply.
 *
 * Dates are calendar days as everywhere in Klausul (UTC): a deadline "on" a day
 * falls due when that day has passed, at 00:00 UTC of the next.
 */
import { clauseStateHasTag, placementStateHasTag } from '../../workflows/states.ts';
import { addMonths } from './dates.ts';
import { firstOfferDate, type OfferFacts } from './offers.ts';
import type { ReportingPeriod, Schedule } from './schedule.ts';

const DAY_MS = 86_400_000;

// The schedule's settings live in schedule.ts, which the clause workflow imports without importing these rules.
export { DEFAULT_SCHEDULE, REPORTING_PERIODS, scheduleSettings, scheduleWithDefaults } from './schedule.ts';
export type { ReportingPeriod, Schedule, ScheduleSettings } from './schedule.ts';

export type DeadlineKind = 'planDue' | 'firstJob' | 'reportDue' | 'remedyDue' | 'contractEnd' | 'correctionDue';

/** A deadline the clause should have now: when it falls due and the event it sends then. */
export interface DesiredDeadline {
  key: string;
  kind: DeadlineKind;
  dueAt: Date;
  event: { type: string } & Record<string, unknown>;
}

/** What of the clause the deadlines depend on. */
export interface ScheduledClause {
  schedule?: Schedule | undefined;
  contract: { startDate: string; endDate: string } | null;
  /** How many times the plan was sent back: each round has its own plan deadline. */
  planChangesRequested: number;
  /** How many remedy plans were submitted, and the latest: each has its own remedy deadline. */
  remedyPlansSubmitted: number;
  latestRemedyPlan: { completeBy?: string | undefined } | null;
  /** Workflow version 3: the written notices with their due dates. */
  corrections?: ReadonlyArray<{ number: number; dueDate: string }> | undefined;
}

/** The moment a day has passed: 00:00 UTC of the following day. */
export const endOfDay = (date: string): Date => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS);
/** The last day of a deadline due at this moment (YYYY-MM-DD): the day before the midnight a date's deadline is stored as. */
export const lastDayOf = (dueAt: Date): string => new Date(dueAt.getTime() - 1).toISOString().slice(0, 10);
const addDays = (at: Date, days: number): Date => new Date(at.getTime() + days * DAY_MS);
const isoDay = (at: Date): string => at.toISOString().slice(0, 10);
const dayBefore = (date: string): string => isoDay(new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS));

export interface Period {
  start: string;
  end: string;
}

/** Calendar months or quarters from contract start to contract end, the first and last clipped to the contract. */
export function reportingPeriods(startDate: string, endDate: string, period: ReportingPeriod): Period[] {
  if (period === 'none') return [];
  const months = period === 'monthly' ? 1 : 3;
  const [year, month] = startDate.split('-').map(Number) as [number, number];
  const firstMonth = period === 'monthly' ? month : month - ((month - 1) % 3);
  let boundary = `${year}-${String(firstMonth).padStart(2, '0')}-01`;
  const periods: Period[] = [];
  while (boundary <= endDate) {
    const next = addMonths(boundary, months);
    const start = boundary < startDate ? startDate : boundary;
    const last = dayBefore(next);
    periods.push({ start, end: last > endDate ? endDate : last });
    boundary = next;
  }
  return periods;
}

/** Whether a clause in `state` has deadlines of this kind: the state's `deadline:<kind>` tag (workflows/social-clause.ts). */
export const stateHasDeadline = (state: string, kind: DeadlineKind): boolean => clauseStateHasTag(state, `deadline:${kind}`);

/**
 * The deadlines a clause should have in `state`. Keys are stable per
 * obligation, so computing them again later in the same state schedules
 * nothing new; `now` is when the state was entered when it matters.
 */
export function clauseDeadlines(state: string, clause: ScheduledClause, now: Date): DesiredDeadline[] {
  const { schedule, contract } = clause;
  if (!schedule) return [];
  const deadlines: DesiredDeadline[] = [];

  if (stateHasDeadline(state, 'planDue')) {
    // Due planDueDays after the award, or after the latest request for changes.
    const key = planDueKey(clause.planChangesRequested);
    const dueAt = addDays(now, schedule.planDueDays);
    deadlines.push({ key, kind: 'planDue', dueAt, event: { type: 'PLAN_DUE', deadline: key, dueAt: dueAt.toISOString() } });
  }
  if (!contract) return deadlines;

  if (stateHasDeadline(state, 'firstJob')) {
    const dueDate = addMonths(contract.startDate, schedule.firstJobWithinMonths);
    deadlines.push({ key: 'firstJob', kind: 'firstJob', dueAt: endOfDay(dueDate), event: { type: 'FIRST_JOB_DUE', deadline: 'firstJob', dueDate } });
  }
  if (stateHasDeadline(state, 'contractEnd')) {
    deadlines.push({
      key: 'contractEnd',
      kind: 'contractEnd',
      dueAt: endOfDay(contract.endDate),
      event: { type: 'CLOSE_DELIVERY', note: `The contract ended on ${contract.endDate}; delivery closed when the deadline passed.` },
    });
  }
  if (stateHasDeadline(state, 'reportDue')) {
    for (const period of reportingPeriods(contract.startDate, contract.endDate, schedule.reportingPeriod)) {
      const key = `report:${period.end}`;
      const dueDate = isoDay(addDays(endOfDay(period.end), schedule.reportGraceDays - 1));
      deadlines.push({
        key,
        kind: 'reportDue',
        dueAt: endOfDay(dueDate),
        event: { type: 'REPORT_DUE', deadline: key, periodStart: period.start, periodEnd: period.end, dueDate },
      });
    }
  }
  if (stateHasDeadline(state, 'remedyDue')) {
    const index = clause.remedyPlansSubmitted - 1;
    const completeBy = clause.latestRemedyPlan?.completeBy;
    const dueAt = completeBy ? endOfDay(completeBy) : addDays(now, schedule.remedyDays);
    const key = `remedy:${index}`;
    deadlines.push({ key, kind: 'remedyDue', dueAt, event: { type: 'REMEDY_DUE', deadline: key, dueAt: dueAt.toISOString() } });
  }
  if (stateHasDeadline(state, 'correctionDue')) {
    // Every notice keeps its deadline, answered or not: when it passes, it records whether the answer came in time.
    for (const notice of clause.corrections ?? []) {
      const key = correctionKey(notice.number);
      deadlines.push({
        key,
        kind: 'correctionDue',
        dueAt: endOfDay(notice.dueDate),
        event: { type: 'CORRECTION_DUE', deadline: key, notice: notice.number, dueDate: notice.dueDate },
      });
    }
  }
  return deadlines;
}

/** The deadline key of a plan round: the round after `planChangesRequested` requests for changes. */
const planDueKey = (planChangesRequested: number): string => `planDue:${planChangesRequested}`;

/** The deadline key of a written notice. */
export const correctionKey = (notice: number): string => `correction:${notice}`;

/**
 * How a transition changes a clause's deadlines: the desired ones not yet
 * there (in any status) are added, the scheduled ones no longer desired are
 * cancelled, and the rest stay as they are. Undefined when nothing changes,
 * as after most events: their write then need not touch the deadlines.
 */
export function deadlineChanges<Existing extends { key: string; status: string }, Desired extends { key: string }>(
  existing: ReadonlyArray<Existing>,
  desired: ReadonlyArray<Desired>,
): { add: Desired[]; cancel: Existing[] } | undefined {
  const known = new Set(existing.map((d) => d.key));
  const wanted = new Set(desired.map((d) => d.key));
  const add = desired.filter((d) => !known.has(d.key));
  const cancel = existing.filter((d) => d.status === 'scheduled' && !wanted.has(d.key));
  return add.length > 0 || cancel.length > 0 ? { add, cancel } : undefined;
}

/**
 * True when the contractor's own submitted reports together cover every day
 * of the period: the reporting duty is the contractor's, and a subcontractor's
 * report of its own workforce (issue 22) does not discharge it.
 */
export function periodCovered(period: Period, reports: ReadonlyArray<{ periodStart: string; periodEnd: string; subcontractorOrgId?: string | null }>): boolean {
  let coveredUntil = dayBefore(period.start);
  for (const report of reports.filter((r) => !r.subcontractorOrgId).sort((a, b) => a.periodStart.localeCompare(b.periodStart))) {
    if (report.periodStart > isoDay(endOfDay(coveredUntil))) break; // a gap
    if (report.periodEnd > coveredUntil) coveredUntil = report.periodEnd;
    if (coveredUntil >= period.end) return true;
  }
  return coveredUntil >= period.end;
}

/** The first placement's start, of those not rejected: what the first-job milestone is measured by. */
export function firstPlacementStart(placements: ReadonlyArray<{ state: string; startDate: string }>): string | null {
  // A clause's facts kept by the engine are frozen and shared by its reads (src/engine/delivery-facts.ts): found once for them.
  if (Object.isFrozen(placements)) {
    const found = firstStarts.get(placements);
    if (found !== undefined) return found;
    const first = firstStartOf(placements);
    firstStarts.set(placements, first);
    return first;
  }
  return firstStartOf(placements);
}

const firstStarts = new WeakMap<object, string | null>();

function firstStartOf(placements: ReadonlyArray<{ state: string; startDate: string }>): string | null {
  const starts = placements.filter((p) => !placementStateHasTag(p.state, 'excluded')).map((p) => p.startDate);
  // ISO dates compare as text; Math.min would turn them into NaN.
  // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
  return starts.length === 0 ? null : starts.reduce((a, b) => (a < b ? a : b));
}

/**
 * Whether a deadline fell away because what it asked for came in before it
 * passed: the commitment plan, submitted while its deadline was still ahead,
 * cancels that deadline (the clause leaves the state that has it). Other
 * deadlines that fall away (closing, terminating, withdrawing) were not met.
 */
export const metBeforeDue = (deadline: { kind: string; status: string; resolvedBy: string | null }): boolean =>
  deadline.status === 'cancelled' && deadline.kind === 'planDue' && deadline.resolvedBy === 'SUBMIT_PLAN';

/**
 * Whether a deadline that has not fired (still ahead, passed but not yet
 * fired, or fallen away) is already met by what came in: its period's report
 * is in, or the first job started or was offered by its last day. A page says
 * "met" instead of "upcoming" or "fallen away"; the clause records the
 * milestone itself only when the deadline fires.
 */
export function metAhead(
  deadline: { kind: string; status: string; lastDay: string; event: Record<string, unknown> },
  facts: {
    placements: ReadonlyArray<{ state: string; startDate: string }>;
    reports: ReadonlyArray<{ periodStart: string; periodEnd: string; subcontractorOrgId?: string | null }>;
    offers?: ReadonlyArray<OfferFacts>;
  },
): boolean {
  if (deadline.status === 'fired' || deadline.status === 'failed') return false;
  switch (deadline.kind) {
    case 'reportDue': {
      const { periodStart, periodEnd } = deadline.event;
      // A deadline's event is what it will send; one that names no period cannot be met ahead (its firing will fail).
      if (typeof periodStart !== 'string' || typeof periodEnd !== 'string') return false;
      return periodCovered({ start: periodStart, end: periodEnd }, facts.reports);
    }
    case 'firstJob': {
      const started = firstPlacementStart(facts.placements);
      const offered = firstOfferDate(facts.offers ?? []);
      return (started !== null && started <= deadline.lastDay) || (offered !== null && offered <= deadline.lastDay);
    }
    default:
      return false;
  }
}

/** A deadline as the clause's overdue rule sees it. */
export interface DeadlineState {
  key: string;
  kind: DeadlineKind;
  status: 'scheduled' | 'fired' | 'cancelled' | 'failed';
  event: Record<string, unknown>;
}

/**
 * Whether a passed deadline leaves the clause overdue now: the plan is still
 * not in, a period's report is still missing, no placement has started and no
 * offer of employment was made since the first-job milestone was missed, or a
 * written notice is still unanswered.
 */
export function stillOverdue(
  deadline: DeadlineState,
  clause: { state: string; planChangesRequested: number; corrections?: ReadonlyArray<{ number: number; answer: unknown }> | undefined },
  facts: {
    placements: ReadonlyArray<{ state: string; startDate: string }>;
    reports: ReadonlyArray<{ periodStart: string; periodEnd: string; subcontractorOrgId?: string | null }>;
    offers?: ReadonlyArray<OfferFacts>;
  },
): boolean {
  if (deadline.status !== 'fired') return false;
  switch (deadline.kind) {
    case 'planDue':
      // Only the deadline of the plan round in progress: a later request for changes sets a new one.
      return stateHasDeadline(clause.state, 'planDue') && deadline.key === planDueKey(clause.planChangesRequested);
    case 'reportDue':
      return !periodCovered({ start: deadline.event.periodStart as string, end: deadline.event.periodEnd as string }, facts.reports);
    case 'firstJob':
      // The first job is started or offered (issue 18): an offer makes the milestone good too.
      return firstPlacementStart(facts.placements) === null && firstOfferDate(facts.offers ?? []) === null;
    case 'correctionDue':
      return clause.corrections?.find((n) => correctionKey(n.number) === deadline.key)?.answer === null;
    default:
      return false;
  }
}
