/**
 * Employment (sysselsättningskrav, after Upphandlingsmyndigheten's requirement 11554 alt. a):
 * jobs connected to the contract totalling at least N full-time months.
 */
import { z } from 'zod';
import { unitsPerMsek } from '../../src/domain/fulfilment.ts';
import { BOTH_LANGUAGES, capPct, employmentObjective, exactlyOne, matchingBody, publishedSchema, sekRate, targetGroups, COMMON_LABELS } from '../common.ts';
import { inlineText, loadClauseText } from '../render.ts';
import { measureEmployment } from '../../src/domain/measure.ts';
import type { ClauseTemplate } from '../types.ts';
import { secondVersion, termination } from '../second-version.ts';

const shape = {
  months: z.int().min(1).max(100_000).optional().describe('Full-time months of employment in total (give this or monthsPerMsek)'),
  monthsPerMsek: z.number().positive().max(1_000).optional().describe('Full-time months per million SEK of contract value, computed at award'),
  minMonthsPerJob: z.int().min(1).max(60).optional().describe('Minimum length of each employment in months'),
  targetGroups,
  matchingBody,
  firstJobWithinMonths: z.int().min(1).max(60).default(6).describe('The first job starts or is offered within this many months of contract start'),
  earlyEndThresholdPct: z
    .number()
    .min(1)
    .max(100)
    .default(75)
    .describe(
      "A job ended early by the employee's resignation, on objective grounds for dismissal (LAS 7 §) or by summary dismissal (LAS 18 §) counts as met once this % of the agreed time was worked",
    ),
  vite: z
    .strictObject({
      sekPerMissingMonth: sekRate,
      sekPerWeekLateFirstJob: sekRate.optional(),
      capPct,
    })
    .optional()
    .describe('Vite per missing full-time month (and per started week the first job is late), and the cap'),
};
const oneTarget = exactlyOne('months', 'monthsPerMsek', 'a fixed number of full-time months, or months per MSEK of contract value');
const paramsSchema = z.strictObject(shape).superRefine(oneTarget);
const paramsSchemaV2 = z.strictObject({ ...shape, termination }).superRefine(oneTarget);

export type EmploymentParams = z.infer<typeof paramsSchema>;
export type EmploymentParamsV2 = z.infer<typeof paramsSchemaV2>;

const text = loadClauseText(new URL('.', import.meta.url), 'v1', 1);
const summarySources = {
  sv: 'Sysselsättningskrav: {{ months | default: monthsPerMsek | num }} månader heltidsarbete{% unless months %} per MSEK{% endunless %} för {{ targetGroups | groups }}.',
  en: 'Employment requirement: {{ months | default: monthsPerMsek | num }} months of full-time work{% unless months %} per MSEK{% endunless %} for {{ targetGroups | groups }}.',
};
const summary = inlineText(summarySources, 1);

export const employmentV1: ClauseTemplate<EmploymentParams> = {
  id: 'employment',
  version: 1,
  kind: 'employment',
  title: {
    sv: 'Sysselsättningskrav: anställningar för personer långt från arbetsmarknaden',
    en: 'Employment requirement: jobs for people far from the labour market',
  },
  languages: BOTH_LANGUAGES,
  measure: {
    unit: 'fte-months',
    counting:
      'FTE × months worked in verified employments; an employment that ended early for lawful cause after earlyEndThresholdPct % of its agreed time counts in full.',
    targetRule: 'months, or ceil(contract value in MSEK × monthsPerMsek) computed at award.',
    fulfilledBy: 'measurement',
  },
  paramsSchema,
  labels: {
    ...COMMON_LABELS,
    months: { sv: 'Heltidsmånader totalt', en: 'Full-time months in all' },
    monthsPerMsek: { sv: 'Heltidsmånader per påbörjad miljon kronor', en: 'Full-time months per started million SEK' },
    minMonthsPerJob: { sv: 'Minsta anställningstid (månader)', en: 'Minimum length of each job (months)' },
    firstJobWithinMonths: { sv: 'Första anställningen inom (månader)', en: 'First job within (months)' },
    earlyEndThresholdPct: { sv: 'Tröskel vid förtida avslut (%)', en: 'Early-end threshold (%)' },
    'vite.sekPerMissingMonth': { sv: 'Vite per saknad heltidsmånad (kr)', en: 'Liquidated damages per missing full-time month (SEK)' },
    'vite.sekPerWeekLateFirstJob': {
      sv: 'Vite per påbörjad vecka som första anställningen är sen (kr)',
      en: 'Liquidated damages per started week the first job is late (SEK)',
    },
  },
  paramsJsonSchema: publishedSchema(paramsSchema, ['months', 'monthsPerMsek']),
  needsContractValue: (params) => params.months === undefined,
  target(params, contractValueSek) {
    if (params.months !== undefined) return { unit: 'fte-months', value: params.months, basis: `fixed: ${params.months} full-time months` };
    return {
      unit: 'fte-months',
      value: contractValueSek === null ? null : unitsPerMsek(contractValueSek, params.monthsPerMsek!),
      basis: `${params.monthsPerMsek} full-time months per MSEK of contract value, rounded up${contractValueSek === null ? ', computed at award' : ''}`,
    };
  },
  measureDelivery: (params, target, delivery) =>
    measureEmployment(
      target,
      { earlyEndThresholdPct: params.earlyEndThresholdPct, minMonthsPerJob: params.minMonthsPerJob, firstJobWithinMonths: params.firstJobWithinMonths },
      delivery,
    ),
  vite: (params) => (params.vite ? { sekPerMissingUnit: params.vite.sekPerMissingMonth, capPct: params.vite.capPct } : null),
  // Version 1 texts say nothing of termination.
  termination: () => false,
  promisedSchedule: (params) => ({ firstJobWithinMonths: params.firstJobWithinMonths }),
  targetGroups: (params) => params.targetGroups,
  socialObjectives: employmentObjective,
  render: (language, params) => text.render(language, params),
  summary: (language, params) => summary.render(language, params),
};

/**
 * Version 2: the legal basis (LOU 17 kap. 1 §), the early end in the LAS terms
 * of criterion 11554, "anvisas" only by Arbetsförmedlingen, and the sanction
 * ladder with termination when `termination` is set (docs/glossary.md).
 */
export const employmentV2 = secondVersion(employmentV1, {
  baseUrl: new URL('.', import.meta.url),
  paramsSchema: paramsSchemaV2,
  exactlyOneOf: ['months', 'monthsPerMsek'],
  summary: summarySources,
  measure: {
    ...employmentV1.measure,
    counting:
      "FTE × months worked in verified employments; an employment ended early by the employee's resignation, on objective grounds for dismissal (LAS 7 §) or by summary dismissal (LAS 18 §) after earlyEndThresholdPct % of its agreed time counts in full.",
  },
});
