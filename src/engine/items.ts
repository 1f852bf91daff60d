/**
 * Placements and period reports: small statecharts under a clause, persisted
 * by applyEvent with the same guarantees as clauses (version, history,
 * idempotency). The clause's contractor registers and reports; the buyer's
 * auditor verifies.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import type { AnyMachineSnapshot } from 'xstate';
import { findWorkflow, latestWorkflow, type WorkflowDefinition } from '../../workflows/index.ts';
import { placementInput, type PlacementContext, type PlacementInput } from '../../workflows/placement.ts';
import { reportInput, type ReportContext } from '../../workflows/period-report.ts';
import type { ClauseContext } from '../../workflows/social-clause.ts';
import { canSeeClause, mayActAs, organisationsConcerned } from '../domain/access.ts';
import { isoDay } from '../domain/dates.ts';
import { issuesFromZod, KlausulError, notFound, validationError, type ValidationIssue } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { findClause } from '../db/clauses.ts';
import { isUniqueViolation } from '../db/errors.ts';
import {
  existingParticipantRefs,
  findOverlappingReport,
  findPlacement,
  findReport,
  insertItemHistory,
  insertPlacements,
  insertReport,
  listItemHistory,
  listPlacements,
  listReports,
  lockClause,
  updatePlacementIfVersion,
  updateReportIfVersion,
  type NewPlacement,
} from '../db/items.ts';
import type { TransitionEntry } from '../db/history.ts';
import { creationNotice, insertOutbox } from '../db/outbox.ts';
import { bumpProgress } from '../db/progress.ts';
import { json, type ClauseRow, type Db, type ItemKind, type PlacementRow, type ReportRow } from '../db/schema.ts';
import { applyEvent, allowedFor, recordedBy, type EventRequest, type InstanceKind, type PersistedRow, type RequestContext } from './apply.ts';
import { presentHistory } from './clause-view.ts';
import { loadVisibleClause, partiesOf } from './clauses.ts';
import { acceptInput, acceptText } from './command.ts';
import type { EngineDeps } from './deps.ts';
import { idempotent, type Answer } from './idempotency.ts';
import { restore, start, type Step, type WorkflowEvent } from './runtime.ts';

/** New placements and reports are registered while the clause is being delivered or remedied. */
export const REGISTERING_STATES = ['delivery', 'remediation'];
/** Placements and reports move on (end, verify, resubmit) until the clause's verification is decided. */
const ITEM_EVENT_STATES = ['delivery', 'verification', 'remediation'];

export interface ItemView {
  id: string;
  clauseId: string;
  state: string;
  final: boolean;
  version: number;
  allowedEvents: string[];
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

export function workflowOf(row: { workflow_id: string; workflow_version: number; id: string }): WorkflowDefinition {
  const workflow = findWorkflow(row.workflow_id, row.workflow_version);
  if (!workflow) throw new Error(`${row.id} runs workflow ${row.workflow_id}@${row.workflow_version}, which is not deployed`);
  return workflow;
}

export type ItemRow = PlacementRow | ReportRow;
export type ItemHeader = Pick<ItemRow, 'id' | 'clause_id' | 'state' | 'version' | 'workflow_id' | 'workflow_version' | 'created_at' | 'updated_at'>;

/**
 * An instance under a clause (placement, report, opening, proposal) is its
 * statechart's context plus where it stands and what the caller may do next:
 * nothing while the clause is outside the states in which it takes events.
 */
export function presentInstance(
  actor: Actor,
  clause: ClauseRow,
  row: ItemHeader,
  snap: AnyMachineSnapshot,
  openStates: string[],
  extra: Record<string, unknown> = {},
): ItemView {
  const workflow = workflowOf(row);
  const open = openStates.includes(clause.top_state);
  return {
    id: row.id,
    clauseId: row.clause_id,
    ...(snap.context as Record<string, unknown>),
    ...extra,
    state: row.state,
    final: snap.status === 'done',
    version: row.version,
    allowedEvents: open ? allowedFor(workflow, actor, partiesOf(clause), snap, (type) => ({ type })) : [],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const presentItem = (actor: Actor, clause: ClauseRow, row: ItemHeader, snap: AnyMachineSnapshot): ItemView =>
  presentInstance(actor, clause, row, snap, ITEM_EVENT_STATES);

export function requireClauseIn(clause: Pick<ClauseRow, 'top_state' | 'state'>, states: string[], what: string): void {
  if (!states.includes(clause.top_state)) {
    throw new KlausulError('invalid_transition', `${what} only while the clause is in ${states.join(' or ')}; it is ${clause.state}.`, {
      state: clause.state,
      allowedEvents: [],
    });
  }
}

export function requireContractor(actor: Actor, clause: ClauseRow, what: string): void {
  if (!mayActAs(actor, 'contractor', partiesOf(clause))) {
    throw new KlausulError('forbidden', `${what} is the task of the clause's contractor; you are signed in as ${actor.role}.`, { requiredRole: 'contractor' });
  }
}

const contractOf = (clause: ClauseRow) => (clause.contract as ClauseContext['contract']) ?? null;

/** Dates an end event may carry: not before the start, not in the future. */
function checkEndDate(endDate: unknown, startDate: string, today: string): void {
  if (typeof endDate !== 'string') return;
  if (endDate < startDate)
    throw validationError('The end date precedes the start', [{ path: 'endDate', message: `send a date on or after the start date ${startDate}` }]);
  if (endDate > today)
    throw validationError('The end date lies in the future', [{ path: 'endDate', message: `send the date it actually ended, at the latest today (${today})` }]);
}

interface ItemKindSpec<Row extends ItemRow> {
  kind: ItemKind;
  noun: 'placement' | 'report';
  find(db: Db, id: string): Promise<Row | undefined>;
  write(
    db: Db,
    row: Row,
    context: Record<string, unknown>,
    change: { snapshot: Record<string, unknown>; state: string; updated_at: Date },
    entry: TransitionEntry,
  ): Promise<Row | undefined>;
  resolve(row: Row, clause: ClauseRow, type: string, payload: Record<string, unknown>, today: string): WorkflowEvent;
}

const placementSpec: ItemKindSpec<PlacementRow> = {
  kind: 'placement',
  noun: 'placement',
  find: findPlacement,
  write: (db, row, context, change, entry) => {
    const c = context as unknown as PlacementContext;
    return updatePlacementIfVersion(db, row.id, row.version, { ...change, end_date: c.endDate, ended_as: c.endedAs, outcome: c.outcome }, entry);
  },
  resolve: (row, _clause, type, payload, today) => {
    if (type === 'START' && row.start_date > today) {
      throw validationError('The placement has not started yet', [{ path: 'type', message: `send START on or after the start date ${row.start_date}` }]);
    }
    checkEndDate(payload.endDate, row.start_date, today);
    return { type, ...payload };
  },
};

const reportSpec: ItemKindSpec<ReportRow> = {
  kind: 'report',
  noun: 'report',
  find: findReport,
  write: (db, row, context, change, entry) => {
    const c = context as unknown as ReportContext;
    const figures = {
      ...change,
      total_labour_hours: c.totalLabourHours,
      local_labour_hours: c.localLabourHours ?? null,
      disadvantaged_labour_hours: c.disadvantagedLabourHours ?? null,
      apprentice_hours: c.apprenticeHours ?? null,
      training_hours: c.trainingHours ?? null,
    };
    return updateReportIfVersion(db, row.id, row.version, figures, entry);
  },
  resolve: (_row, _clause, type, payload) => ({ type, ...payload }),
};

const SPECS = { placement: placementSpec, report: reportSpec } as const;
const specOf = (kind: ItemKind) => SPECS[kind] as ItemKindSpec<ItemRow>;

/** An item and its clause, if the actor may see the clause; otherwise not_found. */
async function loadVisibleItem<Row extends ItemRow>(db: Db, spec: ItemKindSpec<Row>, actor: Actor, id: string): Promise<{ row: Row; clause: ClauseRow }> {
  const row = await spec.find(db, id);
  const clause = row && (await findClause(db, row.clause_id));
  if (!row || !clause || !canSeeClause(actor, partiesOf(clause))) throw notFound(spec.noun[0]!.toUpperCase() + spec.noun.slice(1), id);
  return { row, clause };
}

/** What differs between the instances that live under a clause (placements, reports, openings, proposals). */
export interface ClauseItemSpec<Row extends PersistedRow & { clause_id: string }> {
  noun: string;
  /** The row and its clause, if the actor may see it; otherwise not_found. */
  load(actor: Actor): Promise<{ row: Row; clause: ClauseRow }>;
  /** The clause states in which the instance takes events. */
  openStates: string[];
  resolve(row: Row, clause: ClauseRow, type: string, payload: Record<string, unknown>): WorkflowEvent | Promise<WorkflowEvent>;
  /** Whether its notices go to the clause's matching body too (openings and proposals). */
  concernsMatchingBody?: boolean;
  write(db: Db, row: Row, next: Step, entry: TransitionEntry): Promise<Row | undefined>;
  present(actor: Actor, clause: ClauseRow, row: Row, snapshot: AnyMachineSnapshot): ItemView;
}

/** applyEvent's view of an instance under a clause: its clause's parties act on it while the clause is in one of its open states. */
export function clauseItemKind<Row extends PersistedRow & { clause_id: string; workflow_id: string; workflow_version: number }>(
  spec: ClauseItemSpec<Row>,
): InstanceKind<Row, ItemView> {
  let clause: ClauseRow;
  return {
    noun: spec.noun,
    loadVisible: async (actor) => {
      const loaded = await spec.load(actor);
      clause = loaded.clause;
      return loaded.row;
    },
    workflowOf,
    parties: () => partiesOf(clause),
    concerned: () => organisationsConcerned(partiesOf(clause), { matchingBody: spec.concernsMatchingBody }),
    checkOpen: () => requireClauseIn(clause, spec.openStates, `A ${spec.noun} changes`),
    resolve: async (row, _snapshot, type, payload) => spec.resolve(row, clause, type, payload),
    write: spec.write,
    view: (actor, row, snapshot) => spec.present(actor, clause, row, snapshot),
    invalidTransition: async (actor, row, snapshot, type) =>
      new KlausulError('invalid_transition', `${type} is not possible while the ${spec.noun} is ${row.state}.`, {
        state: row.state,
        allowedEvents: spec.present(actor, clause, row, snapshot).allowedEvents,
      }),
  };
}

function instanceKind<Row extends ItemRow & PersistedRow>(deps: EngineDeps, spec: ItemKindSpec<Row>, id: string): InstanceKind<Row, ItemView> {
  return clauseItemKind<Row>({
    noun: spec.noun,
    load: (actor) => loadVisibleItem(deps.db, spec, actor, id),
    openStates: ITEM_EVENT_STATES,
    resolve: (row, clause, type, payload) => spec.resolve(row, clause, type, payload, isoDay(deps.clock.now())),
    write: (db, row, next, entry) =>
      spec.write(db, row, next.snapshot.context as Record<string, unknown>, { snapshot: next.persisted, state: next.state, updated_at: entry.at }, entry),
    present: presentItem,
  });
}

export async function sendItemEvent(deps: EngineDeps, ctx: RequestContext, kind: ItemKind, id: string, request: EventRequest) {
  return applyEvent(deps, ctx, instanceKind(deps, specOf(kind), id), request);
}

/** A placement or report as applyEvent sees it, for events the engine sends itself (evidence uploads). */
export const itemInstance = (deps: EngineDeps, kind: ItemKind, id: string): InstanceKind<ItemRow, ItemView> => instanceKind(deps, specOf(kind), id);

/** The item, if the actor may see its clause; otherwise not_found. */
export const loadItem = (db: Db, actor: Actor, kind: ItemKind, id: string) => loadVisibleItem(db, specOf(kind), actor, id);

export async function getItem(deps: EngineDeps, actor: Actor, kind: ItemKind, id: string): Promise<ItemView> {
  const { row, clause } = await loadVisibleItem(deps.db, specOf(kind), actor, id);
  return presentItem(actor, clause, row, restore(workflowOf(row), row.snapshot));
}

export async function getItemHistory(deps: EngineDeps, actor: Actor, kind: ItemKind, id: string) {
  await loadVisibleItem(deps.db, specOf(kind), actor, id);
  return (await listItemHistory(deps.db, id)).map(presentHistory);
}

export async function listItems(deps: EngineDeps, actor: Actor, kind: ItemKind, clauseId: string): Promise<ItemView[]> {
  const clause = await loadVisibleClause(deps.db, actor, clauseId);
  const rows: ItemRow[] = kind === 'placement' ? await listPlacements(deps.db, clauseId) : await listReports(deps.db, clauseId);
  return rows.map((row) => presentItem(actor, clause, row, restore(workflowOf(row), row.snapshot)));
}

/** The workflow columns of a new item: its first snapshot, at version 1. */
export function firstVersion(workflow: WorkflowDefinition, step: Step, now: Date) {
  return {
    workflow_id: workflow.id,
    workflow_version: workflow.version,
    snapshot: step.persisted,
    state: step.state,
    version: 1,
    created_at: now,
    updated_at: now,
  };
}

/** A new placement's row: the registered input, not yet ended, and where it came from when a proposal brought it. */
export function placementRow(
  id: string,
  clauseId: string,
  input: PlacementInput,
  workflowColumns: ReturnType<typeof firstVersion>,
  origin: { openingId: string; proposalId: string } | null = null,
): NewPlacement {
  return {
    id,
    clause_id: clauseId,
    participant_ref: input.participantRef,
    target_group: input.targetGroup,
    attestation: input.attestation,
    role: input.role,
    site: input.site ?? null,
    start_date: input.startDate,
    planned_end_date: input.plannedEndDate,
    end_date: null,
    ended_as: null,
    outcome: null,
    fte: input.fte,
    hours_per_week: input.hoursPerWeek,
    opening_id: origin?.openingId ?? null,
    proposal_id: origin?.proposalId ?? null,
    ...workflowColumns,
  };
}

/**
 * Creates something under a clause while it is delivered or remedied:
 * idempotent, in one transaction that holds the clause's lock, so the clause
 * cannot leave those states meanwhile.
 */
export function createUnderClause<Body>(
  deps: EngineDeps,
  ctx: RequestContext,
  clause: ClauseRow,
  what: string,
  create: (trx: Db) => Promise<Answer<Body>>,
): Promise<Answer<Body> & { replayed: boolean }> {
  return idempotent(deps, ctx.actor.userId, ctx.idempotency, async (remember) =>
    deps.db.transaction().execute(async (trx) => {
      requireClauseIn((await lockClause(trx, clause.id))!, REGISTERING_STATES, what);
      const answer = await create(trx);
      await remember(trx, answer);
      return answer;
    }),
  );
}

/** Rows prepared at a time in an import; the database writes one chunk while the next is prepared. */
const IMPORT_CHUNK = 2_000;
/** The first chunk is small, so that the database starts writing early. */
const FIRST_CHUNK = 500;

/** A row's problems in an import: its number (1 = the first data row) and each bad column. */
export interface RowIssue extends ValidationIssue {
  row: number;
}

/**
 * Registers placements, one or many (CSV import): every row valid or nothing
 * stored. Each placement starts its own statechart and gets a CREATE history row.
 */
export async function registerPlacements<Body>(
  deps: EngineDeps,
  ctx: RequestContext,
  clauseId: string,
  rows: unknown[],
  /** The answer to store and return: one placement's view, or a summary of an import (which need not present every row). */
  answer: (ids: string[], viewOf: (index: number) => ItemView) => Body,
): Promise<Answer<Body> & { replayed: boolean }> {
  const { actor } = ctx;
  const clause = await loadVisibleClause(deps.db, actor, clauseId);
  requireContractor(actor, clause, 'Registering placements');
  requireClauseIn(clause, REGISTERING_STATES, 'Placements are registered');
  const contractStart = contractOf(clause)!.startDate;

  const issues: RowIssue[] = [];
  const inputs: PlacementInput[] = [];
  const seen = new Set<string>();
  acceptText(rows);
  rows.forEach((raw, index) => {
    const row = index + 1;
    const parsed = placementInput.safeParse(raw);
    if (!parsed.success) {
      issues.push(...issuesFromZod(parsed.error.issues).map((issue) => ({ row, ...issue })));
      return;
    }
    const input = parsed.data;
    if (input.startDate < contractStart) {
      issues.push({ row, path: 'startDate', message: `the contract starts on ${contractStart}; send a start date on or after it` });
    }
    if (seen.has(input.participantRef))
      issues.push({ row, path: 'participantRef', message: `${input.participantRef} appears twice; each participant once per clause` });
    seen.add(input.participantRef);
    inputs.push(input);
  });
  const taken = new Set(await existingParticipantRefs(deps.db, clauseId, [...seen]));
  inputs.forEach((input, index) => {
    if (taken.has(input.participantRef)) {
      issues.push({
        row: index + 1,
        path: 'participantRef',
        message: `${input.participantRef} is already registered under this clause; send its events to POST /api/v1/placements/{id}/events`,
      });
    }
  });
  if (issues.length > 0) {
    throw validationError(rows.length === 1 ? 'The placement is not valid' : `${issues.length} problems in ${rows.length} rows; nothing was stored`, issues);
  }

  const workflow = latestWorkflow('placement');
  const now = deps.clock.now();
  const created: Array<{ id: string; input: PlacementInput; step: Step }> = [];
  /** Starts the statecharts of the next chunk of rows and builds what is written for them. */
  const prepare = (from: number, size: number) => {
    const chunk = inputs.slice(from, from + size).map((input) => ({ id: randomUUID(), input, step: start(workflow, input) }));
    created.push(...chunk);
    const placements = chunk.map(({ id, input, step }) => placementRow(id, clauseId, input, firstVersion(workflow, step, now)));
    const history = chunk.map(({ id, input, step }) => ({
      itemId: id,
      itemKind: 'placement' as const,
      clauseId,
      seq: 1,
      type: 'CREATE',
      payload: { input },
      fromState: null,
      toState: step.state,
      ...recordedBy(ctx, now),
    }));
    return { placements, history };
  };
  try {
    return await createUnderClause(deps, ctx, clause, 'Placements are registered', async (trx) => {
      // A pipeline: PostgreSQL writes one chunk while the next is prepared here.
      let writing: Promise<void> = Promise.resolve();
      for (let from = 0, size = FIRST_CHUNK; from < inputs.length; from += size, size = IMPORT_CHUNK) {
        const chunk = prepare(from, size);
        await writing;
        writing = insertPlacements(trx, chunk.placements).then(() => insertItemHistory(trx, chunk.history));
        // A failure is thrown where `writing` is awaited; until then it must not count as unhandled.
        writing.catch(() => {});
        // Let the insert reach the database before the next chunk occupies this thread.
        await setImmediate();
      }
      await writing;
      await bumpProgress(trx, clauseId, now);
      await insertOutbox(trx, {
        clauseId,
        orgIds: organisationsConcerned(partiesOf(clause)),
        at: now,
        ...creationNotice(
          'placement',
          created.map((c) => c.id),
          created[0]!.step.state,
          actor.role,
          now,
        ),
      });
      const header = {
        clause_id: clauseId,
        state: '',
        version: 1,
        workflow_id: workflow.id,
        workflow_version: workflow.version,
        created_at: now,
        updated_at: now,
      };
      const viewOf = (index: number) => {
        const { id, step } = created[index]!;
        return presentItem(actor, clause, { ...header, id, state: step.state }, step.snapshot);
      };
      return {
        status: 201,
        body: answer(
          created.map((c) => c.id),
          viewOf,
        ),
      };
    });
  } catch (error) {
    // A proposal accepted since the check above registered one of these participants; the database refused the duplicate.
    if (isUniqueViolation(error, 'placements_clause_participant_unique')) {
      throw new KlausulError(
        'conflict',
        'A participant of this request was registered under the clause meanwhile (through an accepted proposal); nothing was stored. Send it again to see which.',
      );
    }
    throw error;
  }
}

/** A period report: the contractor's hours for a period that has ended and overlaps no other report of the clause. */
export async function submitReport(deps: EngineDeps, ctx: RequestContext, clauseId: string, body: unknown): Promise<Answer<ItemView> & { replayed: boolean }> {
  const { actor } = ctx;
  const clause = await loadVisibleClause(deps.db, actor, clauseId);
  requireContractor(actor, clause, 'Submitting period reports');
  requireClauseIn(clause, REGISTERING_STATES, 'Period reports are submitted');
  const input = acceptInput(reportInput, body, 'period report');
  const contractStart = contractOf(clause)!.startDate;
  const today = isoDay(deps.clock.now());
  if (input.periodStart < contractStart) {
    throw validationError('The period starts before the contract', [
      { path: 'periodStart', message: `the contract starts on ${contractStart}; report from that day on` },
    ]);
  }
  if (input.periodEnd > today) {
    throw validationError('The period has not ended', [{ path: 'periodEnd', message: `report a period once it has ended (today is ${today})` }]);
  }

  const workflow = latestWorkflow('period-report');
  const step = start(workflow, input);
  const id = randomUUID();
  const now = deps.clock.now();
  return createUnderClause(deps, ctx, clause, 'Period reports are submitted', async (trx) => {
    const overlapping = await findOverlappingReport(trx, clauseId, input.periodStart, input.periodEnd);
    if (overlapping) {
      throw new KlausulError(
        'conflict',
        `The period overlaps report ${overlapping.id} (${overlapping.period_start} – ${overlapping.period_end}). Periods of one clause may not overlap; resubmit that report if its figures change.`,
        { reportId: overlapping.id },
      );
    }
    const row = await insertReport(trx, {
      id,
      clause_id: clauseId,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      total_labour_hours: input.totalLabourHours,
      local_labour_hours: input.localLabourHours ?? null,
      disadvantaged_labour_hours: input.disadvantagedLabourHours ?? null,
      apprentice_hours: input.apprenticeHours ?? null,
      training_hours: input.trainingHours ?? null,
      ...firstVersion(workflow, step, now),
      snapshot: json(step.persisted),
    });
    await insertItemHistory(trx, [
      { itemId: id, itemKind: 'report', clauseId, seq: 1, type: 'CREATE', payload: { input }, fromState: null, toState: step.state, ...recordedBy(ctx, now) },
    ]);
    await bumpProgress(trx, clauseId, now);
    await insertOutbox(trx, {
      clauseId,
      orgIds: organisationsConcerned(partiesOf(clause)),
      at: now,
      ...creationNotice('report', [id], step.state, actor.role, now),
    });
    return { status: 201, body: presentItem(actor, clause, row, step.snapshot) };
  });
}
