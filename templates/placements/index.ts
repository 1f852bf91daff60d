/** Work placements (praktikplatser): N placements of at least W weeks and H hours per week. */
import { z } from 'zod';
import { unitsPerStartedMsek } from '../../src/domain/fulfilment.ts';
import {
  BOTH_LANGUAGES,
  capPct,
  employmentObjective,
  exactlyOne,
  matchingBody,
  msek,
  publishedSchema,
  sekRate,
  targetGroups,
  COMMON_LABELS,
} from '../common.ts';
import { inlineText, loadClauseText } from '../render.ts';
import { measurePlacements } from '../../src/domain/measure.ts';
import type { ClauseTemplate } from '../types.ts';
import { secondVersion, termination } from '../second-version.ts';
import { trainedSupervisor, withTrainedSupervisor } from '../supervision.ts';

const shape = {
  count: z.int().min(1).max(10_000).optional().describe('Number of placements (give this or msekPerPlacement)'),
  msekPerPlacement: msek.optional().describe('One placement per started N million SEK of contract value, computed at award'),
  minWeeks: z.int().min(1).max(104).describe('Minimum length of each placement in weeks'),
  hoursPerWeek: z.number().min(1).max(40).describe('Minimum hours per week'),
  targetGroups,
  matchingBody,
  vite: z.strictObject({ sekPerMissingPlacement: sekRate, capPct }).optional().describe('Liquidated damages (vite) per missing placement and their cap'),
};
const oneTarget = exactlyOne('count', 'msekPerPlacement', 'a fixed number of placements, or one per N MSEK of contract value');
const paramsSchema = z.strictObject(shape).superRefine(oneTarget);
const paramsSchemaV2 = z.strictObject({ ...shape, termination, trainedSupervisor }).superRefine(oneTarget);

export type PlacementsParams = z.infer<typeof paramsSchema>;
export type PlacementsParamsV2 = z.infer<typeof paramsSchemaV2>;

const text = loadClauseText(new URL('.', import.meta.url), 'v1', 1);
const summary = inlineText(
  {
    sv: '{% if count %}{{ count | num }} {% if count == 1 %}praktikplats{% else %}praktikplatser{% endif %}{% else %}En praktikplats per påbörjat {{ msekPerPlacement | num }} MSEK{% endif %} om minst {{ minWeeks | num }} veckor för {{ targetGroups | groups }}.',
    en: '{% if count %}{{ count | num }} {% if count == 1 %}work placement{% else %}work placements{% endif %}{% else %}One work placement per started {{ msekPerPlacement | num }} MSEK{% endif %} of at least {{ minWeeks | num }} weeks for {{ targetGroups | groups }}.',
  },
  1,
);

export const placementsV1: ClauseTemplate<PlacementsParams> = {
  id: 'placements',
  version: 1,
  kind: 'placements',
  title: { sv: 'Praktikplatser för personer långt från arbetsmarknaden', en: 'Work placements for people far from the labour market' },
  languages: BOTH_LANGUAGES,
  measure: {
    unit: 'placements',
    counting: 'Verified placements that were completed and lasted at least minWeeks at hoursPerWeek.',
    targetRule: 'count, or ceil(contract value in SEK / (msekPerPlacement × 1 000 000)) computed at award.',
    fulfilledBy: 'measurement',
  },
  paramsSchema,
  labels: {
    ...COMMON_LABELS,
    count: { sv: 'Antal praktikplatser', en: 'Number of placements' },
    msekPerPlacement: { sv: 'En praktikplats per påbörjade miljoner kronor', en: 'One placement per started million SEK' },
    minWeeks: { sv: 'Minsta längd (veckor)', en: 'Minimum length (weeks)' },
    hoursPerWeek: { sv: 'Minst timmar per vecka', en: 'Minimum hours per week' },
    'vite.sekPerMissingPlacement': { sv: 'Vite per saknad praktikplats (kr)', en: 'Liquidated damages per missing placement (SEK)' },
  },
  paramsJsonSchema: publishedSchema(paramsSchema, ['count', 'msekPerPlacement']),
  needsContractValue: (params) => params.count === undefined,
  target(params, contractValueSek) {
    if (params.count !== undefined) return { unit: 'placements', value: params.count, basis: `fixed: ${params.count} placements` };
    const perMsek = params.msekPerPlacement!;
    return {
      unit: 'placements',
      value: contractValueSek === null ? null : unitsPerStartedMsek(contractValueSek, perMsek),
      basis: `one placement per started ${perMsek} MSEK of contract value, rounded up${contractValueSek === null ? ', computed at award' : ''}`,
    };
  },
  measureDelivery: (params, target, delivery) => measurePlacements(target, { minWeeks: params.minWeeks, hoursPerWeek: params.hoursPerWeek }, delivery),
  vite: (params) => (params.vite ? { sekPerMissingUnit: params.vite.sekPerMissingPlacement, capPct: params.vite.capPct } : null),
  // Version 1 texts say nothing of termination.
  termination: () => false,
  promisedSchedule: () => ({}),
  targetGroups: (params) => params.targetGroups,
  socialObjectives: employmentObjective,
  render: (language, params) => text.render(language, params),
  summary: (language, params) => summary.render(language, params),
};

/**
 * Version 2: the legal basis (LOU 17 kap. 1 §), "anvisas" only by
 * Arbetsförmedlingen, "per påbörjade N miljoner kronor", and the sanction
 * ladder with termination when `termination` is set (docs/glossary.md).
 */
export const placementsV2 = withTrainedSupervisor(
  secondVersion(placementsV1, {
    baseUrl: new URL('.', import.meta.url),
    paramsSchema: paramsSchemaV2,
    exactlyOneOf: ['count', 'msekPerPlacement'],
    summary: {
      sv: '{% if count %}{{ count | num }} {% if count == 1 %}praktikplats{% else %}praktikplatser{% endif %}{% else %}En praktikplats{% endif %} om minst {{ minWeeks | num }} veckor{% if msekPerPlacement == 1 %} per påbörjad miljon kronor{% elsif msekPerPlacement %} per påbörjade {{ msekPerPlacement | num }} miljoner kronor{% endif %} för {{ targetGroups | groups }}.',
      en: '{% if count %}{{ count | num }} {% if count == 1 %}work placement{% else %}work placements{% endif %}{% else %}One work placement{% endif %} of at least {{ minWeeks | num }} weeks{% if msekPerPlacement == 1 %} per started million SEK{% elsif msekPerPlacement %} per started {{ msekPerPlacement | num }} million SEK{% endif %} for {{ targetGroups | groups }}.',
    },
  }),
);
