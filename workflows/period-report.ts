/**
 * A contractor's report of labour hours for one period (README.md, Delivery), version 1:
 * submitted → accepted | queried → resubmitted → accepted | queried → …
 */
import { assign, setup } from 'xstate';
import { z } from 'zod';
import { addEvidencePayload, event, isoDate, note, reason, type EvidenceRef } from './payloads.ts';
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
} satisfies Record<string, z.ZodType>;

type Payloads = { [K in keyof typeof payloads]: z.infer<(typeof payloads)[K]> };
export type ReportEvent = { [K in keyof Payloads]: { type: K } & Payloads[K] }[keyof Payloads];

export interface ReportContext extends ReportInput {
  queries: string[];
  acceptanceNote: string | null;
  evidence: EvidenceRef[];
}

const machine = setup({
  types: { context: {} as ReportContext, events: {} as ReportEvent, input: {} as ReportInput, tags: {} as ReportTag },
  actions: {
    recordQuery: assign(({ context, event }) => (event.type === 'QUERY' ? { queries: [...context.queries, event.reason] } : {})),
    recordAcceptance: assign(({ event }) => (event.type === 'ACCEPT' ? { acceptanceNote: event.note ?? null } : {})),
    // A resubmission replaces every figure: what is not sent again is no longer reported.
    recordResubmission: assign(({ context, event }) => {
      if (event.type !== 'RESUBMIT') return {};
      const { type: _type, ...figures } = event;
      return { periodStart: context.periodStart, periodEnd: context.periodEnd, ...figures } as Partial<ReportContext>;
    }),
    recordEvidence: assign(({ context, event }) => (event.type === 'ADD_EVIDENCE' ? { evidence: [...context.evidence, event.evidence] } : {})),
  },
}).createMachine({
  id: 'periodReport',
  initial: 'submitted',
  context: ({ input }) => ({ ...input, queries: [], acceptanceNote: null, evidence: [] }),
  on: { ADD_EVIDENCE: { actions: 'recordEvidence' } },
  states: {
    submitted: {
      tags: ['awaitingAnswer'],
      on: {
        ACCEPT: { target: 'accepted', actions: 'recordAcceptance' },
        QUERY: { target: 'queried', actions: 'recordQuery' },
      },
    },
    queried: { tags: ['awaitingResubmission'], on: { RESUBMIT: { target: 'resubmitted', actions: 'recordResubmission' } } },
    resubmitted: {
      tags: ['awaitingAnswer'],
      on: {
        ACCEPT: { target: 'accepted', actions: 'recordAcceptance' },
        QUERY: { target: 'queried', actions: 'recordQuery' },
      },
    },
    accepted: { type: 'final', tags: ['counted'] },
  },
});

export const periodReportV1: WorkflowDefinition<typeof machine> = {
  id: 'period-report',
  version: 1,
  machine,
  events: {
    ACCEPT: event('auditor', payloads.ACCEPT, 'Accept the report; its hours count toward fulfilment'),
    QUERY: event('auditor', payloads.QUERY, 'Query the report with a reason; the contractor resubmits'),
    RESUBMIT: event('contractor', payloads.RESUBMIT, 'Resubmit the figures after a query (all figures, the period stays)'),
    ADD_EVIDENCE: event('contractor', payloads.ADD_EVIDENCE, 'An evidence file was uploaded', true),
  },
};
