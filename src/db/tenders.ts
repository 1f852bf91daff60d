import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, TenderRow } from './schema.ts';

type Db = Kysely<Database>;

export async function insertTender(
  db: Db,
  tender: { buyerOrgId: string; reference: string; title: string; estimatedValueSek: number | null; reserved: boolean; createdBy: string },
  now: Date,
): Promise<TenderRow | undefined> {
  // A duplicate reference for the same buyer inserts nothing and returns undefined.
  return db
    .insertInto('tenders')
    .values({
      id: randomUUID(),
      buyer_org_id: tender.buyerOrgId,
      reference: tender.reference,
      title: tender.title,
      estimated_value_sek: tender.estimatedValueSek,
      reserved: tender.reserved,
      created_by: tender.createdBy,
      created_at: now,
    })
    .onConflict((oc) => oc.constraint('tenders_buyer_reference_unique').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findTender(db: Db, id: string): Promise<TenderRow | undefined> {
  return db.selectFrom('tenders').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Tenders a buyer organisation owns, or in which a supplier holds an awarded clause. */
export async function listTendersVisibleTo(db: Db, orgId: string): Promise<TenderRow[]> {
  return db
    .selectFrom('tenders')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('buyer_org_id', '=', orgId),
        eb.exists(
          eb.selectFrom('clauses').select('clauses.id').whereRef('clauses.tender_id', '=', 'tenders.id').where('clauses.contractor_org_id', '=', orgId),
        ),
      ]),
    )
    .orderBy('created_at', 'desc')
    .execute();
}
