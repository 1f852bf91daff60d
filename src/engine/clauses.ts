/**
 * Clauses: drafting, reading and sending events. Events go through applyEvent,
 * the one place that turns events into persisted state; this module adds what
 * is particular to clauses (templates, awards, measured fulfilment, vite).
 */
import { randomUUID } from 'node:crypto';
import type { AnyMachineSnapshot } from 'xstate';
import { latestWorkflow, workflowOf, type WorkflowDefinition } from '../../workflows/index.ts';
import { clauseStateHasTag, termsSettled } from '../../workflows/states.ts';
import { clauseRounds, type ClauseContext, type ClauseInput } from '../../workflows/social-clause.ts';
import { findTemplate, type ClauseTemplate } from '../../templates/index.ts';
import { canSeeClause, canSeeTender, organisationsConcerned, type ClauseParties } from '../domain/access.ts';
import { isoDay } from '../domain/dates.ts';
import { firstOfferDate } from '../domain/offers.ts';
import { clauseDeadlines, deadlineChanges, firstPlacementStart, periodCovered, scheduleWithDefaults, type ScheduleSettings } from '../domain/deadlines.ts';
import { KlausulError, notFound, validationError } from '../domain/errors.ts';
import { inTargetGroups, MEASUREMENT_RULES, type PlacementFacts } from '../domain/measure.ts';
import { eformsLotFields } from '../domain/eforms.ts';
import { computedVite, sanctionCap, type Fulfilment } from '../domain/fulfilment.ts';
import type { Actor } from '../domain/roles.ts';
import {
  findClause,
  findClauseWithFacts,
  listClausesVisibleTo,
  listVisibleClauseIds,
  listHistory,
  updateClauseIfVersion,
  type ClauseRead,
  type ClauseWithFacts,
  type DeliveryFacts,
} from '../db/clauses.ts';
import { findOrganisation } from '../db/organisations.ts';
import { FIRST_GENERATION } from '../db/progress.ts';
import type { ClauseRow, DeadlineRow, Db } from '../db/schema.ts';
import { findTender } from '../db/tenders.ts';
import { allowedFor, applyEvent, type EventRequest, type InstanceKind, type RequestContext } from './apply.ts';
import { presentClause, presentHistory, progressOf, type ClauseView } from './clause-view.ts';
import { factsKept, rememberedPerFacts } from './delivery-facts.ts';
import { subcontractingOf } from './subcontractors.ts';
import { withSupervision } from './clause-supervision.ts';
import { checkReservedDeclaration } from './reservation.ts';
import type { EngineDeps } from './deps.ts';
import { acceptInput } from './command.ts';
import { clauseDraftInput, draftOrThrow, requireLanguage, templateOrNotFound } from './drafting.ts';

import { createInstance, type Created } from './create.ts';
import type { Answer } from './idempotency.ts';
import { canSend, restore, type WorkflowEvent } from './runtime.ts';

export type { EventRequest, RequestContext } from './apply.ts';

const CLAUSE_WORKFLOW = 'social-clause';

export function templateOf(row: ClauseRow): ClauseTemplate {
  const template = findTemplate(row.template_id, row.template_version);
  if (!template) throw new Error(`clause ${row.id} uses template ${row.template_id}@${row.template_version}, which is not deployed`);
  return template;
}

export const partiesOf = (row: Pick<ClauseRow, 'buyer_org_id' | 'contractor_org_id' | 'matching_body_org_id'>): ClauseParties => ({
  buyerOrgId: row.buyer_org_id,
  contractorOrgId: row.contractor_org_id,
  matchingBodyOrgId: row.matching_body_org_id,
});

/** The clause's parties once a transition is written: AWARD names the supplier in that very write. */
const partiesAfter = (row: ClauseRow, context: ClauseContext): ClauseParties => ({
  ...partiesOf(row),
  contractorOrgId: context.contract?.contractorOrgId ?? row.contractor_org_id,
});

/** A clause before delivery has no placements or reports; a new one has had no rounds. */
const NO_FACTS: DeliveryFacts = { placements: [], reports: [], offers: [] };
const NO_ROUNDS = { planChangeRequests: [], remedyPlans: [] };

/** Workflow versions with durable deadlines (social-clause 2 on) react to the deadline events. */
const hasDeadlines = (workflow: WorkflowDefinition): boolean => 'PLAN_DUE' in workflow.events;

/**
 * Measured fulfilment now: the clause's template counts its verified placements
 * and accepted period reports (a dialogue counts its confirmed meeting record).
 */
function measureClause(
  deps: EngineDeps,
  row: ClauseRow,
  context: ClauseContext,
  facts: DeliveryFacts,
  meetingDate = context.meetingRecord?.date ?? null,
): Fulfilment {
  return measureClauseOn(row, context, facts, isoDay(deps.clock.now()), meetingDate);
}

/** Measured fulfilment on a given day, from the facts given (publication measures each reporting period's end). */
export function measureClauseOn(
  row: ClauseRow,
  context: ClauseContext,
  facts: DeliveryFacts,
  day: string,
  meetingDate = context.meetingRecord?.date ?? null,
): Fulfilment {
  const contractStart = context.contract?.startDate ?? null;
  // Everything the measurement reads besides the facts (src/engine/delivery-facts.ts).
  const key = JSON.stringify([row.template_id, row.template_version, row.params, context.target, contractStart, day, meetingDate]);
  return measured(facts, key, () =>
    deepFrozen(templateOf(row).measureDelivery(row.params, context.target, { ...countedFacts(row, facts), contractStart, today: day }, meetingDate)),
  );
}

const measured = rememberedPerFacts<Fulfilment>();
const counted = rememberedPerFacts<DeliveryFacts>();

/** A remembered result is shared by every read: frozen, so that no answer can change another's. */
function deepFrozen<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFrozen(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The delivery a clause counts: placements outside its target groups never
 * count, even those stored before registration refused them — not in the
 * measure, the first-job milestone, an overdue deadline or the published
 * milestones.
 */
export function countedFacts(row: ClauseRow, facts: DeliveryFacts): DeliveryFacts {
  const groups = templateOf(row).targetGroups(row.params);
  return counted(facts, JSON.stringify(groups), () =>
    Object.freeze({ ...facts, placements: Object.freeze(inTargetGroups(facts.placements, groups)) as PlacementFacts[] }),
  );
}

/** What the deadline rules read of a clause's context, of any workflow version. */
const scheduledOf = (context: ClauseContext) => ({ ...context, ...clauseRounds(context) });

/** The clause's statechart context, restored from its stored snapshot. */
export const contextOf = (row: ClauseRow): ClauseContext => restore(workflowOf(row), row.snapshot).context as ClauseContext;

/**
 * The probe for allowedEvents: a confirmation-kind clause (dialogue) can be
 * confirmed once the auditor sends the record; TERMINATE carries whether the
 * clause's terms include termination, as resolveEvent attaches it.
 */
function probeFor(row: ClauseRow, fulfilment: Fulfilment) {
  const template = templateOf(row);
  const confirmable = template.measure.fulfilledBy === 'confirmation' ? { ...fulfilment, reached: true } : fulfilment;
  return (type: string): WorkflowEvent => {
    if (type === 'CONFIRM_FULFILLED') return { type, fulfilment: confirmable };
    if (type === 'TERMINATE') return { type, termsAllowTermination: template.termination(row.params) };
    return { type };
  };
}

/** The clause as shown, or as an event's answer when it was read for the event (without its rounds: see presentClause). */
function view(deps: EngineDeps, actor: Actor, { row, facts, deadlines, rounds }: ClauseWithFacts, snapshot?: AnyMachineSnapshot): ClauseView {
  const workflow = workflowOf(row);
  const snap = snapshot ?? restore(workflow, row.snapshot);
  const context = snap.context as ClauseContext;
  const fulfilment = measureClause(deps, row, context, facts);
  return presentClause(row, {
    context,
    final: snap.status === 'done',
    allowedEvents: allowedFor(workflow, actor, partiesOf(row), snap, probeFor(row, fulfilment)),
    fulfilment,
    vite: templateOf(row).vite(row.params),
    deadlines,
    facts: countedFacts(row, facts),
    now: deps.clock.now(),
    rounds,
  });
}

export async function loadVisibleClause(db: Db, actor: Actor, clauseId: string): Promise<ClauseRow> {
  const row = await findClause(db, clauseId);
  if (!row || !canSeeClause(actor, partiesOf(row))) throw notFound('Clause', clauseId);
  return row;
}

/** A clause with its delivery facts: facts kept from an earlier read (src/engine/delivery-facts.ts) are not read again while their mark stands. */
async function readWithFacts(deps: EngineDeps, db: Db, clauseId: string, read: ClauseRead): Promise<ClauseWithFacts | undefined> {
  const kept = factsKept(deps.db);
  const found = await findClauseWithFacts(db, clauseId, read, kept.get(clauseId));
  if (found) kept.keep(clauseId, found.factsMark, found.facts);
  return found;
}

/** The clause and its delivery facts in one read, if the actor may see it. */
async function loadVisibleClauseWithFacts(deps: EngineDeps, actor: Actor, clauseId: string, read: ClauseRead = 'shown'): Promise<ClauseWithFacts> {
  const found = await readWithFacts(deps, deps.db, clauseId, read);
  if (!found || !canSeeClause(actor, partiesOf(found.row))) throw notFound('Clause', clauseId);
  return found;
}

/** A clause's delivery facts, read as an event reads them: facts kept are not read again while their mark stands. */
export async function clauseFacts(deps: EngineDeps, db: Db, clauseId: string): Promise<DeliveryFacts> {
  const found = await readWithFacts(deps, db, clauseId, 'event');
  if (!found) throw notFound('Clause', clauseId);
  return found.facts;
}

export async function getClause(deps: EngineDeps, actor: Actor, clauseId: string): Promise<ClauseView> {
  const found = await loadVisibleClauseWithFacts(deps, actor, clauseId);
  const [clause] = await withSupervision(deps, [view(deps, actor, found)]);
  return { ...clause!, subcontracting: await subcontractingOf(deps.db, found.row, found.facts) };
}

export async function listClauses(deps: EngineDeps, actor: Actor, filter: { tenderId?: string } = {}): Promise<ClauseView[]> {
  return withSupervision(
    deps,
    (await listClausesVisibleTo(deps.db, actor.orgId, filter)).map((clause) => view(deps, actor, clause)),
  );
}

/** The eForms notice fields for the clause's lot, in the clause's language. */
export async function getClauseEforms(deps: EngineDeps, actor: Actor, clauseId: string) {
  const row = await loadVisibleClause(deps.db, actor, clauseId);
  const template = templateOf(row);
  return {
    clauseId: row.id,
    tenderId: row.tender_id,
    language: row.language,
    fields: eformsLotFields({
      language: row.language,
      text: row.text,
      summary: template.summary(row.language, row.params),
      socialObjectives: template.socialObjectives(row.params),
    }),
  };
}

export async function getClauseHistory(deps: EngineDeps, actor: Actor, clauseId: string) {
  await loadVisibleClause(deps.db, actor, clauseId);
  return (await listHistory(deps.db, clauseId)).map(presentHistory);
}

export async function createClause(deps: EngineDeps, ctx: RequestContext, tenderId: string, raw: unknown): Promise<Answer<ClauseView> & { replayed: boolean }> {
  const { actor } = ctx;
  const tender = await findTender(deps.db, tenderId);
  // A tender the caller cannot see is not found; one it sees (as a supplier awarded a clause in it) is not its to draft in.
  const visible =
    tender &&
    canSeeTender(actor, tender.buyer_org_id, tender.buyer_org_id === actor.orgId ? 0 : (await listVisibleClauseIds(deps.db, actor.orgId, tenderId)).length);
  if (!tender || !visible) throw notFound('Tender', tenderId);
  if (actor.role !== 'officer' || tender.buyer_org_id !== actor.orgId) {
    throw new KlausulError('forbidden', `Drafting a clause is the procurement officer's task; you are signed in as ${actor.role}.`);
  }
  const request = acceptInput(clauseDraftInput, raw, 'clause');
  const template = templateOrNotFound(request.templateId, request.templateVersion);
  const draft = draftOrThrow(template, requireLanguage(template, request.language), request.params);
  const workflow = deps.clauseWorkflow ?? latestWorkflow(CLAUSE_WORKFLOW);
  const input: ClauseInput = { ...draft.terms, target: draft.target, vite: draft.vite };
  const id = randomUUID();
  // The answer is also what is measured at once: a new clause is in the portfolio without waiting for the background to measure it.
  let answered: ClauseView | undefined;
  const answerOf = (first: Created<ClauseInput>) => {
    answered ??= view(
      deps,
      actor,
      { row: first.row as unknown as ClauseRow, facts: NO_FACTS, factsMark: '0', deadlines: [], rounds: NO_ROUNDS },
      first.step.snapshot,
    );
    return answered;
  };
  return createInstance(deps, ctx, {
    subject: 'clause',
    workflow,
    clauseId: id,
    concerns: [tender.buyer_org_id],
    instances: [
      {
        id,
        input,
        columns: (step) => ({
          tender_id: tender.id,
          buyer_org_id: tender.buyer_org_id,
          contractor_org_id: null,
          matching_body_org_id: null,
          template_id: template.id,
          template_version: template.version,
          language: input.language,
          params: input.params,
          text: input.text,
          top_state: step.topState,
          target: input.target,
          contract: null,
        }),
        payload: { templateId: template.id, templateVersion: template.version, input },
      },
    ],
    progress: (first) => ({ generation: FIRST_GENERATION, rules: MEASUREMENT_RULES, measured: progressOf(answerOf(first)) }),
    answer: ([first]) => answerOf(first!),
  });
}

/** Validates what the statechart cannot judge and resolves the facts its guards and actions need. */
async function resolveEvent(
  deps: EngineDeps,
  row: ClauseRow,
  context: ClauseContext,
  type: string,
  payload: Record<string, unknown>,
  facts: DeliveryFacts,
): Promise<WorkflowEvent> {
  const template = templateOf(row);
  switch (type) {
    case 'EDIT_DRAFT': {
      const language = requireLanguage(template, (payload.language as string | undefined) ?? context.language);
      // The clause keeps its template version: a draft is re-rendered with the text it was drafted on.
      const draft = draftOrThrow(template, language, payload.params ?? context.params);
      return { type, ...draft.terms, target: draft.target, vite: draft.vite };
    }
    case 'AWARD': {
      const contractorOrgId = payload.contractorOrgId as string;
      const supplier = await findOrganisation(deps.db, contractorOrgId);
      if (supplier?.kind !== 'supplier') {
        throw validationError('AWARD names no known supplier', [
          { path: 'contractorOrgId', message: `no supplier organisation has id ${contractorOrgId}; send the id of the awarded supplier's organisation` },
        ]);
      }
      const matchingBodyOrgId = payload.matchingBodyOrgId as string | undefined;
      const matchingBody = matchingBodyOrgId === undefined ? undefined : await findOrganisation(deps.db, matchingBodyOrgId);
      if (matchingBodyOrgId !== undefined && matchingBody?.kind !== 'matching_body') {
        throw validationError('AWARD names no known matching body', [
          {
            path: 'matchingBodyOrgId',
            message: `no matching-body organisation has id ${matchingBodyOrgId}; send the id of an organisation of kind matching_body, or leave it out`,
          },
        ]);
      }
      await checkReservedDeclaration(deps.db, row, payload.reservedShareDeclaredPct as number | undefined);
      const target = template.target(row.params, payload.contractValueSek as number);
      if (!hasDeadlines(workflowOf(row))) return { type, ...payload, target };
      return { type, ...payload, target, schedule: scheduleWithDefaults(scheduleSettingsAt(row, payload.deadlines as ScheduleSettings | undefined)) };
    }
    case 'FIRST_JOB_DUE':
      requireCurrentDeadline(deps, row, context, payload);
      // "Started or offered": the machine meets the milestone with either (workflows/social-clause.ts, milestoneOf).
      return { type, ...payload, firstStartDate: firstPlacementStart(countedFacts(row, facts).placements), firstOfferDate: firstOfferDate(facts.offers) };
    case 'PLAN_DUE':
    case 'REMEDY_DUE':
      requireCurrentDeadline(deps, row, context, payload);
      return { type, ...payload };
    case 'REPORT_DUE':
      requireCurrentDeadline(deps, row, context, payload);
      return { type, ...payload, reported: periodCovered({ start: payload.periodStart as string, end: payload.periodEnd as string }, facts.reports) };
    case 'CONFIRM_FULFILLED': {
      const meetingRecord = payload.meetingRecord as { date: string } | undefined;
      if (template.measure.fulfilledBy === 'confirmation' && !meetingRecord) {
        throw validationError('A dialogue is confirmed with its meeting record', [
          { path: 'meetingRecord', message: 'send meetingRecord { date: "YYYY-MM-DD", reference, summary? } from the minutes of the dialogue' },
        ]);
      }
      const meetingDate = template.measure.fulfilledBy === 'confirmation' ? meetingRecord!.date : null;
      return { type, ...payload, fulfilment: measureClause(deps, row, context, facts, meetingDate) };
    }
    case 'RECORD_SHORTFALL':
      return { type, ...payload, fulfilment: measureClause(deps, row, context, facts) };
    case 'IMPOSE_SANCTION':
    case 'CLAIM_VITE':
      return { type, ...payload, amountSek: sanctionAmount(deps, row, context, payload.amountSek as number | undefined, facts) };
    case 'REQUEST_CORRECTION': {
      const today = isoDay(deps.clock.now());
      if ((payload.dueDate as string) < today) {
        throw validationError('A notice cannot fall due in the past', [
          { path: 'dueDate', message: `send the last day for the correction: ${today} or later` },
        ]);
      }
      return { type, ...payload };
    }
    case 'REPORT_CORRECTION':
      return { type, ...payload, answeredOn: isoDay(deps.clock.now()) };
    case 'CORRECTION_DUE':
      requireCurrentDeadline(deps, row, context, payload);
      return { type, ...payload };
    case 'TERMINATE': {
      const startDate = context.contract?.startDate;
      if (startDate !== undefined && (payload.effectiveDate as string) < startDate) {
        throw validationError('Termination before the contract started', [
          { path: 'effectiveDate', message: `the contract started on ${startDate}; send that day or a later one` },
        ]);
      }
      return { type, ...payload, termsAllowTermination: template.termination(row.params) };
    }
    default:
      return { type, ...payload };
  }
}

/**
 * The officer's deadline settings at AWARD, with what the clause text already
 * promises (its template's promisedSchedule: the employment clause names the
 * first-job month) is kept, and a different one at award is refused.
 */
function scheduleSettingsAt(row: ClauseRow, settings: ScheduleSettings | undefined): ScheduleSettings {
  const promised = templateOf(row).promisedSchedule(row.params).firstJobWithinMonths;
  if (promised === undefined) return settings ?? {};
  if (settings?.firstJobWithinMonths !== undefined && settings.firstJobWithinMonths !== promised) {
    throw validationError('The first-job deadline differs from the clause', [
      {
        path: 'deadlines.firstJobWithinMonths',
        message: `the clause text promises the first job within ${promised} months (params.firstJobWithinMonths); leave this out or send ${promised}`,
      },
    ]);
  }
  return { ...settings, firstJobWithinMonths: promised };
}

/**
 * A deadline event applies only while the clause still has that deadline: an
 * old round's plan or remedy deadline, claimed just as the clause moved on,
 * must not act on the round after it.
 */
function requireCurrentDeadline(deps: EngineDeps, row: ClauseRow, context: ClauseContext, payload: Record<string, unknown>): void {
  if (clauseDeadlines(row.state, scheduledOf(context), deps.clock.now()).some((d) => d.key === payload.deadline)) return;
  throw new KlausulError('invalid_transition', `The deadline ${String(payload.deadline)} no longer applies while the clause is ${row.state}.`, {
    state: row.state,
  });
}

/** The vite to claim: the amount asked for within the cap, or the computed vite when none is given. */
function sanctionAmount(deps: EngineDeps, row: ClauseRow, context: ClauseContext, asked: number | undefined, facts: DeliveryFacts): number {
  const vite = templateOf(row).vite(row.params);
  if (!vite) {
    throw validationError('This clause sets no vite', [
      { path: 'amountSek', message: 'the clause carries no vite terms, so no vite can be claimed under it; WAIVE the shortfall or let the remedy run' },
    ]);
  }
  const contractValueSek = context.contract?.contractValueSek ?? 0;
  const cap = sanctionCap(contractValueSek, vite);
  if (asked === undefined) {
    const computed = computedVite(measureClause(deps, row, context, facts), contractValueSek, vite);
    if (computed === 0) {
      throw validationError('The computed vite is 0 SEK', [
        { path: 'amountSek', message: 'measured delivery leaves nothing missing; send amountSek to claim another amount, or WAIVE' },
      ]);
    }
    return computed;
  }
  if (asked > cap) {
    throw validationError('Vite above the cap', [
      { path: 'amountSek', message: `the clause caps vite at ${cap} SEK (${vite.capPct} % of the contract value); send an amount of at most ${cap}` },
    ]);
  }
  return asked;
}

/**
 * A clause already read (and locked) by the caller, e.g. a batch of deadlines:
 * the first attempt uses it instead of reading again, and each write leaves
 * the new row in it for the next event on the same clause.
 */
export interface LoadedClause {
  current?: ClauseWithFacts | undefined;
}

/** A clause with its delivery facts and deadlines, read together: an event's guard and its answer measure the same delivery, without another round trip. */
function clauseKind(deps: EngineDeps, clauseId: string, cache: LoadedClause = {}): InstanceKind<ClauseWithFacts, ClauseView> {
  return {
    noun: 'clause',
    loadVisible: async (actor) => {
      const clause = cache.current ?? (await loadVisibleClauseWithFacts(deps, actor, clauseId, 'event'));
      cache.current = undefined; // a retry after a lost race reads afresh
      return clause;
    },
    workflowOf: ({ row }) => workflowOf(row),
    parties: ({ row }) => partiesOf(row),
    concerned: ({ row }, next) => organisationsConcerned(partiesAfter(row, next.snapshot.context as ClauseContext)),
    resolve: ({ row, facts }, snapshot, type, payload) => resolveEvent(deps, row, snapshot.context as ClauseContext, type, payload, facts),
    write: async (db, loaded, next, entry) => {
      const { row, deadlines } = loaded;
      const context = next.snapshot.context as ClauseContext;
      // Terms, target and contract change only in draft (EDIT_DRAFT) and at AWARD; other events leave those columns alone.
      const settled = termsSettled(row.top_state);
      const change = {
        snapshot: next.persisted,
        state: next.state,
        topState: next.topState,
        updatedAt: entry.at,
        ...(settled
          ? {}
          : {
              terms: { language: context.language, params: context.params, text: context.text },
              target: context.target,
              contract: context.contract,
              contractorOrgId: context.contract?.contractorOrgId ?? null,
              matchingBodyOrgId: context.contract?.matchingBodyOrgId ?? null,
            }),
      };
      // A clause with a schedule gets the deadlines of its new state in the same statement, when they change.
      const desired = context.schedule ? clauseDeadlines(next.state, scheduledOf(context), entry.at) : [];
      const changes = deadlineChanges(deadlines, desired);
      const schedule = changes && { add: changes.add.map((d) => ({ ...d, id: randomUUID() })), cancelIds: changes.cancel.map((d) => d.id) };
      const updated = await updateClauseIfVersion(db, row, change, entry, schedule);
      if (!updated) return undefined;
      const { deadline_changes: changed, ...written } = updated;
      const after = { ...loaded, row: written, deadlines: mergeDeadlines(deadlines, changed) };
      cache.current = after;
      return after;
    },
    view: (actor, clause, snapshot) => view(deps, actor, clause, snapshot),
    invalidTransition: async (actor, { row, facts }, snapshot, type) => {
      const workflow = workflowOf(row);
      const context = snapshot.context as ClauseContext;
      const fulfilment = measureClause(deps, row, context, facts);
      const allowedEvents = allowedFor(workflow, actor, partiesOf(row), snapshot, probeFor(row, fulfilment));
      let message = `${type} is not possible while the clause is ${row.state}.`;
      if (type === 'CONFIRM_FULFILLED' && clauseStateHasTag(row.state, 'verifying')) {
        message =
          `CONFIRM_FULFILLED needs measured fulfilment to reach the target: ${fulfilment.measured} of ${fulfilment.target ?? '?'} ${fulfilment.unit} verified. ` +
          'Record a shortfall instead, or wait for delivery to be verified.';
      }
      if (type === 'TERMINATE' && canSend(snapshot, { type, termsAllowTermination: true })) {
        message =
          "TERMINATE needs termination in the clause's terms: this clause's terms do not give the buyer the right to terminate the contract. " +
          'Send a written notice (REQUEST_CORRECTION), or claim vite where the clause sets it.';
      }
      if (type === 'REPORT_CORRECTION' && canSend(snapshot, { type: 'REPORT_CORRECTION' })) {
        message =
          'REPORT_CORRECTION answers a written notice still open: the notice named is answered already or does not exist; leave notice out to answer the earliest open one.';
      } else if (type === 'REPORT_CORRECTION' && workflow.events.REPORT_CORRECTION) {
        message = `REPORT_CORRECTION answers a written notice still open, and the clause has none while it is ${row.state}.`;
      }
      return new KlausulError('invalid_transition', message, { state: row.state, allowedEvents });
    },
  };
}

/** The deadlines as read, with the rows the write cancelled or added. */
function mergeDeadlines(read: DeadlineRow[], changed: DeadlineRow[]): DeadlineRow[] {
  const byId = new Map(read.map((d) => [d.id, d]));
  for (const d of changed) byId.set(d.id, d);
  return [...byId.values()].sort((a, b) => a.due_at.getTime() - b.due_at.getTime() || a.key.localeCompare(b.key));
}

export async function sendClauseEvent(
  deps: EngineDeps,
  ctx: RequestContext,
  clauseId: string,
  request: EventRequest,
  /** internal: sent by the engine itself (deadline events), not by a client; unanswered: nobody reads the answer; loaded: the clause as the caller read it. */
  options: { internal?: boolean; unanswered?: boolean; loaded?: LoadedClause } = {},
): Promise<Answer<ClauseView> & { replayed: boolean }> {
  return applyEvent(deps, ctx, clauseKind(deps, clauseId, options.loaded), request, options);
}
