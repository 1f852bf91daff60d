/** The public representation of a clause and its history (README.md, HTTP API). */
import { clauseStateHasTag } from '../../workflows/states.ts';
import { clauseRounds, type ClauseContext, type CorrectionNotice, type Milestone, type RemedyPlan } from '../../workflows/social-clause.ts';
import { firstPlacementStart, lastDayOf, metAhead, metBeforeDue, stillOverdue, type DeadlineKind, type Schedule } from '../domain/deadlines.ts';
import { firstOfferDate } from '../domain/offers.ts';
import { computedVite, sanctionCap, type Fulfilment, type ViteTerms } from '../domain/fulfilment.ts';
import type { ClauseRounds, DeliveryFacts } from '../db/clauses.ts';
import type { MeasuredProgress } from '../db/progress.ts';
import type { ClauseRow, DeadlineRow, HistoryRow } from '../db/schema.ts';
import type { SubcontractingView } from './subcontractors.ts';

/** A deadline of the clause, upcoming or passed. */
export interface DeadlineView {
  key: string;
  kind: DeadlineKind;
  dueAt: string;
  /** upcoming; due (passed, about to fire); fired; cancelled (the clause left the state it belonged to, e.g. the plan came in); failed (its event could not be applied; see the server log). */
  status: 'upcoming' | 'due' | 'fired' | 'cancelled' | 'failed';
  /** When it fired or was cancelled, and by which event. */
  resolvedAt: string | null;
  resolvedBy: string | null;
  /** What it found when it fired, for milestones (met or notMet). */
  milestone: Milestone | null;
  /** Fired and still not made good: the plan, the period's report or the first placement is still missing. */
  overdue: boolean;
  /** Not met when it fell due, made good since (the plan, the period's report or the first job came in late). */
  metLate: boolean;
  /** The reporting period, for report deadlines. */
  period: { start: string; end: string } | null;
}

export interface ClauseView {
  id: string;
  tenderId: string;
  buyerOrgId: string;
  contractorOrgId: string | null;
  templateId: string;
  templateVersion: number;
  workflowId: string;
  workflowVersion: number;
  language: 'sv' | 'en';
  params: Record<string, unknown>;
  text: string;
  state: string;
  final: boolean;
  version: number;
  allowedEvents: string[];
  target: ClauseContext['target'];
  fulfilment: Fulfilment;
  contract: ClauseContext['contract'];
  vite: (ViteTerms & { capSek: number | null; computedSek: number | null }) | null;
  plan: ClauseContext['plan'];
  /** Every request for plan changes, from the clause's history: left out of an event's answer (issue 24), as they grow with every round. */
  planChangeRequests?: string[];
  planChangesRequested: number;
  shortfall: ClauseContext['shortfall'];
  /** Every remedy plan, from the clause's history: left out of an event's answer. */
  remedyPlans?: RemedyPlan[];
  remedyPlansSubmitted: number;
  sanction: ClauseContext['sanction'];
  closingReason: string | null;
  /** Written notices and their answers (workflow version 3 on; empty before). */
  corrections: CorrectionNotice[];
  /** Why and from when the contract was terminated (workflow version 3 on). */
  termination: { reason: string; effectiveDate: string } | null;
  /** The clause's deadline settings (workflow version 2 on, from AWARD); null before award or on version 1. */
  schedule: Schedule | null;
  deadlines: DeadlineView[];
  /** True while any passed deadline is still not made good. */
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
  /** Whether a placement starts only with a trained supervisor, and the supervisors its openings and placements name (issue 22; GET answers). */
  requiresTrainedSupervisor?: boolean;
  supervisors?: { named: number; trained: number };
  /** The clause's subcontractors, what each delivered and the spend with social enterprises (issue 22; GET of one clause). */
  subcontracting?: SubcontractingView;
}

export function presentClause(
  row: ClauseRow,
  live: {
    context: ClauseContext;
    final: boolean;
    allowedEvents: string[];
    fulfilment: Fulfilment;
    vite: ViteTerms | null;
    deadlines: DeadlineRow[];
    facts: DeliveryFacts;
    now: Date;
    /** The clause's rounds, read from its history to show it; undefined in an event's answer, which leaves the lists out. */
    rounds: ClauseRounds | undefined;
  },
): ClauseView {
  const { context, vite, fulfilment, rounds } = live;
  const counted = clauseRounds(context);
  const deadlines = live.deadlines.map((d) => presentDeadline(d, row, context, live.facts, live.now, live.final));
  const contractValue = context.contract?.contractValueSek ?? null;
  return {
    id: row.id,
    tenderId: row.tender_id,
    buyerOrgId: row.buyer_org_id,
    contractorOrgId: row.contractor_org_id,
    templateId: row.template_id,
    templateVersion: row.template_version,
    workflowId: row.workflow_id,
    workflowVersion: row.workflow_version,
    language: row.language,
    params: row.params,
    text: row.text,
    state: row.state,
    final: live.final,
    version: row.version,
    allowedEvents: live.allowedEvents,
    target: context.target,
    fulfilment,
    contract: context.contract,
    vite: vite && {
      ...vite,
      capSek: contractValue === null ? null : sanctionCap(contractValue, vite),
      computedSek: contractValue === null || fulfilment.target === null ? null : computedVite(fulfilment, contractValue, vite),
    },
    plan: context.plan,
    ...(rounds && { planChangeRequests: rounds.planChangeRequests }),
    planChangesRequested: counted.planChangesRequested,
    shortfall: context.shortfall,
    ...(rounds && { remedyPlans: rounds.remedyPlans as RemedyPlan[] }),
    remedyPlansSubmitted: counted.remedyPlansSubmitted,
    sanction: context.sanction,
    closingReason: context.closingReason,
    corrections: context.corrections ?? [],
    termination: context.termination ?? null,
    schedule: context.schedule ?? null,
    deadlines,
    overdue: deadlines.some((d) => d.overdue),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * A deadline met before it fired records no milestone of its own: it is met all the same, by its last day (the plan
 * came in, the period's report is in, the first job started or was offered).
 */
function metMilestone(row: DeadlineRow, facts: DeliveryFacts): Milestone | null {
  const dueDate = lastDayOf(row.due_at);
  if (metBeforeDue({ kind: row.kind, status: row.status, resolvedBy: row.resolved_by })) return { kind: 'plan', dueDate, status: 'met' };
  if (!metAhead({ kind: row.kind, status: row.status, lastDay: dueDate, event: row.event }, facts)) return null;
  if (row.kind === 'firstJob') {
    return {
      kind: 'firstJob',
      dueDate,
      status: 'met',
      firstStartDate: firstPlacementStart(facts.placements),
      firstOfferDate: firstOfferDate(facts.offers ?? []),
    };
  }
  return { kind: 'report', dueDate, status: 'met', period: { start: String(row.event.periodStart), end: String(row.event.periodEnd) } };
}

function presentDeadline(row: DeadlineRow, clause: ClauseRow, context: ClauseContext, facts: DeliveryFacts, now: Date, final: boolean): DeadlineView {
  const status = row.status === 'scheduled' ? (row.due_at <= now ? 'due' : 'upcoming') : row.status;
  const { periodStart, periodEnd } = row.event as { periodStart?: string; periodEnd?: string };
  const milestone = context.milestones?.[row.key] ?? metMilestone(row, facts);
  const owed = stillOverdue(row, { state: clause.state, ...clauseRounds(context), corrections: context.corrections }, facts);
  return {
    key: row.key,
    kind: row.kind,
    dueAt: row.due_at.toISOString(),
    status,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolvedBy: row.resolved_by,
    milestone,
    // A closed clause owes nothing more.
    overdue: !final && owed,
    metLate: milestone?.status === 'notMet' && !owed,
    period: periodStart && periodEnd ? { start: periodStart, end: periodEnd } : null,
  };
}

export interface HistoryView {
  seq: number;
  type: string;
  actorRole: string;
  actorOrgId: string | null;
  actorUserId: string | null;
  from: string | null;
  to: string;
  at: string;
  requestId: string | null;
  payload: Record<string, unknown>;
}

export function presentHistory(row: Omit<HistoryRow, 'clause_id'>): HistoryView {
  return {
    seq: row.seq,
    type: row.type,
    actorRole: row.actor_role,
    actorOrgId: row.actor_org_id,
    actorUserId: row.actor_user_id,
    from: row.from_state,
    to: row.to_state,
    at: row.at.toISOString(),
    requestId: row.request_id,
    payload: row.payload,
  };
}

/**
 * The vite a clause exposes its supplier to: the computed vite while it runs,
 * what was claimed once vite was claimed (sanctioned, viteClaimed), nothing once
 * fulfilled, waived, terminated or withdrawn.
 */
function exposureOf(clause: ClauseView): number | null {
  if (clauseStateHasTag(clause.state, 'sanctionImposed')) return clause.sanction?.amountSek ?? null;
  if (clause.final) return clause.vite ? 0 : null;
  return clause.vite?.computedSek ?? null;
}

/** What the portfolio stores of a clause as measured: the figures of its view. */
export function progressOf(clause: ClauseView): MeasuredProgress {
  const { fulfilment } = clause;
  return {
    unit: fulfilment.unit,
    target: fulfilment.target,
    measured: fulfilment.measured,
    overdue: clause.deadlines.filter((d) => d.overdue).length,
    exposureSek: exposureOf(clause),
    byTargetGroup: fulfilment.byTargetGroup,
  };
}
