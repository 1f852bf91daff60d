import type { Kysely, Transaction } from 'kysely';
import { json, type Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredResponse {
  fingerprint: string;
  status: number;
  response: unknown;
}

/** The answer stored for the key since the moment given; one stored before it has expired and is not replayed. */
export async function findStoredResponse(db: Db, userId: string, key: string, storedSince: Date): Promise<StoredResponse | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'status', 'response'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('created_at', '>=', storedSince)
    .executeTakeFirst();
}

/** Removes an expired answer the retention sweep has not reached yet, so that the key's new request can store its own. */
export async function forgetExpiredResponse(db: Db, userId: string, key: string, storedBefore: Date): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('user_id', '=', userId).where('key', '=', key).where('created_at', '<', storedBefore).execute();
}

/** Stored in the same transaction as the write it answers for, so a retry sees both or neither. */
export async function storeResponse(
  db: Db,
  entry: { userId: string; key: string; fingerprint: string; status: number; response: unknown },
  now: Date,
): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({
      user_id: entry.userId,
      key: entry.key,
      fingerprint: entry.fingerprint,
      status: entry.status,
      response: json(entry.response),
      created_at: now,
    })
    .execute();
}
