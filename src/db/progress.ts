/** Stored progress of clauses (see migration 0007) and the portfolio's sums over it. */
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { FINAL_CLAUSE_TOP_STATES } from '../../workflows/states.ts';
import { seenBy } from './clauses.ts';
import type { Db } from './schema.ts';

/** The generation of a new clause's progress (the column's default). */
export const FIRST_GENERATION = 1;

/**
 * Clauses whose progress lags behind what happened to them, or was measured
 * by other rules than `rules`: those an organisation may see, or any that
 * have not changed since `quietSince` (in random order, so instances seldom
 * pick the same).
 */
export async function staleProgress(
  db: Db,
  rules: number,
  scope: { orgId: string } | { limit: number; quietSince: Date },
): Promise<Array<{ clauseId: string; generation: number }>> {
  let query = db
    .selectFrom('clause_progress as p')
    .innerJoin('clauses as c', 'c.id', 'p.clause_id')
    .select(['p.clause_id as clauseId', 'p.generation'])
    .where(sql<boolean>`(p.generation > p.computed_generation or p.measured_with <> ${rules})`);
  query = 'orgId' in scope ? query.where(seenBy(scope.orgId)) : query.where('p.changed_at', '<=', scope.quietSince).orderBy(sql`random()`).limit(scope.limit);
  return query.execute();
}

export interface MeasuredProgress {
  unit: string;
  target: number | null;
  measured: number;
  overdue: number;
  exposureSek: number | null;
  byTargetGroup: Record<string, number>;
}

/**
 * Stores a clause's progress as measured at `generation` by `rules`, unless a
 * newer measurement got there first; a new clause's row is made by it.
 */
export async function storeProgress(db: Db, clauseId: string, generation: number, rules: number, progress: MeasuredProgress, at: Date): Promise<void> {
  const measured = {
    computed_generation: generation,
    unit: progress.unit,
    target: progress.target,
    measured: progress.measured,
    overdue: progress.overdue,
    exposure_sek: progress.exposureSek,
    computed_at: at,
    measured_with: rules,
  };
  const stored = await db
    .insertInto('clause_progress')
    .values({ clause_id: clauseId, generation, changed_at: at, ...measured })
    .onConflict((oc) =>
      oc
        .column('clause_id')
        .doUpdateSet(measured)
        .where((eb) => eb.or([eb('clause_progress.computed_generation', '<', generation), eb('clause_progress.measured_with', '<>', rules)])),
    )
    .returning('clause_id')
    .executeTakeFirst();
  if (!stored) return;
  await db.deleteFrom('clause_progress_groups').where('clause_id', '=', clauseId).execute();
  const groups = Object.entries(progress.byTargetGroup).map(([target_group, measured]) => ({ clause_id: clauseId, target_group, measured }));
  if (groups.length > 0) await db.insertInto('clause_progress_groups').values(groups).execute();
}

export interface PortfolioFilter {
  tenderId?: string | undefined;
  supplierOrgId?: string | undefined;
  /** The clause kind (template): placements, employment, local-hiring, training, dialogue. */
  kind?: string | undefined;
  /** Top-level state, e.g. delivery. */
  state?: string | undefined;
  targetGroup?: string | undefined;
  /** Contracts running at some time between from and to (YYYY-MM-DD). */
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * Units measured as a share (local hiring: percent of labour hours) rather
 * than a running total: they are not carried on by pace, and not added up.
 */
const SHARE_UNIT = sql<boolean>`p.unit like 'percent%'`;

/**
 * The projected outcome at contract end from the pace so far: a running total
 * per elapsed share of the contract, carried on to its end (a share is judged
 * as it stands). Closed clauses are judged on what they delivered; in the
 * first quarter of a contract nothing is called a miss yet, only at risk.
 */
export const PROJECTIONS = ['onTrack', 'atRisk', 'willMiss'] as const;
export type Projection = (typeof PROJECTIONS)[number];

/** The share of a clause's contract (joined as `c`) gone by `today`, between 0 and 1. */
const elapsed = (today: string) => sql<number>`least(greatest((cast(${today} as date) - cast(c.contract->>'startDate' as date) + 1)::float
    / (cast(c.contract->>'endDate' as date) - cast(c.contract->>'startDate' as date) + 1), 0), 1)`;

/**
 * One expression without a subquery: the portfolio's sums evaluate it for
 * every clause, and a subquery per row cost more than the rest of the sums
 * together (issue 24).
 */
const projection = (today: string) => {
  const share = elapsed(today);
  const pace = sql<number>`case when ${SHARE_UNIT} or ${share} <= 0 then p.measured else p.measured / ${share} end`;
  return sql<Projection | null>`case
    when p.target is null or c.contract is null or c.contract = 'null'::jsonb then null
    when p.measured >= p.target then 'onTrack'
    when c.top_state in (${sql.join(FINAL_CLAUSE_TOP_STATES)}) then 'willMiss'
    when ${share} <= 0 then 'onTrack'
    when ${pace} >= p.target then 'onTrack'
    when ${share} < 0.25 or ${pace} >= 0.8 * p.target then 'atRisk'
    else 'willMiss' end`;
};

/** The clauses an organisation may see, filtered, with their stored progress and projection: the base of every portfolio sum. */
function portfolioBase(db: Db, orgId: string, filter: PortfolioFilter, today: string) {
  return db
    .selectFrom('clauses as c')
    .innerJoin('clause_progress as p', 'p.clause_id', 'c.id')
    .leftJoin('organisations as s', 's.id', 'c.contractor_org_id')
    .select([
      'c.id as clauseId',
      'c.tender_id as tenderId',
      'c.template_id as kind',
      'c.state',
      'c.contractor_org_id as supplierOrgId',
      's.name as supplierName',
      sql<string | null>`c.contract->>'startDate'`.as('contractStart'),
      sql<string | null>`c.contract->>'endDate'`.as('contractEnd'),
      'p.unit',
      'p.target',
      'p.measured as delivered',
      'p.overdue',
      // Whole SEK, as a number from either store (exact far beyond any contract).
      sql<number | null>`p.exposure_sek::float8`.as('exposureSek'),
      projection(today).as('projection'),
      SHARE_UNIT.as('share'),
    ])
    .where(seenBy(orgId))
    .where(matchesFilter(filter));
}

/** The portfolio's filters as one condition on a clause joined as `c`. */
export function matchesFilter(filter: PortfolioFilter) {
  const conditions = [
    filter.tenderId && sql<boolean>`c.tender_id = ${filter.tenderId}`,
    filter.supplierOrgId && sql<boolean>`c.contractor_org_id = ${filter.supplierOrgId}`,
    filter.kind && sql<boolean>`c.template_id = ${filter.kind}`,
    filter.state && sql<boolean>`c.top_state = ${filter.state}`,
    filter.targetGroup && sql<boolean>`c.params->'targetGroups' ? ${filter.targetGroup}`,
    filter.from && sql<boolean>`c.contract->>'endDate' >= ${filter.from}`,
    filter.to && sql<boolean>`c.contract->>'startDate' <= ${filter.to}`,
  ].filter((condition) => !!condition);
  return conditions.length === 0 ? sql<boolean>`true` : sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

/** Percent of the target, floored to a tenth as the clause itself shows it (domain/fulfilment.ts). */
const pctOf = (delivered: unknown, target: unknown) =>
  sql<number | null>`case when ${target} > 0 then (floor(round((1000 * ${delivered} / ${target})::numeric, 6)) / 10)::float8 end`;

/** The portfolio's clauses after a clause id, in id order: a page of an export. */
export async function portfolioClausesAfter(db: Db, orgId: string, filter: PortfolioFilter, today: string, after: string | null, limit: number) {
  let query = db
    .with('base', () => portfolioBase(db, orgId, filter, today))
    .selectFrom('base')
    .selectAll()
    .select((eb) => pctOf(eb.ref('delivered'), eb.ref('target')).as('pct'));
  if (after) query = query.where('clauseId', '>', after);
  return query.orderBy('clauseId').limit(limit).execute();
}

/**
 * The portfolio: a page of clauses, and sums over all of them per supplier (and unit) and per target group, in one
 * statement that builds its clauses once (a materialized base) and answers the three as JSON arrays: three
 * statements each joined every clause to its progress again.
 */
export async function portfolio(db: Db, orgId: string, filter: PortfolioFilter, today: string, page: { limit: number; offset: number }) {
  const [row] = await db
    .with(
      (cte) => cte('base').materialized(),
      () => portfolioBase(db, orgId, filter, today),
    )
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('base')
          .selectAll()
          .select((inner) => pctOf(inner.ref('delivered'), inner.ref('target')).as('pct'))
          .orderBy('contractEnd')
          .orderBy('clauseId')
          .limit(page.limit)
          .offset(page.offset),
      ).as('clauses'),
      jsonArrayFrom(
        eb
          .selectFrom('base')
          .select([
            'supplierOrgId',
            'supplierName',
            'unit',
            sql<string>`count(*)`.as('clauses'),
            // Running totals add up; shares (percent of hours) do not, so a supplier's shares are not summed.
            sql<number | null>`case when bool_and(not share) then round(sum(target)::numeric, 2)::float8 end`.as('target'),
            sql<number | null>`case when bool_and(not share) then round(sum(delivered)::numeric, 2)::float8 end`.as('delivered'),
            sql<number | null>`case when bool_and(not share) then ${pctOf(sql`sum(delivered)`, sql`sum(target)`)} end`.as('pct'),
            sql<string>`sum(overdue)`.as('overdue'),
            sql<string>`count(*) filter (where projection = 'onTrack')`.as('onTrack'),
            sql<string>`count(*) filter (where projection = 'atRisk')`.as('atRisk'),
            sql<string>`count(*) filter (where projection = 'willMiss')`.as('willMiss'),
            sql<string>`coalesce(sum("exposureSek"), 0)`.as('exposureSek'),
          ])
          .groupBy(['supplierOrgId', 'supplierName', 'unit'])
          .orderBy('supplierName')
          .orderBy('unit'),
      ).as('bySupplier'),
      jsonArrayFrom(
        eb
          .selectFrom('base')
          .innerJoin('clause_progress_groups as g', 'g.clause_id', 'base.clauseId')
          .select([
            'g.target_group as targetGroup',
            'base.unit',
            sql<string>`count(*)`.as('clauses'),
            sql<number>`round(sum(g.measured)::numeric, 2)::float8`.as('delivered'),
          ])
          .groupBy(['g.target_group', 'base.unit'])
          .orderBy('g.target_group')
          .orderBy('base.unit'),
      ).as('byTargetGroup'),
    ])
    .execute();
  return row!;
}
