/**
 * The clause engine: load → restore → check role, version, payload and guard →
 * transition → persist snapshot and history in one transaction. It is the only
 * place that turns events into persisted state.
 */
import { randomUUID } from 'node:crypto';
import type { AnyMachineSnapshot } from 'xstate';
import { findWorkflow, latestWorkflow, type WorkflowDefinition } from '../../workflows/index.ts';
import type { ClauseContext, ClauseInput } from '../../workflows/social-clause.ts';
import { findTemplate, type ClauseTemplate } from '../../templates/index.ts';
import { canSeeClause, mayActAs } from '../domain/access.ts';
import { issuesFromZod, KlausulError, notFound, validationError } from '../domain/errors.ts';
import { draftOrThrow, requireLanguage, templateOrNotFound } from './drafting.ts';
import { eformsLotFields } from '../domain/eforms.ts';
import { measureFulfilment, sanctionCap } from '../domain/fulfilment.ts';
import type { Actor } from '../domain/roles.ts';
import { findClause, insertClause, insertHistory, listClausesVisibleTo, listHistory, updateClauseIfVersion } from '../db/clauses.ts';
import { findOrganisation } from '../db/organisations.ts';
import { json, type ClauseRow } from '../db/schema.ts';
import { findTender } from '../db/tenders.ts';
import { presentClause, presentHistory, type ClauseView } from './clause-view.ts';
import type { EngineDeps } from './deps.ts';
import { idempotent, type Answer, type IdempotencyRequest } from './idempotency.ts';
import { canSend, restore, send, start } from './runtime.ts';

const CLAUSE_WORKFLOW = 'social-clause';
/** Racing writers without If-Match retry on a stale version; this bounds the retries. */
const MAX_ATTEMPTS = 50;

export interface RequestContext {
  actor: Actor;
  requestId?: string | undefined;
  idempotency?: IdempotencyRequest | undefined;
}

/** Who did it, when and in which request: the audit part of a history row. */
function recordedBy(ctx: RequestContext, at: Date) {
  return { actorUserId: ctx.actor.userId, actorRole: ctx.actor.role, actorOrgId: ctx.actor.orgId, at, requestId: ctx.requestId ?? null };
}

function workflowOf(row: ClauseRow): WorkflowDefinition {
  const workflow = findWorkflow(row.workflow_id, row.workflow_version);
  if (!workflow) throw new Error(`clause ${row.id} runs workflow ${row.workflow_id}@${row.workflow_version}, which is not deployed`);
  return workflow;
}

function templateOf(row: ClauseRow): ClauseTemplate {
  const template = findTemplate(row.template_id, row.template_version);
  if (!template) throw new Error(`clause ${row.id} uses template ${row.template_id}@${row.template_version}, which is not deployed`);
  return template;
}

/**
 * Units delivered so far. Delivery is registered through placements and
 * period reports; a clause with none of them has delivered nothing.
 */
function deliveredSoFar(_row: ClauseRow): number {
  return 0;
}

/** Facts a guard needs, attached to the event so that replay sees exactly what the guard saw. */
function factsFor(type: string, row: ClauseRow, context: ClauseContext, payload: Record<string, unknown> = {}): Record<string, unknown> {
  if (type !== 'CONFIRM_FULFILLED') return {};
  // A confirmation-kind clause (dialogue) is delivered by the record the auditor confirms with.
  const delivered = templateOf(row).measure.fulfilledBy === 'confirmation' ? (payload.meetingRecord ? 1 : 0) : deliveredSoFar(row);
  return { fulfilment: measureFulfilment(context.target, delivered) };
}

/** For allowedEvents: a confirmation-kind clause can be confirmed once the auditor sends the record. */
const PROBE_PAYLOAD = { meetingRecord: {} };

export function allowedEventsFor(actor: Actor, row: ClauseRow, snapshot: AnyMachineSnapshot = restore(workflowOf(row), row.snapshot)): string[] {
  const workflow = workflowOf(row);
  const parties = { buyerOrgId: row.buyer_org_id, contractorOrgId: row.contractor_org_id };
  const context = snapshot.context as ClauseContext;
  return Object.entries(workflow.events)
    .filter(([type, def]) => mayActAs(actor, def.role, parties) && canSend(snapshot, { type, ...factsFor(type, row, context, PROBE_PAYLOAD) }))
    .map(([type]) => type);
}

function view(actor: Actor, row: ClauseRow, snapshot?: AnyMachineSnapshot): ClauseView {
  const snap = snapshot ?? restore(workflowOf(row), row.snapshot);
  const context = snap.context as ClauseContext;
  return presentClause(row, {
    context,
    final: snap.status === 'done',
    allowedEvents: allowedEventsFor(actor, row, snap),
    fulfilment: measureFulfilment(context.target, deliveredSoFar(row)),
    vite: templateOf(row).vite(row.params),
  });
}

async function loadVisible(deps: EngineDeps, actor: Actor, clauseId: string): Promise<ClauseRow> {
  const row = await findClause(deps.db, clauseId);
  if (!row || !canSeeClause(actor, { buyerOrgId: row.buyer_org_id, contractorOrgId: row.contractor_org_id })) {
    throw notFound('Clause', clauseId);
  }
  return row;
}

export async function getClause(deps: EngineDeps, actor: Actor, clauseId: string): Promise<ClauseView> {
  return view(actor, await loadVisible(deps, actor, clauseId));
}

export async function listClauses(deps: EngineDeps, actor: Actor, filter: { tenderId?: string } = {}): Promise<ClauseView[]> {
  const rows = await listClausesVisibleTo(deps.db, actor.orgId, filter);
  return rows.map((row) => view(actor, row));
}

/** The eForms notice fields for the clause's lot, in the clause's language. */
export async function getClauseEforms(deps: EngineDeps, actor: Actor, clauseId: string) {
  const row = await loadVisible(deps, actor, clauseId);
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
  await loadVisible(deps, actor, clauseId);
  return (await listHistory(deps.db, clauseId)).map(presentHistory);
}

export interface NewClauseRequest {
  templateId: string;
  templateVersion?: number | undefined;
  language: string;
  params: unknown;
}

export async function createClause(
  deps: EngineDeps,
  ctx: RequestContext,
  tenderId: string,
  request: NewClauseRequest,
): Promise<Answer<ClauseView> & { replayed: boolean }> {
  const { actor } = ctx;
  const tender = await findTender(deps.db, tenderId);
  if (!tender || tender.buyer_org_id !== actor.orgId) throw notFound('Tender', tenderId);
  if (actor.role !== 'officer') {
    throw new KlausulError('forbidden', `Drafting a clause is the procurement officer's task; you are signed in as ${actor.role}.`);
  }
  const template = templateOrNotFound(request.templateId, request.templateVersion);
  const draft = draftOrThrow(template, requireLanguage(template, request.language), request.params);
  const workflow = latestWorkflow(CLAUSE_WORKFLOW);
  const input: ClauseInput = { ...draft.terms, target: draft.target, vite: draft.vite };
  const first = start(workflow, input);
  const now = deps.clock.now();
  const id = randomUUID();

  return idempotent(deps, actor.userId, ctx.idempotency, async (remember) =>
    deps.db.transaction().execute(async (trx) => {
      const row = await insertClause(trx, {
        id,
        tender_id: tender.id,
        buyer_org_id: tender.buyer_org_id,
        contractor_org_id: null,
        template_id: template.id,
        template_version: template.version,
        language: input.language,
        params: json(input.params),
        text: input.text,
        workflow_id: workflow.id,
        workflow_version: workflow.version,
        snapshot: json(first.persisted),
        state: first.state,
        top_state: first.topState,
        version: 1,
        target: json(input.target),
        contract: json(null),
        created_at: now,
        updated_at: now,
      });
      await insertHistory(trx, {
        clauseId: id,
        seq: 1,
        type: 'CREATE',
        payload: { templateId: template.id, templateVersion: template.version, input },
        fromState: null,
        toState: first.state,
        ...recordedBy(ctx, now),
      });
      const answer = { status: 201, body: view(actor, row, first.snapshot) };
      await remember(trx, answer);
      return answer;
    }),
  );
}

export interface EventRequest {
  body: Record<string, unknown>;
  /** From If-Match: the version the client last saw. */
  expectedVersion?: number | undefined;
}

/** Validates the payload and resolves the facts the workflow needs; throws `validation` on bad input. */
async function resolveEvent(
  deps: EngineDeps,
  workflow: WorkflowDefinition,
  row: ClauseRow,
  context: ClauseContext,
  body: Record<string, unknown>,
): Promise<{ type: string } & Record<string, unknown>> {
  const { type, ...rest } = body as { type: string };
  const parsed = workflow.events[type]!.payload.safeParse(rest);
  if (!parsed.success) throw validationError(`The ${type} event is not valid`, issuesFromZod(parsed.error.issues));
  const payload = parsed.data;

  if (type === 'EDIT_DRAFT') {
    const template = templateOf(row);
    const language = requireLanguage(template, (payload.language as string | undefined) ?? context.language);
    // The clause keeps its template version: a draft is re-rendered with the text it was drafted on.
    const draft = draftOrThrow(template, language, payload.params ?? context.params);
    return { type, ...draft.terms, target: draft.target, vite: draft.vite };
  }
  if (type === 'CONFIRM_FULFILLED' && templateOf(row).measure.fulfilledBy === 'confirmation' && !payload.meetingRecord) {
    throw validationError('A dialogue is confirmed with its meeting record', [
      { path: 'meetingRecord', message: 'send meetingRecord { date: "YYYY-MM-DD", reference, summary? } from the minutes of the dialogue' },
    ]);
  }
  if (type === 'AWARD') {
    const contractorOrgId = payload.contractorOrgId as string;
    const supplier = await findOrganisation(deps.db, contractorOrgId);
    if (!supplier || supplier.kind !== 'supplier') {
      throw validationError('AWARD names no known supplier', [
        { path: 'contractorOrgId', message: `no supplier organisation has id ${contractorOrgId}; send the id of the awarded supplier's organisation` },
      ]);
    }
    return { type, ...payload, target: templateOf(row).target(row.params, payload.contractValueSek as number) };
  }
  if (type === 'IMPOSE_SANCTION') {
    const vite = templateOf(row).vite(row.params);
    const contractValueSek = context.contract?.contractValueSek ?? 0;
    if (!vite) {
      throw validationError('This clause sets no vite', [
        { path: 'amountSek', message: 'the clause carries no sanction terms, so no vite can be imposed under it; WAIVE the shortfall or let the remedy run' },
      ]);
    }
    const cap = sanctionCap(contractValueSek, vite);
    if ((payload.amountSek as number) > cap) {
      throw validationError('Vite above the cap', [
        { path: 'amountSek', message: `the clause caps vite at ${cap} SEK (${vite.capPct} % of the contract value); send an amount of at most ${cap}` },
      ]);
    }
  }
  return { type, ...payload, ...factsFor(type, row, context, payload) };
}

export async function sendClauseEvent(
  deps: EngineDeps,
  ctx: RequestContext,
  clauseId: string,
  request: EventRequest,
): Promise<Answer<ClauseView> & { replayed: boolean }> {
  const { actor } = ctx;
  return idempotent(deps, actor.userId, ctx.idempotency, async (remember) => {
    for (let attempt = 1; ; attempt++) {
      const row = await loadVisible(deps, actor, clauseId);
      const workflow = workflowOf(row);
      const type = request.body.type;
      const definition = typeof type === 'string' ? workflow.events[type] : undefined;
      if (!definition) {
        throw validationError('Unknown event type', [
          { path: 'type', message: `send one of ${Object.keys(workflow.events).join(', ')}` },
        ]);
      }
      const parties = { buyerOrgId: row.buyer_org_id, contractorOrgId: row.contractor_org_id };
      if (!mayActAs(actor, definition.role, parties)) {
        throw new KlausulError('forbidden', `${type} is sent by the clause's ${definition.role}; you are signed in as ${actor.role}.`, {
          requiredRole: definition.role,
        });
      }
      if (request.expectedVersion !== undefined && request.expectedVersion !== row.version) {
        throw versionConflict(row.version, request.expectedVersion);
      }
      const snapshot = restore(workflow, row.snapshot);
      const context = snapshot.context as ClauseContext;
      const event = await resolveEvent(deps, workflow, row, context, request.body);
      if (!canSend(snapshot, event)) throw invalidTransition(actor, row, snapshot, type as string, context);

      const next = send(workflow, snapshot, event);
      const nextContext = next.snapshot.context as ClauseContext;
      const now = deps.clock.now();
      const committed = await deps.db.transaction().execute(async (trx) => {
        const updated = await updateClauseIfVersion(trx, row.id, row.version, {
          snapshot: next.persisted,
          state: next.state,
          topState: next.topState,
          terms: { language: nextContext.language, params: nextContext.params, text: nextContext.text },
          target: nextContext.target,
          contract: nextContext.contract,
          contractorOrgId: nextContext.contract?.contractorOrgId ?? null,
          updatedAt: now,
        });
        if (!updated) return undefined; // someone else wrote first
        const { type: _type, ...payload } = event;
        await insertHistory(trx, {
          clauseId: row.id,
          seq: updated.version,
          type: type as string,
          payload,
          fromState: row.state,
          toState: next.state,
          ...recordedBy(ctx, now),
        });
        const answer = { status: 200, body: view(actor, updated, next.snapshot) };
        await remember(trx, answer);
        return answer;
      });
      if (committed) return committed;
      if (request.expectedVersion !== undefined) {
        const current = await findClause(deps.db, clauseId);
        throw versionConflict(current?.version ?? row.version + 1, request.expectedVersion);
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new KlausulError('version_conflict', 'The clause is changing too fast to apply this event; send it again.');
      }
    }
  });
}

function versionConflict(current: number, expected: number): KlausulError {
  return new KlausulError(
    'version_conflict',
    `The clause is at version ${current}, not ${expected}: someone changed it since you read it. GET it again and decide with the current state.`,
    { currentVersion: current },
  );
}

function invalidTransition(actor: Actor, row: ClauseRow, snapshot: AnyMachineSnapshot, type: string, context: ClauseContext): KlausulError {
  const allowedEvents = allowedEventsFor(actor, row, snapshot);
  let message = `${type} is not possible while the clause is ${row.state}.`;
  if (type === 'CONFIRM_FULFILLED' && snapshot.value === 'verification') {
    const f = measureFulfilment(context.target, deliveredSoFar(row));
    message = `CONFIRM_FULFILLED needs measured fulfilment to reach the target: ${f.delivered} of ${f.target ?? '?'} ${f.unit} delivered. Record a shortfall instead, or wait for delivery to be verified.`;
  }
  return new KlausulError('invalid_transition', message, { state: row.state, allowedEvents });
}
