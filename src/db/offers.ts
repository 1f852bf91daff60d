/** Offers of employment under a clause: read, listed, and written with their history row. */
import { updateWithHistory, type TransitionEntry } from './history.ts';
import { json, type Db, type OfferRow } from './schema.ts';

export async function findOffer(db: Db, id: string): Promise<OfferRow | undefined> {
  return db.selectFrom('offers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The clause's offers, in the order they were made. */
export async function listOffers(db: Db, clauseId: string): Promise<OfferRow[]> {
  return db.selectFrom('offers').selectAll().where('clause_id', '=', clauseId).orderBy('offered_date').orderBy('created_at').orderBy('id').execute();
}

/** Optimistic write of an offer with its history row; undefined when it moved on since it was read. */
export async function updateOfferIfVersion(
  db: Db,
  row: OfferRow,
  change: Pick<OfferRow, 'snapshot' | 'state' | 'updated_at' | 'answered_date'>,
  entry: TransitionEntry,
): Promise<OfferRow | undefined> {
  const set = { ...change, snapshot: json(change.snapshot) };
  return updateWithHistory<OfferRow>(db, 'offers', row.id, row.version, set, { table: 'item_history', itemKind: 'offer' }, entry);
}

/** Every offer's id, oldest first (for verify). */
export async function listOfferIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('offers').select('id').orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}
