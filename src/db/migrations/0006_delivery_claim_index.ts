/** Due deliveries are claimed per subscription (a few each), so the index leads with the subscription. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('webhook_deliveries_webhook_pending_idx')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'next_attempt_at', 'id'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('webhook_deliveries_webhook_pending_idx').execute();
}
