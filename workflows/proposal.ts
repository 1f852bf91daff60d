/**
 * A matcher's proposal of a candidate for an opening (issue 7), version 1:
 * proposed → accepted | declined (the contractor) | withdrawn (the matcher).
 * Accepting fills the opening and registers the placement, with the matcher's
 * attestation, in the same transaction.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { TARGET_GROUPS } from '../src/domain/target-groups.ts';
import { event, isoDate, note, reason } from './payloads.ts';
import type { ProposalTag } from './tags.ts';
import type { WorkflowDefinition } from './types.ts';

/** What the matcher sends: a pseudonymous reference, competences and its own attestation of the target group, never a name. */
export const proposalInput = z.strictObject({
  candidateRef: z.string().trim().min(1, 'a pseudonymous candidate reference, e.g. "AF-2026-0412"').max(100),
  targetGroup: z.enum(TARGET_GROUPS),
  competences: z.array(z.string().trim().min(1).max(100)).max(30),
  attestation: z.strictObject({
    reference: z.string().trim().min(1, "the attestation's reference in the matching body's records").max(200),
    date: isoDate,
  }),
  note: note.optional(),
});
export type ProposalInput = z.infer<typeof proposalInput>;

/** The proposal as started: the input with the attestation's issuer (the matching body) and the opening it is for. */
export interface ProposalStart extends Omit<ProposalInput, 'attestation'> {
  openingId: string;
  attestation: ProposalInput['attestation'] & { issuer: string; issuerOrgId: string };
}

const payloads = {
  ACCEPT: z.strictObject({ note: note.optional() }),
  DECLINE: z.strictObject({ reason }),
  WITHDRAW: z.strictObject({ reason }),
} satisfies Record<string, z.ZodType>;

/** Facts the engine adds: the id of the placement that ACCEPT registers. */
type Payloads = { [K in keyof typeof payloads]: z.infer<(typeof payloads)[K]> } & { ACCEPT: { placementId: string } };
type ProposalEvent = { [K in keyof Payloads]: { type: K } & Payloads[K] }[keyof Payloads];

export interface ProposalContext extends ProposalStart {
  placementId: string | null;
  decisionNote: string | null;
  declineReason: string | null;
  withdrawal: string | null;
}

const machine = setup({
  types: { context: {} as ProposalContext, events: {} as ProposalEvent, input: {} as ProposalStart, tags: {} as ProposalTag },
  actions: {
    recordAcceptance: assign(({ event }) => (event.type === 'ACCEPT' ? { placementId: event.placementId, decisionNote: event.note ?? null } : {})),
    recordDecline: assign(({ event }) => (event.type === 'DECLINE' ? { declineReason: event.reason } : {})),
    recordWithdrawal: assign(({ event }) => (event.type === 'WITHDRAW' ? { withdrawal: event.reason } : {})),
  },
}).createMachine({
  id: 'proposal',
  initial: 'proposed',
  context: ({ input }) => ({ ...input, placementId: null, decisionNote: null, declineReason: null, withdrawal: null }),
  states: {
    proposed: {
      tags: ['awaitingDecision'],
      on: {
        ACCEPT: { target: 'accepted', actions: 'recordAcceptance' },
        DECLINE: { target: 'declined', actions: 'recordDecline' },
        WITHDRAW: { target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    accepted: { type: 'final' },
    declined: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});

export const proposalV1: WorkflowDefinition<typeof machine> = {
  id: 'proposal',
  version: 1,
  machine,
  events: {
    ACCEPT: event('contractor', payloads.ACCEPT, 'Accept the candidate: the opening is filled and the placement registered with the attestation'),
    DECLINE: event('contractor', payloads.DECLINE, 'Decline the candidate with a reason'),
    WITHDRAW: event('matcher', payloads.WITHDRAW, 'Withdraw the proposal with a reason'),
  },
};
