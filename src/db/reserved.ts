/** Reserved contracts (LOU 4 kap. 18 §, issue 22): the awarded clauses of reserved tenders in a portfolio, with each supplier's declared share. */
import { sql } from 'kysely';
import { seenBy } from './clauses.ts';
import { matchesFilter, type PortfolioFilter } from './progress.ts';
import type { Db } from './schema.ts';

export async function reservedContracts(db: Db, orgId: string, filter: PortfolioFilter) {
  const rows = await db
    .selectFrom('clauses as c')
    .innerJoin('tenders as t', 't.id', 'c.tender_id')
    .leftJoin('organisations as s', 's.id', 'c.contractor_org_id')
    .select([
      'c.id as clauseId',
      'c.tender_id as tenderId',
      'c.contractor_org_id as supplierOrgId',
      's.name as supplierName',
      sql<string | number | null>`c.contract->>'reservedShareDeclaredPct'`.as('declaredPct'),
    ])
    .where('t.reserved', '=', true)
    .where('c.contractor_org_id', 'is not', null)
    .where(seenBy(orgId))
    .where(matchesFilter(filter))
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ ...r, declaredPct: r.declaredPct === null ? null : Number(r.declaredPct) }));
}

/** Whether any clause of the tender has been awarded: its reservation is then settled. */
export async function tenderHasAward(db: Db, tenderId: string): Promise<boolean> {
  const row = await db.selectFrom('clauses').select('id').where('tender_id', '=', tenderId).where('contractor_org_id', 'is not', null).executeTakeFirst();
  return row !== undefined;
}

export const setTenderReserved = (db: Db, tenderId: string, reserved: boolean) =>
  db.updateTable('tenders').set({ reserved }).where('id', '=', tenderId).returningAll().executeTakeFirstOrThrow();
