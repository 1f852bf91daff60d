/**
 * Placements: one per participant under a clause, registered by the clause's
 * contractor (one at a time, from a CSV import, or by an accepted proposal),
 * moved through their statechart by the contractor and verified by the
 * buyer's auditor.
 */
import { randomUUID } from 'node:crypto';
import { latestWorkflow } from '../../workflows/index.ts';
import { placementInput, type PlacementContext, type PlacementInput } from '../../workflows/placement.ts';
import { organisationsConcerned } from '../domain/access.ts';
import { issuesFromZod, KlausulError, validationError, type ValidationIssue } from '../domain/errors.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { existingParticipantRefs, findPlacement, updatePlacementIfVersion } from '../db/items.ts';
import type { Db, PlacementRow } from '../db/schema.ts';
import type { TransitionEntry } from '../db/history.ts';
import type { WorkflowEvent } from './runtime.ts';
import type { RequestContext } from './apply.ts';
import { partiesOf } from './clauses.ts';
import { loadClauseForItems } from './subcontractors.ts';
import { acceptText } from './command.ts';
import { createInstance, type Creation, type NewInstance } from './create.ts';
import type { EngineDeps } from './deps.ts';
import { writeEndingWithFollowUps } from './follow-ups.ts';
import type { Answer } from './idempotency.ts';
import { REGISTERING_STATES } from '../../workflows/states.ts';
import { type ItemHeader, lockClauseRegistering, presentItem, requireClauseIn, requireContractor, type ItemView, contractOf } from './instances.ts';
import type { ItemKindSpec } from './items.ts';
import { clauseTargetGroupIssue } from './matching-access.ts';
import { requireTrainedSupervisorAtStart } from './supervision-rule.ts';
import { supervisorIssues } from './supervisors.ts';

/** Dates an end event may carry: not before the start, not in the future. */
function checkEndDate(endDate: unknown, startDate: string, today: string): void {
  if (typeof endDate !== 'string') return;
  if (endDate < startDate)
    throw validationError('The end date precedes the start', [{ path: 'endDate', message: `send a date on or after the start date ${startDate}` }]);
  if (endDate > today)
    throw validationError('The end date lies in the future', [{ path: 'endDate', message: `send the date it actually ended, at the latest today (${today})` }]);
}

/** A placement under a clause; a programme's own-workplace placement (programme-placements.ts) has none. */
export type ClausePlacementRow = PlacementRow & { clause_id: string };

/**
 * Writes a placement's transition: the snapshot with the columns that copy its context, and its history row; an
 * ending after the start schedules the participant's follow-ups in the same transaction.
 */
export function writePlacement<Row extends PlacementRow>(
  db: Db,
  row: Row,
  context: Record<string, unknown>,
  change: { snapshot: Record<string, unknown>; state: string; updated_at: Date },
  entry: TransitionEntry,
): Promise<Row | undefined> {
  const c = context as unknown as PlacementContext;
  return writeEndingWithFollowUps(db, row, c.endedAs, entry.at, (trx) =>
    updatePlacementIfVersion(
      trx,
      row.id,
      row.version,
      { ...change, end_date: c.endDate, ended_as: c.endedAs, end_reason_code: c.endReasonCode ?? null, outcome: c.outcome },
      entry,
    ),
  ) as Promise<Row | undefined>;
}

/** A placement's event as its workflow takes it, after the dates it carries are checked against the placement's and today. */
export function resolvePlacementEvent(row: Pick<PlacementRow, 'start_date'>, type: string, payload: Record<string, unknown>, today: string): WorkflowEvent {
  if (type === 'START' && row.start_date > today) {
    throw validationError('The placement has not started yet', [{ path: 'type', message: `send START on or after the start date ${row.start_date}` }]);
  }
  checkEndDate(payload.endDate, row.start_date, today);
  return { type, ...payload };
}

export const placementSpec: ItemKindSpec<ClausePlacementRow> = {
  kind: 'placement',
  noun: 'placement',
  find: async (db, id) => {
    const row = await findPlacement(db, id);
    return row && row.clause_id !== null ? (row as ClausePlacementRow) : undefined;
  },
  write: writePlacement,
  resolve: async (row, clause, type, payload, today, db) => {
    const event = resolvePlacementEvent(row, type, payload, today);
    if (type === 'START') await requireTrainedSupervisorAtStart(db, clause, row);
    return event;
  },
};

/** A new placement's own columns: the registered input, not yet ended, and where it came from when a proposal brought it. */
export function placementColumns(clauseId: string | null, input: PlacementInput, origin: { openingId: string; proposalId: string } | null = null) {
  return {
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
    end_reason_code: null,
    outcome: null,
    fte: input.fte,
    hours_per_week: input.hoursPerWeek,
    opening_id: origin?.openingId ?? null,
    proposal_id: origin?.proposalId ?? null,
    supervisor_id: input.supervisorId ?? null,
  };
}

/** The creation of placements under a clause: what createInstance needs besides its locks and its answer. */
export function placementCreation(
  deps: EngineDeps,
  clauseId: string,
  instances: Array<NewInstance<PlacementInput>>,
  concerns: readonly string[],
): Creation<PlacementInput> {
  return {
    subject: 'placement',
    workflow: deps.placementWorkflow ?? latestWorkflow('placement'),
    clauseId,
    concerns,
    instances,
    progress: 'bump',
  };
}

/** A row's problems in an import: its number (1 = the first data row) and each bad column. */
export interface RowIssue extends ValidationIssue {
  row: number;
}

const placementsRefused = (rows: number, issues: RowIssue[]) =>
  validationError(rows === 1 ? 'The placement is not valid' : `${issues.length} problems in ${rows} rows; nothing was stored`, issues);

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
  const { clause, subcontractorOrgId } = await loadClauseForItems(deps.db, actor, clauseId);
  requireContractor(actor, clause, 'Registering placements', subcontractorOrgId);
  requireClauseIn(clause, REGISTERING_STATES, 'Placements are registered');
  const contractStart = contractOf(clause).startDate;

  // Judged row by row, so that a refusal names the field as the row has it, and in an import the row too.
  const storable = new Set<string>();
  rows.forEach((raw, index) => {
    try {
      acceptText(raw, storable);
    } catch (error) {
      if (!(error instanceof KlausulError) || rows.length === 1) throw error;
      throw new KlausulError(error.code, `Row ${index + 1}: ${error.message}`, { ...error.details, row: index + 1 });
    }
  });
  const issues: RowIssue[] = [];
  const inputs: PlacementInput[] = [];
  const seen = new Set<string>();
  rows.forEach((raw, index) => {
    const row = index + 1;
    const parsed = placementInput.safeParse(raw);
    if (!parsed.success) {
      issues.push(...issuesFromZod(parsed.error.issues).map((issue) => ({ row, ...issue })));
      return;
    }
    const input = parsed.data;
    const outside = clauseTargetGroupIssue(clause, input.targetGroup, 'targetGroup');
    if (outside) issues.push({ row, ...outside });
    if (input.startDate < contractStart) {
      issues.push({ row, path: 'startDate', message: `the contract starts on ${contractStart}; send a start date on or after it` });
    }
    if (seen.has(input.participantRef))
      issues.push({ row, path: 'participantRef', message: `${input.participantRef} appears twice; each participant once per clause` });
    seen.add(input.participantRef);
    inputs.push(input);
  });
  issues.push(...(await supervisorIssues(deps.db, actor.orgId, inputs)));
  if (issues.length > 0) throw placementsRefused(rows.length, issues);
  // A subcontractor's placements carry its organisation into their statechart: version 3 waits for the prime's approval of their endings.
  const instances = inputs.map((input) => ({
    id: randomUUID(),
    input: subcontractorOrgId ? { ...input, subcontractorOrgId } : input,
    columns: () => ({ ...placementColumns(clauseId, input), subcontractor_org_id: subcontractorOrgId }),
  }));
  try {
    return await createInstance(deps, ctx, {
      ...placementCreation(deps, clauseId, instances, organisationsConcerned({ ...partiesOf(clause), subcontractorOrgId })),
      lock: async (trx) => {
        await lockClauseRegistering(trx, clauseId, 'Placements are registered');
        // Under the clause's lock, and after a retry's stored answer was looked up: a retry of a registration that succeeded is answered, not refused.
        const taken = new Set(await existingParticipantRefs(trx, clauseId, [...seen]));
        const duplicates = inputs.flatMap((input, index) =>
          taken.has(input.participantRef)
            ? [
                {
                  row: index + 1,
                  path: 'participantRef',
                  message: `${input.participantRef} is already registered under this clause; send its events to the placement`,
                },
              ]
            : [],
        );
        if (duplicates.length > 0) throw placementsRefused(rows.length, duplicates);
      },
      answer: (created) =>
        answer(
          created.map((c) => c.id),
          (index) => presentItem(actor, clause, created[index]!.row as unknown as ItemHeader, created[index]!.step.snapshot),
        ),
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
