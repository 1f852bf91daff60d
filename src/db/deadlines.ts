/** Claiming and resolving durable deadlines. Rows are written with each clause transition (see history.ts). */
import { sql } from 'kysely';
import type { Db, DeadlineRow } from './schema.ts';

/**
 * The earliest due deadline nobody else is firing, locked until the
 * transaction ends: another instance skips it, and a crash before commit
 * releases it to be fired again.
 */
export async function claimDueDeadline(db: Db, now: Date): Promise<DeadlineRow | undefined> {
  return db
    .selectFrom('deadlines')
    .selectAll()
    .where('status', '=', 'scheduled')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

/** Marks a claimed deadline fired (its event was applied) or cancelled (the clause had moved on). */
export async function resolveDeadline(db: Db, id: string, status: 'fired' | 'cancelled', at: Date, by: string): Promise<void> {
  await db.updateTable('deadlines').set({ status, resolved_at: at, resolved_by: by }).where('id', '=', id).execute();
}

export async function countDueDeadlines(db: Db, now: Date): Promise<number> {
  const row = await db
    .selectFrom('deadlines')
    .select(sql<string>`count(*)`.as('due'))
    .where('status', '=', 'scheduled')
    .where('due_at', '<=', now)
    .executeTakeFirstOrThrow();
  return Number(row.due);
}
