/**
 * Local hiring (after San Francisco Admin Code ch. 82): a share of labour hours
 * by residents of named areas, part of it by disadvantaged residents.
 */
import { z } from 'zod';
import { BOTH_LANGUAGES, capPct, employmentObjective, publishedSchema, sekRate, COMMON_LABELS } from '../common.ts';
import { inlineText, loadClauseText } from '../render.ts';
import { measureLocalHiring } from '../../src/domain/measure.ts';
import type { ClauseTemplate } from '../types.ts';
import { secondVersion, termination } from '../second-version.ts';

const share = z.number().gt(0).max(100);

const shape = {
  localSharePct: share.describe('Minimum % of all labour hours worked by residents of the areas'),
  disadvantagedSharePct: share.optional().describe('Minimum % of all labour hours worked by residents far from the labour market (at most localSharePct)'),
  apprenticeSharePct: share.optional().describe('Minimum % of labour hours worked by apprentices'),
  areas: z
    .array(z.string().trim().min(1).max(100))
    .min(1, 'name at least one area')
    .max(200)
    .describe('Postcodes (e.g. "831 40") or districts (e.g. "Lugnvik")'),
  matchingBody: z.string().trim().min(1).max(200).optional().describe('Who attests that a resident is far from the labour market'),
  vite: z.strictObject({ sekPerMissingPercentagePoint: sekRate, capPct }).optional().describe('Vite per percentage point short of localSharePct, and the cap'),
};
const disadvantagedWithinLocal = (params: { localSharePct: number; disadvantagedSharePct?: number | undefined }, ctx: z.RefinementCtx) => {
  if (params.disadvantagedSharePct !== undefined && params.disadvantagedSharePct > params.localSharePct) {
    ctx.addIssue({
      code: 'custom',
      path: ['disadvantagedSharePct'],
      message: `the disadvantaged residents' hours are part of the local hours: give at most localSharePct (${params.localSharePct})`,
    });
  }
};
const paramsSchema = z.strictObject(shape).superRefine(disadvantagedWithinLocal);
const paramsSchemaV2 = z.strictObject({ ...shape, termination }).superRefine(disadvantagedWithinLocal);

export type LocalHiringParams = z.infer<typeof paramsSchema>;
export type LocalHiringParamsV2 = z.infer<typeof paramsSchemaV2>;

const text = loadClauseText(new URL('.', import.meta.url), 'v1', 1);
const summarySources = {
  sv: 'Lokal rekrytering: minst {{ localSharePct | num }} % av arbetstimmarna av boende i {{ areas | list }}{% if disadvantagedSharePct %}, varav {{ disadvantagedSharePct | num }} % av boende långt från arbetsmarknaden{% endif %}.',
  en: 'Local hiring: at least {{ localSharePct | num }} % of labour hours by residents of {{ areas | list }}{% if disadvantagedSharePct %}, {{ disadvantagedSharePct | num }} % by residents far from the labour market{% endif %}.',
};
const summary = inlineText(summarySources, 1);

export const localHiringV1: ClauseTemplate<LocalHiringParams> = {
  id: 'local-hiring',
  version: 1,
  kind: 'local-hiring',
  title: { sv: 'Lokal rekrytering', en: 'Local hiring' },
  languages: BOTH_LANGUAGES,
  measure: {
    unit: 'percent-of-labour-hours',
    counting: 'Local labour hours as a share of total labour hours in accepted period reports (and the disadvantaged share likewise).',
    targetRule: 'localSharePct, fixed by the parameters.',
    fulfilledBy: 'measurement',
  },
  paramsSchema,
  labels: {
    // No target groups here: local hiring counts hours by where people live.
    matchingBody: COMMON_LABELS.matchingBody!,
    'vite.capPct': COMMON_LABELS['vite.capPct']!,
    localSharePct: { sv: 'Andel arbetstimmar av lokalt boende (%)', en: 'Share of labour hours by local residents (%)' },
    disadvantagedSharePct: { sv: 'Därav personer långt från arbetsmarknaden (%)', en: 'Of which by disadvantaged workers (%)' },
    apprenticeSharePct: { sv: 'Andel lärlingstimmar (%)', en: 'Share of apprentice hours (%)' },
    areas: { sv: 'Områden (postnummer eller stadsdelar)', en: 'Areas (postcodes or districts)' },
    'vite.sekPerMissingPercentagePoint': { sv: 'Vite per saknad procentenhet (kr)', en: 'Liquidated damages per missing percentage point (SEK)' },
  },
  paramsJsonSchema: publishedSchema(paramsSchema),
  needsContractValue: () => false,
  target: (params) => ({
    unit: 'percent-of-labour-hours',
    value: params.localSharePct,
    basis:
      `${params.localSharePct} % of labour hours by local residents` +
      (params.disadvantagedSharePct !== undefined ? `, ${params.disadvantagedSharePct} % by disadvantaged residents` : ''),
  }),
  measureDelivery: (params, target, delivery) => measureLocalHiring(target, params, delivery),
  vite: (params) => (params.vite ? { sekPerMissingUnit: params.vite.sekPerMissingPercentagePoint, capPct: params.vite.capPct } : null),
  // Version 1 texts say nothing of termination.
  termination: () => false,
  promisedSchedule: () => ({}),
  targetGroups: () => null,
  socialObjectives: employmentObjective,
  render: (language, params) => text.render(language, params),
  summary: (language, params) => summary.render(language, params),
};

/** Version 2: the legal basis (LOU 17 kap. 1 §) and the sanction ladder with termination when `termination` is set (docs/glossary.md). */
export const localHiringV2 = secondVersion(localHiringV1, { baseUrl: new URL('.', import.meta.url), paramsSchema: paramsSchemaV2, summary: summarySources });
