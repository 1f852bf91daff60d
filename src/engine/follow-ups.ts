/**
 * A participant's path (issue 21, item 3): when a placement ends after it
 * started, follow-ups are scheduled 1, 6 and 12 months on for the matching
 * body that follows the participant, in the transaction of the ending. A
 * poller makes them due once the clock passes their day (once, whichever
 * instance claims them), and the matching body's matcher records what the
 * participant does then. The matching body alone sees the follow-ups and the
 * participant's placements across clauses, suppliers and years.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { KlausulError, notFound } from '../domain/errors.ts';
import { endingIsFollowedUp, followUpDueDates, type FollowUpState, recordFollowUpInput } from '../domain/follow-ups.ts';
import type { Actor } from '../domain/roles.ts';
import {
  claimDueFollowUps,
  findFollowUpOf,
  type FollowUpRow,
  type FollowUpWithPlacement,
  type PlacementNaming,
  followUpsOfPlacements,
  followingBodyOf,
  insertFollowUps,
  listFollowUpsOf,
  markFollowUpsDue,
  placementsKnownTo,
  recordFollowUpAnswer,
} from '../db/follow-ups.ts';
import { insertOutbox } from '../db/outbox.ts';
import type { Db, PlacementRow } from '../db/schema.ts';
import type { RequestContext } from './apply.ts';
import { acceptInput } from './command.ts';
import type { EngineDeps } from './deps.ts';
import { type Answer, idempotent } from './idempotency.ts';
import { loggingLoop, type WorkLoops } from './work-loop.ts';

/** The webhook event type of a follow-up falling due. */
export const FOLLOW_UP_DUE_EVENT = 'followUp.due';

/**
 * Writes a placement's transition and, when it ends the placement after it
 * started, the follow-ups of its participant: in one transaction (the one the
 * event runs in, or one opened here).
 */
export async function writeEndingWithFollowUps(
  db: Db,
  before: PlacementRow,
  endedAs: string | null,
  at: Date,
  write: (db: Db) => Promise<PlacementRow | undefined>,
): Promise<PlacementRow | undefined> {
  if (!endingIsFollowedUp(before.state, endedAs)) return write(db);
  const withFollowUps = async (trx: Db) => {
    const updated = await write(trx);
    if (updated) await scheduleFollowUps(trx, updated, at);
    return updated;
  };
  return db.isTransaction ? withFollowUps(db) : db.transaction().execute(withFollowUps);
}

/** The three follow-ups of an ended placement, for the matching body that follows its participant; none when no body is named. */
async function scheduleFollowUps(trx: Db, placement: PlacementRow, at: Date): Promise<void> {
  if (!placement.end_date) return;
  const matchingOrgId = await followingBodyOf(trx, placement.id);
  if (!matchingOrgId) return;
  await insertFollowUps(
    trx,
    followUpDueDates(placement.end_date).map(({ months, dueAt }) => ({
      id: randomUUID(),
      placementId: placement.id,
      matchingOrgId,
      participantRef: placement.participant_ref,
      months,
      dueAt,
      at,
    })),
  );
}

export interface FollowUpHooks {
  /** Called inside the transaction after the follow-ups were marked due, before the commit (tests stop a process here). */
  beforeCommit?(followUps: FollowUpRow[]): Promise<void>;
}

/**
 * Claims up to `limit` follow-ups whose day has come and makes them due, in
 * one transaction: each becomes due once, whichever instance claims it. A
 * follow-up of a clause's placement is announced to its matching body as the
 * webhook event `followUp.due`; the outbox is bound to clauses, so one of a
 * placement without a clause is not announced (GET /follow-ups?state=due finds it).
 */
export async function makeDueFollowUps(deps: EngineDeps, limit: number, hooks: FollowUpHooks = {}): Promise<FollowUpRow[]> {
  return deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    const claimed = await claimDueFollowUps(trx, now, limit);
    await markFollowUpsDue(
      trx,
      claimed.map((f) => f.id),
      now,
    );
    for (const followUp of claimed) {
      if (!followUp.clause_id) continue;
      await insertOutbox(trx, {
        clauseId: followUp.clause_id,
        orgIds: [followUp.matching_org_id],
        type: FOLLOW_UP_DUE_EVENT,
        payload: {
          subject: { kind: 'followUp', id: followUp.id },
          followUpId: followUp.id,
          placementId: followUp.placement_id,
          months: followUp.months,
          dueAt: followUp.due_at.toISOString(),
          becameDueAt: now.toISOString(),
        },
        at: now,
      });
    }
    if (claimed.length > 0) await hooks.beforeCommit?.(claimed);
    return claimed;
  });
}

/** Makes follow-ups due as their days come, until stopped; `madeDue` counts those this instance made due. */
export class FollowUpPoller {
  private readonly loops: WorkLoops;
  madeDue = 0;

  constructor(deps: EngineDeps, options: { intervalMs: number; batchSize?: number; logger?: Logger | undefined; hooks?: FollowUpHooks }) {
    this.loops = loggingLoop(
      async () => {
        const due = await makeDueFollowUps(deps, options.batchSize ?? 50, options.hooks);
        this.madeDue += due.length;
        for (const f of due) options.logger?.info({ followUpId: f.id, months: f.months }, 'follow-up due');
        return due.length > 0;
      },
      { intervalMs: options.intervalMs, logger: options.logger, failure: 'making follow-ups due failed; they stay scheduled' },
    );
  }

  start(): void {
    this.loops.start();
  }

  stop(): Promise<void> {
    return this.loops.stop();
  }
}

/** Follow-ups and paths are the matching body's, kept by its matchers. */
function requireFollowingMatcher(actor: Actor): void {
  if (actor.role !== 'matcher' || actor.orgKind !== 'matching_body') {
    throw new KlausulError('forbidden', `Follow-ups are kept by the matching body (role matcher); you are signed in as ${actor.role}.`, {
      requiredRole: 'matcher',
    });
  }
}

/** What names a placement for the matching body. */
export interface PlacementFacts {
  role: string;
  site: string | null;
  startDate: string;
  endDate: string | null;
  endedAs: string | null;
  outcome: string | null;
  tenderTitle: string | null;
  buyerName: string | null;
  supplierName: string | null;
}

const placementFacts = (row: PlacementNaming): PlacementFacts => ({
  role: row.role,
  site: row.site,
  startDate: row.start_date,
  endDate: row.end_date,
  endedAs: row.ended_as,
  outcome: row.outcome,
  tenderTitle: row.tender_title,
  buyerName: row.buyer_name,
  supplierName: row.supplier_name,
});

export interface FollowUpView {
  id: string;
  placementId: string;
  participantRef: string | null;
  months: number;
  state: FollowUpState;
  dueAt: string;
  becameDueAt: string | null;
  status: string | null;
  employability: string | null;
  note: string | null;
  recordedAt: string | null;
  recordedBy: { userId: string; name: string | null } | null;
  placement: PlacementFacts;
  /** What the caller may send now: RECORD while it is due. */
  allowedEvents: string[];
}

const present = (row: FollowUpWithPlacement): FollowUpView => ({
  id: row.id,
  placementId: row.placement_id,
  participantRef: row.participant_ref,
  months: row.months,
  state: row.state,
  dueAt: row.due_at.toISOString(),
  becameDueAt: row.became_due_at?.toISOString() ?? null,
  status: row.status,
  employability: row.employability,
  note: row.note,
  recordedAt: row.recorded_at?.toISOString() ?? null,
  recordedBy: row.recorded_by ? { userId: row.recorded_by, name: row.recorded_by_name } : null,
  placement: placementFacts(row),
  allowedEvents: row.state === 'due' ? ['RECORD'] : [],
});

export async function listFollowUps(deps: EngineDeps, actor: Actor, state?: FollowUpState): Promise<FollowUpView[]> {
  requireFollowingMatcher(actor);
  return (await listFollowUpsOf(deps.db, actor.orgId, state)).map(present);
}

async function loadFollowUp(db: Db, actor: Actor, id: string): Promise<FollowUpWithPlacement> {
  requireFollowingMatcher(actor);
  const row = await findFollowUpOf(db, actor.orgId, id);
  if (!row) throw notFound('Follow-up', id);
  return row;
}

export async function getFollowUp(deps: EngineDeps, actor: Actor, id: string): Promise<FollowUpView> {
  return present(await loadFollowUp(deps.db, actor, id));
}

function notRecordable(row: FollowUpWithPlacement): KlausulError {
  const message =
    row.state === 'scheduled'
      ? `The ${row.months}-month follow-up is not due until ${row.due_at.toISOString().slice(0, 10)}; record it once it is due.`
      : `The ${row.months}-month follow-up was recorded on ${row.recorded_at?.toISOString().slice(0, 10)}; it is recorded once.`;
  return new KlausulError('invalid_transition', message, { allowedEvents: [], state: row.state });
}

/**
 * Records what the participant does at a due follow-up (RECORD { status,
 * employability?, note? }), once, by a matcher of the following body; who and
 * when are kept with it.
 */
export async function recordFollowUp(deps: EngineDeps, ctx: RequestContext, id: string, body: unknown): Promise<Answer<FollowUpView> & { replayed: boolean }> {
  const { actor } = ctx;
  await loadFollowUp(deps.db, actor, id);
  const input = acceptInput(recordFollowUpInput, body, 'RECORD event');
  // Judged inside: a retry of a recording that succeeded is answered as the first time, not refused as recorded.
  return idempotent(deps, actor.userId, ctx.idempotency, async (remember) =>
    deps.db.transaction().execute(async (trx) => {
      const recorded = await recordFollowUpAnswer(trx, actor.orgId, id, {
        status: input.status,
        employability: input.employability ?? null,
        note: input.note ? input.note : null,
        recordedBy: actor.userId,
        at: deps.clock.now(),
      });
      // Not due yet, or recorded already (perhaps a moment ago by someone else).
      if (!recorded) throw notRecordable((await findFollowUpOf(trx, actor.orgId, id))!);
      const answer = { status: 200, body: present((await findFollowUpOf(trx, actor.orgId, id))!) };
      await remember(trx, answer);
      return answer;
    }),
  );
}

export interface ParticipantPath {
  participantRef: string;
  placements: Array<PlacementFacts & { id: string; state: string; targetGroup: string; plannedEndDate: string; followUps: FollowUpView[] }>;
}

/**
 * Every placement of the reference that the caller's matching body knows, with
 * its follow-ups. Anyone else, and a reference the body knows no placement of,
 * is answered not_found: whether a reference exists is not told.
 */
export async function getParticipantPath(deps: EngineDeps, actor: Actor, participantRef: string): Promise<ParticipantPath> {
  const ref = participantRef.trim();
  const visible = actor.role === 'matcher' && actor.orgKind === 'matching_body';
  const placements = visible && ref ? await placementsKnownTo(deps.db, actor.orgId, ref) : [];
  if (placements.length === 0) throw notFound('Participant', participantRef);
  const followUps = (
    await followUpsOfPlacements(
      deps.db,
      actor.orgId,
      placements.map((p) => p.id),
    )
  ).map(present);
  return {
    participantRef: ref,
    placements: placements.map((p) => ({
      id: p.id,
      state: p.state,
      targetGroup: p.target_group,
      plannedEndDate: p.planned_end_date,
      ...placementFacts(p),
      followUps: followUps.filter((f) => f.placementId === p.id),
    })),
  };
}
