/**
 * An offer of employment under a clause (issue 18), version 1: the employment
 * clause's first job is to be "påbörjas eller erbjudas" (started or offered)
 * within its deadline, so the contractor records an offer made to a
 * participant of the clause's target groups, then the answer:
 * offered → accepted | declined, or withdrawn by the contractor before an
 * answer. An offer made counts for the first-job milestone whatever the
 * answer; a withdrawn one does not.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { TARGET_GROUPS } from '../src/domain/target-groups.ts';
import { event, isoDate, reason } from './payloads.ts';
import type { OfferTag } from './tags.ts';
import type { WorkflowDefinition } from './types.ts';

const text = (max: number, what: string) => z.string().trim().min(1, what).max(max);

/** What a contractor records: a pseudonymous reference, the group, the work offered and the day it was offered; never a name. */
export const offerInput = z.strictObject({
  participantRef: text(100, 'a pseudonymous participant reference, e.g. "JB-2026-014"'),
  targetGroup: z.enum(TARGET_GROUPS),
  attestation: z
    .strictObject({
      issuer: text(200, 'who attests the target group, e.g. Arbetsförmedlingen'),
      reference: text(200, "the attestation's reference"),
      date: isoDate,
    })
    .optional(),
  role: text(200, 'the role or occupation offered, e.g. "målare"'),
  site: z.string().trim().max(200).optional(),
  hoursPerWeek: z.number().gt(0).max(80),
  /** The day the offer was made: on or after the contract start, at the latest today. */
  offeredDate: isoDate,
});
export type OfferInput = z.infer<typeof offerInput>;

// Each answer carries its day: not before the offer, not in the future (src/engine/offers.ts). No describe(): the
// web forms would show it as help text in English on Swedish pages.
const payloads = {
  ACCEPT: z.strictObject({ date: isoDate }),
  DECLINE: z.strictObject({ date: isoDate, reason: reason.optional() }),
  WITHDRAW: z.strictObject({ date: isoDate, reason }),
} satisfies Record<string, z.ZodType>;

type Payloads = { [K in keyof typeof payloads]: z.infer<(typeof payloads)[K]> };
type OfferEvent = { [K in keyof Payloads]: { type: K } & Payloads[K] }[keyof Payloads];

export interface OfferContext extends OfferInput {
  /** The day of the answer (accepted or declined) or of the withdrawal. */
  answeredDate: string | null;
  declineReason: string | null;
  withdrawal: string | null;
}

const machine = setup({
  types: { context: {} as OfferContext, events: {} as OfferEvent, input: {} as OfferInput, tags: {} as OfferTag },
  actions: {
    recordAnswer: assign(({ event }) => ({
      answeredDate: event.date,
      declineReason: event.type === 'DECLINE' ? (event.reason ?? null) : null,
      withdrawal: event.type === 'WITHDRAW' ? event.reason : null,
    })),
  },
}).createMachine({
  id: 'employment-offer',
  initial: 'offered',
  context: ({ input }) => ({ ...input, answeredDate: null, declineReason: null, withdrawal: null }),
  states: {
    offered: {
      tags: ['awaitingAnswer', 'made'],
      on: {
        ACCEPT: { target: 'accepted', actions: 'recordAnswer' },
        DECLINE: { target: 'declined', actions: 'recordAnswer' },
        WITHDRAW: { target: 'withdrawn', actions: 'recordAnswer' },
      },
    },
    accepted: { type: 'final', tags: ['made'] },
    declined: { type: 'final', tags: ['made'] },
    withdrawn: { type: 'final' },
  },
});

export const employmentOfferV1: WorkflowDefinition<typeof machine> = {
  id: 'employment-offer',
  version: 1,
  machine,
  events: {
    ACCEPT: event('contractor', payloads.ACCEPT, 'The participant accepted the offer'),
    DECLINE: event('contractor', payloads.DECLINE, 'The participant declined the offer; it still counts as offered'),
    WITHDRAW: event('contractor', payloads.WITHDRAW, 'Withdraw the offer before an answer; it no longer counts as offered'),
  },
};
