/**
 * A placement opening (issue 7), version 1: the contractor publishes it under a
 * clause in delivery or remediation; it is filled when the contractor accepts
 * a matcher's proposal for it (the engine sends FILL in that same transaction),
 * or withdrawn by the contractor.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { MUNICIPALITY_CODE } from '../src/domain/matching.ts';
import { event, isoDate, reason } from './payloads.ts';
import type { OpeningTag } from './tags.ts';
import type { WorkflowDefinition } from './types.ts';

const text = (max: number, what: string) => z.string().trim().min(1, what).max(max);

/** What a contractor publishes: the work, where and when, the competences it asks for and the supervisor's training. */
export const openingInput = z.strictObject({
  role: text(200, 'the role or occupation, e.g. "målare"'),
  site: z.string().trim().max(200).optional(),
  municipality: z.string().regex(MUNICIPALITY_CODE, 'the site\'s municipality as its four-digit SCB code, e.g. "2380" for Östersund').optional(),
  startDate: isoDate,
  weeks: z.int('whole weeks').positive().max(104),
  hoursPerWeek: z.number().gt(0).max(80),
  competences: z.array(text(100, 'a competence, e.g. "truckkort"')).max(30),
  languageLevel: z.string().trim().min(1).max(100).optional(),
  supervisor: z.strictObject({ trained: z.boolean().describe('Whether the supervisor has taken supervisor training (handledarutbildning)') }),
  breaksGenderPattern: z.boolean().optional().describe('The opening breaks a gender-stereotyped pattern in the trade'),
  supervisorId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe("The supervisor in your organisation's register (GET /api/v1/supervisors); when named, supervisor.trained follows from their training records"),
});
export type OpeningInput = z.infer<typeof openingInput>;

const payloads = {
  WITHDRAW: z.strictObject({ reason }),
  FILL: z.strictObject({ proposalId: z.string(), placementId: z.string() }),
} satisfies Record<string, z.ZodType>;

type Payloads = { [K in keyof typeof payloads]: z.infer<(typeof payloads)[K]> };
type OpeningEvent = { [K in keyof Payloads]: { type: K } & Payloads[K] }[keyof Payloads];

export interface OpeningContext extends OpeningInput {
  filledBy: { proposalId: string; placementId: string } | null;
  withdrawal: string | null;
}

const machine = setup({
  types: { context: {} as OpeningContext, events: {} as OpeningEvent, input: {} as OpeningInput, tags: {} as OpeningTag },
  actions: {
    recordFill: assign(({ event }) => (event.type === 'FILL' ? { filledBy: { proposalId: event.proposalId, placementId: event.placementId } } : {})),
    recordWithdrawal: assign(({ event }) => (event.type === 'WITHDRAW' ? { withdrawal: event.reason } : {})),
  },
}).createMachine({
  id: 'opening',
  initial: 'open',
  context: ({ input }) => ({ ...input, filledBy: null, withdrawal: null }),
  states: {
    open: {
      tags: ['acceptsProposals'],
      on: {
        FILL: { target: 'filled', actions: 'recordFill' },
        WITHDRAW: { target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    filled: { type: 'final', tags: ['filledByProposal'] },
    withdrawn: { type: 'final' },
  },
});

export const openingV1: WorkflowDefinition<typeof machine> = {
  id: 'opening',
  version: 1,
  machine,
  events: {
    WITHDRAW: event('contractor', payloads.WITHDRAW, 'Withdraw the opening; proposals for it can no longer be accepted'),
    FILL: event('contractor', payloads.FILL, 'Filled by an accepted proposal', true),
  },
};
