/** Dialogue (Upphandlingsmyndigheten's basic level): a documented dialogue on employment measures within M months. */
import { z } from 'zod';
import { BOTH_LANGUAGES, employmentObjective, publishedSchema } from '../common.ts';
import { inlineText, loadClauseText } from '../render.ts';
import { measureDialogue } from '../../src/domain/measure.ts';
import type { ClauseTemplate } from '../types.ts';
import { secondVersion, termination } from '../second-version.ts';

const shape = {
  withinMonths: z.int().min(1).max(36).describe('The dialogue is held within this many months of contract start'),
  dialogueWith: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .default('Arbetsförmedlingen')
    .describe("Who the dialogue is with, e.g. Arbetsförmedlingen or the municipality's labour-market unit"),
};
const paramsSchema = z.strictObject(shape);
const paramsSchemaV2 = z.strictObject({ ...shape, termination });

export type DialogueParams = z.infer<typeof paramsSchema>;
export type DialogueParamsV2 = z.infer<typeof paramsSchemaV2>;

const text = loadClauseText(new URL('.', import.meta.url), 'v1', 1);
const summarySources = {
  sv: 'Dialog om sysselsättningsåtgärder med {{ dialogueWith }} inom {{ withinMonths | num }} månader.',
  en: 'Dialogue on employment measures with {{ dialogueWith }} within {{ withinMonths | num }} months.',
};
const summary = inlineText(summarySources, 1);

export const dialogueV1: ClauseTemplate<DialogueParams> = {
  id: 'dialogue',
  version: 1,
  kind: 'dialogue',
  title: { sv: 'Dialog om sysselsättningsåtgärder', en: 'Dialogue on employment measures' },
  languages: BOTH_LANGUAGES,
  measure: {
    unit: 'dialogue',
    counting: "The auditor's confirmation with the meeting record (date and reference).",
    targetRule: 'One documented dialogue within withinMonths of contract start; no quantitative target.',
    fulfilledBy: 'confirmation',
  },
  paramsSchema,
  labels: {
    withinMonths: { sv: 'Dialogen hålls inom (månader)', en: 'Dialogue held within (months)' },
    dialogueWith: { sv: 'Dialog med', en: 'Dialogue with' },
  },
  paramsJsonSchema: publishedSchema(paramsSchema),
  needsContractValue: () => false,
  target: (params) => ({ unit: 'dialogue', value: 1, basis: `one documented dialogue within ${params.withinMonths} months of contract start` }),
  measureDelivery: (params, target, delivery, meetingDate) => measureDialogue(target, params.withinMonths, delivery, meetingDate),
  vite: () => null,
  // Version 1 texts say nothing of termination.
  termination: () => false,
  promisedSchedule: () => ({}),
  targetGroups: () => null,
  socialObjectives: employmentObjective,
  render: (language, params) => text.render(language, params),
  summary: (language, params) => summary.render(language, params),
};

/**
 * Version 2: the legal basis (LOU 17 kap. 1 §) and the sanction ladder
 * (rättelse and avhjälpande; no vite; termination when `termination` is set).
 */
export const dialogueV2 = secondVersion(dialogueV1, { baseUrl: new URL('.', import.meta.url), paramsSchema: paramsSchemaV2 });
