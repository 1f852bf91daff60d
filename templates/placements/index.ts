/** Work placements (praktikplatser): N placements of at least W weeks and H hours per week. */
import { z } from 'zod';
import { proportionalTarget } from '../../src/domain/fulfilment.ts';
import { TARGET_GROUPS } from '../../src/domain/target-groups.ts';
import { loadClauseText } from '../render.ts';
import type { ClauseTemplate } from '../types.ts';

const paramsSchema = z
  .strictObject({
    count: z.int().min(1).max(10_000).optional().describe('Number of placements (give this or msekPerPlacement)'),
    msekPerPlacement: z
      .number()
      .positive()
      .max(100_000)
      .optional()
      .describe('One placement per started N million SEK of contract value, computed at award'),
    minWeeks: z.int().min(1).max(104).describe('Minimum length of each placement in weeks'),
    hoursPerWeek: z.number().min(1).max(40).describe('Minimum hours per week'),
    targetGroups: z
      .array(z.enum(TARGET_GROUPS))
      .min(1)
      .refine((groups) => new Set(groups).size === groups.length, 'list each target group once')
      .describe('Target groups the placements are for'),
    matchingBody: z.string().trim().min(1).max(200).describe('Who refers and attests participants, e.g. Arbetsförmedlingen'),
    vite: z
      .strictObject({
        sekPerMissingPlacement: z.int().min(1).max(1_000_000_000),
        capPct: z.number().gt(0).max(100),
      })
      .optional()
      .describe('Liquidated damages (vite) per missing placement and their cap in % of contract value'),
  })
  .superRefine((params, ctx) => {
    if ((params.count === undefined) === (params.msekPerPlacement === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['count'],
        message: 'give exactly one of count (a fixed number of placements) or msekPerPlacement (one per N MSEK of contract value)',
      });
    }
  });

export type PlacementsParams = z.infer<typeof paramsSchema>;

const text = loadClauseText(new URL('.', import.meta.url), 'v1');

export const placementsV1: ClauseTemplate<PlacementsParams> = {
  id: 'placements',
  version: 1,
  kind: 'placements',
  title: { sv: 'Praktikplatser för personer långt från arbetsmarknaden', en: 'Work placements for people far from the labour market' },
  paramsSchema,
  paramsJsonSchema: {
    ...z.toJSONSchema(paramsSchema, { target: 'draft-2020-12', io: 'input' }),
    oneOf: [{ required: ['count'] }, { required: ['msekPerPlacement'] }],
  },
  target(params, contractValueSek) {
    if (params.count !== undefined) {
      return { unit: 'placements', value: params.count, basis: `fixed: ${params.count} placements` };
    }
    const perMsek = params.msekPerPlacement!;
    return {
      unit: 'placements',
      value: contractValueSek === null ? null : proportionalTarget(contractValueSek, perMsek),
      basis: `one placement per started ${perMsek} MSEK of contract value` + (contractValueSek === null ? ', computed at award' : ''),
    };
  },
  vite(params) {
    return params.vite ? { sekPerMissingUnit: params.vite.sekPerMissingPlacement, capPct: params.vite.capPct } : null;
  },
  render: (language, params) => text.render(language, params),
};
