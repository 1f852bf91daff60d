/**
 * Placements and period reports as one family (they share the item history,
 * evidence files and the routes that take a kind): finding one, reading it,
 * and sending it events through applyEvent. Each kind's particulars live in
 * placements.ts and reports.ts.
 */
import type { AnyMachineSnapshot } from 'xstate';
import { workflowOf } from '../../workflows/index.ts';
import { canSeeClause } from '../domain/access.ts';
import { isoDay } from '../domain/dates.ts';
import { KlausulError, notFound } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { findClause } from '../db/clauses.ts';
import type { TransitionEntry } from '../db/history.ts';
import { listItemHistory, listPlacements, listReports } from '../db/items.ts';
import type { ClauseRow, Db, ItemKind, ReportRow } from '../db/schema.ts';
import { applyEvent, type EventRequest, type InstanceKind, type PersistedRow, type RequestContext } from './apply.ts';
import { presentHistory } from './clause-view.ts';
import { partiesOf } from './clauses.ts';
import { isOwnSubcontractedItem, loadClauseForItems } from './subcontractors.ts';
import type { EngineDeps } from './deps.ts';
import { ITEM_EVENT_STATES } from '../../workflows/states.ts';
import { clauseItemKind, presentItem, type ItemView } from './instances.ts';
import { type ClausePlacementRow, placementSpec } from './placements.ts';
import { getOwnPlacement, getOwnPlacementHistory, isOwnWorkplacePlacement, loadVisibleOwnPlacement, sendOwnPlacementEvent } from './programme-placements.ts';
import { reportSpec } from './reports.ts';
import { restore, type WorkflowEvent } from './runtime.ts';

export type ItemRow = ClausePlacementRow | ReportRow;

/** What differs between placements and reports when they are found, written and sent events. */
export interface ItemKindSpec<Row extends ItemRow> {
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
  resolve(row: Row, clause: ClauseRow, type: string, payload: Record<string, unknown>, today: string, db: Db): WorkflowEvent | Promise<WorkflowEvent>;
}

const specOf = (kind: ItemKind) => (kind === 'placement' ? placementSpec : reportSpec) as ItemKindSpec<ItemRow>;

/** An item and its clause, if the actor may see the clause; otherwise not_found. */
async function loadVisibleItem<Row extends ItemRow>(db: Db, spec: ItemKindSpec<Row>, actor: Actor, id: string): Promise<{ row: Row; clause: ClauseRow }> {
  const row = await spec.find(db, id);
  const clause = row && (await findClause(db, row.clause_id));
  // The clause's parties see every item; a named subcontractor only what it registered itself.
  if (row && clause && (canSeeClause(actor, partiesOf(clause)) || (await isOwnSubcontractedItem(db, actor, row)))) return { row, clause };
  throw notFound(spec.noun[0]!.toUpperCase() + spec.noun.slice(1), id);
}

/** A placement or report as applyEvent loads it: the row and its clause. */
export type LoadedItem<Row extends ItemRow = ItemRow> = { row: Row; clause: ClauseRow };

function instanceKind<Row extends ItemRow & PersistedRow>(deps: EngineDeps, spec: ItemKindSpec<Row>, id: string): InstanceKind<LoadedItem<Row>, ItemView> {
  return clauseItemKind<Row>({
    noun: spec.noun,
    load: (actor) => loadVisibleItem(deps.db, spec, actor, id),
    openStates: ITEM_EVENT_STATES,
    resolve: (row, clause, type, payload) => spec.resolve(row, clause, type, payload, isoDay(deps.clock.now()), deps.db),
    write: (db, row, next, entry) =>
      spec.write(db, row, next.snapshot.context as Record<string, unknown>, { snapshot: next.persisted, state: next.state, updated_at: entry.at }, entry),
    present: presentItem,
  });
}

/** Whether the id names a programme's own-workplace placement: those go to programme-placements.ts. */
const isOwnWorkplace = (db: Db, kind: ItemKind, id: string) => kind === 'placement' && isOwnWorkplacePlacement(db, id);

export async function sendItemEvent(deps: EngineDeps, ctx: RequestContext, kind: ItemKind, id: string, request: EventRequest) {
  if (await isOwnWorkplace(deps.db, kind, id)) return sendOwnPlacementEvent(deps, ctx, id, request);
  return applyEvent(deps, ctx, instanceKind(deps, specOf(kind), id), request);
}

/** A placement or report as applyEvent sees it, for events the engine sends itself (evidence uploads). */
export const itemInstance = (deps: EngineDeps, kind: ItemKind, id: string): InstanceKind<LoadedItem, ItemView> => instanceKind(deps, specOf(kind), id);

/** The item, if the actor may see its clause; otherwise not_found. An own-workplace placement has no clause: what needs one (evidence files) is refused. */
export async function loadItem(db: Db, actor: Actor, kind: ItemKind, id: string) {
  if (await isOwnWorkplace(db, kind, id)) {
    await loadVisibleOwnPlacement(db, actor, id);
    throw new KlausulError(
      'conflict',
      'Evidence files are not yet kept for placements in a programme member’s own workplace (issue 21); only for placements under a clause.',
    );
  }
  return loadVisibleItem(db, specOf(kind), actor, id);
}

const presentStored = (actor: Actor, clause: ClauseRow, row: ItemRow): ItemView =>
  presentItem(actor, clause, row, restore(workflowOf(row), row.snapshot) as AnyMachineSnapshot);

export async function getItem(deps: EngineDeps, actor: Actor, kind: ItemKind, id: string): Promise<ItemView> {
  if (await isOwnWorkplace(deps.db, kind, id)) return getOwnPlacement(deps, actor, id);
  const { row, clause } = await loadVisibleItem(deps.db, specOf(kind), actor, id);
  return presentStored(actor, clause, row);
}

export async function getItemHistory(deps: EngineDeps, actor: Actor, kind: ItemKind, id: string) {
  if (await isOwnWorkplace(deps.db, kind, id)) return getOwnPlacementHistory(deps, actor, id);
  await loadVisibleItem(deps.db, specOf(kind), actor, id);
  return (await listItemHistory(deps.db, id)).map(presentHistory);
}

/** The clause's placements or reports: all of them for its buyer and contractor, its own for a subcontractor. */
export async function listItems(deps: EngineDeps, actor: Actor, kind: ItemKind, clauseId: string): Promise<ItemView[]> {
  const { clause, subcontractorOrgId } = await loadClauseForItems(deps.db, actor, clauseId);
  const rows: ItemRow[] = kind === 'placement' ? await listPlacements(deps.db, clauseId) : await listReports(deps.db, clauseId);
  return rows.filter((row) => subcontractorOrgId === null || row.subcontractor_org_id === subcontractorOrgId).map((row) => presentStored(actor, clause, row));
}
