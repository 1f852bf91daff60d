/**
 * Placements in a programme member's own workplace, outside any contract
 * (issue 21, item 2): the same placement statechart, history, verification
 * and outcomes as under a clause, with a host organisation and a matching
 * body that follows the participant instead of a clause. Registered with
 * POST /programmes/{id}/placements; read and moved through the placements'
 * own routes (src/engine/items.ts hands them here). Who acts on them:
 * src/domain/programmes.ts. They make no clause notices (the outbox is a
 * clause's) and move no clause's progress.
 */
import { randomUUID } from 'node:crypto';
import type { AnyMachineSnapshot } from 'xstate';
import { z } from 'zod';
import { latestWorkflow, workflowOf } from '../../workflows/index.ts';
import { placementInput } from '../../workflows/placement.ts';
import { isoDay } from '../domain/dates.ts';
import { KlausulError, notFound, validationError, type ValidationIssue } from '../domain/errors.ts';
import { canSeeOwnPlacement, mayActOnOwnPlacement, mayRegisterOwnPlacement, type OwnPlacementParties } from '../domain/programmes.ts';
import type { Actor } from '../domain/roles.ts';
import { findPlacement, listItemHistory } from '../db/items.ts';
import { findProgramme, listMembers } from '../db/programmes.ts';
import type { Db, PlacementRow } from '../db/schema.ts';
import { applyEvent, clientEvents, type EventRequest, type InstanceKind, type RequestContext } from './apply.ts';
import { presentHistory } from './clause-view.ts';
import { acceptInput } from './command.ts';
import { createInstance } from './create.ts';
import type { EngineDeps } from './deps.ts';
import type { ItemView } from './instances.ts';
import { placementColumns, resolvePlacementEvent, writePlacement } from './placements.ts';
import { loadVisibleProgramme } from './programmes.ts';
import { canSend, restore, type WorkflowEvent } from './runtime.ts';

/** A clause placement's fields, and where: the host (a member buyer or matching body), who follows up, and whether it breaks a gender pattern. */
export const ownPlacementInput = placementInput.safeExtend({
  hostOrgId: z.string().trim().min(1, 'the id of the member organisation whose workplace it is').max(100),
  matchingOrgId: z.string().trim().min(1, 'the id of the member matching body that follows the participant afterwards').max(100),
  breaksGenderPattern: z.boolean().default(false),
});

export interface LoadedOwnPlacement {
  row: PlacementRow;
  parties: OwnPlacementParties;
}

async function partiesOf(db: Db, row: PlacementRow): Promise<OwnPlacementParties> {
  const programme = (await findProgramme(db, row.programme_id!))!;
  const members = await listMembers(db, programme.id);
  return {
    hostOrgId: row.host_org_id!,
    hostKind: members.find((m) => m.orgId === row.host_org_id)?.kind ?? 'buyer',
    matchingOrgId: row.matching_org_id!,
    ownerOrgId: programme.owner_org_id,
    memberBuyerOrgIds: members.filter((m) => m.kind === 'buyer').map((m) => m.orgId),
  };
}

/** Whether the placement is a programme's own-workplace placement (it has no clause). */
export async function isOwnWorkplacePlacement(db: Db, id: string): Promise<boolean> {
  const row = await findPlacement(db, id);
  return row !== undefined && row.clause_id === null;
}

/** The own-workplace placement, if the actor may see it; otherwise not_found. */
export async function loadVisibleOwnPlacement(db: Db, actor: Actor, id: string): Promise<LoadedOwnPlacement> {
  const row = await findPlacement(db, id);
  if (!row || row.clause_id !== null) throw notFound('Placement', id);
  const parties = await partiesOf(db, row);
  if (!canSeeOwnPlacement(actor, parties)) throw notFound('Placement', id);
  return { row, parties };
}

export function presentOwnPlacement(actor: Actor, { row, parties }: LoadedOwnPlacement, snapshot: AnyMachineSnapshot): ItemView {
  const workflow = workflowOf(row);
  const allowedEvents = clientEvents(workflow)
    .filter(([type, def]) => !def.replacedBy && def.roles.some((role) => mayActOnOwnPlacement(actor, role, parties)) && canSend(snapshot, { type }))
    .map(([type]) => type);
  return {
    id: row.id,
    // No clause: the API documents it as null (OwnWorkplacePlacement); ItemView's type is the clause placements' the pages use.
    clauseId: null as unknown as string,
    programmeId: row.programme_id,
    hostOrgId: row.host_org_id,
    matchingOrgId: row.matching_org_id,
    breaksGenderPattern: row.breaks_gender_pattern === true,
    ...(snapshot.context as Record<string, unknown>),
    state: row.state,
    final: snapshot.status === 'done',
    version: row.version,
    workflowVersion: row.workflow_version,
    allowedEvents,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const stored = (row: PlacementRow) => restore(workflowOf(row), row.snapshot) as AnyMachineSnapshot;

/** applyEvent's view of an own-workplace placement. */
function ownPlacementKind(deps: EngineDeps, id: string): InstanceKind<LoadedOwnPlacement, ItemView> {
  return {
    noun: 'placement',
    loadVisible: (actor) => loadVisibleOwnPlacement(deps.db, actor, id),
    workflowOf: ({ row }) => workflowOf(row),
    // No clause's parties hold its roles: maySend decides.
    parties: ({ parties }) => ({ buyerOrgId: parties.hostOrgId, contractorOrgId: null }),
    maySend: ({ parties }, actor, definition) => definition.roles.some((role) => mayActOnOwnPlacement(actor, role, parties)),
    resolve: async ({ row }, _snapshot, type, payload): Promise<WorkflowEvent> => resolvePlacementEvent(row, type, payload, isoDay(deps.clock.now())),
    concerned: () => [],
    write: async (db, loaded, next, entry) => {
      const written = await writePlacement(
        db,
        loaded.row,
        next.snapshot.context as Record<string, unknown>,
        { snapshot: next.persisted, state: next.state, updated_at: entry.at },
        entry,
      );
      return written && { row: written, parties: loaded.parties };
    },
    view: presentOwnPlacement,
    invalidTransition: async (actor, loaded, snapshot, type) =>
      new KlausulError('invalid_transition', `${type} is not possible while the placement is ${loaded.row.state}.`, {
        state: loaded.row.state,
        allowedEvents: presentOwnPlacement(actor, loaded, snapshot).allowedEvents,
      }),
  };
}

export const sendOwnPlacementEvent = (deps: EngineDeps, ctx: RequestContext, id: string, request: EventRequest) =>
  applyEvent(deps, ctx, ownPlacementKind(deps, id), request);

export async function getOwnPlacement(deps: EngineDeps, actor: Actor, id: string): Promise<ItemView> {
  const loaded = await loadVisibleOwnPlacement(deps.db, actor, id);
  return presentOwnPlacement(actor, loaded, stored(loaded.row));
}

export async function getOwnPlacementHistory(deps: EngineDeps, actor: Actor, id: string) {
  await loadVisibleOwnPlacement(deps.db, actor, id);
  return (await listItemHistory(deps.db, id)).map(presentHistory);
}

/** The own-workplace placements of the programme the actor may see (its host's, its matching body's, or all for the owner). */
export async function listOwnPlacements(deps: EngineDeps, actor: Actor, programmeId: string): Promise<ItemView[]> {
  await loadVisibleProgramme(deps.db, actor, programmeId);
  const rows = await deps.db
    .selectFrom('placements')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .orderBy('start_date')
    .orderBy('participant_ref')
    .execute();
  const views: ItemView[] = [];
  for (const row of rows) {
    const parties = await partiesOf(deps.db, row);
    if (canSeeOwnPlacement(actor, parties)) views.push(presentOwnPlacement(actor, { row, parties }, stored(row)));
  }
  return views;
}

/** Registers a placement in a member's own workplace. */
export async function registerOwnPlacement(deps: EngineDeps, ctx: RequestContext, programmeId: string, raw: unknown) {
  const { actor } = ctx;
  const programme = await loadVisibleProgramme(deps.db, actor, programmeId);
  const hostOrgId = typeof (raw as { hostOrgId?: unknown })?.hostOrgId === 'string' ? (raw as { hostOrgId: string }).hostOrgId.trim() : '';
  if (!mayRegisterOwnPlacement(actor, hostOrgId, programme.owner_org_id)) {
    throw new KlausulError(
      'forbidden',
      `An own-workplace placement is registered by the host organisation's or the programme owner's officer or matcher; you are signed in as ${actor.role}.`,
      { requiredRole: 'officer or matcher' },
    );
  }
  const input = acceptInput(ownPlacementInput, raw, 'placement');
  const members = await listMembers(deps.db, programmeId);
  const kindOf = (orgId: string) => members.find((m) => m.orgId === orgId)?.kind;
  const issues: ValidationIssue[] = [];
  if (kindOf(input.hostOrgId) !== 'buyer' && kindOf(input.hostOrgId) !== 'matching_body') {
    issues.push({ path: 'hostOrgId', message: 'send the id of a member buyer or matching body (municipality) of the programme' });
  }
  if (kindOf(input.matchingOrgId) !== 'matching_body') {
    issues.push({ path: 'matchingOrgId', message: 'send the id of a member matching body of the programme; add it as a member first' });
  }
  if (input.startDate < programme.start_date || input.startDate > programme.end_date) {
    issues.push({ path: 'startDate', message: `send a start date within the programme, ${programme.start_date} to ${programme.end_date}` });
  }
  if (issues.length > 0) throw validationError('The placement is not valid', issues);
  const { hostOrgId: host, matchingOrgId, breaksGenderPattern, ...placement } = input;
  const id = randomUUID();
  return createInstance(deps, ctx, {
    subject: 'placement',
    workflow: deps.placementWorkflow ?? latestWorkflow('placement'),
    clauseId: null,
    concerns: [],
    progress: 'none',
    instances: [
      {
        id,
        input: placement,
        payload: { input: placement, programmeId, hostOrgId: host, matchingOrgId, breaksGenderPattern },
        columns: () => ({
          ...placementColumns(null, placement),
          programme_id: programmeId,
          host_org_id: host,
          matching_org_id: matchingOrgId,
          breaks_gender_pattern: breaksGenderPattern,
        }),
      },
    ],
    answer: ([created]) => {
      const row = { ...created!.row, snapshot: created!.row.snapshot } as unknown as PlacementRow;
      const parties: OwnPlacementParties = {
        hostOrgId: host,
        hostKind: kindOf(host)!,
        matchingOrgId,
        ownerOrgId: programme.owner_org_id,
        memberBuyerOrgIds: members.filter((m) => m.kind === 'buyer').map((m) => m.orgId),
      };
      return presentOwnPlacement(actor, { row, parties }, created!.step.snapshot);
    },
  });
}
