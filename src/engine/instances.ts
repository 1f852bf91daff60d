/**
 * What every instance under a clause shares (placements, reports, openings,
 * proposals): how it is presented, the clause states in which it takes events
 * and new siblings, who acts on it, and the lock a creation under the clause
 * takes. Each kind has its own module; events reach them all through
 * applyEvent, creations through createInstance.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { workflowOf } from '../../workflows/index.ts';
import { mayActAs, organisationsConcerned, type ClauseParties } from '../domain/access.ts';
import { KlausulError } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import type { TransitionEntry } from '../db/history.ts';
import { lockClause } from '../db/items.ts';
import type { ClauseContext } from '../../workflows/social-clause.ts';
import type { ClauseRow, Db } from '../db/schema.ts';
import { allowedFor, type InstanceKind, type PersistedRow } from './apply.ts';
import { partiesOf } from './clauses.ts';
import type { Step, WorkflowEvent } from './runtime.ts';

import { ITEM_EVENT_STATES, REGISTERING_STATES } from '../../workflows/states.ts';

export interface ItemView {
  id: string;
  /** null (despite the type) for a programme's own-workplace placement (src/engine/programme-placements.ts), which the web pages do not show. */
  clauseId: string;
  state: string;
  final: boolean;
  version: number;
  /** The version of its workflow it runs on (it keeps the one it started with): the events and payloads it takes. */
  workflowVersion: number;
  allowedEvents: string[];
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

/** The columns every instance under a clause has, as presentInstance reads them. */
export type ItemHeader = {
  id: string;
  clause_id: string;
  state: string;
  version: number;
  workflow_id: string;
  workflow_version: number;
  created_at: Date;
  updated_at: Date;
  /** Placements and reports (migration 0024): the subcontractor that registered it, if one did. */
  subcontractor_org_id?: string | null;
};

/** Who acts on an item under the clause: the clause's parties, and the subcontractor that registered it, if one did (issue 22). */
export const itemParties = (clause: ClauseRow, row: object): ClauseParties => ({
  ...partiesOf(clause),
  subcontractorOrgId: (row as { subcontractor_org_id?: string | null }).subcontractor_org_id ?? null,
});

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
    workflowVersion: row.workflow_version,
    allowedEvents: open ? allowedFor(workflow, actor, itemParties(clause, row), snap, (type) => ({ type })) : [],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A placement or report: it takes events until the clause's verification is decided. It names the subcontractor that registered it, if one did. */
export const presentItem = (actor: Actor, clause: ClauseRow, row: ItemHeader, snap: AnyMachineSnapshot): ItemView =>
  presentInstance(actor, clause, row, snap, ITEM_EVENT_STATES, { subcontractorOrgId: row.subcontractor_org_id ?? null });

export function requireClauseIn(clause: Pick<ClauseRow, 'top_state' | 'state'>, states: string[], what: string): void {
  if (!states.includes(clause.top_state)) {
    throw new KlausulError('invalid_transition', `${what} only while the clause is in ${states.join(' or ')}; it is ${clause.state}.`, {
      state: clause.state,
      allowedEvents: [],
    });
  }
}

/** The contract of an awarded clause: whatever is made under a clause is made after its award. */
export const contractOf = (clause: Pick<ClauseRow, 'contract'>) => clause.contract as NonNullable<ClauseContext['contract']>;

export function requireContractor(actor: Actor, clause: ClauseRow, what: string, subcontractorOrgId: string | null = null): void {
  if (!mayActAs(actor, 'contractor', { ...partiesOf(clause), subcontractorOrgId })) {
    throw new KlausulError('forbidden', `${what} is the task of the clause's contractor; you are signed in as ${actor.role}.`, { requiredRole: 'contractor' });
  }
}

/** Takes the clause's lock for a creation under it, and requires it still to be delivered or remedied. */
export async function lockClauseRegistering(trx: Db, clauseId: string, what: string): Promise<void> {
  requireClauseIn((await lockClause(trx, clauseId))!, REGISTERING_STATES, what);
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
): InstanceKind<{ row: Row; clause: ClauseRow }, ItemView> {
  return {
    noun: spec.noun,
    loadVisible: (actor) => spec.load(actor),
    workflowOf: ({ row }) => workflowOf(row),
    parties: ({ row, clause }) => itemParties(clause, row),
    concerned: ({ row, clause }) => organisationsConcerned(itemParties(clause, row), { matchingBody: spec.concernsMatchingBody }),
    checkOpen: ({ clause }) => requireClauseIn(clause, spec.openStates, `A ${spec.noun} changes`),
    resolve: async ({ row, clause }, _snapshot, type, payload) => spec.resolve(row, clause, type, payload),
    write: async (db, { row, clause }, next, entry) => {
      const written = await spec.write(db, row, next, entry);
      return written && { row: written, clause };
    },
    view: (actor, { row, clause }, snapshot) => spec.present(actor, clause, row, snapshot),
    invalidTransition: async (actor, { row, clause }, snapshot, type) =>
      new KlausulError('invalid_transition', `${type} is not possible while the ${spec.noun} is ${row.state}.`, {
        state: row.state,
        allowedEvents: spec.present(actor, clause, row, snapshot).allowedEvents,
      }),
  };
}
