/** Placement openings: published by the clause's contractor for the matching body to fill (issue 7). */
import { randomUUID } from 'node:crypto';
import { latestWorkflow, workflowOf } from '../../workflows/index.ts';
import { openingInput, type OpeningContext, type OpeningInput } from '../../workflows/opening.ts';
import { isoDay } from '../domain/dates.ts';
import { trainedBy } from '../domain/supervision.ts';
import { namedSupervisor } from './supervisors.ts';
import { validationError } from '../domain/errors.ts';
import { plannedEndDate } from '../domain/matching.ts';
import type { Actor } from '../domain/roles.ts';
import { findClauses } from '../db/clauses.ts';
import { listItemHistory } from '../db/items.ts';
import { listOpenings, updateMatchingIfVersion } from '../db/matching.ts';
import type { ClauseRow, OpeningRow } from '../db/schema.ts';
import { applyEvent, type EventRequest, type RequestContext } from './apply.ts';
import { presentHistory } from './clause-view.ts';
import { acceptInput } from './command.ts';
import { createInstance } from './create.ts';
import type { EngineDeps } from './deps.ts';
import type { Answer } from './idempotency.ts';
import { REGISTERING_STATES } from '../../workflows/states.ts';
import { clauseItemKind, lockClauseRegistering, presentInstance, requireContractor, type ItemView, contractOf } from './instances.ts';
import { restore } from './runtime.ts';
import { concernedWithMatchingBody, loadClauseForMatching, loadVisibleOpening } from './matching-access.ts';

const presentOpening = (actor: Actor, clause: ClauseRow, row: OpeningRow, snap = restore(workflowOf(row), row.snapshot)) => {
  const context = snap.context as OpeningContext;
  return presentInstance(actor, clause, row, snap, REGISTERING_STATES, {
    plannedEndDate: plannedEndDate(context.startDate, context.weeks),
    breaksGenderPattern: context.breaksGenderPattern ?? false,
  });
};

/** A named supervisor decides `supervisor.trained`: whether they have a training record by now (issue 22). */
async function withSupervisorTraining(deps: EngineDeps, actor: Actor, input: OpeningInput): Promise<OpeningInput> {
  if (!input.supervisorId) return input;
  const { trainings } = await namedSupervisor(deps.db, actor.orgId, input.supervisorId);
  return { ...input, supervisor: { trained: trainedBy(trainings, isoDay(deps.clock.now())) } };
}

export async function publishOpening(
  deps: EngineDeps,
  ctx: RequestContext,
  clauseId: string,
  body: unknown,
): Promise<Answer<ItemView> & { replayed: boolean }> {
  const { actor } = ctx;
  const clause = await loadClauseForMatching(deps.db, actor, clauseId);
  requireContractor(actor, clause, 'Publishing placement openings');
  const input = await withSupervisorTraining(deps, actor, acceptInput(openingInput, body, 'opening'));
  const contract = contractOf(clause);
  if (input.startDate < contract.startDate || input.startDate > contract.endDate) {
    throw validationError('The opening starts outside the contract', [
      { path: 'startDate', message: `the contract runs from ${contract.startDate} to ${contract.endDate}; send a start date within it` },
    ]);
  }
  return createInstance(deps, ctx, {
    subject: 'opening',
    workflow: latestWorkflow('opening'),
    clauseId,
    concerns: concernedWithMatchingBody(clause),
    progress: 'none',
    instances: [
      {
        id: randomUUID(),
        input,
        columns: () => ({
          clause_id: clauseId,
          role: input.role,
          site: input.site ?? null,
          municipality: input.municipality ?? null,
          start_date: input.startDate,
          weeks: input.weeks,
          hours_per_week: input.hoursPerWeek,
          competences: input.competences,
          language_level: input.languageLevel ?? null,
          supervisor_trained: input.supervisor.trained,
          breaks_gender_pattern: input.breaksGenderPattern ?? false,
          placement_id: null,
          supervisor_id: input.supervisorId ?? null,
        }),
      },
    ],
    lock: (trx) => lockClauseRegistering(trx, clauseId, 'Openings are published'),
    answer: ([first]) => presentOpening(actor, clause, first!.row as unknown as OpeningRow, first!.step.snapshot),
  });
}

export async function listClauseOpenings(deps: EngineDeps, actor: Actor, clauseId: string): Promise<ItemView[]> {
  const clause = await loadClauseForMatching(deps.db, actor, clauseId);
  return (await listOpenings(deps.db, { clauseId })).map((row) => presentOpening(actor, clause, row));
}

/** Openings of every clause the caller's organisation takes part in (a matcher: the clauses it serves), in one state or in any of several. */
export async function listMyOpenings(deps: EngineDeps, actor: Actor, filter: { states?: readonly string[] | undefined }): Promise<ItemView[]> {
  const rows = await listOpenings(deps.db, { visibleToOrgId: actor.orgId, ...(filter.states ? { states: filter.states } : {}) });
  const clauses = new Map((await findClauses(deps.db, [...new Set(rows.map((row) => row.clause_id))])).map((clause) => [clause.id, clause]));
  return rows.map((row) => presentOpening(actor, clauses.get(row.clause_id)!, row));
}

export async function getOpening(deps: EngineDeps, actor: Actor, id: string): Promise<ItemView> {
  const { row, clause } = await loadVisibleOpening(deps.db, actor, id);
  return presentOpening(actor, clause, row);
}

const openingKind = (deps: EngineDeps, id: string) =>
  clauseItemKind<OpeningRow>({
    noun: 'opening',
    load: (actor) => loadVisibleOpening(deps.db, actor, id),
    openStates: REGISTERING_STATES,
    concernsMatchingBody: true,
    resolve: (_row, _clause, type, payload) => ({ type, ...payload }),
    write: (db, row, next, entry) => updateMatchingIfVersion(db, 'openings', row, { snapshot: next.persisted, state: next.state, updated_at: entry.at }, entry),
    present: presentOpening,
  });

export const sendOpeningEvent = (deps: EngineDeps, ctx: RequestContext, id: string, request: EventRequest) =>
  applyEvent(deps, ctx, openingKind(deps, id), request);

export async function getOpeningHistory(deps: EngineDeps, actor: Actor, id: string) {
  await loadVisibleOpening(deps.db, actor, id);
  return (await listItemHistory(deps.db, id)).map(presentHistory);
}
