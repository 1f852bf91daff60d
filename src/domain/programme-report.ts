/**
 * The programme report (issue 21, item 4), computed from plain inputs: the
 * programme, its placements (own-workplace and under its clauses) and the
 * recorded follow-ups of them. Pure; src/db/programmes.ts reads the inputs.
 *
 * Counting, per calendar year or for the programme's whole period:
 * - a placement counts in the period its start date falls in, once it was
 *   started (START recorded) and unless the auditor rejected it; of those,
 *   completed, ended early (END_EARLY, or DISCONTINUE after the start) and
 *   still ongoing are as they stand today. So started = completed + ended
 *   early + ongoing, in every row (the figures follow the cohort that started).
 * - outcomes at the end: the outcome recorded when a counted placement ended
 *   (placements that ended without one are not among `recorded`); at 1, 6 and
 *   12 months: the recorded follow-ups of counted placements.
 * - a share against a target is of the outcomes recorded at that checkpoint;
 *   employability's is the share answering "better" of those who answered.
 * - gender-pattern-breaking: counted placements whose opening (clause
 *   placements) or own registration (own-workplace) says it breaks one.
 *
 * `suppressProgrammeReport` turns the matching body's figures into what may
 * leave it (src/domain/suppression.ts).
 */
import type { EmployabilityAnswer, FollowUpMonths, FollowUpStatus } from '../db/schema.ts';
import { EXCLUDED_PLACEMENT_STATES } from '../../workflows/states.ts';
import {
  CHECKPOINTS,
  type Checkpoint,
  type CheckpointOutcomes,
  type Figure,
  type GoalAgainstTarget,
  type OutcomeGoal,
  type PlacementFigures,
  type ProgrammeReport,
  type ProgrammeTargets,
} from './programme-report-shape.ts';
import { type AdditiveGroup, type Cell, cell, shown, suppressCells } from './suppression.ts';

export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['employment', 'studies', 'furtherPlacement', 'selfEmployment', 'other', 'none', 'unknown'];
const ANSWERS: readonly EmployabilityAnswer[] = ['better', 'same', 'worse'];

export type PlacementSource =
  | { kind: 'own'; hostOrgId: string; hostName: string }
  | { kind: 'clause'; clauseId: string; tenderReference: string; title: string; supplierOrgId: string | null; supplierName: string | null };

export interface ReportPlacement {
  id: string;
  startDate: string;
  /** START was recorded. */
  started: boolean;
  state: string;
  endedAs: 'completed' | 'endedEarly' | 'discontinued' | null;
  /** The outcome recorded at its end (the placement workflow's outcomes are a subset of the follow-up statuses). */
  outcome: FollowUpStatus | null;
  breaksGenderPattern: boolean;
  /** The supervisor the placement names, if any (issue 22). */
  supervisorId?: string | null;
  source: PlacementSource;
}

export interface ReportFollowUp {
  placementId: string;
  months: FollowUpMonths;
  status: FollowUpStatus;
  employability: EmployabilityAnswer | null;
}

export interface ReportProgramme {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  targets: ProgrammeTargets;
}

/** The target field each outcome goal is measured against. */
export const GOAL_TARGETS: Record<OutcomeGoal, keyof ProgrammeTargets> = {
  studies: 'studiesPct',
  furtherPlacement: 'placementPct',
  employment: 'employmentPct',
  selfEmployment: 'selfEmploymentPct',
  employability: 'employabilityPct',
};

const CHECKPOINT_MONTHS: Record<Exclude<Checkpoint, 'end'>, FollowUpMonths> = { month1: 1, month6: 6, month12: 12 };

/** The period a report covers: the programme's, or its part in the calendar year. */
export function reportPeriod(programme: Pick<ReportProgramme, 'startDate' | 'endDate'>, year: number | null): { from: string; to: string } {
  if (year === null) return { from: programme.startDate, to: programme.endDate };
  const from = `${year}-01-01` > programme.startDate ? `${year}-01-01` : programme.startDate;
  const to = `${year}-12-31` < programme.endDate ? `${year}-12-31` : programme.endDate;
  return { from, to };
}

/** The calendar years the programme spans. */
export function programmeYears(programme: Pick<ReportProgramme, 'startDate' | 'endDate'>): number[] {
  const first = Number(programme.startDate.slice(0, 4));
  const last = Number(programme.endDate.slice(0, 4));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function placementFigures(placements: readonly ReportPlacement[]): PlacementFigures {
  return {
    started: placements.length,
    completed: placements.filter((p) => p.endedAs === 'completed').length,
    endedEarly: placements.filter((p) => p.endedAs === 'endedEarly' || p.endedAs === 'discontinued').length,
    ongoing: placements.filter((p) => p.endedAs === null).length,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

const oneDecimal = (n: number): number => Math.round(n * 10) / 10;
const share = (part: number, whole: number): number | null => (whole > 0 ? oneDecimal((100 * part) / whole) : null);

function outcomesAt(checkpoint: Checkpoint, counted: readonly ReportPlacement[], followUps: readonly ReportFollowUp[]): CheckpointOutcomes {
  const byStatus = Object.fromEntries(FOLLOW_UP_STATUSES.map((s) => [s, 0])) as Record<FollowUpStatus, number>;
  const employability = { better: 0, same: 0, worse: 0 };
  let recorded = 0;
  if (checkpoint === 'end') {
    for (const p of counted) {
      if (p.endedAs === null || p.outcome === null) continue;
      recorded++;
      byStatus[p.outcome]++;
    }
  } else {
    const ids = new Set(counted.map((p) => p.id));
    for (const f of followUps) {
      if (f.months !== CHECKPOINT_MONTHS[checkpoint] || !ids.has(f.placementId)) continue;
      recorded++;
      byStatus[f.status]++;
      if (f.employability) employability[f.employability]++;
    }
  }
  return { checkpoint, recorded, byStatus, employability };
}

function againstTargets(targets: ProgrammeTargets, outcomes: readonly CheckpointOutcomes[]): GoalAgainstTarget[] {
  const result: GoalAgainstTarget[] = [];
  for (const [goal, field] of Object.entries(GOAL_TARGETS) as Array<[OutcomeGoal, keyof ProgrammeTargets]>) {
    const targetPct = targets[field];
    if (targetPct === undefined) continue;
    for (const o of outcomes) {
      if (goal === 'employability') {
        if (o.checkpoint === 'end') continue; // only follow-ups ask it
        const e = o.employability as Record<EmployabilityAnswer, number>;
        result.push({ goal, checkpoint: o.checkpoint, targetPct, achievedPct: share(e.better, e.better + e.same + e.worse) });
      } else {
        result.push({ goal, checkpoint: o.checkpoint, targetPct, achievedPct: share(o.byStatus[goal] as number, o.recorded as number) });
      }
    }
  }
  return result;
}

/** The distinct supervisors the placements name, and those with a training dated on or before `by`. */
function supervisorFigures(placements: readonly ReportPlacement[], trainingDates: ReadonlyMap<string, readonly string[]>, by: string) {
  const named = new Set(placements.flatMap((p) => (p.supervisorId ? [p.supervisorId] : [])));
  const trained = [...named].filter((id) => (trainingDates.get(id) ?? []).some((date) => date <= by));
  return { named: named.size, trained: trained.length };
}

/** The report as the matching body sees it: every figure as counted. */
export function computeProgrammeReport(
  programme: ReportProgramme,
  placements: readonly ReportPlacement[],
  followUps: readonly ReportFollowUp[],
  year: number | null,
  /** Each supervisor's training dates (supervision.ts): trained when one is dated by the period's end. */
  trainingDates: ReadonlyMap<string, readonly string[]> = new Map(),
): ProgrammeReport {
  const { from, to } = reportPeriod(programme, year);
  const counted = placements.filter(
    (p) => p.started && !(EXCLUDED_PLACEMENT_STATES as readonly string[]).includes(p.state) && p.startDate >= from && p.startDate <= to,
  );
  const years = year === null ? programmeYears(programme) : [year];
  const outcomes = CHECKPOINTS.map((checkpoint) => outcomesAt(checkpoint, counted, followUps));
  const own = counted.filter((p) => p.source.kind === 'own');
  const underClauses = counted.filter((p) => p.source.kind === 'clause');
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, 'sv');
  return {
    programmeId: programme.id,
    name: programme.name,
    period: { year, from, to },
    suppressed: false,
    targets: programme.targets,
    placements: placementFigures(counted),
    perYear: years.map((y) => ({
      year: y,
      started: counted.filter((p) => Number(p.startDate.slice(0, 4)) === y).length,
      target: programme.targets.placementsPerYear ?? null,
    })),
    outcomes,
    againstTargets: againstTargets(programme.targets, outcomes),
    genderPatternBreaking: { placements: counted.filter((p) => p.breaksGenderPattern).length, target: programme.targets.genderPatternBreaking ?? null },
    supervisors: supervisorFigures(counted, trainingDates, to),
    byHost: [...groupBy(own, (p) => (p.source.kind === 'own' ? p.source.hostOrgId : null))]
      .map(([orgId, group]) => ({ orgId, name: (group[0]!.source as { hostName: string }).hostName, ...placementFigures(group) }))
      .sort(byName),
    byContract: [...groupBy(underClauses, (p) => (p.source.kind === 'clause' ? p.source.clauseId : null))]
      .map(([clauseId, group]) => {
        const source = group[0]!.source as Extract<PlacementSource, { kind: 'clause' }>;
        return { clauseId, tenderReference: source.tenderReference, title: source.title, supplierName: source.supplierName, ...placementFigures(group) };
      })
      .sort((a, b) => a.tenderReference.localeCompare(b.tenderReference, 'sv') || a.clauseId.localeCompare(b.clauseId)),
    bySupplier: [...groupBy(underClauses, (p) => (p.source.kind === 'clause' ? p.source.supplierOrgId : null))]
      .map(([orgId, group]) => ({ orgId, name: (group[0]!.source as { supplierName: string }).supplierName, ...placementFigures(group) }))
      .sort(byName),
  };
}

// The figures' keys, from the type's own record (a literal list of them reads as a list of placement states).
const FIGURE_KEYS = Object.keys({ started: 0, completed: 0, endedEarly: 0, ongoing: 0 } satisfies Record<keyof PlacementFigures, 0>) as Array<
  keyof PlacementFigures
>;

/** Cells for a record's figures, to suppress in place and render back. */
function cellsOf<K extends string>(record: Record<K, Figure>, keys: readonly K[]): Record<K, Cell> {
  return Object.fromEntries(keys.map((k) => [k, cell(record[k] as number)])) as Record<K, Cell>;
}
const shownAll = <K extends string>(cells: Record<K, Cell>): Record<K, Figure> =>
  Object.fromEntries(Object.entries<Cell>(cells).map(([k, c]) => [k, shown(c)])) as Record<K, Figure>;

/**
 * The report as it may leave the matching body: counts under 3 suppressed, and
 * what the totals would give away with them; a share whose part or whole is
 * suppressed is null. Groups that add up: started = completed + ended early +
 * ongoing (in every row); each column's total over the hosts and contracts, and
 * over the hosts and suppliers; the years' starts; each checkpoint's statuses.
 */
export function suppressProgrammeReport(report: ProgrammeReport): ProgrammeReport {
  const all: Cell[] = [];
  const track = <K extends string>(cells: Record<K, Cell>) => {
    all.push(...Object.values<Cell>(cells));
    return cells;
  };
  const groups: AdditiveGroup[] = [];
  const rowGroup = (row: Record<(typeof FIGURE_KEYS)[number], Cell>) =>
    groups.push({ total: row.started, parts: [row.completed, row.endedEarly, row.ongoing] });

  const placements = track(cellsOf(report.placements, FIGURE_KEYS));
  rowGroup(placements);
  const hosts = report.byHost.map((r) => track(cellsOf(r, FIGURE_KEYS)));
  const contracts = report.byContract.map((r) => track(cellsOf(r, FIGURE_KEYS)));
  const suppliers = report.bySupplier.map((r) => track(cellsOf(r, FIGURE_KEYS)));
  for (const row of [...hosts, ...contracts, ...suppliers]) rowGroup(row);
  for (const key of FIGURE_KEYS) {
    groups.push({ total: placements[key], parts: [...hosts, ...contracts].map((r) => r[key]) });
    groups.push({ total: placements[key], parts: [...hosts, ...suppliers].map((r) => r[key]) });
  }
  const years = report.perYear.map((y) => track({ started: cell(y.started as number) }));
  groups.push({ total: placements.started, parts: years.map((y) => y.started) });

  const outcomes = report.outcomes.map((o) => {
    const recorded = track({ recorded: cell(o.recorded as number) }).recorded;
    const byStatus = track(cellsOf(o.byStatus, FOLLOW_UP_STATUSES));
    const employability = track(cellsOf(o.employability, ANSWERS));
    groups.push({ total: recorded, parts: Object.values(byStatus) });
    return { checkpoint: o.checkpoint, recorded, byStatus, employability };
  });
  const gender = track({ placements: cell(report.genderPatternBreaking.placements as number) });
  const supervisors = track(cellsOf(report.supervisors, ['named', 'trained'] as const));

  suppressCells(all, groups);

  const againstTargets = report.againstTargets.map((t) => {
    const o = outcomes.find((x) => x.checkpoint === t.checkpoint)!;
    const involved = t.goal === 'employability' ? Object.values<Cell>(o.employability) : [o.recorded, o.byStatus[t.goal as FollowUpStatus]];
    return { ...t, achievedPct: involved.some((c) => c.suppressed) ? null : t.achievedPct };
  });
  return {
    ...report,
    suppressed: true,
    placements: shownAll(placements),
    perYear: report.perYear.map((y, i) => ({ ...y, started: shown(years[i]!.started) })),
    outcomes: outcomes.map((o) => ({
      checkpoint: o.checkpoint,
      recorded: shown(o.recorded),
      byStatus: shownAll(o.byStatus),
      employability: shownAll(o.employability),
    })),
    againstTargets,
    genderPatternBreaking: { ...report.genderPatternBreaking, placements: shown(gender.placements) },
    supervisors: shownAll(supervisors),
    byHost: report.byHost.map((r, i) => ({ ...r, ...shownAll(hosts[i]!) })),
    byContract: report.byContract.map((r, i) => ({ ...r, ...shownAll(contracts[i]!) })),
    bySupplier: report.bySupplier.map((r, i) => ({ ...r, ...shownAll(suppliers[i]!) })),
  };
}
