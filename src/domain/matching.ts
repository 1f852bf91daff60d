/**
 * Pure rules for matching candidates to placement openings, and for the
 * outcome follow-up of a programme's placements. No I/O: the caller loads,
 * filters and stores.
 */
import { daysInclusive } from './dates.ts';

/** SCB municipality code (kommunkod): four digits, the first two are the county (län). */
export const MUNICIPALITY_CODE = /^[0-9]{4}$/;

export interface OpeningToFill {
  /** YYYY-MM-DD */
  startDate: string;
  competences: string[];
  /** Four-digit SCB code, or null when the opening has no fixed place. */
  municipality: string | null;
}

export interface CandidateToRank {
  id: string;
  candidateRef: string;
  competences: string[];
  /** Four-digit SCB code. */
  municipality: string;
  /** YYYY-MM-DD */
  availableFrom: string;
}

export const SCORE_WEIGHTS = { competence: 0.6, availability: 0.25, distance: 0.15 } as const;
/** Days after the opening's start at which availability counts for nothing. */
export const AVAILABILITY_HORIZON_DAYS = 60;

export interface ScoreParts {
  competence: { matched: string[]; missing: string[]; score: number; weight: number; points: number };
  availability: { availableFrom: string; daysLate: number; score: number; weight: number; points: number };
  distance: {
    relation: 'sameMunicipality' | 'sameCounty' | 'elsewhere' | 'unknown';
    candidate: string;
    opening: string | null;
    score: number;
    weight: number;
    points: number;
  };
  total: number;
}

/** Three decimals, so scores read cleanly in JSON. */
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Trimmed, lower-cased (Swedish rules) and with inner whitespace collapsed to one space: ' Truck  Kort ' is 'truck kort'. */
export function normaliseCompetence(value: string): string {
  return value.trim().toLocaleLowerCase('sv').replace(/\s+/g, ' ');
}

/** The opening's competences once each (first spelling wins), split by whether the candidate has them. */
function competencePart(opening: OpeningToFill, candidate: CandidateToRank): ScoreParts['competence'] {
  const has = new Set(candidate.competences.map(normaliseCompetence));
  const seen = new Set<string>();
  const matched: string[] = [];
  const missing: string[] = [];
  for (const competence of opening.competences) {
    const key = normaliseCompetence(competence);
    if (seen.has(key)) continue;
    seen.add(key);
    (has.has(key) ? matched : missing).push(competence);
  }
  const wanted = matched.length + missing.length;
  const score = wanted === 0 ? 1 : matched.length / wanted;
  const weight = SCORE_WEIGHTS.competence;
  return { matched, missing, score: round3(score), weight, points: round3(weight * score) };
}

/** Full score until the start date, falling linearly to nothing AVAILABILITY_HORIZON_DAYS later. */
function availabilityPart(opening: OpeningToFill, candidate: CandidateToRank): ScoreParts['availability'] {
  const daysLate = Math.max(0, daysInclusive(opening.startDate, candidate.availableFrom) - 1);
  const score = Math.max(0, 1 - daysLate / AVAILABILITY_HORIZON_DAYS);
  const weight = SCORE_WEIGHTS.availability;
  return { availableFrom: candidate.availableFrom, daysLate, score: round3(score), weight, points: round3(weight * score) };
}

/** Same municipality 1, same county (first two digits) 0.5, elsewhere 0; 0.5 when the opening has no municipality. */
function distancePart(opening: OpeningToFill, candidate: CandidateToRank): ScoreParts['distance'] {
  const relation: ScoreParts['distance']['relation'] =
    opening.municipality === null
      ? 'unknown'
      : opening.municipality === candidate.municipality
        ? 'sameMunicipality'
        : opening.municipality.slice(0, 2) === candidate.municipality.slice(0, 2)
          ? 'sameCounty'
          : 'elsewhere';
  const score = relation === 'sameMunicipality' ? 1 : relation === 'elsewhere' ? 0 : 0.5;
  const weight = SCORE_WEIGHTS.distance;
  return { relation, candidate: candidate.municipality, opening: opening.municipality, score, weight, points: round3(weight * score) };
}

/**
 * How well a candidate fits an opening, part by part. Each part's points are
 * weight × score; the total is the sum of the points as shown, so the JSON adds up.
 */
export function scoreCandidate(opening: OpeningToFill, candidate: CandidateToRank): ScoreParts {
  const competence = competencePart(opening, candidate);
  const availability = availabilityPart(opening, candidate);
  const distance = distancePart(opening, candidate);
  return { competence, availability, distance, total: round3(competence.points + availability.points + distance.points) };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every candidate with its score, best first: total descending, then earliest
 * availableFrom, then candidateRef (code-point order). Does not filter.
 */
export function rankCandidates<C extends CandidateToRank>(opening: OpeningToFill, candidates: C[]): Array<{ candidate: C; score: ScoreParts }> {
  return candidates
    .map((candidate) => ({ candidate, score: scoreCandidate(opening, candidate) }))
    .sort(
      (a, b) =>
        b.score.total - a.score.total ||
        compareText(a.candidate.availableFrom, b.candidate.availableFrom) ||
        compareText(a.candidate.candidateRef, b.candidate.candidateRef),
    );
}

/** The last day of a placement that starts on startDate and lasts `weeks` weeks: ('2026-04-06', 12) is '2026-06-28'. */
export function plannedEndDate(startDate: string, weeks: number): string {
  const [y, m, d] = startDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + weeks * 7 - 1)).toISOString().slice(0, 10);
}

export const PLACEMENT_OUTCOMES = ['employment', 'studies', 'furtherPlacement', 'other', 'none'] as const;
export type PlacementOutcome = (typeof PLACEMENT_OUTCOMES)[number];

/** A programme's follow-up targets, in percent of ended placements. `placementPct` is the `furtherPlacement` outcome. */
export interface ProgrammeTargets {
  studiesPct: number;
  placementPct: number;
  employmentPct: number;
}

export interface PlacementForOutcomes {
  ended: boolean;
  outcome: string | null;
  breaksGenderPattern: boolean | null;
}

export interface TargetAttainment {
  targetPct: number;
  pct: number;
  met: boolean;
}

export interface OutcomeDistribution {
  /** All placements given. */
  placements: number;
  /** Placements that have ended. */
  ended: number;
  /** Counts over ended placements; a missing or unknown outcome is 'unrecorded'. */
  byOutcome: Record<PlacementOutcome | 'unrecorded', number>;
  /** Share of ended placements in percent, floored to one decimal; 0 when none has ended. */
  pct: { studies: number; furtherPlacement: number; employment: number };
  targets: ProgrammeTargets | null;
  /** Null without targets; met when the floored share reaches the target. */
  attainment: null | { studies: TargetAttainment; furtherPlacement: TargetAttainment; employment: TargetAttainment };
  /** Placements, ended or not, that break a gender pattern. */
  breaksGenderPattern: number;
}

const isPlacementOutcome = (value: string | null): value is PlacementOutcome => value !== null && (PLACEMENT_OUTCOMES as readonly string[]).includes(value);

/** Percent floored to one decimal; count * 1000 is exact, so 29 of 100 is 29, not 28.9. */
const flooredPct = (count: number, of: number): number => (of === 0 ? 0 : Math.floor((count * 1000) / of) / 10);

/** What the distribution is computed from: counts, which PostgreSQL can sum over many clauses. */
export type OutcomeCounts = Pick<OutcomeDistribution, 'placements' | 'ended' | 'byOutcome' | 'breaksGenderPattern'>;

/** Counts placements, their ended ones by outcome, and those that break a gender pattern. */
export function countOutcomes(placements: PlacementForOutcomes[]): OutcomeCounts {
  const byOutcome: Record<PlacementOutcome | 'unrecorded', number> = { employment: 0, studies: 0, furtherPlacement: 0, other: 0, none: 0, unrecorded: 0 };
  let ended = 0;
  let breaksGenderPattern = 0;
  for (const placement of placements) {
    if (placement.breaksGenderPattern === true) breaksGenderPattern++;
    if (!placement.ended) continue;
    ended++;
    byOutcome[isPlacementOutcome(placement.outcome) ? placement.outcome : 'unrecorded']++;
  }
  return { placements: placements.length, ended, byOutcome, breaksGenderPattern };
}

/** The shares of ended placements that went on to studies, a further placement and employment, against the targets. */
export function judgeOutcomes(counts: OutcomeCounts, targets: ProgrammeTargets | null): OutcomeDistribution {
  const { byOutcome, ended } = counts;
  const pct = {
    studies: flooredPct(byOutcome.studies, ended),
    furtherPlacement: flooredPct(byOutcome.furtherPlacement, ended),
    employment: flooredPct(byOutcome.employment, ended),
  };
  const attain = (targetPct: number, share: number): TargetAttainment => ({ targetPct, pct: share, met: share >= targetPct });
  const attainment =
    targets === null
      ? null
      : {
          studies: attain(targets.studiesPct, pct.studies),
          furtherPlacement: attain(targets.placementPct, pct.furtherPlacement),
          employment: attain(targets.employmentPct, pct.employment),
        };
  return { ...counts, pct, targets, attainment };
}

/** How a programme's ended placements turned out, against its targets. */
export const outcomeDistribution = (placements: PlacementForOutcomes[], targets: ProgrammeTargets | null): OutcomeDistribution =>
  judgeOutcomes(countOutcomes(placements), targets);
