/**
 * A contractor's report of labour hours for one period (README.md, Delivery), version 1:
 * submitted → accepted | queried → resubmitted → accepted | queried → …
 * Version 2 (issue 22): a report a subcontractor submitted or resubmitted
 * waits in awaitingPrimeApproval until the clause's contractor approves it
 * (on to the auditor) or returns it with a reason (queried: the subcontractor
 * resubmits).
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { addEvidencePayload, event, isoDate, note, primeApprovalPayloads, primeEvent, reason, type EvidenceRef } from './payloads.ts';
import type { ReportTag } from './tags.ts';
import type { WorkflowDefinition } from './types.ts';

const hours = z.number().min(0, 'hours cannot be negative').max(100_000_000);

const figuresObject = z.strictObject({
  totalLabourHours: hours,
  localLabourHours: hours.optional(),
  disadvantagedLabourHours: hours.optional(),
  apprenticeHours: hours.optional(),
  trainingHours: hours.optional(),
  notes: note.optional(),
});
const figuresShape = figuresObject.shape;
type Figures = z.infer<typeof figuresObject>;

/** Hours are consistent: local within total, disadvantaged within local, apprentices within total. */
function consistentHours(figures: Figures, ctx: z.RefinementCtx): void {
  const within = (part: keyof Figures, whole: keyof Figures, wholeValue: number | undefined) => {
    const value = figures[part] as number | undefined;
    if (value === undefined) return;
    if (wholeValue === undefined) {
      ctx.addIssue({ code: 'custom', path: [whole], message: `${part} is part of ${whole}: send ${whole} too` });
    } else if (value > wholeValue) {
      ctx.addIssue({ code: 'custom', path: [part], message: `${part} (${value}) cannot exceed ${whole} (${wholeValue})` });
    }
  };
  within('localLabourHours', 'totalLabourHours', figures.totalLabourHours);
  within('disadvantagedLabourHours', 'localLabourHours', figures.localLabourHours);
  within('apprenticeHours', 'totalLabourHours', figures.totalLabourHours);
}

export const reportFigures = figuresObject.superRefine(consistentHours);

export const reportInput = z.strictObject({ periodStart: isoDate, periodEnd: isoDate, ...figuresShape }).superRefine((report, ctx) => {
  if (report.periodEnd < report.periodStart) ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'periodEnd must not precede periodStart' });
  consistentHours(report, ctx);
});
export type ReportInput = z.infer<typeof reportInput>;

const payloads = {
  ACCEPT: z.strictObject({ note: note.optional() }),
  QUERY: z.strictObject({ reason }),
  RESUBMIT: reportFigures,
  ADD_EVIDENCE: addEvidencePayload,
  ...primeApprovalPayloads,
} satisfies Record<string, z.ZodType>;

type Payloads = { [K in keyof typeof payloads]: z.infer<(typeof payloads)[K]> };
export type ReportEvent = { [K in keyof Payloads]: { type: K } & Payloads[K] }[keyof Payloads];

/** What a report's machine starts on: the report, and the subcontractor that submitted it, if one did. */
export type ReportMachineInput = ReportInput & { subcontractorOrgId?: string };

export interface ReportContext extends ReportMachineInput {
  queries: string[];
  acceptanceNote: string | null;
  evidence: EvidenceRef[];
  /** Version 2 only: the reasons the clause's contractor gave when it returned the subcontractor's report. */
  primeReturns?: string[];
  /** Version 2 only: the clause's contractor approved the figures as they stand (until the next resubmission). */
  primeApproved?: boolean;
}

const machineSetup = setup({
  types: { context: {} as ReportContext, events: {} as ReportEvent, input: {} as ReportMachineInput, tags: {} as ReportTag },
  guards: {
    awaitsPrimeApproval: ({ context }) => context.subcontractorOrgId != null && context.primeApproved !== true,
    bySubcontractor: ({ context }) => context.subcontractorOrgId != null,
    wasResubmitted: ({ context }) => context.queries.length + (context.primeReturns?.length ?? 0) > 0,
  },
  actions: {
    recordQuery: assign(({ context, event }) => (event.type === 'QUERY' ? { queries: [...context.queries, event.reason] } : {})),
    recordAcceptance: assign(({ event }) => (event.type === 'ACCEPT' ? { acceptanceNote: event.note ?? null } : {})),
    // A resubmission replaces every figure: what is not sent again is no longer reported.
    recordResubmission: assign(({ context, event }) => {
      if (event.type !== 'RESUBMIT') return {};
      const { type: _type, ...figures } = event;
      return {
        periodStart: context.periodStart,
        periodEnd: context.periodEnd,
        ...figures,
        ...(context.primeApproved ? { primeApproved: false } : {}),
      } as Partial<ReportContext>;
    }),
    recordEvidence: assign(({ context, event }) => (event.type === 'ADD_EVIDENCE' ? { evidence: [...context.evidence, event.evidence] } : {})),
    recordPrimeApproval: assign({ primeApproved: true }),
    recordReturn: assign(({ context, event }) => (event.type === 'RETURN' ? { primeReturns: [...(context.primeReturns ?? []), event.reason] } : {})),
  },
});

const auditorAnswers = {
  ACCEPT: { target: 'accepted', actions: 'recordAcceptance' },
  QUERY: { target: 'queried', actions: 'recordQuery' },
} as const;

const reportMachine = (version: 1 | 2) =>
  machineSetup.createMachine({
    id: 'periodReport',
    initial: 'submitted',
    context: ({ input }) => ({
      ...input,
      queries: [],
      acceptanceNote: null,
      evidence: [],
      ...(version >= 2 ? { primeReturns: [], primeApproved: false } : {}),
    }),
    on: { ADD_EVIDENCE: { actions: 'recordEvidence' } },
    states: {
      submitted: {
        tags: ['awaitingAnswer'],
        ...(version >= 2 ? { always: { guard: 'awaitsPrimeApproval' as const, target: 'awaitingPrimeApproval' } } : {}),
        on: auditorAnswers,
      },
      queried: {
        tags: ['awaitingResubmission'],
        on: {
          RESUBMIT:
            version >= 2
              ? [
                  { guard: 'bySubcontractor' as const, target: 'awaitingPrimeApproval', actions: 'recordResubmission' as const },
                  { target: 'resubmitted', actions: 'recordResubmission' as const },
                ]
              : { target: 'resubmitted', actions: 'recordResubmission' },
        },
      },
      resubmitted: { tags: ['awaitingAnswer'], on: auditorAnswers },
      ...(version >= 2
        ? {
            awaitingPrimeApproval: {
              tags: ['awaitingPrimeApproval' as const],
              on: {
                APPROVE: [
                  { guard: 'wasResubmitted' as const, target: 'resubmitted', actions: 'recordPrimeApproval' as const },
                  { target: 'submitted', actions: 'recordPrimeApproval' as const },
                ],
                RETURN: { target: 'queried', actions: 'recordReturn' as const },
              },
            },
          }
        : {}),
      accepted: { type: 'final', tags: ['counted'] },
    },
  });

type ReportMachine = ReturnType<typeof reportMachine>;

const eventsV1 = {
  ACCEPT: event('auditor', payloads.ACCEPT, 'Accept the report; its hours count toward fulfilment'),
  QUERY: event('auditor', payloads.QUERY, 'Query the report with a reason; the contractor resubmits'),
  RESUBMIT: event('contractor', payloads.RESUBMIT, 'Resubmit the figures after a query (all figures, the period stays)'),
  ADD_EVIDENCE: event('contractor', payloads.ADD_EVIDENCE, 'An evidence file was uploaded', true),
};

export const periodReportV1: WorkflowDefinition<ReportMachine> = { id: 'period-report', version: 1, machine: reportMachine(1), events: eventsV1 };

export const periodReportV2: WorkflowDefinition<ReportMachine> = {
  id: 'period-report',
  version: 2,
  machine: reportMachine(2),
  events: {
    ...eventsV1,
    APPROVE: primeEvent(payloads.APPROVE, "The clause's contractor approves its subcontractor's report; it goes to the auditor"),
    RETURN: primeEvent(payloads.RETURN, "The clause's contractor returns its subcontractor's report with a reason; the subcontractor resubmits"),
  },
};
