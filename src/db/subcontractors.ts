/** A clause's subcontractors (migration 0024): the append-only record of who named or removed whom, and what each delivered. */
import { sql } from 'kysely';
import { seenBy } from './clauses.ts';
import { matchesFilter, type PortfolioFilter } from './progress.ts';
import type { Db } from './schema.ts';
import { toNumber } from './schema.ts';

export interface SubcontractorChange {
  clauseId: string;
  orgId: string;
  change: 'named' | 'removed';
  spendSek: number | null;
  actorUserId: string;
  actorOrgId: string;
  at: Date;
  requestId: string | null;
}

export async function insertSubcontractorChange(db: Db, change: SubcontractorChange): Promise<void> {
  await db
    .insertInto('clause_subcontractors')
    .values({
      clause_id: change.clauseId,
      org_id: change.orgId,
      change: change.change,
      spend_sek: change.spendSek,
      actor_user_id: change.actorUserId,
      actor_org_id: change.actorOrgId,
      at: change.at,
      request_id: change.requestId,
    })
    .execute();
}

/** A subcontractor named on a clause now: its organisation, when it was first named in its current spell, and the spend last stated. */
export interface NamedSubcontractor {
  orgId: string;
  name: string;
  orgNumber: string | null;
  socialEnterprise: boolean;
  spendSek: number | null;
  namedAt: Date;
  updatedAt: Date;
}

/** The subcontractors named on the clause now (each organisation's latest change names it), by name; one organisation only, when given. */
export async function namedSubcontractors(db: Db, clauseId: string, orgId?: string): Promise<NamedSubcontractor[]> {
  const rows = await sql<{
    org_id: string;
    name: string;
    org_number: string | null;
    social_enterprise: boolean;
    spend_sek: string | number | null;
    named_at: Date;
    updated_at: Date;
  }>`
    select latest.org_id, o.name, o.org_number, o.social_enterprise, latest.spend_sek, latest.at as updated_at,
      (select min(s.at) from clause_subcontractors s
        where s.clause_id = latest.clause_id and s.org_id = latest.org_id
          and s.seq > coalesce((select max(r.seq) from clause_subcontractors r
            where r.clause_id = latest.clause_id and r.org_id = latest.org_id and r.change = 'removed'), 0)) as named_at
    from (
      select distinct on (org_id) * from clause_subcontractors
      where clause_id = ${clauseId} ${orgId === undefined ? sql`` : sql`and org_id = ${orgId}`}
      order by org_id, seq desc
    ) latest
    join organisations o on o.id = latest.org_id
    where latest.change = 'named'
    order by o.name, latest.org_id`.execute(db);
  return rows.rows.map((r) => ({
    orgId: r.org_id,
    name: r.name,
    orgNumber: r.org_number,
    socialEnterprise: r.social_enterprise,
    spendSek: r.spend_sek === null ? null : toNumber(r.spend_sek),
    namedAt: new Date(r.named_at),
    updatedAt: new Date(r.updated_at),
  }));
}

export const isNamedSubcontractor = async (db: Db, clauseId: string, orgId: string): Promise<boolean> =>
  (await namedSubcontractors(db, clauseId, orgId)).length > 0;

/** The clauses on which the organisation is a named subcontractor now. */
export async function clausesNamingSubcontractor(db: Db, orgId: string): Promise<string[]> {
  const rows = await sql<{ clause_id: string }>`
    select clause_id from (
      select distinct on (clause_id) clause_id, change from clause_subcontractors where org_id = ${orgId} order by clause_id, seq desc
    ) latest where change = 'named'`.execute(db);
  return rows.rows.map((r) => r.clause_id);
}

/** What subcontractors delivered over an organisation's portfolio: per subcontractor, across the clauses it is or was on. */
export interface PortfolioSubcontractor {
  orgId: string;
  name: string;
  socialEnterprise: boolean;
  clauses: number;
  placements: number;
  placementsVerified: number;
  acceptedLabourHours: number;
}

/**
 * Over the clauses the organisation sees (as buyer or supplier) and the
 * filter keeps: each subcontractor's placements and accepted hours, and the
 * spend stated for the social enterprises named now.
 */
export async function portfolioSubcontracting(
  db: Db,
  orgId: string,
  filter: PortfolioFilter,
  states: { countedPlacements: string[]; countedReports: string[] },
): Promise<{ subcontractors: PortfolioSubcontractor[]; socialEnterpriseSpendSek: number | null }> {
  const clauses = sql`select c.id from clauses c where ${seenBy(orgId)} and ${matchesFilter(filter)}`;
  const rows = await sql<{
    org_id: string;
    name: string;
    social_enterprise: boolean;
    clauses: string;
    placements: string;
    verified: string;
    hours: string | null;
  }>`
    with items as (
      select subcontractor_org_id as org_id, clause_id, 1 as placement, case when state in (${sql.join(states.countedPlacements)}) then 1 else 0 end as verified, 0 as hours
        from placements where clause_id in (${clauses}) and subcontractor_org_id is not null
      union all
      select subcontractor_org_id, clause_id, 0, 0, case when state in (${sql.join(states.countedReports)}) then total_labour_hours else 0 end
        from reports where clause_id in (${clauses}) and subcontractor_org_id is not null
      union all
      select org_id, clause_id, 0, 0, 0 from clause_subcontractors where clause_id in (${clauses})
    )
    select i.org_id, o.name, o.social_enterprise, count(distinct i.clause_id) as clauses, sum(i.placement) as placements,
      sum(i.verified) as verified, sum(i.hours) as hours
    from items i join organisations o on o.id = i.org_id
    group by i.org_id, o.name, o.social_enterprise
    order by o.name, i.org_id`.execute(db);
  const spend = await sql<{ spend: string | null }>`
    select sum(latest.spend_sek) as spend from (
      select distinct on (clause_id, org_id) * from clause_subcontractors where clause_id in (${clauses}) order by clause_id, org_id, seq desc
    ) latest join organisations o on o.id = latest.org_id
    where latest.change = 'named' and o.social_enterprise`.execute(db);
  const total = spend.rows[0]?.spend;
  return {
    subcontractors: rows.rows.map((r) => ({
      orgId: r.org_id,
      name: r.name,
      socialEnterprise: r.social_enterprise,
      clauses: toNumber(r.clauses),
      placements: toNumber(r.placements),
      placementsVerified: toNumber(r.verified),
      acceptedLabourHours: toNumber(r.hours ?? 0),
    })),
    socialEnterpriseSpendSek: total === null || total === undefined ? null : toNumber(total),
  };
}
