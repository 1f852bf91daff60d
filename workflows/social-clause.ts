/**
 * The social clause statechart (README.md, The clause statechart) in its deployed versions.
 *
 * Version 1 is the lifecycle alone. Version 2 adds durable deadlines: AWARD
 * takes the clause's schedule, and the engine sends the deadline events
 * (PLAN_DUE, FIRST_JOB_DUE, REPORT_DUE, REMEDY_DUE, and CLOSE_DELIVERY at
 * contract end) as actor "system" when they fall due; each records a
 * milestone. Version 3 carries the whole sanction ladder (issue 18): a
 * written notice (REQUEST_CORRECTION, rättelse) with its own deadline
 * (CORRECTION_DUE) that the contractor answers (REPORT_CORRECTION), vite
 * claimed under the contract (CLAIM_VITE → viteClaimed; IMPOSE_SANCTION is
 * still accepted as its old name) and termination at material breach
 * (TERMINATE → terminated) on a clause whose terms include it. A clause keeps
 * the version it started with, and versions 1 and 2 are built exactly as they
 * always were. Version 4 keeps what grows with a clause's life in its
 * history, not in its snapshot (issue 24): the context holds the latest
 * request for plan changes and the latest remedy plan with a count of each,
 * not every one of them, so a clause's 600th event writes what its 6th did.
 * The lists are read from the history when a clause is shown
 * (src/engine/clause-rounds.ts).
 *
 * Guards read only facts the engine attaches to the event (`fulfilment` for
 * CONFIRM_FULFILLED, `target` for AWARD, `termsAllowTermination` for
 * TERMINATE) and the context, never the database, so replaying the stored
 * history reproduces the stored snapshot exactly.
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { scheduleSettings, type Schedule } from '../src/domain/schedule.ts';
import type { Fulfilment, Target, ViteTerms } from '../src/domain/fulfilment.ts';
import { event, isoDate, reason } from './payloads.ts';
import type { ClauseTag } from './tags.ts';
import type { WorkflowDefinition } from './types.ts';

const description = z.string().trim().min(1, 'describe the plan').max(20_000);
const milestones = z.array(z.strictObject({ date: isoDate, description: z.string().trim().min(1).max(1_000) })).max(100);

/** AWARD's contract fields; version 2 adds the clause's deadline settings. */
const contractFields = {
  contractorOrgId: z.string().min(1, 'the id of the supplier organisation awarded the contract'),
  contractValueSek: z.int('whole SEK').positive().max(Number.MAX_SAFE_INTEGER),
  startDate: isoDate,
  endDate: isoDate,
  matchingBodyOrgId: z
    .string()
    .min(1)
    .optional()
    .describe("The matching body's organisation (kind matching_body): its matchers propose candidates for the clause's openings and attest eligibility"),
  reservedShareDeclaredPct: z
    .number()
    .min(0)
    .max(100)
    .optional()
    .describe("A reserved tender (LOU 4 kap. 18 §) only, and then required: the supplier's declared share of staff in the target groups, at least 30"),
};
const endFollowsStart: [(award: { startDate: string; endDate: string }) => boolean, { path: string[]; message: string }] = [
  (award) => award.endDate > award.startDate,
  { path: ['endDate'], message: 'endDate must follow startDate' },
];

/** The deadline an event comes from, by its key on the clause. */
const deadline = z.string().min(1);

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
  AWARD: z.strictObject(contractFields).refine(...endFollowsStart),
  SUBMIT_PLAN: z.strictObject({ description, firstPlacementBy: isoDate.optional(), milestones: milestones.optional() }),
  REQUEST_PLAN_CHANGES: z.strictObject({ reason }),
  ACCEPT_PLAN: z.strictObject({ note: z.string().trim().max(4_000).optional() }),
  CLOSE_DELIVERY: z.strictObject({ note: z.string().trim().max(4_000).optional() }),
  CONFIRM_FULFILLED: z.strictObject({
    note: z.string().trim().max(4_000).optional(),
    meetingRecord: z.strictObject({ date: isoDate, reference: z.string().trim().min(1).max(200), summary: z.string().trim().max(4_000).optional() }).optional(),
  }),
  RECORD_SHORTFALL: z.strictObject({ reason }),
  SUBMIT_REMEDY_PLAN: z.strictObject({ description, completeBy: isoDate.optional(), milestones: milestones.optional() }),
  CLOSE_REMEDY: z.strictObject({ note: z.string().trim().max(4_000).optional() }),
  IMPOSE_SANCTION: z.strictObject({
    amountSek: z.int('whole SEK').positive().max(Number.MAX_SAFE_INTEGER).optional().describe('Leave out to claim the computed amount'),
    reason,
  }),
  WAIVE: z.strictObject({ reason }),
} satisfies Record<string, z.ZodType>;

/** Version 2: AWARD with the schedule, and the events deadlines send as actor "system". */
const payloadsV2 = {
  ...payloads,
  AWARD: z
    .strictObject({ ...contractFields, deadlines: scheduleSettings.optional().describe("The clause's deadlines; each one left out takes its default") })
    .refine(...endFollowsStart),
  PLAN_DUE: z.strictObject({ deadline, dueAt: z.iso.datetime() }),
  FIRST_JOB_DUE: z.strictObject({ deadline, dueDate: isoDate }),
  REPORT_DUE: z.strictObject({ deadline, periodStart: isoDate, periodEnd: isoDate, dueDate: isoDate }),
  REMEDY_DUE: z.strictObject({ deadline, dueAt: z.iso.datetime() }),
} satisfies Record<string, z.ZodType>;

/** Version 3: the sanction ladder. */
const payloadsV3 = {
  ...payloadsV2,
  REQUEST_CORRECTION: z.strictObject({
    reason: reason.describe('What the contractor must put right: the written notice (rättelse)'),
    dueDate: isoDate.describe('The last day for the correction'),
  }),
  REPORT_CORRECTION: z.strictObject({
    description: z.string().trim().min(1, 'describe what was put right').max(20_000),
    notice: z.int('the notice number').positive().optional().describe('The number of the notice answered; leave out for the earliest one still open'),
  }),
  CORRECTION_DUE: z.strictObject({ deadline, notice: z.int().positive(), dueDate: isoDate }),
  // The same claim under its new name; IMPOSE_SANCTION keeps its payload.
  CLAIM_VITE: payloads.IMPOSE_SANCTION,
  TERMINATE: z.strictObject({ reason: reason.describe('The material breach the termination rests on'), effectiveDate: isoDate }),
} satisfies Record<string, z.ZodType>;

type Payloads = { [K in keyof typeof payloadsV3]: z.infer<(typeof payloadsV3)[K]> };
export type ClauseEventType = keyof Payloads;
export type RemedyPlan = Payloads['SUBMIT_REMEDY_PLAN'];

/** The plan and remedy rounds of a clause of any version: counted on version 4, the lists' lengths before. */
export function clauseRounds(context: ClauseContext): { planChangesRequested: number; remedyPlansSubmitted: number; latestRemedyPlan: RemedyPlan | null } {
  return {
    planChangesRequested: context.planChangesRequested ?? context.planChangeRequests?.length ?? 0,
    remedyPlansSubmitted: context.remedyPlansSubmitted ?? context.remedyPlans?.length ?? 0,
    latestRemedyPlan: context.remedyPlan ?? context.remedyPlans?.at(-1) ?? null,
  };
}

/** Facts the engine resolves before the machine sees an event. */
export interface ClauseEventFacts {
  EDIT_DRAFT: ClauseTerms & { target: Target; vite: ViteTerms | null };
  /** The schedule with its defaults filled in (version 2). */
  AWARD: { target: Target; schedule?: Schedule };
  /**
   * The first placement's start, of those not rejected, and the first offer of
   * employment made (whatever its answer): the text says the first job is
   * "started or offered". Histories written before offers were recorded carry
   * no firstOfferDate.
   */
  FIRST_JOB_DUE: { firstStartDate: string | null; firstOfferDate?: string | null };
  /** Whether submitted reports cover the period. */
  REPORT_DUE: { reported: boolean };
  CONFIRM_FULFILLED: { fulfilment: Fulfilment };
  RECORD_SHORTFALL: { fulfilment: Fulfilment };
  IMPOSE_SANCTION: { amountSek: number };
  CLAIM_VITE: { amountSek: number };
  /** The day the answer came in: the notice's milestone is met when it is on or before the due date. */
  REPORT_CORRECTION: { answeredOn: string };
  /** Whether the clause's terms include termination (its template's `termination(params)`). */
  TERMINATE: { termsAllowTermination: boolean };
}

/** A written notice (rättelse) and, once it came, the contractor's answer. */
export interface CorrectionNotice {
  /** 1, 2, …: the notice's number on the clause, and its deadline's key (`correction:<number>`). */
  number: number;
  reason: string;
  dueDate: string;
  answer: { description: string; answeredOn: string } | null;
}

/** The drafted clause: parameters, language and the text rendered from them. */
export interface ClauseTerms {
  language: 'sv' | 'en';
  params: Record<string, unknown>;
  text: string;
}

export type ClauseMachineEvent = {
  [K in ClauseEventType]: { type: K } & Payloads[K] & (K extends keyof ClauseEventFacts ? ClauseEventFacts[K] : unknown);
}[ClauseEventType];

export interface ClauseContext extends ClauseTerms {
  target: Target;
  vite: ViteTerms | null;
  contract: Payloads['AWARD'] | null;
  plan: Payloads['SUBMIT_PLAN'] | null;
  /** Versions 1–3: every request for plan changes, oldest first (version 4 counts them: planChangesRequested). */
  planChangeRequests?: string[];
  /** Version 4: how many times the plan was sent back, and the latest reason. */
  planChangesRequested?: number;
  lastPlanChangeRequest?: string | null;
  /** The reason and the measured gap when the shortfall was recorded. */
  shortfall: { reason: string; fulfilment: Fulfilment | null } | null;
  /** Versions 1–3: every remedy plan, oldest first (version 4 counts them: remedyPlansSubmitted). */
  remedyPlans?: RemedyPlan[];
  /** Version 4: how many remedy plans were submitted, and the latest. */
  remedyPlansSubmitted?: number;
  remedyPlan?: RemedyPlan | null;
  sanction: { amountSek: number; reason: string } | null;
  /** Why the clause ended without delivery (DISCARD, WITHDRAW) or was waived. */
  closingReason: string | null;
  fulfilmentAtConfirmation: Fulfilment | null;
  /** The dialogue's meeting record, confirmed by the auditor. */
  meetingRecord: NonNullable<Payloads['CONFIRM_FULFILLED']['meetingRecord']> | null;
  /** Version 2: the clause's deadline settings, from AWARD. */
  schedule?: Schedule;
  /** Version 2: what each passed deadline found, by deadline key. */
  milestones?: Record<string, Milestone>;
  /** Version 3: the written notices, oldest first. */
  corrections?: CorrectionNotice[];
  /** Version 3: why and from when the contract was terminated. */
  termination?: { reason: string; effectiveDate: string } | null;
}

/** What a deadline found when it passed. */
export interface Milestone {
  kind: 'plan' | 'firstJob' | 'report' | 'remedy' | 'correction';
  /** The last day of the deadline. */
  dueDate: string;
  status: 'met' | 'notMet';
  period?: { start: string; end: string };
  firstStartDate?: string | null;
  /** The first offer of employment, when offers were looked at. */
  firstOfferDate?: string | null;
  /** A correction's notice number, and the day it was answered (null: not answered by then). */
  notice?: number;
  answeredOn?: string | null;
}

export interface ClauseInput extends ClauseTerms {
  target: Target;
  vite: ViteTerms | null;
}

const machineSetup = setup({
  types: {
    context: {} as ClauseContext,
    events: {} as ClauseMachineEvent,
    input: {} as ClauseInput,
    tags: {} as ClauseTag,
  },
  guards: {
    fulfilmentReached: ({ event }) => event.type === 'CONFIRM_FULFILLED' && event.fulfilment.reached,
    /** The notice answered is still open (the earliest open one when none is named). */
    correctionOpen: ({ context, event }) => event.type === 'REPORT_CORRECTION' && openNotice(context, event.notice) !== undefined,
    termsAllowTermination: ({ event }) => event.type === 'TERMINATE' && event.termsAllowTermination,
  },
  actions: {
    recordDraftEdit: assign(({ event }) =>
      event.type === 'EDIT_DRAFT' ? { language: event.language, params: event.params, text: event.text, target: event.target, vite: event.vite } : {},
    ),
    recordAward: assign(({ event }) => {
      if (event.type !== 'AWARD') return {};
      const { type: _type, target, deadlines: _settings, schedule, ...contract } = event;
      return schedule ? { contract, target, schedule } : { contract, target };
    }),
    recordMilestone: assign(({ context, event }) => {
      const milestone = milestoneOf(event, context);
      return milestone ? { milestones: { ...context.milestones, [milestone.key]: milestone.value } } : {};
    }),
    recordPlan: assign(({ event }) => {
      if (event.type !== 'SUBMIT_PLAN') return {};
      const { type: _type, ...plan } = event;
      return { plan };
    }),
    recordPlanChangeRequest: assign(({ context, event }) =>
      event.type === 'REQUEST_PLAN_CHANGES' ? { planChangeRequests: [...(context.planChangeRequests ?? []), event.reason] } : {},
    ),
    countPlanChangeRequest: assign(({ context, event }) =>
      event.type === 'REQUEST_PLAN_CHANGES' ? { planChangesRequested: (context.planChangesRequested ?? 0) + 1, lastPlanChangeRequest: event.reason } : {},
    ),
    recordShortfall: assign(({ event }) =>
      // Histories written before the gap was measured carry no fulfilment: they replay with null.
      event.type === 'RECORD_SHORTFALL' ? { shortfall: { reason: event.reason, fulfilment: event.fulfilment ?? null } } : {},
    ),
    recordRemedyPlan: assign(({ context, event }) => {
      if (event.type !== 'SUBMIT_REMEDY_PLAN') return {};
      const { type: _type, ...remedy } = event;
      return { remedyPlans: [...(context.remedyPlans ?? []), remedy] };
    }),
    countRemedyPlan: assign(({ context, event }) => {
      if (event.type !== 'SUBMIT_REMEDY_PLAN') return {};
      const { type: _type, ...remedy } = event;
      return { remedyPlansSubmitted: (context.remedyPlansSubmitted ?? 0) + 1, remedyPlan: remedy };
    }),
    recordSanction: assign(({ event }) =>
      event.type === 'IMPOSE_SANCTION' || event.type === 'CLAIM_VITE' ? { sanction: { amountSek: event.amountSek, reason: event.reason } } : {},
    ),
    recordCorrectionRequest: assign(({ context, event }) => {
      if (event.type !== 'REQUEST_CORRECTION') return {};
      const corrections = context.corrections ?? [];
      return { corrections: [...corrections, { number: corrections.length + 1, reason: event.reason, dueDate: event.dueDate, answer: null }] };
    }),
    recordCorrectionAnswer: assign(({ context, event }) => {
      if (event.type !== 'REPORT_CORRECTION') return {};
      const answered = openNotice(context, event.notice);
      const answer = { description: event.description, answeredOn: event.answeredOn };
      return { corrections: (context.corrections ?? []).map((n) => (n === answered ? { ...n, answer } : n)) };
    }),
    recordTermination: assign(({ event }) =>
      event.type === 'TERMINATE' ? { termination: { reason: event.reason, effectiveDate: event.effectiveDate }, closingReason: event.reason } : {},
    ),
    recordClosingReason: assign(({ event }) => ({ closingReason: 'reason' in event ? (event.reason ?? null) : null })),
    recordFulfilment: assign(({ event }) =>
      event.type === 'CONFIRM_FULFILLED' ? { fulfilmentAtConfirmation: event.fulfilment, meetingRecord: event.meetingRecord ?? null } : {},
    ),
  },
});

/** The open notice a REPORT_CORRECTION answers: the one numbered, or the earliest open one. */
function openNotice(context: ClauseContext, number: number | undefined): CorrectionNotice | undefined {
  return context.corrections?.find((n) => n.answer === null && (number === undefined || n.number === number));
}

/** The milestone a deadline event records; a day is met when the fact falls on or before it. */
function milestoneOf(event: ClauseMachineEvent, context: ClauseContext): { key: string; value: Milestone } | null {
  const dayOf = (at: string) => new Date(Date.parse(at) - 1).toISOString().slice(0, 10);
  switch (event.type) {
    case 'PLAN_DUE':
      return { key: event.deadline, value: { kind: 'plan', dueDate: dayOf(event.dueAt), status: 'notMet' } };
    case 'FIRST_JOB_DUE': {
      const onTime = (date: string | null | undefined) => date != null && date <= event.dueDate;
      const met = onTime(event.firstStartDate) || onTime(event.firstOfferDate);
      const value: Milestone = { kind: 'firstJob', dueDate: event.dueDate, status: met ? 'met' : 'notMet', firstStartDate: event.firstStartDate };
      // Only events that carry the offer fact record it, so older histories replay to the snapshots they stored.
      if (event.firstOfferDate !== undefined) value.firstOfferDate = event.firstOfferDate;
      return { key: event.deadline, value };
    }
    case 'REPORT_DUE':
      return {
        key: event.deadline,
        value: {
          kind: 'report',
          dueDate: event.dueDate,
          status: event.reported ? 'met' : 'notMet',
          period: { start: event.periodStart, end: event.periodEnd },
        },
      };
    case 'REMEDY_DUE':
      return { key: event.deadline, value: { kind: 'remedy', dueDate: dayOf(event.dueAt), status: 'notMet' } };
    case 'CORRECTION_DUE': {
      const answeredOn = context.corrections?.find((n) => n.number === event.notice)?.answer?.answeredOn ?? null;
      const met = answeredOn !== null && answeredOn <= event.dueDate;
      return { key: event.deadline, value: { kind: 'correction', dueDate: event.dueDate, status: met ? 'met' : 'notMet', notice: event.notice, answeredOn } };
    }
    default:
      return null;
  }
}

/** The machine of any version (version 3's final states differ: see clauseMachine). */
export type ClauseMachine = ReturnType<typeof clauseMachine>;

/**
 * Version 2 reacts to the deadline events; version 1 has none of them.
 * Version 3 adds the sanction ladder: notices in delivery and remediation,
 * answered (and their deadlines recorded) until verification is decided or
 * the clause closes; CLAIM_VITE (and IMPOSE_SANCTION, its old name) to
 * viteClaimed instead of sanctioned; TERMINATE from delivery, shortfall and
 * remediation when the terms include it.
 */
function clauseMachine(version: 1 | 2 | 3 | 4) {
  const withDeadlines = version >= 2;
  const ladder = version >= 3;
  const counted = version >= 4;
  const recordPlanChangeRequest = counted ? ('countPlanChangeRequest' as const) : ('recordPlanChangeRequest' as const);
  const recordRemedyPlan = counted ? ('countRemedyPlan' as const) : ('recordRemedyPlan' as const);
  const reportDue = withDeadlines ? { REPORT_DUE: { actions: 'recordMilestone' as const } } : {};
  // The notice's answer and its deadline run wherever the notice may still be open.
  const correctionAnswer = ladder
    ? {
        REPORT_CORRECTION: { guard: 'correctionOpen' as const, actions: 'recordCorrectionAnswer' as const },
        CORRECTION_DUE: { actions: 'recordMilestone' as const },
      }
    : {};
  const correctionRequest = ladder ? { REQUEST_CORRECTION: { actions: 'recordCorrectionRequest' as const } } : {};
  const terminate = ladder
    ? { TERMINATE: { guard: 'termsAllowTermination' as const, target: '#socialClause.terminated', actions: 'recordTermination' as const } }
    : {};
  const claimVite = { target: '#socialClause.viteClaimed', actions: 'recordSanction' as const };
  const sanction = ladder
    ? { CLAIM_VITE: claimVite, IMPOSE_SANCTION: claimVite }
    : { IMPOSE_SANCTION: { target: 'sanctioned', actions: 'recordSanction' as const } };
  const finalState = (...tags: ClauseTag[]) => ({ type: 'final' as const, tags });
  // Typed as all three so that ClauseState names the states of every version; each version builds only its own.
  const closedByVite = (ladder
    ? {
        viteClaimed: finalState('awarded', 'sanctionImposed', 'ocds:implementation', 'ocds:contractTermination'),
        terminated: finalState('awarded', 'ocds:implementation', 'ocds:contractTermination'),
      }
    : { sanctioned: finalState('awarded', 'sanctionImposed', 'ocds:implementation', 'ocds:contractTermination') }) as unknown as Record<
    'sanctioned' | 'viteClaimed' | 'terminated',
    ReturnType<typeof finalState>
  >;
  return machineSetup.createMachine({
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
      ...(counted ? { planChangesRequested: 0, lastPlanChangeRequest: null } : { planChangeRequests: [] }),
      shortfall: null,
      ...(counted ? { remedyPlansSubmitted: 0, remedyPlan: null } : { remedyPlans: [] }),
      sanction: null,
      closingReason: null,
      fulfilmentAtConfirmation: null,
      meetingRecord: null,
      ...(withDeadlines ? { milestones: {} } : {}),
      ...(ladder ? { corrections: [], termination: null } : {}),
    }),
    states: {
      draft: {
        tags: ['termsOpen', 'ocds:planning'],
        on: {
          EDIT_DRAFT: { actions: 'recordDraftEdit' },
          PUBLISH: 'tendering',
          DISCARD: { target: 'withdrawn', actions: 'recordClosingReason' },
        },
      },
      tendering: {
        tags: ['termsOpen', 'ocds:tender'],
        on: {
          AWARD: { target: 'commitment', actions: 'recordAward' },
          WITHDRAW: { target: 'withdrawn', actions: 'recordClosingReason' },
        },
      },
      commitment: {
        tags: ['awarded', 'ocds:award', 'ocds:contract'],
        initial: 'awaitingPlan',
        states: {
          awaitingPlan: {
            tags: ['deadline:planDue'],
            on: {
              SUBMIT_PLAN: { target: 'planReview', actions: 'recordPlan' },
              ...(withDeadlines ? { PLAN_DUE: { actions: 'recordMilestone' as const } } : {}),
            },
          },
          planReview: {
            tags: ['reviewingPlan'],
            on: {
              REQUEST_PLAN_CHANGES: { target: 'awaitingPlan', actions: recordPlanChangeRequest },
              ACCEPT_PLAN: '#socialClause.delivery',
            },
          },
        },
      },
      // deadline:correctionDue is on these states in every version (the versions' tags agree, workflows/states.ts);
      // only version 3 has notices, so only its clauses ever get such a deadline.
      delivery: {
        tags: [
          'awarded',
          'registering',
          'itemEvents',
          'deadline:firstJob',
          'deadline:contractEnd',
          'deadline:reportDue',
          'deadline:correctionDue',
          'ocds:implementation',
        ],
        on: {
          CLOSE_DELIVERY: 'verification',
          ...reportDue,
          ...(withDeadlines ? { FIRST_JOB_DUE: { actions: 'recordMilestone' as const } } : {}),
          ...correctionRequest,
          ...correctionAnswer,
          ...terminate,
        },
      },
      verification: {
        tags: ['awarded', 'itemEvents', 'verifying', 'deadline:reportDue', 'deadline:correctionDue', 'ocds:implementation'],
        on: {
          CONFIRM_FULFILLED: { guard: 'fulfilmentReached', target: 'fulfilled', actions: 'recordFulfilment' },
          RECORD_SHORTFALL: { target: 'shortfall', actions: 'recordShortfall' },
          ...reportDue,
          ...correctionAnswer,
        },
      },
      shortfall: {
        tags: ['awarded', 'remedyOwed', 'deadline:reportDue', 'deadline:correctionDue', 'ocds:implementation'],
        on: {
          SUBMIT_REMEDY_PLAN: { target: 'remediation', actions: recordRemedyPlan },
          ...sanction,
          WAIVE: { target: 'waived', actions: 'recordClosingReason' },
          ...reportDue,
          ...correctionAnswer,
          ...terminate,
        },
      },
      remediation: {
        tags: ['awarded', 'registering', 'itemEvents', 'deadline:reportDue', 'deadline:remedyDue', 'deadline:correctionDue', 'ocds:implementation'],
        on: {
          CLOSE_REMEDY: 'verification',
          ...reportDue,
          ...(withDeadlines ? { REMEDY_DUE: { target: 'verification', actions: 'recordMilestone' as const } } : {}),
          ...correctionRequest,
          ...correctionAnswer,
          ...terminate,
        },
      },
      fulfilled: { type: 'final', tags: ['awarded', 'ocds:implementation', 'ocds:contractTermination'] },
      ...closedByVite,
      waived: { type: 'final', tags: ['awarded', 'ocds:implementation', 'ocds:contractTermination'] },
      withdrawn: { type: 'final', tags: ['ocds:tenderCancellation'] },
    },
  });
}

const eventsV1 = {
  EDIT_DRAFT: event('officer', payloads.EDIT_DRAFT, 'Change the parameters or language of a draft; the text is rendered again'),
  PUBLISH: event('officer', payloads.PUBLISH, 'Publish the clause with the tender'),
  DISCARD: event('officer', payloads.DISCARD, 'Discard a draft'),
  WITHDRAW: event('officer', payloads.WITHDRAW, 'Withdraw the clause from the tender'),
  AWARD: event('officer', payloads.AWARD, 'Award the contract; the target is computed and stored'),
  SUBMIT_PLAN: event('contractor', payloads.SUBMIT_PLAN, "Submit the contractor's commitment plan"),
  REQUEST_PLAN_CHANGES: event('officer', payloads.REQUEST_PLAN_CHANGES, 'Send the plan back with a reason'),
  ACCEPT_PLAN: event('officer', payloads.ACCEPT_PLAN, 'Accept the plan; delivery starts'),
  CLOSE_DELIVERY: event('officer', payloads.CLOSE_DELIVERY, 'Close delivery; verification starts'),
  CONFIRM_FULFILLED: event(
    'auditor',
    payloads.CONFIRM_FULFILLED,
    'Confirm fulfilment: when measured delivery reaches the target, or (dialogue) with the meeting record',
  ),
  RECORD_SHORTFALL: event('auditor', payloads.RECORD_SHORTFALL, 'Record a shortfall with a reason; the measured gap is stored with it'),
  SUBMIT_REMEDY_PLAN: event('contractor', payloads.SUBMIT_REMEDY_PLAN, 'Submit a remedy plan for the shortfall'),
  CLOSE_REMEDY: event('auditor', payloads.CLOSE_REMEDY, 'Close remediation; back to verification'),
  IMPOSE_SANCTION: event(
    'officer',
    payloads.IMPOSE_SANCTION,
    'Claim liquidated damages (vite) under the clause: amountSek within the cap, or leave it out for the computed amount',
  ),
  WAIVE: event('officer', payloads.WAIVE, 'Waive the shortfall with a reason'),
};

export const socialClauseV1: WorkflowDefinition = { id: 'social-clause', version: 1, machine: clauseMachine(1), events: eventsV1 };

export const socialClauseV2: WorkflowDefinition = {
  id: 'social-clause',
  version: 2,
  machine: clauseMachine(2),
  events: {
    ...eventsV1,
    AWARD: event('officer', payloadsV2.AWARD, 'Award the contract; the target is computed and stored, and the deadlines are set (defaults for those left out)'),
    PLAN_DUE: event('system', payloadsV2.PLAN_DUE, 'The plan was not submitted in time: the clause is overdue and the contractor is reminded', true),
    FIRST_JOB_DUE: event('system', payloadsV2.FIRST_JOB_DUE, 'The first-job milestone passed: met when a placement started by then', true),
    REPORT_DUE: event(
      'system',
      payloadsV2.REPORT_DUE,
      "A period report's deadline passed: met when reports cover the period, otherwise the report is overdue",
      true,
    ),
    REMEDY_DUE: event('system', payloadsV2.REMEDY_DUE, 'The remedy deadline passed: back to verification', true),
  },
};

export const socialClauseV3: WorkflowDefinition = {
  id: 'social-clause',
  version: 3,
  machine: clauseMachine(3),
  events: {
    ...socialClauseV2.events,
    REQUEST_CORRECTION: event(
      ['officer', 'auditor'],
      payloadsV3.REQUEST_CORRECTION,
      'Send the contractor a written notice (rättelse) to put a breach right by dueDate; in delivery or remediation',
    ),
    REPORT_CORRECTION: event(
      'contractor',
      payloadsV3.REPORT_CORRECTION,
      "Answer a written notice with what was put right; the notice's milestone is met when answered by its due date",
    ),
    CORRECTION_DUE: event('system', payloadsV3.CORRECTION_DUE, "A notice's due date passed: met when the contractor answered it by then", true),
    CLAIM_VITE: event(
      'officer',
      payloadsV3.CLAIM_VITE,
      'Claim liquidated damages (vite) under the clause: amountSek within the cap, or leave it out for the computed amount',
    ),
    IMPOSE_SANCTION: {
      ...event('officer', payloadsV3.IMPOSE_SANCTION, 'Claim liquidated damages (vite) under the clause, as CLAIM_VITE does'),
      replacedBy: 'CLAIM_VITE',
    },
    TERMINATE: event(
      'officer',
      payloadsV3.TERMINATE,
      "Terminate the contract for material breach (hävning), from delivery, shortfall or remediation; only when the clause's terms include termination",
    ),
  },
};

/** Version 4: version 3's events; what grows with the clause's life stays in its history (the header says how). */
export const socialClauseV4: WorkflowDefinition = { id: 'social-clause', version: 4, machine: clauseMachine(4), events: socialClauseV3.events };

/** The events of version 1; version 2 adds the deadline events, version 3 the sanction ladder (LADDER_EVENT_TYPES and CORRECTION_DUE). */
export const CLAUSE_EVENT_TYPES = Object.keys(payloads) as ClauseEventType[];
export const DEADLINE_EVENT_TYPES = ['PLAN_DUE', 'FIRST_JOB_DUE', 'REPORT_DUE', 'REMEDY_DUE'] as const;
/** The client events version 3 adds. */
export const LADDER_EVENT_TYPES = ['REQUEST_CORRECTION', 'REPORT_CORRECTION', 'CLAIM_VITE', 'TERMINATE'] as const satisfies readonly ClauseEventType[];
/** The final states of every version: sanctioned on versions 1 and 2, viteClaimed and terminated on version 3. */
export const FINAL_CLAUSE_STATES = ['fulfilled', 'sanctioned', 'waived', 'withdrawn', 'viteClaimed', 'terminated'] as const;
