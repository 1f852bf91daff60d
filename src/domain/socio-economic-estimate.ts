/**
 * The socio-economic estimate beside a programme's report (issue 21, item 5):
 * verified outcomes multiplied by parameters the programme's owner sets, as a
 * range, per payer and in total, with its assumptions; always an estimate.
 *
 * participants = placements of the programme that the auditor verified and
 * (started within the programme's period) whose latest recorded outcome (the 12-, else 6-, else 1-month follow-up,
 * else the outcome at the end) is one the owner counts;
 * low  = participants × (1 − deadweight high) × years of effect low  × cost low,
 * high = participants × (1 − deadweight low)  × years of effect high × cost high,
 * for each payer (municipality, state, region, the person), rounded to whole
 * kronor; the total is the sum of the payers'. No default figures: see README.
 */
import { z } from 'zod';
import { COUNTED_PLACEMENT_STATES } from '../../workflows/states.ts';
import type { FollowUpStatus } from '../db/schema.ts';
import type { Figure } from './programme-report-shape.ts';
import type { ReportFollowUp, ReportPlacement } from './programme-report.ts';
import { SUPPRESSION_THRESHOLD } from './suppression.ts';

export const PAYERS = ['municipality', 'state', 'region', 'person'] as const;
export type Payer = (typeof PAYERS)[number];

/** Outcomes that take a person out of exclusion, as an owner may count them. */
export const COUNTABLE_OUTCOMES = ['employment', 'selfEmployment', 'studies', 'furtherPlacement'] as const;

const range = (max: number, unit: string) =>
  z
    .strictObject({ low: z.number().min(0).max(max), high: z.number().min(0).max(max) })
    .refine((r) => r.low <= r.high, { path: ['high'], message: `high must not be below low (${unit})` });

export const estimateParametersInput = z.strictObject({
  exclusionCostPerYearSek: z
    .strictObject(Object.fromEntries(PAYERS.map((p) => [p, range(10_000_000, 'SEK per person and year')])) as Record<Payer, ReturnType<typeof range>>)
    .describe('The yearly cost of one person’s exclusion, by who carries it, low and high, in SEK; send 0 for a payer you leave out'),
  yearsOfEffect: range(50, 'years').describe('For how many years an outcome keeps the person out of exclusion, low and high'),
  deadweightPct: range(100, 'percent').default({ low: 0, high: 0 }).describe('The share, in percent, who would have reached the outcome without the programme'),
  countedOutcomes: z
    .array(z.enum(COUNTABLE_OUTCOMES))
    .min(1)
    .max(COUNTABLE_OUTCOMES.length)
    .refine((list) => new Set(list).size === list.length, 'name each outcome once')
    .default(['employment', 'selfEmployment'])
    .describe('The outcomes that count'),
  sources: z.array(z.string().trim().min(1).max(500)).max(20).default([]).describe('Where the figures come from, as the owner cites them'),
});
export type EstimateParameters = z.infer<typeof estimateParametersInput>;

export interface AmountRange {
  lowSek: number | null;
  highSek: number | null;
}

export interface SocioEconomicEstimate {
  /** Always true: this is an estimate from the owner's assumptions, not a measured outcome. */
  estimate: true;
  label: string;
  verifiedPlacements: Figure;
  /** Verified placements whose latest recorded outcome counts. */
  participantsCounted: Figure;
  perPayer: Record<Payer, AmountRange>;
  total: AmountRange;
  assumptions: string[];
  sources: string[];
  suppressed: boolean;
}

/** The latest recorded outcome of a placement: its latest follow-up's, else the outcome at its end. */
function latestOutcome(placement: ReportPlacement, followUps: readonly ReportFollowUp[]): FollowUpStatus | null {
  const latest = followUps.filter((f) => f.placementId === placement.id).sort((a, b) => b.months - a.months)[0];
  return latest?.status ?? placement.outcome;
}

export function estimateProgramme(
  placements: readonly ReportPlacement[],
  followUps: readonly ReportFollowUp[],
  parameters: EstimateParameters,
  period: { from: string; to: string },
  suppress: boolean,
): SocioEconomicEstimate {
  const verified = placements.filter(
    (p) => p.started && (COUNTED_PLACEMENT_STATES as readonly string[]).includes(p.state) && p.startDate >= period.from && p.startDate <= period.to,
  );
  const counted = verified.filter((p) => (parameters.countedOutcomes as readonly string[]).includes(latestOutcome(p, followUps) ?? '')).length;
  // The amounts divided by the parameters give the count back: they are withheld with it.
  const hidden = suppress && counted < SUPPRESSION_THRESHOLD;
  const figure = (n: number): Figure => (suppress && n < SUPPRESSION_THRESHOLD ? '<3' : n);
  const { yearsOfEffect: years, deadweightPct: deadweight } = parameters;
  const perPayer = Object.fromEntries(
    PAYERS.map((payer) => {
      const cost = parameters.exclusionCostPerYearSek[payer];
      const low = Math.round(counted * (1 - deadweight.high / 100) * years.low * cost.low);
      const high = Math.round(counted * (1 - deadweight.low / 100) * years.high * cost.high);
      return [payer, hidden ? { lowSek: null, highSek: null } : { lowSek: low, highSek: high }];
    }),
  ) as Record<Payer, AmountRange>;
  const sum = (key: keyof AmountRange) => (hidden ? null : PAYERS.reduce((total, payer) => total + (perPayer[payer][key] as number), 0));
  const outcomes = parameters.countedOutcomes.join(', ');
  return {
    estimate: true,
    label: 'Estimate from the programme owner’s assumptions; not a measured or audited outcome',
    verifiedPlacements: figure(verified.length),
    participantsCounted: figure(counted),
    perPayer,
    total: { lowSek: sum('lowSek'), highSek: sum('highSek') },
    assumptions: [
      `Counted: placements the auditor verified whose latest recorded outcome (12-, else 6-, else 1-month follow-up, else the outcome at the end) is one of ${outcomes as string}.`,
      `Per payer: participants × (1 − deadweight) × years of effect × the yearly cost of one person’s exclusion that payer carries.`,
      `Low end: deadweight ${deadweight.high} %, ${years.low} years, the low costs; high end: deadweight ${deadweight.low} %, ${years.high} years, the high costs.`,
      'The costs, years and deadweight are the programme owner’s parameters; Klausul ships no default figures.',
      ...(hidden ? ['Fewer than 3 participants counted: the amounts are withheld with the count.'] : []),
    ],
    sources: parameters.sources,
    suppressed: suppress,
  };
}
