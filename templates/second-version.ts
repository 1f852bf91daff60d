/**
 * Version 2 of a template (issue 18): the rules of version 1 (target,
 * measure, vite, schedule, groups) with the text of version 2 — the legal
 * basis, the glossary's words and the sanction ladder — and the
 * `termination` term the text's last rung depends on.
 */
import { z } from 'zod';
import type { Language } from '../src/domain/money.ts';
import { publishedSchema } from './common.ts';
import { inlineText, loadClauseText } from './render.ts';
import type { ClauseTemplate, MeasureDefinition, ParamLabels } from './types.ts';

/**
 * Version 2 of every template: whether the clause gives the buyer the right to
 * terminate the contract (hävning) at material breach, the last rung of the
 * sanction ladder its text describes.
 */
export const termination = z
  .boolean()
  .default(false)
  .describe('The buyer may terminate the contract (hävning) if a breach of the clause is material and is not remedied');

export const TERMINATION_LABEL = {
  termination: { sv: 'Rätt att häva avtalet vid väsentligt avtalsbrott', en: 'Right to terminate the contract for material breach' },
} as const satisfies ParamLabels;

interface SecondVersion<ParamsV2> {
  /** The folder of the template module, where `v2.sv.liquid` and `v2.en.liquid` are. */
  baseUrl: URL;
  /** Version 1's parameters and `termination`. */
  paramsSchema: z.ZodType<ParamsV2>;
  /** The pair of parameters of which exactly one is given, as the published schema states it. */
  exactlyOneOf?: [string, string];
  /** The BT-777 line, when version 2 words it (its target groups in version 2's words, for one). */
  summary?: Record<Language, string>;
  /** What the clause measures, when version 2 words it otherwise. */
  measure?: MeasureDefinition;
}

export function secondVersion<Params extends object, ParamsV2 extends Params & { termination: boolean }>(
  first: ClauseTemplate<Params>,
  second: SecondVersion<ParamsV2>,
): ClauseTemplate<ParamsV2> {
  const text = loadClauseText(second.baseUrl, 'v2', 2);
  const summary = second.summary ? inlineText(second.summary, 2) : null;
  return {
    ...(first as unknown as ClauseTemplate<ParamsV2>),
    version: 2,
    measure: second.measure ?? first.measure,
    paramsSchema: second.paramsSchema,
    labels: { ...first.labels, ...TERMINATION_LABEL },
    paramsJsonSchema: publishedSchema(second.paramsSchema, second.exactlyOneOf),
    termination: (params) => params.termination,
    render: (language, params) => text.render(language, params),
    summary: (language, params) => (summary ? summary.render(language, params) : first.summary(language, params)),
  };
}
