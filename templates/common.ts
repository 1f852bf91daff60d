/** Parameter pieces and rules shared by the clause templates. */
import { z } from 'zod';
import { TARGET_GROUPS } from '../src/domain/target-groups.ts';
import { ELIGIBLE_SOCIAL_OBJECTIVE } from '../src/domain/target-groups.ts';
import { LANGUAGES, type ParamLabels } from './types.ts';

export const targetGroups = z
  .array(z.enum(TARGET_GROUPS))
  .min(1, 'name at least one target group')
  .refine((groups) => new Set(groups).size === groups.length, 'list each target group once')
  .describe(`Target groups: ${TARGET_GROUPS.join(', ')}`);

export const matchingBody = z.string().trim().min(1).max(200).describe('Who refers participants and attests target-group eligibility, e.g. Arbetsförmedlingen');

/** Labels of the parameters several templates share. */
export const COMMON_LABELS: ParamLabels = {
  targetGroups: { sv: 'Målgrupper', en: 'Target groups' },
  matchingBody: { sv: 'Matchningsansvarig (namn)', en: 'Matching body (name)' },
  'vite.capPct': { sv: 'Tak för vite (% av kontraktsvärdet)', en: 'Cap on liquidated damages (% of the contract value)' },
};

export const capPct = z.number().gt(0).max(100).describe('Cap on all vite under the clause, in % of the contract value');
export const sekRate = z.int('whole SEK').min(1).max(1_000_000_000);
// Amounts per MSEK are counted exactly in ten-thousandths of a million (100 SEK, src/domain/fulfilment.ts), so a smaller
// positive number would count as zero and divide by it.
export const msek = z.number().min(0.0001, 'at least 0.0001 MSEK (100 SEK)').max(100_000);

/** Issue for a pair of parameters of which exactly one must be given. */
export function exactlyOne<T extends Record<string, unknown>>(first: keyof T & string, second: keyof T & string, explanation: string) {
  return (params: T, ctx: z.RefinementCtx) => {
    if ((params[first] === undefined) === (params[second] === undefined)) {
      ctx.addIssue({ code: 'custom', path: [first], message: `give exactly one of ${first} or ${second}: ${explanation}` });
    }
  };
}

/** The published JSON Schema; `oneOf` states the exactly-one rule that zod checks in code. */
export function publishedSchema(schema: z.ZodType, exactlyOneOf?: [string, string]): Record<string, unknown> {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' });
  return exactlyOneOf ? { ...json, oneOf: exactlyOneOf.map((field) => ({ required: [field] })) } : json;
}

/** All of our clause kinds pursue employment opportunities (eForms social objective "opp"). */
export const employmentObjective = () => [ELIGIBLE_SOCIAL_OBJECTIVE];

export const BOTH_LANGUAGES = LANGUAGES;

/**
 * Whether the matching body is Arbetsförmedlingen, whose formal act alone is
 * called "anvisa" (docs/glossary.md); texts say "matchas av" for any other body.
 */
export const isArbetsformedlingen = (matchingBody: string | undefined): boolean =>
  matchingBody !== undefined && matchingBody.trim().toLocaleLowerCase('sv') === 'arbetsförmedlingen';
