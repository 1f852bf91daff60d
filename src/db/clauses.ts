import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import type { PlacementFacts, ReportFacts } from '../domain/measure.ts';
import type { OfferFacts } from '../domain/offers.ts';
import { deadlineFromJson, updateWithHistory, type DeadlinesAfter, type TransitionEntry } from './history.ts';
import { json, type ClauseRow, type Database, type DeadlineRow, type Db, type HistoryRow } from './schema.ts';
import { compiledOnce } from './prepared.ts';

export async function findClause(db: Db, id: string): Promise<ClauseRow | undefined> {
  return db.selectFrom('clauses').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What measurement reads of a clause's placements, reports and offers of employment: no snapshots, no participant data. */
export interface DeliveryFacts {
  placements: PlacementFacts[];
  reports: ReportFacts[];
  offers: OfferFacts[];
}

export interface ClauseWithFacts {
  row: ClauseRow;
  facts: DeliveryFacts;
  /**
   * The mark of the facts as read (migration 0027): the same mark, the same
   * facts. '0' for a clause that never had any.
   */
  factsMark: string;
  /** The clause's deadlines in due order: scheduled, fired and cancelled when it is read to be shown; an event's read leaves the cancelled ones out. */
  deadlines: DeadlineRow[];
  /** Read to be shown: its requests for plan changes and its remedy plans, from its history, oldest first. */
  rounds?: ClauseRounds;
}

/** The lists that grow with a clause's plan and remedy rounds: kept in its history, not its snapshot (workflow version 4 on). */
export interface ClauseRounds {
  planChangeRequests: string[];
  remedyPlans: Record<string, unknown>[];
}

/**
 * What a clause is read for. To be shown: every deadline and the rounds from
 * its history. For an event: only what the event and its answer need, so
 * that what grows with the clause's life (the cancelled deadline of every
 * plan round, the rounds themselves) is not read with each event.
 */
export type ClauseRead = 'shown' | 'event';

/** The columns measurement reads of each placement and report, and the fact each becomes. */
const PLACEMENT_FACTS = [
  ['target_group', 'targetGroup'],
  ['state', 'state'],
  ['ended_as', 'endedAs'],
  ['end_reason_code', 'endReasonCode'],
  ['start_date', 'startDate'],
  ['planned_end_date', 'plannedEndDate'],
  ['end_date', 'endDate'],
  ['fte', 'fte'],
  ['hours_per_week', 'hoursPerWeek'],
  ['subcontractor_org_id', 'subcontractorOrgId'],
] as const;
const REPORT_FACTS = [
  ['state', 'state'],
  ['period_start', 'periodStart'],
  ['period_end', 'periodEnd'],
  ['total_labour_hours', 'totalLabourHours'],
  ['local_labour_hours', 'localLabourHours'],
  ['disadvantaged_labour_hours', 'disadvantagedLabourHours'],
  ['apprentice_hours', 'apprenticeHours'],
  ['training_hours', 'trainingHours'],
  ['subcontractor_org_id', 'subcontractorOrgId'],
] as const;

const OFFER_FACTS = [
  ['state', 'state'],
  ['offered_date', 'offeredDate'],
] as const;

type FactColumns = typeof PLACEMENT_FACTS | typeof REPORT_FACTS | typeof OFFER_FACTS;

/**
 * A clause's placements or reports as one JSON array of arrays, read in the
 * same statement as the clause row. Arrays rather than objects: for 10,000
 * placements that halves what PostgreSQL builds and Node parses.
 */
const factsOf = (table: 'placements' | 'reports' | 'offers', columns: FactColumns) =>
  sql<unknown[][]>`(select coalesce(json_agg(json_build_array(${sql.join(columns.map(([column]) => sql.ref(`${table}.${column}`)))})), '[]')
    from ${sql.table(table)} where ${sql.ref(`${table}.clause_id`)} = ${sql.ref('clauses.id')})`;

/** The clause's deadline rows, read with it; timestamps arrive as JSON text. An event's read takes those not cancelled (index deadlines_current_idx). */
const deadlinesOf = (read: ClauseRead) =>
  read === 'shown'
    ? sql<
        Record<string, unknown>[]
      >`(select coalesce(json_agg(d order by d.due_at, d.key), '[]') from deadlines d where d.clause_id = ${sql.ref('clauses.id')})`
    : sql<Record<string, unknown>[]>`(select coalesce(json_agg(d order by d.due_at, d.key), '[]') from deadlines d
        where d.clause_id = ${sql.ref('clauses.id')} and d.status <> 'cancelled')`;

/** The clause's requests for plan changes and remedy plans as [type, payload] pairs in history order (index clause_history_rounds_idx). */
const roundsOf = sql<[string, Record<string, unknown>][]>`(select coalesce(json_agg(json_build_array(h.type, h.payload) order by h.seq), '[]')
  from clause_history h where h.clause_id = ${sql.ref('clauses.id')} and h.type in ('REQUEST_PLAN_CHANGES', 'SUBMIT_REMEDY_PLAN'))`;

/** The clause's facts mark, joined as `f` (none until its first placement, report or offer). */
const FACTS_MARK = sql<string>`coalesce(f.mark, 0)::text`;

/**
 * What a clause is read with. `knownMark`: the mark of facts the caller
 * holds; when the clause's mark is still that, its facts are not read again
 * (null), since they are the same (migration 0027).
 */
const deliveryFactsOf = (read: ClauseRead, knownMark?: string | RawBuilder<string | null>) => () => {
  const unlessKnown = (facts: ReturnType<typeof factsOf>) =>
    knownMark === undefined ? facts : sql<unknown[][] | null>`case when ${FACTS_MARK} = ${knownMark} then null else ${facts} end`;
  return [
    FACTS_MARK.as('facts_mark'),
    unlessKnown(factsOf('placements', PLACEMENT_FACTS)).as('facts_placements'),
    unlessKnown(factsOf('reports', REPORT_FACTS)).as('facts_reports'),
    unlessKnown(factsOf('offers', OFFER_FACTS)).as('facts_offers'),
    deadlinesOf(read).as('deadline_rows'),
    ...(read === 'shown' ? [roundsOf.as('round_entries')] : []),
  ];
};

/** Facts the caller already holds, with their mark. */
export interface KnownFacts {
  mark: string;
  facts: DeliveryFacts;
}

const decode = <T>(rows: unknown[][], columns: FactColumns): T[] =>
  rows.map((values) => Object.fromEntries(columns.map(([, fact], i) => [fact, values[i]])) as T);

type ReadRow = ClauseRow & {
  facts_mark: string;
  facts_placements: unknown[][] | null;
  facts_reports: unknown[][] | null;
  facts_offers: unknown[][] | null;
  deadline_rows: Record<string, unknown>[];
  round_entries?: [string, Record<string, unknown>][];
};

function splitFacts(
  { facts_mark, facts_placements, facts_reports, facts_offers, deadline_rows, round_entries, ...row }: ReadRow,
  known?: KnownFacts,
): ClauseWithFacts {
  const unread = facts_placements === null || facts_reports === null || facts_offers === null;
  if (unread && known?.mark !== facts_mark) throw new Error(`clause ${row.id}: its facts were left unread, but the facts held are not of mark ${facts_mark}`);
  return {
    ...(round_entries && { rounds: roundsFrom(round_entries) }),
    row,
    facts: unread
      ? known!.facts
      : {
          placements: decode<PlacementFacts>(facts_placements, PLACEMENT_FACTS),
          reports: decode<ReportFacts>(facts_reports, REPORT_FACTS),
          offers: decode<OfferFacts>(facts_offers, OFFER_FACTS),
        },
    factsMark: facts_mark,
    deadlines: deadline_rows.map(deadlineFromJson),
  };
}

function roundsFrom(entries: [string, Record<string, unknown>][]): ClauseRounds {
  const rounds: ClauseRounds = { planChangeRequests: [], remedyPlans: [] };
  for (const [type, payload] of entries) {
    if (type === 'REQUEST_PLAN_CHANGES') rounds.planChangeRequests.push(payload.reason as string);
    else rounds.remedyPlans.push(payload);
  }
  return rounds;
}

/**
 * Several clauses with their facts, locked until the transaction ends. The
 * locks are taken first, in id order (so transactions that lock several never
 * wait on each other in a cycle), and the facts read after them: a statement
 * that waited for a lock still sees its own earlier snapshot of the
 * placements and reports, not what the lock holder committed. FOR NO KEY
 * UPDATE, since no event changes a clause's id: writes of placements and
 * reports, which reference the clause, need not wait. `known`: facts the
 * caller holds, by clause, returned while their mark stands.
 */
export async function lockClausesWithFacts(db: Db, ids: string[], known: (id: string) => KnownFacts | undefined = () => undefined): Promise<ClauseWithFacts[]> {
  if (ids.length === 0) return [];
  await db.selectFrom('clauses').select('id').where('id', 'in', ids).orderBy('id').forNoKeyUpdate().execute();
  // The marks of the facts the caller holds, by clause: those clauses' facts are read only if their mark moved.
  const marks = Object.fromEntries(ids.flatMap((id) => (known(id) ? [[id, known(id)!.mark]] : [])));
  const knownMark = sql<string | null>`(${JSON.stringify(marks)}::jsonb ->> clauses.id)`;
  const rows = await withFactsMark(db).selectAll('clauses').select(deliveryFactsOf('event', knownMark)).where('clauses.id', 'in', ids).execute();
  return rows.map((row) => splitFacts(row, known(row.id)));
}

/** Clauses with their facts mark, joined as `f`. */
const withFactsMark = (db: Db) => db.selectFrom('clauses').leftJoin('clause_facts as f', 'f.clause_id', 'clauses.id');

/** Several clauses by id, in one read. */
export async function findClauses(db: Db, ids: string[]): Promise<ClauseRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('clauses').selectAll().where('id', 'in', ids).execute();
}

/** Every clause event and read runs one of them. */
const clauseWithFactsQuery = (read: ClauseRead) =>
  compiledOnce((db: Db, id: string, knownMark: string) =>
    withFactsMark(db).selectAll('clauses').select(deliveryFactsOf(read, knownMark)).where('clauses.id', '=', id),
  );
const clauseWithFactsQueries = { shown: clauseWithFactsQuery('shown'), event: clauseWithFactsQuery('event') };

/**
 * A clause with what its measurement needs, in one round trip. With `known`,
 * facts the caller holds: while the clause's facts mark is theirs, the facts
 * are not read again and `known.facts` are returned.
 */
export async function findClauseWithFacts(db: Db, id: string, read: ClauseRead = 'shown', known?: KnownFacts): Promise<ClauseWithFacts | undefined> {
  // No mark is negative: '-1' reads the facts.
  const [found] = await clauseWithFactsQueries[read](db, id, known?.mark ?? '-1');
  return found && splitFacts(found as ReadRow, known);
}

export interface ClauseTransition {
  snapshot: Record<string, unknown>;
  state: string;
  topState: string;
  updatedAt: Date;
  /** Left out when the event does not change them (after award). */
  terms?: { language: 'sv' | 'en'; params: Record<string, unknown>; text: string };
  target?: unknown;
  contract?: unknown;
  contractorOrgId?: string | null;
  matchingBodyOrgId?: string | null;
}

/**
 * Optimistic write with its history row: succeeds only if nobody else moved
 * the clause since it was read as `before`. Returns the new row, or undefined
 * when stale. The statement sends back only the id and version: every other
 * column is what was read (unchanged, since the version matched, and only
 * this write changes a clause) or what was written, so PostgreSQL need not
 * render the snapshot, terms and text again nor Node parse them.
 */
export async function updateClauseIfVersion(
  db: Db,
  before: ClauseRow,
  change: ClauseTransition,
  entry: TransitionEntry,
  deadlines?: DeadlinesAfter,
): Promise<(ClauseRow & { deadline_changes: DeadlineRow[] }) | undefined> {
  const written = {
    snapshot: change.snapshot,
    state: change.state,
    top_state: change.topState,
    updated_at: change.updatedAt,
    ...(change.terms && { language: change.terms.language, params: change.terms.params, text: change.terms.text }),
    ...(change.target !== undefined && { target: change.target as ClauseRow['target'] }),
    ...(change.contract !== undefined && { contract: change.contract as ClauseRow['contract'] }),
    ...(change.contractorOrgId !== undefined && { contractor_org_id: change.contractorOrgId }),
    ...(change.matchingBodyOrgId !== undefined && { matching_body_org_id: change.matchingBodyOrgId }),
  };
  const set = Object.fromEntries(Object.entries(written).map(([column, value]) => [column, JSON_COLUMNS.has(column) ? json(value) : value]));
  const updated = await updateWithHistory<Pick<ClauseRow, 'version'>>(
    db,
    'clauses',
    before.id,
    before.version,
    set,
    { table: 'clause_history' },
    entry,
    deadlines,
    'id, version',
  );
  return updated && { ...before, ...written, version: updated.version, deadline_changes: updated.deadline_changes };
}

/** The clause columns stored as jsonb: written as JSON text. */
const JSON_COLUMNS = new Set(['snapshot', 'params', 'target', 'contract']);

/** A clause, joined as `c`, that an organisation may see: as its buyer or as its awarded supplier. */
export const seenBy = (orgId: string) => sql<boolean>`(c.buyer_org_id = ${orgId} or c.contractor_org_id = ${orgId})`;

/** A clause, joined as `c`, that an organisation takes part in: as buyer, as awarded supplier, or as its matching body (whose view is its openings, proposals and outcomes). */
export const servedOrSeenBy = (orgId: string) =>
  sql<boolean>`(c.buyer_org_id = ${orgId} or c.contractor_org_id = ${orgId} or c.matching_body_org_id = ${orgId})`;

const visibleTo = (orgId: string) => (eb: ExpressionBuilder<Database, 'clauses'>) =>
  eb.or([eb('clauses.buyer_org_id', '=', orgId), eb('clauses.contractor_org_id', '=', orgId)]);

/** Ids of a tender's clauses that an organisation may see. */
export async function listVisibleClauseIds(db: Db, orgId: string, tenderId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('clauses')
    .select('id')
    .where(visibleTo(orgId))
    .where('tender_id', '=', tenderId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Clauses an organisation may see, as the buyer or as the awarded supplier, with their delivery facts. */
export async function listClausesVisibleTo(db: Db, orgId: string, filter: { tenderId?: string } = {}): Promise<ClauseWithFacts[]> {
  let query = withFactsMark(db).selectAll('clauses').select(deliveryFactsOf('shown')).where(visibleTo(orgId));
  if (filter.tenderId) query = query.where('tender_id', '=', filter.tenderId);
  return (await query.orderBy('created_at').orderBy('clauses.id').execute()).map((row) => splitFacts(row));
}

export async function listHistory(db: Db, clauseId: string): Promise<HistoryRow[]> {
  return db.selectFrom('clause_history').selectAll().where('clause_id', '=', clauseId).orderBy('seq').execute();
}

export async function listClauseIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('clauses').select('id').orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** A clause as mail and the programme pages name it: its tender, its kind and both parties. */
export interface ClauseNames {
  clauseId: string;
  tenderReference: string;
  tenderTitle: string;
  templateId: string;
  templateVersion: number;
  buyerOrgId: string;
  buyerName: string;
  contractorOrgId: string | null;
  supplierName: string | null;
}

export async function clauseNames(db: Db, clauseIds: string[]): Promise<Map<string, ClauseNames>> {
  if (clauseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('clauses as c')
    .innerJoin('tenders as t', 't.id', 'c.tender_id')
    .innerJoin('organisations as b', 'b.id', 'c.buyer_org_id')
    .leftJoin('organisations as s', 's.id', 'c.contractor_org_id')
    .select([
      'c.id as clauseId',
      't.reference as tenderReference',
      't.title as tenderTitle',
      'c.template_id as templateId',
      'c.template_version as templateVersion',
      'c.buyer_org_id as buyerOrgId',
      'b.name as buyerName',
      'c.contractor_org_id as contractorOrgId',
      's.name as supplierName',
    ])
    .where('c.id', 'in', [...new Set(clauseIds)])
    .execute();
  return new Map(rows.map((r) => [r.clauseId, r]));
}
