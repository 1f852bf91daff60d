/**
 * The programme report (issue 21, item 4) as it leaves the engine: the JSON of
 * GET /api/v1/programmes/{id}/report, and what the XLSX, the PDF and the web
 * page render. Counts that leave the matching body are suppressed: a figure
 * under 3 is '<3', and further figures are suppressed where a total would let
 * one be worked back (`suppressed` says whether this report was).
 */
import type { FollowUpStatus } from '../db/schema.ts';

/** A count as shown: the number, or '<3' where it is suppressed. */
export type Figure = number | '<3';

/** When an outcome was recorded: at the placement's end, or at the follow-up 1, 6 or 12 months after. */
export type Checkpoint = 'end' | 'month1' | 'month6' | 'month12';
export const CHECKPOINTS: readonly Checkpoint[] = ['end', 'month1', 'month6', 'month12'];

export interface ProgrammeTargets {
  placementsPerYear?: number;
  studiesPct?: number;
  placementPct?: number;
  employmentPct?: number;
  selfEmploymentPct?: number;
  employabilityPct?: number;
  genderPatternBreaking?: number;
}

/** The outcome shares a programme sets targets for, and the target field each is measured against. */
export type OutcomeGoal = 'studies' | 'furtherPlacement' | 'employment' | 'selfEmployment' | 'employability';

export interface PlacementFigures {
  started: Figure;
  completed: Figure;
  endedEarly: Figure;
  ongoing: Figure;
}

export interface CheckpointOutcomes {
  checkpoint: Checkpoint;
  /** Placements whose outcome at this checkpoint was recorded. */
  recorded: Figure;
  byStatus: Record<FollowUpStatus, Figure>;
  /** Self-rated employability; only follow-ups ask it. */
  employability: { better: Figure; same: Figure; worse: Figure };
}

export interface GoalAgainstTarget {
  goal: OutcomeGoal;
  checkpoint: Checkpoint;
  targetPct: number;
  /** Share of the recorded outcomes at the checkpoint, one decimal; null when nothing was recorded or the share is suppressed. */
  achievedPct: number | null;
}

export interface ProgrammeReport {
  programmeId: string;
  name: string;
  /** The calendar year asked for, or the programme's whole period (year null). YYYY-MM-DD. */
  period: { year: number | null; from: string; to: string };
  suppressed: boolean;
  targets: ProgrammeTargets;
  placements: PlacementFigures;
  perYear: Array<{ year: number; started: Figure; target: number | null }>;
  outcomes: CheckpointOutcomes[];
  againstTargets: GoalAgainstTarget[];
  genderPatternBreaking: { placements: Figure; target: number | null };
  /** The distinct supervisors the counted placements name, and how many of them have a training record dated by the period's end (issue 22). */
  supervisors: { named: Figure; trained: Figure };
  /** Own-workplace placements by host organisation, and clause placements by contract and by supplier. */
  byHost: Array<{ orgId: string; name: string } & PlacementFigures>;
  byContract: Array<{ clauseId: string; tenderReference: string; title: string; supplierName: string | null } & PlacementFigures>;
  bySupplier: Array<{ orgId: string; name: string } & PlacementFigures>;
}
