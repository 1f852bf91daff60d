import type { Kysely, Transaction } from 'kysely';
import { json, type Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoredResponse {
  fingerprint: string;
  status: number;
  response: unknown;
}

export async function findStoredResponse(db: Db, userId: string, key: string): Promise<StoredResponse | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'status', 'response'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
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
