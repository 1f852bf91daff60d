/**
 * Follow-ups of participants after their placements (migration 0017): writing
 * them when a placement ends, claiming the ones that fall due, recording an
 * answer, and reading them with what names their placement. Placements are
 * joined to clauses with left joins: a programme's own-workplace placement has
 * no clause.
 */
import { type Selectable, sql } from 'kysely';
import type { FollowUpState } from '../domain/follow-ups.ts';
import type { Db, EmployabilityAnswer, FollowUpMonths, FollowUpStatus, FollowUpsTable } from './schema.ts';

export type FollowUpRow = Selectable<FollowUpsTable>;

/**
 * The matching body that follows a placement's participant: the proposing
 * matcher's organisation, else the placement's own matching body, else the
 * clause's; null when none is named.
 */
export async function followingBodyOf(db: Db, placementId: string): Promise<string | null> {
  const row = await db
    .selectFrom('placements as p')
    .leftJoin('proposals as pr', 'pr.id', 'p.proposal_id')
    .leftJoin('clauses as c', 'c.id', 'p.clause_id')
    .select(sql<string | null>`coalesce(pr.matcher_org_id, p.matching_org_id, c.matching_body_org_id)`.as('org_id'))
    .where('p.id', '=', placementId)
    .executeTakeFirst();
  return row?.org_id ?? null;
}

export interface NewFollowUp {
  id: string;
  placementId: string;
  matchingOrgId: string;
  participantRef: string;
  months: FollowUpMonths;
  dueAt: Date;
  at: Date;
}

/** Writes the follow-ups; one that exists already for its placement and checkpoint is left as it is. */
export async function insertFollowUps(db: Db, rows: NewFollowUp[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insertInto('follow_ups')
    .values(
      rows.map((r) => ({
        id: r.id,
        placement_id: r.placementId,
        matching_org_id: r.matchingOrgId,
        participant_ref: r.participantRef,
        months: r.months,
        due_at: r.dueAt,
        state: 'scheduled' as const,
        created_at: r.at,
      })),
    )
    .onConflict((oc) => oc.constraint('follow_ups_placement_months_unique').doNothing())
    .returning('id')
    .execute();
  return inserted.length;
}

/** Follow-ups whose day has come and that are still scheduled, oldest first; rows another instance holds are skipped. */
export async function claimDueFollowUps(trx: Db, now: Date, limit: number): Promise<Array<FollowUpRow & { clause_id: string | null }>> {
  return trx
    .selectFrom('follow_ups as f')
    .innerJoin('placements as p', 'p.id', 'f.placement_id')
    .selectAll('f')
    .select('p.clause_id')
    .where('f.state', '=', 'scheduled')
    .where('f.due_at', '<=', now)
    .orderBy('f.due_at')
    .orderBy('f.id')
    .limit(limit)
    .forUpdate('f')
    .skipLocked()
    .execute();
}

/** Marks claimed follow-ups due (only those still scheduled: a claim holds their lock, so that is all of them). */
export async function markFollowUpsDue(trx: Db, ids: string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const updated = await trx
    .updateTable('follow_ups')
    .set({ state: 'due', became_due_at: now })
    .where('id', 'in', ids)
    .where('state', '=', 'scheduled')
    .returning('id')
    .execute();
  return updated.length;
}

export async function countScheduledFollowUpsDue(db: Db, now: Date): Promise<number> {
  const row = await db
    .selectFrom('follow_ups')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('state', '=', 'scheduled')
    .where('due_at', '<=', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What names a placement for the matching body: its role and dates, how it ended, and the tender, buyer and supplier of its clause (if any). */
export interface PlacementNaming {
  role: string;
  site: string | null;
  start_date: string;
  end_date: string | null;
  ended_as: string | null;
  outcome: string | null;
  tender_title: string | null;
  buyer_name: string | null;
  supplier_name: string | null;
}

/** A follow-up with what names its placement, and who recorded it. */
export interface FollowUpWithPlacement extends FollowUpRow, PlacementNaming {
  recorded_by_name: string | null;
}

function followUpsWithPlacement(db: Db) {
  return db
    .selectFrom('follow_ups as f')
    .innerJoin('placements as p', 'p.id', 'f.placement_id')
    .leftJoin('clauses as c', 'c.id', 'p.clause_id')
    .leftJoin('tenders as t', 't.id', 'c.tender_id')
    .leftJoin('organisations as b', 'b.id', 'c.buyer_org_id')
    .leftJoin('organisations as s', 's.id', 'c.contractor_org_id')
    .leftJoin('users as u', 'u.id', 'f.recorded_by')
    .selectAll('f')
    .select([
      'p.role',
      'p.site',
      'p.start_date',
      'p.end_date',
      'p.ended_as',
      'p.outcome',
      't.title as tender_title',
      'b.name as buyer_name',
      's.name as supplier_name',
      'u.name as recorded_by_name',
    ]);
}

/** The matching body's follow-ups, in one state or all, in due order. */
export async function listFollowUpsOf(db: Db, orgId: string, state?: FollowUpState): Promise<FollowUpWithPlacement[]> {
  let query = followUpsWithPlacement(db).where('f.matching_org_id', '=', orgId);
  if (state) query = query.where('f.state', '=', state);
  return query.orderBy('f.due_at').orderBy('f.id').execute();
}

/** One follow-up, if it is the matching body's. */
export async function findFollowUpOf(db: Db, orgId: string, id: string): Promise<FollowUpWithPlacement | undefined> {
  return followUpsWithPlacement(db).where('f.id', '=', id).where('f.matching_org_id', '=', orgId).executeTakeFirst();
}

export interface FollowUpAnswer {
  status: FollowUpStatus;
  employability: EmployabilityAnswer | null;
  note: string | null;
  recordedBy: string;
  at: Date;
}

/** Records the answer to a due follow-up of the matching body; undefined when it is not (or no longer) due. */
export async function recordFollowUpAnswer(db: Db, orgId: string, id: string, answer: FollowUpAnswer): Promise<string | undefined> {
  const row = await db
    .updateTable('follow_ups')
    .set({
      state: 'recorded',
      status: answer.status,
      employability: answer.employability,
      note: answer.note,
      recorded_by: answer.recordedBy,
      recorded_at: answer.at,
    })
    .where('id', '=', id)
    .where('matching_org_id', '=', orgId)
    .where('state', '=', 'due')
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** A placement on a participant's path, with what names it. */
export interface PathPlacementRow extends PlacementNaming {
  id: string;
  clause_id: string | null;
  state: string;
  target_group: string;
  planned_end_date: string;
}

/**
 * The placements of a pseudonymous reference that the matching body knows:
 * made from its proposals, given to it to follow, under clauses it is the
 * matching body of, or that it has follow-ups of. Oldest first.
 */
export async function placementsKnownTo(db: Db, orgId: string, participantRef: string): Promise<PathPlacementRow[]> {
  const { rows } = await sql<PathPlacementRow>`
    select p.id, p.clause_id, p.state, p.role, p.site, p.target_group, p.start_date, p.planned_end_date, p.end_date, p.ended_as, p.outcome,
           t.title as tender_title, b.name as buyer_name, s.name as supplier_name
    from placements p
    left join clauses c on c.id = p.clause_id
    left join tenders t on t.id = c.tender_id
    left join organisations b on b.id = c.buyer_org_id
    left join organisations s on s.id = c.contractor_org_id
    where p.participant_ref = ${participantRef}
      and (p.matching_org_id = ${orgId}
        or c.matching_body_org_id = ${orgId}
        or exists (select 1 from proposals pr where pr.id = p.proposal_id and pr.matcher_org_id = ${orgId})
        or exists (select 1 from follow_ups f where f.placement_id = p.id and f.matching_org_id = ${orgId}))
    order by p.start_date, coalesce(p.end_date, p.planned_end_date), p.id`.execute(db);
  return rows;
}

/** The follow-ups of these placements that the matching body keeps. */
export async function followUpsOfPlacements(db: Db, orgId: string, placementIds: string[]): Promise<FollowUpWithPlacement[]> {
  if (placementIds.length === 0) return [];
  return followUpsWithPlacement(db).where('f.matching_org_id', '=', orgId).where('f.placement_id', 'in', placementIds).orderBy('f.due_at').execute();
}

/** An erasure's part: the follow-ups of the placements lose the participant's reference and the note about them. */
export async function blankFollowUpsOf(trx: Db, placementIds: readonly string[]): Promise<number> {
  if (placementIds.length === 0) return 0;
  const blanked = await trx
    .updateTable('follow_ups')
    .set({ participant_ref: null, note: null })
    .where('placement_id', 'in', [...placementIds])
    .where((eb) => eb.or([eb('participant_ref', 'is not', null), eb('note', 'is not', null)]))
    .returning('id')
    .execute();
  return blanked.length;
}
