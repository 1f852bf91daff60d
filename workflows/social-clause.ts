/**
 * The social clause statechart (DESIGN.md §3), version 1.
 *
 * Guards read only facts the engine attaches to the event (`fulfilment` for
 * CONFIRM_FULFILLED, `target` for AWARD), never the database, so replaying the
 * stored history reproduces the stored snapshot exactly.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import type { Fulfilment, Target, ViteTerms } from '../src/domain/fulfilment.ts';
import { event, isoDate, reason } from './payloads.ts';
import type { WorkflowDefinition } from './types.ts';

const description = z.string().trim().min(1, 'describe the plan').max(20_000);
const milestones = z
  .array(z.strictObject({ date: isoDate, description: z.string().trim().min(1).max(1_000) }))
  .max(100);

const payloads = {
  EDIT_DRAFT: z
    .strictObject({
      params: z.record(z.string(), z.unknown()).optional(),
      language: z.enum(['sv', 'en']).optional(),
    })
    .refine((edit) => edit.params !== undefined || edit.language !== undefined, {
      message: 'send params (the complete new parameters), language, or both',
    }),
  PUBLISH: z.strictObject({}),
  DISCARD: z.strictObject({ reason: reason.optional() }),
  WITHDRAW: z.strictObject({ reason }),
  AWARD: z
    .strictObject({
      contractorOrgId: z.string().min(1, 'the id of the supplier organisation awarded the contract'),
      contractValueSek: z.int('whole SEK').positive().max(Number.MAX_SAFE_INTEGER),
      startDate: isoDate,
      endDate: isoDate,
    })
    .refine((award) => award.endDate > award.startDate, { path: ['endDate'], message: 'endDate must follow startDate' }),
  SUBMIT_PLAN: z.strictObject({ description, firstPlacementBy: isoDate.optional(), milestones: milestones.optional() }),
  REQUEST_PLAN_CHANGES: z.strictObject({ reason }),
  ACCEPT_PLAN: z.strictObject({ note: z.string().trim().max(4_000).optional() }),
  CLOSE_DELIVERY: z.strictObject({ note: z.string().trim().max(4_000).optional() }),
  CONFIRM_FULFILLED: z.strictObject({
    note: z.string().trim().max(4_000).optional(),
    meetingRecord: z
      .strictObject({ date: isoDate, reference: z.string().trim().min(1).max(200), summary: z.string().trim().max(4_000).optional() })
      .optional(),
  }),
  RECORD_SHORTFALL: z.strictObject({ reason }),
  SUBMIT_REMEDY_PLAN: z.strictObject({ description, completeBy: isoDate.optional(), milestones: milestones.optional() }),
  CLOSE_REMEDY: z.strictObject({ note: z.string().trim().max(4_000).optional() }),
  IMPOSE_SANCTION: z.strictObject({
    amountSek: z.int('whole SEK').positive().max(Number.MAX_SAFE_INTEGER).optional().describe('Leave out to impose the computed vite'),
    reason,
  }),
  WAIVE: z.strictObject({ reason }),
} satisfies Record<string, z.ZodType>;

type Payloads = { [K in keyof typeof payloads]: z.infer<(typeof payloads)[K]> };
export type ClauseEventType = keyof Payloads;

/** Facts the engine resolves before the machine sees an event. */
export interface ClauseEventFacts {
  EDIT_DRAFT: ClauseTerms & { target: Target; vite: ViteTerms | null };
  AWARD: { target: Target };
  CONFIRM_FULFILLED: { fulfilment: Fulfilment };
  RECORD_SHORTFALL: { fulfilment: Fulfilment };
  IMPOSE_SANCTION: { amountSek: number };
}

/** The drafted clause: parameters, language and the text rendered from them. */
export interface ClauseTerms {
  language: 'sv' | 'en';
  params: Record<string, unknown>;
  text: string;
}

export type ClauseMachineEvent = {
  [K in ClauseEventType]: { type: K } & Payloads[K] & (K extends keyof ClauseEventFacts ? ClauseEventFacts[K] : {});
}[ClauseEventType];

export interface ClauseContext extends ClauseTerms {
  target: Target;
  vite: ViteTerms | null;
  contract: Payloads['AWARD'] | null;
  plan: Payloads['SUBMIT_PLAN'] | null;
  planChangeRequests: string[];
  /** The reason and the measured gap when the shortfall was recorded. */
  shortfall: { reason: string; fulfilment: Fulfilment | null } | null;
  remedyPlans: Payloads['SUBMIT_REMEDY_PLAN'][];
  sanction: { amountSek: number; reason: string } | null;
  /** Why the clause ended without delivery (DISCARD, WITHDRAW) or was waived. */
  closingReason: string | null;
  fulfilmentAtConfirmation: Fulfilment | null;
  /** The dialogue's meeting record, confirmed by the auditor. */
  meetingRecord: NonNullable<Payloads['CONFIRM_FULFILLED']['meetingRecord']> | null;
}

export interface ClauseInput extends ClauseTerms {
  target: Target;
  vite: ViteTerms | null;
}

const machine = setup({
  types: {
    context: {} as ClauseContext,
    events: {} as ClauseMachineEvent,
    input: {} as ClauseInput,
  },
  guards: {
    fulfilmentReached: ({ event }) => event.type === 'CONFIRM_FULFILLED' && event.fulfilment.reached,
  },
  actions: {
    recordDraftEdit: assign(({ event }) =>
      event.type === 'EDIT_DRAFT'
        ? { language: event.language, params: event.params, text: event.text, target: event.target, vite: event.vite }
        : {},
    ),
    recordAward: assign(({ event }) => {
      if (event.type !== 'AWARD') return {};
      const { type: _type, target, ...contract } = event;
      return { contract, target };
    }),
    recordPlan: assign(({ event }) => {
      if (event.type !== 'SUBMIT_PLAN') return {};
      const { type: _type, ...plan } = event;
      return { plan };
    }),
    recordPlanChangeRequest: assign(({ context, event }) =>
      event.type === 'REQUEST_PLAN_CHANGES' ? { planChangeRequests: [...context.planChangeRequests, event.reason] } : {},
    ),
    recordShortfall: assign(({ event }) =>
      // Histories written before the gap was measured carry no fulfilment: they replay with null.
      event.type === 'RECORD_SHORTFALL' ? { shortfall: { reason: event.reason, fulfilment: event.fulfilment ?? null } } : {},
    ),
    recordRemedyPlan: assign(({ context, event }) => {
      if (event.type !== 'SUBMIT_REMEDY_PLAN') return {};
      const { type: _type, ...remedy } = event;
      return { remedyPlans: [...context.remedyPlans, remedy] };
    }),
    recordSanction: assign(({ event }) =>
      event.type === 'IMPOSE_SANCTION' ? { sanction: { amountSek: event.amountSek, reason: event.reason } } : {},
    ),
    recordClosingReason: assign(({ event }) => ({ closingReason: 'reason' in event ? (event.reason ?? null) : null })),
    recordFulfilment: assign(({ event }) =>
      event.type === 'CONFIRM_FULFILLED' ? { fulfilmentAtConfirmation: event.fulfilment, meetingRecord: event.meetingRecord ?? null } : {},
    ),
  },
}).createMachine({
  id: 'socialClause',
  initial: 'draft',
  context: ({ input }) => ({
    language: input.language,
    params: input.params,
    text: input.text,
    target: input.target,
    vite: input.vite,
    contract: null,
    plan: null,
    planChangeRequests: [],
    shortfall: null,
    remedyPlans: [],
    sanction: null,
    closingReason: null,
    fulfilmentAtConfirmation: null,
    meetingRecord: null,
  }),
  states: {
    draft: {
      on: {
        EDIT_DRAFT: { actions: 'recordDraftEdit' },
        PUBLISH: 'tendering',
        DISCARD: { target: 'withdrawn', actions: 'recordClosingReason' },
      },
    },
    tendering: {
      on: {
        AWARD: { target: 'commitment', actions: 'recordAward' },
        WITHDRAW: { target: 'withdrawn', actions: 'recordClosingReason' },
      },
    },
    commitment: {
      initial: 'awaitingPlan',
      states: {
        awaitingPlan: { on: { SUBMIT_PLAN: { target: 'planReview', actions: 'recordPlan' } } },
        planReview: {
          on: {
            REQUEST_PLAN_CHANGES: { target: 'awaitingPlan', actions: 'recordPlanChangeRequest' },
            ACCEPT_PLAN: '#socialClause.delivery',
          },
        },
      },
    },
    delivery: { on: { CLOSE_DELIVERY: 'verification' } },
    verification: {
      on: {
        CONFIRM_FULFILLED: { guard: 'fulfilmentReached', target: 'fulfilled', actions: 'recordFulfilment' },
        RECORD_SHORTFALL: { target: 'shortfall', actions: 'recordShortfall' },
      },
    },
    shortfall: {
      on: {
        SUBMIT_REMEDY_PLAN: { target: 'remediation', actions: 'recordRemedyPlan' },
        IMPOSE_SANCTION: { target: 'sanctioned', actions: 'recordSanction' },
        WAIVE: { target: 'waived', actions: 'recordClosingReason' },
      },
    },
    remediation: { on: { CLOSE_REMEDY: 'verification' } },
    fulfilled: { type: 'final' },
    sanctioned: { type: 'final' },
    waived: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});

export const socialClauseV1: WorkflowDefinition<typeof machine> = {
  id: 'social-clause',
  version: 1,
  machine,
  events: {
    EDIT_DRAFT: event('officer', payloads.EDIT_DRAFT, 'Change the parameters or language of a draft; the text is rendered again'),
    PUBLISH: event('officer', payloads.PUBLISH, 'Publish the clause with the tender'),
    DISCARD: event('officer', payloads.DISCARD, 'Discard a draft'),
    WITHDRAW: event('officer', payloads.WITHDRAW, 'Withdraw the clause from the tender'),
    AWARD: event('officer', payloads.AWARD, 'Award the contract; the target is computed and stored'),
    SUBMIT_PLAN: event('contractor', payloads.SUBMIT_PLAN, "Submit the contractor's commitment plan"),
    REQUEST_PLAN_CHANGES: event('officer', payloads.REQUEST_PLAN_CHANGES, 'Send the plan back with a reason'),
    ACCEPT_PLAN: event('officer', payloads.ACCEPT_PLAN, 'Accept the plan; delivery starts'),
    CLOSE_DELIVERY: event('officer', payloads.CLOSE_DELIVERY, 'Close delivery; verification starts'),
    CONFIRM_FULFILLED: event('auditor', payloads.CONFIRM_FULFILLED, 'Confirm fulfilment: when measured delivery reaches the target, or (dialogue) with the meeting record'),
    RECORD_SHORTFALL: event('auditor', payloads.RECORD_SHORTFALL, 'Record a shortfall with a reason; the measured gap is stored with it'),
    SUBMIT_REMEDY_PLAN: event('contractor', payloads.SUBMIT_REMEDY_PLAN, 'Submit a remedy plan for the shortfall'),
    CLOSE_REMEDY: event('auditor', payloads.CLOSE_REMEDY, 'Close remediation; back to verification'),
    IMPOSE_SANCTION: event('officer', payloads.IMPOSE_SANCTION, 'Impose vite: amountSek within the cap, or leave it out for the computed vite'),
    WAIVE: event('officer', payloads.WAIVE, 'Waive the shortfall with a reason'),
  },
};

export const CLAUSE_EVENT_TYPES = Object.keys(payloads) as ClauseEventType[];
export const FINAL_CLAUSE_STATES = ['fulfilled', 'sanctioned', 'waived', 'withdrawn'] as const;
