/**
 * One participant's placement or job under a clause (README.md, Delivery):
 * registered → active → completed | endedEarly | discontinued, then verified or
 * rejected by the buyer's auditor. Version 2 records why a job ended early as
 * a code (EARLY_END_REASONS); version 1, whose END_EARLY carries only a free
 * text, stays as it was for the placements registered on it. Version 3
 * (issue 22): a placement a subcontractor registered waits, once it ended
 * after its start, in awaitingPrimeApproval until the clause's contractor
 * approves it (on to the auditor) or returns it (back to active, the ending
 * undone, with the reason kept in primeReturns).
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { TARGET_GROUPS } from '../src/domain/target-groups.ts';
import { addEvidencePayload, event, isoDate, note, primeApprovalPayloads, primeEvent, reason, type EvidenceRef } from './payloads.ts';
import type { PlacementTag } from './tags.ts';
import type { WorkflowDefinition } from './types.ts';

export const OUTCOMES = ['employment', 'studies', 'furtherPlacement', 'other', 'none'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Why a job ended early, in the words of Upphandlingsmyndigheten's criterion
 * 11554 (docs/glossary.md): the employee's own resignation, objective grounds
 * for dismissal (LAS 7 §) or summary dismissal (LAS 18 §) let the agreed time
 * count under the employment clause's early-end threshold; any other reason
 * counts only the time worked (src/domain/measure.ts, creditedFteMonths).
 */
export const EARLY_END_REASONS = ['employeeResigned', 'objectiveGrounds', 'summaryDismissal', 'other'] as const;
export type EarlyEndReason = (typeof EARLY_END_REASONS)[number];

const text = (max: number, what: string) => z.string().trim().min(1, what).max(max);

/** What a contractor registers: a pseudonymous reference and an attestation, never a name. */
export const placementInput = z
  .strictObject({
    participantRef: text(100, 'a pseudonymous participant reference, e.g. "JB-2026-014"'),
    targetGroup: z.enum(TARGET_GROUPS),
    attestation: z.strictObject({
      issuer: text(200, 'who attests the target group, e.g. Arbetsförmedlingen'),
      reference: text(200, "the attestation's reference"),
      date: isoDate,
    }),
    role: text(200, 'the role or occupation, e.g. "målare"'),
    site: z.string().trim().max(200).optional(),
    startDate: isoDate,
    plannedEndDate: isoDate,
    fte: z.number().gt(0, 'a share of full time above 0').max(1, 'at most 1 (full time)'),
    hoursPerWeek: z.number().gt(0).max(80),
    supervisorId: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("The participant's supervisor in your organisation's register (GET /api/v1/supervisors); a clause may require a trained one before START"),
  })
  .refine((p) => p.plannedEndDate >= p.startDate, { path: ['plannedEndDate'], message: 'plannedEndDate must not precede startDate' });
export type PlacementInput = z.infer<typeof placementInput>;

const ending = { endDate: isoDate, reason };
const payloads = {
  START: z.strictObject({}),
  COMPLETE: z.strictObject({ endDate: isoDate, outcome: z.enum(OUTCOMES) }),
  END_EARLY: z.strictObject({ ...ending, outcome: z.enum(OUTCOMES).optional() }),
  DISCONTINUE: z.strictObject({ ...ending, outcome: z.enum(OUTCOMES).optional() }),
  VERIFY: z.strictObject({ note: note.optional() }),
  REJECT: z.strictObject({ reason }),
  ADD_EVIDENCE: addEvidencePayload,
  ...primeApprovalPayloads,
} satisfies Record<string, z.ZodType>;

/** Version 2's END_EARLY: the reason as a code, and in words as well when the code is `other`. */
const endEarlyV2 = z
  .strictObject({
    endDate: isoDate,
    reasonCode: z.enum(EARLY_END_REASONS),
    reason: reason.optional(),
    outcome: z.enum(OUTCOMES).optional(),
  })
  .superRefine((e, ctx) => {
    // Said as a missing field (invalid_type), so that a form words it as any required field left empty.
    if (e.reasonCode === 'other' && e.reason === undefined) {
      ctx.addIssue({ code: 'invalid_type', expected: 'string', input: undefined, path: ['reason'], message: 'say what the other reason was' });
    }
  });

type Payloads = { [K in keyof typeof payloads]: z.infer<(typeof payloads)[K]> } & {
  END_EARLY: z.infer<typeof endEarlyV2> | z.infer<typeof payloads.END_EARLY>;
};
export type PlacementEvent = { [K in keyof Payloads]: { type: K } & Payloads[K] }[keyof Payloads];

export type EndedAs = 'completed' | 'endedEarly' | 'discontinued';

/** What a placement's machine starts on: the registration, and the subcontractor that made it, if one did (version 3 waits for the prime's approval then). */
export type PlacementMachineInput = PlacementInput & { subcontractorOrgId?: string };

export interface PlacementContext extends PlacementMachineInput {
  endDate: string | null;
  endedAs: EndedAs | null;
  outcome: Outcome | null;
  endReason: string | null;
  /** Version 2 only: why an END_EARLY ended the job (null until then, and after COMPLETE or DISCONTINUE). */
  endReasonCode?: EarlyEndReason | null;
  verificationNote: string | null;
  rejection: string | null;
  evidence: EvidenceRef[];
  /** Version 3 only: the reasons the clause's contractor gave when it returned the subcontractor's ending. */
  primeReturns?: string[];
}

/** An ended placement waits for the auditor. */
const awaitingVerification = {
  VERIFY: { target: 'verified', actions: 'recordVerification' },
  REJECT: { target: 'rejected', actions: 'recordRejection' },
} as const;

const machineSetup = setup({
  types: { context: {} as PlacementContext, events: {} as PlacementEvent, input: {} as PlacementMachineInput, tags: {} as PlacementTag },
  guards: {
    bySubcontractor: ({ context }) => context.subcontractorOrgId != null,
    endedAsCompleted: ({ context }) => context.endedAs === 'completed',
    endedAsEndedEarly: ({ context }) => context.endedAs === 'endedEarly',
  },
  actions: {
    recordEnd: assign(({ event }) => {
      if (event.type !== 'COMPLETE' && event.type !== 'END_EARLY' && event.type !== 'DISCONTINUE') return {};
      const endedAs: EndedAs = event.type === 'COMPLETE' ? 'completed' : event.type === 'END_EARLY' ? 'endedEarly' : 'discontinued';
      // Version 1's snapshots have no endReasonCode: it is assigned only when the event carries one (version 2's END_EARLY).
      return {
        endDate: event.endDate,
        endedAs,
        outcome: event.outcome ?? null,
        endReason: 'reason' in event ? (event.reason ?? null) : null,
        ...('reasonCode' in event ? { endReasonCode: event.reasonCode } : {}),
      };
    }),
    recordVerification: assign(({ event }) => (event.type === 'VERIFY' ? { verificationNote: event.note ?? null } : {})),
    recordRejection: assign(({ event }) => (event.type === 'REJECT' ? { rejection: event.reason } : {})),
    recordEvidence: assign(({ context, event }) => (event.type === 'ADD_EVIDENCE' ? { evidence: [...context.evidence, event.evidence] } : {})),
    // The ending is undone: the subcontractor sends it again, as it should have been.
    recordReturn: assign(({ context, event }) =>
      event.type === 'RETURN'
        ? { endDate: null, endedAs: null, outcome: null, endReason: null, endReasonCode: null, primeReturns: [...(context.primeReturns ?? []), event.reason] }
        : {},
    ),
  },
});

/** Version 3: a subcontractor's ending waits for the prime; the contractor's own goes straight to the auditor. */
const endingTo = (version: number, target: 'completed' | 'endedEarly' | 'discontinued') =>
  version >= 3
    ? [
        { guard: 'bySubcontractor' as const, target: 'awaitingPrimeApproval', actions: 'recordEnd' as const },
        { target, actions: 'recordEnd' as const },
      ]
    : { target, actions: 'recordEnd' as const };

const primeApprovalState = {
  awaitingPrimeApproval: {
    tags: ['awaitingPrimeApproval' as const],
    on: {
      APPROVE: [
        { guard: 'endedAsCompleted' as const, target: 'completed' },
        { guard: 'endedAsEndedEarly' as const, target: 'endedEarly' },
        { target: 'discontinued' },
      ],
      RETURN: { target: 'active', actions: 'recordReturn' as const },
    },
  },
};

/** The machine of either version: the same states and transitions; version 2's context holds the early end's reason code. */
const placementMachine = (version: 1 | 2 | 3) =>
  machineSetup.createMachine({
    id: 'placement',
    initial: 'registered',
    context: ({ input }) => ({
      ...input,
      endDate: null,
      endedAs: null,
      outcome: null,
      endReason: null,
      ...(version >= 2 ? { endReasonCode: null } : {}),
      verificationNote: null,
      rejection: null,
      evidence: [],
      ...(version >= 3 ? { primeReturns: [] } : {}),
    }),
    on: { ADD_EVIDENCE: { actions: 'recordEvidence' } },
    states: {
      registered: {
        tags: ['ongoing'],
        on: { START: 'active', DISCONTINUE: { target: 'discontinued', actions: 'recordEnd' } },
      },
      active: {
        tags: ['ongoing', 'atWork'],
        on: {
          COMPLETE: endingTo(version, 'completed'),
          END_EARLY: endingTo(version, 'endedEarly'),
          DISCONTINUE: endingTo(version, 'discontinued'),
        },
      },
      ...(version >= 3 ? primeApprovalState : {}),
      completed: { tags: ['awaitingVerification'], on: awaitingVerification },
      endedEarly: { tags: ['awaitingVerification'], on: awaitingVerification },
      discontinued: { tags: ['awaitingVerification'], on: awaitingVerification },
      verified: { type: 'final', tags: ['counted'] },
      rejected: { type: 'final', tags: ['excluded'] },
    },
  });

type PlacementMachine = ReturnType<typeof placementMachine>;

const eventsV1 = {
  START: event('contractor', payloads.START, 'The participant has started'),
  COMPLETE: event('contractor', payloads.COMPLETE, 'The placement ran its course; outcome: employment, studies, furtherPlacement, other or none'),
  END_EARLY: event('contractor', payloads.END_EARLY, 'The placement ended early for a lawful cause'),
  DISCONTINUE: event('contractor', payloads.DISCONTINUE, 'The placement was broken off'),
  VERIFY: event('auditor', payloads.VERIFY, 'Verify the ended placement; it counts toward fulfilment'),
  REJECT: event('auditor', payloads.REJECT, 'Reject the placement with a reason; it does not count'),
  ADD_EVIDENCE: event('contractor', payloads.ADD_EVIDENCE, 'An evidence file was uploaded', true),
};

export const placementV1: WorkflowDefinition<PlacementMachine> = { id: 'placement', version: 1, machine: placementMachine(1), events: eventsV1 };

const eventsV2 = {
  ...eventsV1,
  END_EARLY: event(
    'contractor',
    endEarlyV2,
    "The job ended before its planned end; reasonCode: employeeResigned, objectiveGrounds (LAS 7 §), summaryDismissal (LAS 18 §) or other (with a reason). Only the first three let the agreed time count under the employment clause's early-end threshold",
  ),
};

export const placementV2: WorkflowDefinition<PlacementMachine> = { id: 'placement', version: 2, machine: placementMachine(2), events: eventsV2 };

export const placementV3: WorkflowDefinition<PlacementMachine> = {
  id: 'placement',
  version: 3,
  machine: placementMachine(3),
  events: {
    ...eventsV2,
    APPROVE: primeEvent(payloads.APPROVE, "The clause's contractor approves its subcontractor's ended placement; it goes to the auditor"),
    RETURN: primeEvent(payloads.RETURN, "The clause's contractor returns its subcontractor's ending with a reason; the placement is active again"),
  },
};
