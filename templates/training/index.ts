/** Training: apprentices or apprenticeship/training hours (after SF apprentice hours and the UK TOMs). */
import { z } from 'zod';
import { BOTH_LANGUAGES, capPct, employmentObjective, exactlyOne, publishedSchema, sekRate, targetGroups, COMMON_LABELS } from '../common.ts';
import { inlineText, loadClauseText } from '../render.ts';
import { measureTraining } from '../../src/domain/measure.ts';
import type { ClauseTemplate } from '../types.ts';
import { secondVersion, termination } from '../second-version.ts';
import { trainedSupervisor, withTrainedSupervisor } from '../supervision.ts';

const shape = {
  apprentices: z.int().min(1).max(10_000).optional().describe('Number of apprentices (give this or apprenticeHours)'),
  apprenticeHours: z.int().min(1).max(10_000_000).optional().describe('Hours of apprenticeship or vocational training'),
  targetGroups: targetGroups.optional(),
  trainingProvider: z.string().trim().min(1).max(200).optional().describe('e.g. Byggbranschens Yrkesnämnd'),
  vite: z
    .strictObject({ sekPerMissingUnit: sekRate.describe('SEK per missing apprentice or training hour'), capPct })
    .optional()
    .describe('Vite per missing apprentice or hour, and the cap'),
};
const oneTarget = exactlyOne('apprentices', 'apprenticeHours', 'a number of apprentices, or a number of training hours');
const paramsSchema = z.strictObject(shape).superRefine(oneTarget);
const paramsSchemaV2 = z.strictObject({ ...shape, termination, trainedSupervisor }).superRefine(oneTarget);

export type TrainingParams = z.infer<typeof paramsSchema>;
export type TrainingParamsV2 = z.infer<typeof paramsSchemaV2>;

const text = loadClauseText(new URL('.', import.meta.url), 'v1', 1);
const summarySources = {
  sv: 'Lärlingar och utbildning: {% if apprentices %}minst {{ apprentices | num }} lärlingar{% else %}minst {{ apprenticeHours | num }} utbildningstimmar{% endif %}.',
  en: 'Apprentices and training: {% if apprentices %}at least {{ apprentices | num }} apprentices{% else %}at least {{ apprenticeHours | num }} training hours{% endif %}.',
};
const summary = inlineText(summarySources, 1);

export const trainingV1: ClauseTemplate<TrainingParams> = {
  id: 'training',
  version: 1,
  kind: 'training',
  title: { sv: 'Lärlingar och yrkesutbildning', en: 'Apprentices and vocational training' },
  languages: BOTH_LANGUAGES,
  measure: {
    unit: 'apprentices or training-hours',
    counting: 'Verified apprentices, or training hours in accepted period reports.',
    targetRule: 'apprentices or apprenticeHours, fixed by the parameters.',
    fulfilledBy: 'measurement',
  },
  paramsSchema,
  labels: {
    // Training names a provider, not a matching body.
    targetGroups: COMMON_LABELS.targetGroups!,
    'vite.capPct': COMMON_LABELS['vite.capPct']!,
    apprentices: { sv: 'Antal lärlingar', en: 'Number of apprentices' },
    apprenticeHours: { sv: 'Lärlings- och utbildningstimmar', en: 'Apprentice and training hours' },
    trainingProvider: { sv: 'Utbildningsanordnare', en: 'Training provider' },
    'vite.sekPerMissingUnit': { sv: 'Vite per saknad lärling eller timme (kr)', en: 'Liquidated damages per missing apprentice or hour (SEK)' },
  },
  paramsJsonSchema: publishedSchema(paramsSchema, ['apprentices', 'apprenticeHours']),
  needsContractValue: () => false,
  target: (params) =>
    params.apprentices !== undefined
      ? { unit: 'apprentices', value: params.apprentices, basis: `fixed: ${params.apprentices} apprentices` }
      : { unit: 'training-hours', value: params.apprenticeHours!, basis: `fixed: ${params.apprenticeHours} training hours` },
  measureDelivery: (_params, target, delivery) => measureTraining(target, delivery),
  vite: (params) => (params.vite ? { sekPerMissingUnit: params.vite.sekPerMissingUnit, capPct: params.vite.capPct } : null),
  // Version 1 texts say nothing of termination.
  termination: () => false,
  promisedSchedule: () => ({}),
  targetGroups: (params) => params.targetGroups ?? null,
  socialObjectives: employmentObjective,
  render: (language, params) => text.render(language, params),
  summary: (language, params) => summary.render(language, params),
};

/** Version 2: the legal basis (LOU 17 kap. 1 §) and the sanction ladder with termination when `termination` is set (docs/glossary.md). */
export const trainingV2 = withTrainedSupervisor(
  secondVersion(trainingV1, {
    baseUrl: new URL('.', import.meta.url),
    paramsSchema: paramsSchemaV2,
    exactlyOneOf: ['apprentices', 'apprenticeHours'],
    summary: summarySources,
  }),
);
