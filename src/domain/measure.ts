/**
 * Measured fulfilment per clause kind: pure functions over the verified
 * placements and accepted period reports of a clause. Only verified placements
 * and accepted reports count; the rest is shown as pending.
 */
import type { EarlyEndReason } from '../../workflows/placement.ts';
import { placementStateHasTag, reportStateHasTag } from '../../workflows/states.ts';
import { firstPlacementStart } from './deadlines.ts';
import { firstJobDate, firstOfferDate, type OfferFacts } from './offers.ts';
import { addMonths, daysInclusive, monthsInclusive } from './dates.ts';
import { fulfilmentOf, type Fulfilment, type Milestone, type Target } from './fulfilment.ts';

/**
 * The version of the measurement rules (templates' measureDelivery, overdue,
 * exposure). Raise it with any change to them: every clause's stored
 * progress is then measured again, in the background and before any
 * portfolio read.
 *
 * 2: an early end counts the agreed time only for the reasons criterion 11554
 * names (earlyEndCountsAgreedTime), and placements outside the clause's
 * target groups are not counted (inTargetGroups).
 */
export const MEASUREMENT_RULES = 2;

export type EndedAs = 'completed' | 'endedEarly' | 'discontinued';

/** What measurement needs of a placement (no participant data beyond its group). */
export interface PlacementFacts {
  targetGroup: string;
  /** Workflow state: registered, active, completed, endedEarly, discontinued, verified, rejected. */
  state: string;
  endedAs: EndedAs | null;
  /** Why an END_EARLY ended it (placement workflow version 2); null otherwise, and for version 1's code-less END_EARLY. */
  endReasonCode: EarlyEndReason | null;
  startDate: string;
  plannedEndDate: string;
  endDate: string | null;
  fte: number;
  hoursPerWeek: number;
  /** The subcontractor that registered it (issue 22); null or absent for the contractor's own. */
  subcontractorOrgId?: string | null;
}

export interface ReportFacts {
  state: string;
  periodStart: string;
  periodEnd: string;
  totalLabourHours: number;
  localLabourHours: number | null;
  disadvantagedLabourHours: number | null;
  apprenticeHours: number | null;
  trainingHours: number | null;
  /** The subcontractor that submitted it (issue 22); null or absent for the contractor's own. */
  subcontractorOrgId?: string | null;
}

export interface Delivery {
  placements: PlacementFacts[];
  reports: ReportFacts[];
  /** Offers of employment (issue 18); a delivery without them has none. */
  offers?: OfferFacts[] | undefined;
  /** The contract's start date, once awarded. */
  contractStart: string | null;
  /** Today, as YYYY-MM-DD, for milestones that may have passed. */
  today: string;
}

/** Two decimals: enough for FTE-months and shares, and free of float noise such as 23.999999. */
const round2 = (value: number): number => Math.round(value * 100) / 100;

// What counts: the `counted` states of the placement and period-report workflows (verified, accepted).
const verified = (placements: PlacementFacts[]) => placements.filter((p) => placementStateHasTag(p.state, 'counted') && p.endDate !== null);
const accepted = (reports: ReportFacts[]) => reports.filter((r) => reportStateHasTag(r.state, 'counted'));

function sumByGroup(placements: PlacementFacts[], value: (p: PlacementFacts) => number): Record<string, number> {
  const groups: Record<string, number> = {};
  for (const p of placements) groups[p.targetGroup] = round2((groups[p.targetGroup] ?? 0) + value(p));
  return groups;
}

/**
 * "First job started or offered within N months of contract start": met by any
 * placement not rejected whose start date, or any offer not withdrawn whose
 * offer date, falls on or before the due date.
 */
export function firstStartMilestone(delivery: Delivery, withinMonths: number, id = 'firstJob'): Milestone {
  const due = delivery.contractStart === null ? null : addMonths(delivery.contractStart, withinMonths);
  const first = firstJobDate(firstPlacementStart(delivery.placements), firstOfferDate(delivery.offers ?? []));
  const description = `first start within ${withinMonths} months of contract start`;
  if (due === null) return { id, description, due, status: 'pending', metOn: null };
  if (first !== null && first <= due) return { id, description, due, status: 'met', metOn: first };
  return { id, description, due, status: delivery.today > due ? 'notMet' : 'pending', metOn: null };
}

/**
 * The placements a clause counts: those of its target groups (all, when it
 * names none). New placements outside them are refused at registration
 * (src/engine/matching-access.ts, requireClauseTargetGroup); this keeps any
 * stored before that rule from being counted.
 */
export function inTargetGroups<P extends { targetGroup: string }>(placements: P[], groups: readonly string[] | null): P[] {
  return groups === null ? placements : placements.filter((p) => groups.includes(p.targetGroup));
}

/** The early-end reasons under which the agreed time counts (criterion 11554: the employee's resignation, LAS 7 § and 18 §). */
const AGREED_TIME_REASONS: ReadonlySet<EarlyEndReason> = new Set(['employeeResigned', 'objectiveGrounds', 'summaryDismissal']);

/**
 * Whether an early end may count the agreed time. A version 1 END_EARLY has
 * no code: version 1 offered it only for a job "ended early for a lawful
 * cause" (workflows/placement.ts), so it keeps the credit it had; `other`
 * never counts more than the time worked.
 */
export const earlyEndCountsAgreedTime = (code: EarlyEndReason | null): boolean => code === null || AGREED_TIME_REASONS.has(code);

export interface EmploymentRules {
  earlyEndThresholdPct: number;
  minMonthsPerJob?: number | undefined;
  firstJobWithinMonths: number;
}

/**
 * FTE-months a verified job earns: fte × calendar months worked. A job that
 * ended early for one of the reasons of earlyEndCountsAgreedTime earns its
 * whole agreed time once at least `earlyEndThresholdPct` % of the agreed days
 * were worked. A job shorter than `minMonthsPerJob` earns nothing.
 */
export function creditedFteMonths(p: PlacementFacts, rules: EmploymentRules): number {
  if (p.endDate === null) return 0;
  let months = monthsInclusive(p.startDate, p.endDate);
  if (p.endedAs === 'endedEarly' && earlyEndCountsAgreedTime(p.endReasonCode)) {
    const workedPct = (daysInclusive(p.startDate, p.endDate) * 100) / daysInclusive(p.startDate, p.plannedEndDate);
    if (workedPct >= rules.earlyEndThresholdPct) months = monthsInclusive(p.startDate, p.plannedEndDate);
  }
  if (rules.minMonthsPerJob !== undefined && months < rules.minMonthsPerJob) return 0;
  return p.fte * months;
}

export function measureEmployment(target: Target, rules: EmploymentRules, delivery: Delivery): Fulfilment {
  const jobs = verified(delivery.placements);
  const credit = (p: PlacementFacts) => creditedFteMonths(p, rules);
  const exact = jobs.reduce((sum, p) => sum + credit(p), 0);
  const result = fulfilmentOf(target, round2(exact), {
    byTargetGroup: sumByGroup(jobs, credit),
    milestones: [firstStartMilestone(delivery, rules.firstJobWithinMonths)],
  });
  // Judged on the exact sum (23.996 FTE-months is short of 24), with a margin for float noise only.
  return { ...result, reached: target.value !== null && exact > 0 && exact >= target.value - 1e-9 };
}

export interface PlacementRules {
  minWeeks: number;
  hoursPerWeek: number;
}

/** A placement counts when verified as completed, at least minWeeks long (whole days, both ends included) and at the hours agreed. */
export function placementCounts(p: PlacementFacts, rules: PlacementRules): boolean {
  return (
    placementStateHasTag(p.state, 'counted') &&
    p.endedAs === 'completed' &&
    p.endDate !== null &&
    daysInclusive(p.startDate, p.endDate) >= rules.minWeeks * 7 &&
    p.hoursPerWeek >= rules.hoursPerWeek
  );
}

export function measurePlacements(target: Target, rules: PlacementRules, delivery: Delivery): Fulfilment {
  const counted = delivery.placements.filter((p) => placementCounts(p, rules));
  return fulfilmentOf(target, counted.length, { byTargetGroup: sumByGroup(counted, () => 1), milestones: [] });
}

export interface LocalHiringRules {
  localSharePct: number;
  disadvantagedSharePct?: number | undefined;
  apprenticeSharePct?: number | undefined;
}

/** Share of accepted labour hours in percent, exact; 0 when no hours are reported. */
const share = (part: number, total: number): number => (total === 0 ? 0 : (part * 100) / total);

/**
 * Local hiring is measured as the local share of all accepted labour hours; the
 * disadvantaged and apprentice shares are further conditions of the same clause.
 * "At least 25 %" is judged on the exact share (24.9975 % is short); the shares
 * are shown with two decimals.
 */
export function measureLocalHiring(target: Target, rules: LocalHiringRules, delivery: Delivery): Fulfilment {
  const reports = accepted(delivery.reports);
  const total = reports.reduce((sum, r) => sum + r.totalLabourHours, 0);
  const shareOf = (field: keyof ReportFacts) =>
    share(
      reports.reduce((acc, r) => acc + ((r[field] as number | null) ?? 0), 0),
      total,
    );
  const exact: Array<{ name: string; measured: number; target: number }> = [
    { name: 'local', measured: shareOf('localLabourHours'), target: rules.localSharePct },
  ];
  if (rules.disadvantagedSharePct !== undefined)
    exact.push({ name: 'disadvantagedSharePct', measured: shareOf('disadvantagedLabourHours'), target: rules.disadvantagedSharePct });
  if (rules.apprenticeSharePct !== undefined)
    exact.push({ name: 'apprenticeSharePct', measured: shareOf('apprenticeHours'), target: rules.apprenticeSharePct });
  const conditions = Object.fromEntries(exact.slice(1).map((c) => [c.name, { measured: round2(c.measured), target: c.target }]));
  const result = fulfilmentOf(target, round2(exact[0]!.measured), { byTargetGroup: {}, milestones: [], conditions });
  const reached = total > 0 && exact.every((c) => c.measured >= c.target);
  return { ...result, reached, labourHours: { total: round2(total), accepted: reports.length } };
}

export function measureTraining(target: Target, delivery: Delivery): Fulfilment {
  if (target.unit === 'apprentices') {
    const apprentices = verified(delivery.placements);
    return fulfilmentOf(target, apprentices.length, { byTargetGroup: sumByGroup(apprentices, () => 1), milestones: [] });
  }
  const hours = accepted(delivery.reports).reduce((sum, r) => sum + (r.apprenticeHours ?? 0) + (r.trainingHours ?? 0), 0);
  return fulfilmentOf(target, round2(hours), { byTargetGroup: {}, milestones: [] });
}

/** A dialogue is delivered by the meeting record the auditor confirms with. */
export function measureDialogue(target: Target, withinMonths: number, delivery: Delivery, meetingDate: string | null): Fulfilment {
  const due = delivery.contractStart === null ? null : addMonths(delivery.contractStart, withinMonths);
  const milestone: Milestone = {
    id: 'dialogue',
    description: `documented dialogue within ${withinMonths} months of contract start`,
    due,
    status: meetingDate !== null && (due === null || meetingDate <= due) ? 'met' : due !== null && delivery.today > due ? 'notMet' : 'pending',
    metOn: meetingDate,
  };
  return fulfilmentOf(target, meetingDate === null ? 0 : 1, { byTargetGroup: {}, milestones: [milestone] });
}
