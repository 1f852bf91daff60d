/** Openings, proposals, the candidate pool and programme targets (issue 7). */
import { EXCLUDED_PLACEMENT_STATES, ONGOING_PLACEMENT_STATES } from '../../workflows/states.ts';
import { sql, type Expression, type ExpressionBuilder, type Insertable } from 'kysely';
import { PLACEMENT_OUTCOMES, type OutcomeCounts } from '../domain/matching.ts';
import { servedOrSeenBy } from './clauses.ts';
import { matchesFilter, type PortfolioFilter } from './progress.ts';
import type { TransitionEntry } from './history.ts';
import { updateWithHistory } from './history.ts';
import { json, type CandidateRow, type CandidatesTable, type Database, type Db, type OpeningRow, type OutcomeTargetsRow, type ProposalRow } from './schema.ts';

export async function findOpening(db: Db, id: string): Promise<OpeningRow | undefined> {
  return db.selectFrom('openings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The opening, locked until the transaction ends: one accepted proposal fills it. */
export async function lockOpening(db: Db, id: string): Promise<OpeningRow | undefined> {
  return db.selectFrom('openings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Openings in order of start, of one clause or of every clause the
 * organisation takes part in: as buyer, as awarded supplier or as the clause's
 * matching body.
 */
export async function listOpenings(db: Db, filter: { clauseId?: string; visibleToOrgId?: string; states?: readonly string[] }): Promise<OpeningRow[]> {
  let query = db.selectFrom('openings').selectAll('openings');
  if (filter.clauseId) query = query.where('openings.clause_id', '=', filter.clauseId);
  if (filter.states) query = query.where('openings.state', 'in', filter.states);
  if (filter.visibleToOrgId) query = query.innerJoin('clauses as c', 'c.id', 'openings.clause_id').where(servedOrSeenBy(filter.visibleToOrgId));
  return query.orderBy('openings.start_date').orderBy('openings.created_at').orderBy('openings.id').execute();
}

/** Optimistic write of an opening or a proposal with its history row; undefined when it moved on since it was read. */
export async function updateMatchingIfVersion<Row extends OpeningRow | ProposalRow>(
  db: Db,
  table: 'openings' | 'proposals',
  row: Row,
  change: { snapshot: Record<string, unknown>; state: string; updated_at: Date; placement_id?: string | null },
  entry: TransitionEntry,
): Promise<Row | undefined> {
  const set = { ...change, snapshot: json(change.snapshot) };
  const itemKind = table === 'openings' ? 'opening' : 'proposal';
  return updateWithHistory<Row>(db, table, row.id, row.version, set, { table: 'item_history', itemKind }, entry);
}

/** A proposal as read: with how its placement stands once accepted, so the matching body follows what became of its candidate. */
export type ProposalWithPlacement = ProposalRow & {
  opening_state: string;
  placement_state: string | null;
  placement_end_date: string | null;
  placement_outcome: string | null;
};

/** Proposals with their opening's state (only an open opening can be filled) and, once accepted, their placement's. */
const proposalsWithPlacement = (db: Db) =>
  db
    .selectFrom('proposals as pr')
    .innerJoin('openings as op', 'op.id', 'pr.opening_id')
    .leftJoin('placements as pl', 'pl.id', 'pr.placement_id')
    .selectAll('pr')
    .select(['op.state as opening_state', 'pl.state as placement_state', 'pl.end_date as placement_end_date', 'pl.outcome as placement_outcome']);

export async function findProposal(db: Db, id: string): Promise<ProposalWithPlacement | undefined> {
  return proposalsWithPlacement(db).where('pr.id', '=', id).executeTakeFirst();
}

/** An opening's proposals, oldest first; a matching body's own only, when given. */
export async function listProposals(db: Db, openingId: string, matcherOrgId?: string): Promise<ProposalWithPlacement[]> {
  let query = proposalsWithPlacement(db).where('pr.opening_id', '=', openingId);
  if (matcherOrgId) query = query.where('pr.matcher_org_id', '=', matcherOrgId);
  return query.orderBy('pr.created_at').orderBy('pr.id').execute();
}

export async function proposalExists(db: Db, openingId: string, candidateRef: string): Promise<boolean> {
  const row = await db.selectFrom('proposals').select('id').where('opening_id', '=', openingId).where('candidate_ref', '=', candidateRef).executeTakeFirst();
  return row !== undefined;
}

export async function insertCandidate(db: Db, row: Insertable<CandidatesTable>): Promise<CandidateRow> {
  return db.insertInto('candidates').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * A candidate is placed while a placement that came through one of its
 * matching body's proposals is registered or running; once it has ended the
 * candidate can be matched again (e.g. to a further placement).
 */
const ONGOING = ONGOING_PLACEMENT_STATES;
/** The ongoing placements of a candidate, named by its matching body and reference: values, or columns of an outer query. */
const ongoingPlacementsOf = (db: Db, orgId: string | Expression<string>, candidateRef: string | Expression<string>) =>
  db
    .selectFrom('proposals as pr')
    .innerJoin('placements as pl', 'pl.id', 'pr.placement_id')
    .select('pl.id')
    .where('pr.matcher_org_id', '=', orgId)
    .where('pr.candidate_ref', '=', candidateRef)
    .where('pl.state', 'in', ONGOING);

export async function findCandidateByRef(db: Db, orgId: string, candidateRef: string): Promise<CandidateRow | undefined> {
  return db.selectFrom('candidates').selectAll().where('org_id', '=', orgId).where('candidate_ref', '=', candidateRef).executeTakeFirst();
}

/** The pool's entry for a candidate, locked until the transaction ends (one placement at a time). */
export async function lockCandidate(db: Db, orgId: string, candidateRef: string): Promise<CandidateRow | undefined> {
  return db.selectFrom('candidates').selectAll().where('org_id', '=', orgId).where('candidate_ref', '=', candidateRef).forUpdate().executeTakeFirst();
}

/** The ongoing placement the matching body's candidate is in, if any. */
export async function ongoingPlacement(db: Db, orgId: string, candidateRef: string): Promise<string | undefined> {
  return (await ongoingPlacementsOf(db, orgId, candidateRef).limit(1).executeTakeFirst())?.id;
}

export type CandidateWithStatus = CandidateRow & { placed: boolean };

/** The matching body's pool with whether each is placed now; only those not placed when `available` is set. */
export async function listCandidates(db: Db, orgId: string, filter: { available?: boolean } = {}): Promise<CandidateWithStatus[]> {
  const placed = (eb: ExpressionBuilder<Database, 'candidates'>) =>
    eb.exists(ongoingPlacementsOf(db, eb.ref('candidates.org_id'), eb.ref('candidates.candidate_ref')));
  let query = db
    .selectFrom('candidates')
    .selectAll('candidates')
    .select((eb) => placed(eb).as('placed'))
    .where('org_id', '=', orgId);
  if (filter.available) query = query.where((eb) => eb.not(placed(eb)));
  const rows = await query.orderBy('available_from').orderBy('candidate_ref').execute();
  return rows.map((row) => ({ ...row, placed: Boolean(row.placed) }));
}

/** Records the candidate's latest placement. */
export async function recordCandidatePlacement(db: Db, id: string, placementId: string, at: Date): Promise<void> {
  await db.updateTable('candidates').set({ placement_id: placementId, updated_at: at }).where('id', '=', id).execute();
}

export async function upsertOutcomeTargets(
  db: Db,
  row: { org_id: string; studies_pct: number; placement_pct: number; employment_pct: number; set_by: string; set_at: Date },
): Promise<OutcomeTargetsRow> {
  return db
    .insertInto('outcome_targets')
    .values(row)
    .onConflict((oc) =>
      oc.column('org_id').doUpdateSet({
        studies_pct: row.studies_pct,
        placement_pct: row.placement_pct,
        employment_pct: row.employment_pct,
        set_by: row.set_by,
        set_at: row.set_at,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findOutcomeTargets(db: Db, orgId: string): Promise<OutcomeTargetsRow | undefined> {
  return db.selectFrom('outcome_targets').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

/**
 * Placements (rejected ones left out) of the clauses an organisation takes
 * part in (as buyer, supplier or matching body) that pass the filter: how many
 * ended with each outcome, and how many came through an opening that breaks a
 * gender-stereotyped pattern. Summed by PostgreSQL.
 */
export async function outcomeCounts(db: Db, orgId: string, filter: PortfolioFilter & { clauseId?: string }): Promise<OutcomeCounts> {
  const ended = sql`p.ended_as is not null`;
  const known = sql.join(PLACEMENT_OUTCOMES.map((o) => sql.lit(o)));
  const counted = (outcome: string) => sql<string>`count(*) filter (where ${ended} and p.outcome = ${outcome})`.as(outcome);
  const row = await db
    .selectFrom('placements as p')
    .innerJoin('clauses as c', 'c.id', 'p.clause_id')
    .leftJoin('openings as o', 'o.id', 'p.opening_id')
    .select([
      sql<string>`count(*)`.as('placements'),
      sql<string>`count(*) filter (where ${ended})`.as('ended'),
      ...PLACEMENT_OUTCOMES.map(counted),
      sql<string>`count(*) filter (where ${ended} and (p.outcome is null or p.outcome not in (${known})))`.as('unrecorded'),
      sql<string>`count(*) filter (where o.breaks_gender_pattern)`.as('breaksGenderPattern'),
    ])
    .where('p.state', 'not in', EXCLUDED_PLACEMENT_STATES)
    .where(servedOrSeenBy(orgId))
    .where(matchesFilter(filter))
    .$if(filter.clauseId !== undefined, (q) => q.where('c.id', '=', filter.clauseId!))
    .executeTakeFirstOrThrow();
  const n = (key: string) => Number((row as Record<string, unknown>)[key]);
  return {
    placements: n('placements'),
    ended: n('ended'),
    byOutcome: {
      employment: n('employment'),
      studies: n('studies'),
      furtherPlacement: n('furtherPlacement'),
      other: n('other'),
      none: n('none'),
      unrecorded: n('unrecorded'),
    },
    breaksGenderPattern: n('breaksGenderPattern'),
  };
}

export async function listInstanceIds(db: Db, table: 'openings' | 'proposals'): Promise<string[]> {
  const rows = await db.selectFrom(table).select('id').orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}
