/**
 * The programme report (issue 21, item 4) in words, made once from the
 * engine's ProgrammeReport and rendered three ways: the web page
 * (pages/programmes.tsx), the PDF and the workbook (src/http/programme-report-pdf.ts,
 * programme-report-xlsx.ts). Its tables and bars are the same in all three; the
 * words are the web's (i18n.ts), so a checkpoint or a status reads the same on
 * the page and on paper. Counts stay Figures here (a number or '<3') so that
 * the workbook can write numbers as numbers and '<3' as text.
 */
import type { FollowUpStatus } from '../db/schema.ts';
import {
  CHECKPOINTS,
  type Checkpoint,
  type Figure,
  type OutcomeGoal,
  type PlacementFigures,
  type ProgrammeReport,
  type ProgrammeTargets,
} from '../domain/programme-report-shape.ts';
import type { OrgKind } from '../domain/roles.ts';
import type { Bar } from './charts.tsx';
import type { WordKey, Words } from './i18n.ts';

/** A table cell: words, a count (a number or '<3'), or a share in percent (null when there is none to show). */
export type Cell = { text: string } | { count: Figure } | { pct: number | null };

export interface ReportTable {
  title: string;
  columns: string[];
  rows: Cell[][];
  /** Said under the table: what a dash means, or why it is empty. */
  note?: string | undefined;
}

/** A part of the report: one sheet of the workbook, one heading of the PDF and the page. */
export interface ReportSection {
  id: 'summary' | 'outcomes' | 'genderPattern' | 'byHost' | 'byContract' | 'bySupplier';
  /** Short enough for a worksheet's name (31 characters). */
  sheet: string;
  title: string;
  tables: ReportTable[];
}

/** The statuses a follow-up records (src/db/schema.ts FollowUpStatus), in the order a report lists them. */
export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['employment', 'studies', 'furtherPlacement', 'selfEmployment', 'other', 'none', 'unknown'];

const CHECKPOINT_WORDS: Record<Checkpoint, WordKey> = {
  end: 'programmeReportAtEnd',
  month1: 'programmeReportMonth1',
  month6: 'programmeReportMonth6',
  month12: 'programmeReportMonth12',
};
/** Statuses a placement's own outcome does not have; the others read as the outcome does (i18n.ts, option 'outcome'). */
const STATUS_WORDS: Partial<Record<FollowUpStatus, WordKey>> = { selfEmployment: 'programmeReportSelfEmployment', unknown: 'programmeReportUnknown' };
const MEMBER_KIND_WORDS: Record<OrgKind, WordKey> = {
  buyer: 'programmeReportKindBuyer',
  supplier: 'programmeReportKindSupplier',
  matching_body: 'programmeReportKindMatchingBody',
};
/** The outcome each goal is counted from; employability is a follow-up's answer, not a status. */
const GOAL_STATUS: Record<Exclude<OutcomeGoal, 'employability'>, FollowUpStatus> = {
  studies: 'studies',
  furtherPlacement: 'furtherPlacement',
  employment: 'employment',
  selfEmployment: 'selfEmployment',
};
/** The outcome targets a programme may set, and the goal each measures. */
export const GOAL_TARGETS: ReadonlyArray<[OutcomeGoal, keyof ProgrammeTargets]> = [
  ['studies', 'studiesPct'],
  ['furtherPlacement', 'placementPct'],
  ['employment', 'employmentPct'],
  ['selfEmployment', 'selfEmploymentPct'],
  ['employability', 'employabilityPct'],
];

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');

export const checkpointLabel = (words: Words, checkpoint: Checkpoint): string => words.t(CHECKPOINT_WORDS[checkpoint]);
export const statusLabel = (words: Words, status: FollowUpStatus): string => {
  const own = STATUS_WORDS[status];
  return own ? words.t(own) : words.option('outcome', { value: status, label: status });
};
export const goalLabel = (words: Words, goal: OutcomeGoal): string =>
  goal === 'employability' ? words.t('programmeReportEmployability') : statusLabel(words, GOAL_STATUS[goal]);
export const memberKindLabel = (words: Words, kind: OrgKind): string => words.t(MEMBER_KIND_WORDS[kind]);

/** A count as shown: the number in the page's language, or '<3'. */
export const figureText = (words: Words, figure: Figure): string => (figure === '<3' ? '<3' : words.number(figure, 0));
/** A share in percent, one decimal; a dash when there is none. */
export const pctText = (words: Words, pct: number | null | undefined): string => (pct === null || pct === undefined ? '–' : `${words.number(pct, 1)} %`);

export function cellText(words: Words, cell: Cell): string {
  if ('text' in cell) return cell.text;
  if ('count' in cell) return figureText(words, cell.count);
  return pctText(words, cell.pct);
}

/** "Kalenderåret 2026" or "Hela programperioden". */
export const periodLabel = (words: Words, period: ProgrammeReport['period']): string =>
  period.year === null ? words.t('programmeReportWholePeriod') : fill(words.t('programmeReportCalendarYear'), { year: String(period.year) });
/** "1 jan. 2026 – 31 dec. 2026". */
export const dateRange = (words: Words, from: string, to: string): string =>
  fill(words.t('programmeReportDateRange'), { from: words.date(from), to: words.date(to) });

/** The placements' key figures, [what, how many]: what a board reads first. */
export const keyFigures = (report: ProgrammeReport, words: Words): Array<[string, string]> => [
  [words.t('programmeReportStarted'), figureText(words, report.placements.started)],
  [words.t('programmeReportCompleted'), figureText(words, report.placements.completed)],
  [words.t('programmeReportEndedEarly'), figureText(words, report.placements.endedEarly)],
  [words.t('programmeReportOngoing'), figureText(words, report.placements.ongoing)],
];

/** The programme's targets as a person reads them, [what, how much]; only those set. */
export function targetList(words: Words, targets: ProgrammeTargets): Array<[string, string]> {
  const list: Array<[string, string]> = [];
  if (targets.placementsPerYear !== undefined) list.push([words.t('programmeReportPlacementsPerYear'), words.number(targets.placementsPerYear, 0)]);
  for (const [goal, field] of GOAL_TARGETS) if (targets[field] !== undefined) list.push([goalLabel(words, goal), pctText(words, targets[field])]);
  if (targets.genderPatternBreaking !== undefined) list.push([words.t('programmeReportGenderPattern'), words.number(targets.genderPatternBreaking, 0)]);
  return list;
}

const text = (value: string): Cell => ({ text: value });
const count = (figure: Figure): Cell => ({ count: figure });
const placementColumns = (words: Words) => [
  words.t('programmeReportStarted'),
  words.t('programmeReportCompleted'),
  words.t('programmeReportEndedEarly'),
  words.t('programmeReportOngoing'),
];
const placementCells = (figures: PlacementFigures): Cell[] => [
  count(figures.started),
  count(figures.completed),
  count(figures.endedEarly),
  count(figures.ongoing),
];

/** Whether a figure reaches a target: yes, no, or not to be told ('<3' against a target of 1 or 2). */
function reaches(figure: Figure, target: number): boolean | null {
  if (figure === '<3') return target >= 3 ? false : null;
  return figure >= target;
}
const standing = (words: Words, reached: boolean | null): Cell =>
  text(reached === null ? '–' : words.t(reached ? 'programmeReportMeetsTarget' : 'programmeReportBelowTarget'));

/** Started placements as a share of the year's target, when both are known. */
const shareOfTarget = (started: Figure, target: number | null): number | null =>
  target === null || target <= 0 || started === '<3' ? null : Math.round((started / target) * 1000) / 10;

/** The supervisor counts' words (issue 22), in the page's language. */
const SUPERVISOR_WORDS = {
  title: ['Handledare', 'Supervisors'],
  named: ['Handledare som platserna anger', 'Supervisors the placements name'],
  trained: ['Varav med handledarutbildning', 'Of whom with supervisor training'],
} as const;
const supervisorWord = (words: Words, key: keyof typeof SUPERVISOR_WORDS) => SUPERVISOR_WORDS[key][words.lang === 'sv' ? 0 : 1];

function summary(report: ProgrammeReport, words: Words): ReportSection {
  return {
    id: 'summary',
    sheet: words.t('programmeReportSummary'),
    title: words.t('programmeReportSummary'),
    tables: [
      { title: words.t('programmeReportPlacements'), columns: placementColumns(words), rows: [placementCells(report.placements)] },
      {
        title: words.t('programmeReportPerYear'),
        columns: [words.t('programmeReportYear'), words.t('programmeReportStarted'), words.t('target'), words.t('programmeReportShareOfTarget')],
        rows: report.perYear.map((y) => [
          text(String(y.year)),
          count(y.started),
          y.target === null ? text(words.t('programmeReportNoTarget')) : count(y.target),
          { pct: shareOfTarget(y.started, y.target) },
        ]),
      },
      {
        title: supervisorWord(words, 'title'),
        columns: [supervisorWord(words, 'named'), supervisorWord(words, 'trained')],
        rows: [[count(report.supervisors.named), count(report.supervisors.trained)]],
      },
    ],
  };
}

function outcomes(report: ProgrammeReport, words: Words): ReportSection {
  const at = report.outcomes;
  const row = (label: string, pick: (o: ProgrammeReport['outcomes'][number]) => Figure): Cell[] => [text(label), ...at.map((o) => count(pick(o)))];
  return {
    id: 'outcomes',
    sheet: words.t('programmeReportOutcomesSheet'),
    title: words.t('programmeReportOutcomesSheet'),
    tables: [
      {
        title: words.t('programmeReportAgainstTargets'),
        columns: [
          words.t('programmeReportOutcome'),
          words.t('programmeReportCheckpoint'),
          words.t('target'),
          words.t('programmeReportAchieved'),
          words.t('programmeReportStanding'),
        ],
        rows: report.againstTargets.map((g) => [
          text(goalLabel(words, g.goal)),
          text(checkpointLabel(words, g.checkpoint)),
          { pct: g.targetPct },
          { pct: g.achievedPct },
          standing(words, g.achievedPct === null ? null : g.achievedPct >= g.targetPct),
        ]),
        note: report.againstTargets.length === 0 ? words.t('programmeReportNoTargets') : words.t('programmeReportNoShare'),
      },
      {
        title: words.t('programmeReportOutcomes'),
        columns: [words.t('programmeReportOutcome'), ...at.map((o) => checkpointLabel(words, o.checkpoint))],
        rows: [
          row(words.t('programmeReportRecorded'), (o) => o.recorded),
          ...FOLLOW_UP_STATUSES.map((status) => row(statusLabel(words, status), (o) => o.byStatus[status])),
          row(words.t('programmeReportEmployabilityBetter'), (o) => o.employability.better),
          row(words.t('programmeReportEmployabilitySame'), (o) => o.employability.same),
          row(words.t('programmeReportEmployabilityWorse'), (o) => o.employability.worse),
        ],
      },
    ],
  };
}

function genderPattern(report: ProgrammeReport, words: Words): ReportSection {
  const { placements, target } = report.genderPatternBreaking;
  return {
    id: 'genderPattern',
    sheet: words.t('programmeReportGenderPatternSheet'),
    title: words.t('programmeReportGenderPattern'),
    tables: [
      {
        title: words.t('programmeReportGenderPattern'),
        columns: [words.t('programmeReportPlacements'), words.t('target'), words.t('programmeReportStanding')],
        rows: [
          [
            count(placements),
            target === null ? text(words.t('programmeReportNoTarget')) : count(target),
            target === null ? text('–') : standing(words, reaches(placements, target)),
          ],
        ],
      },
    ],
  };
}

function by(
  id: ReportSection['id'],
  sheet: string,
  title: string,
  columns: string[],
  rows: Array<{ cells: Cell[]; figures: PlacementFigures }>,
  words: Words,
): ReportSection {
  return {
    id,
    sheet,
    title,
    tables: [
      {
        title,
        columns: [...columns, ...placementColumns(words)],
        rows: rows.map((r) => [...r.cells, ...placementCells(r.figures)]),
        note: rows.length === 0 ? words.t('programmeReportNothing') : undefined,
      },
    ],
  };
}

/** The report's sections, in the order the workbook's sheets and the PDF's pages have them. */
export function reportSections(report: ProgrammeReport, words: Words): ReportSection[] {
  return [
    summary(report, words),
    outcomes(report, words),
    genderPattern(report, words),
    by(
      'byHost',
      words.t('programmeReportByHostSheet'),
      words.t('programmeReportByHost'),
      [words.t('programmeReportHost')],
      report.byHost.map((h) => ({ cells: [text(h.name)], figures: h })),
      words,
    ),
    by(
      'byContract',
      words.t('programmeReportByContract'),
      words.t('programmeReportByContract'),
      [words.t('programmeReportTenderReference'), words.t('programmeReportTender'), words.t('supplier')],
      report.byContract.map((c) => ({ cells: [text(c.tenderReference), text(c.title), text(c.supplierName ?? '–')], figures: c })),
      words,
    ),
    by(
      'bySupplier',
      words.t('programmeReportBySupplier'),
      words.t('programmeReportBySupplier'),
      [words.t('supplier')],
      report.bySupplier.map((s) => ({ cells: [text(s.name)], figures: s })),
      words,
    ),
  ];
}

/**
 * Placements started per year as bars: against the year's target (the line at
 * 100 %) where one is set, otherwise against the busiest year. A '<3' is drawn
 * as an empty bar; its text says '<3'.
 */
export function yearBars(report: ProgrammeReport, words: Words): Bar[] {
  const busiest = Math.max(1, ...report.perYear.map((y) => (y.started === '<3' ? 0 : y.started)));
  return report.perYear.map((y) => {
    const started = y.started === '<3' ? 0 : y.started;
    const targeted = y.target !== null && y.target > 0;
    return {
      label: targeted ? fill(words.t('programmeReportYearTarget'), { year: String(y.year), target: words.number(y.target, 0) }) : String(y.year),
      value: targeted ? (started / y.target!) * 100 : (started / busiest) * 100,
      valueText: figureText(words, y.started),
      marker: targeted ? 100 : null,
      kind: targeted && started >= y.target! ? 'onTrack' : null,
    };
  });
}

/** For each checkpoint with a target, the goals' shares as bars with the target as their line. */
export function goalCharts(report: ProgrammeReport, words: Words): Array<{ checkpoint: Checkpoint; title: string; bars: Bar[] }> {
  return CHECKPOINTS.flatMap((checkpoint) => {
    const goals = report.againstTargets.filter((g) => g.checkpoint === checkpoint);
    if (goals.length === 0) return [];
    return [
      {
        checkpoint,
        title: fill(words.t('programmeReportAgainstTargetsAt'), { checkpoint: checkpointLabel(words, checkpoint) }),
        bars: goals.map((g) => ({
          label: goalLabel(words, g.goal),
          value: g.achievedPct,
          valueText: pctText(words, g.achievedPct),
          marker: g.targetPct,
          kind: g.achievedPct === null ? null : g.achievedPct >= g.targetPct ? 'onTrack' : 'atRisk',
        })),
      },
    ];
  });
}
