/** Claiming and resolving durable deadlines. Rows are written with each clause transition (see history.ts). */
import { sql } from 'kysely';
import type { Db, DeadlineRow } from './schema.ts';

/**
 * The earliest due deadlines nobody else is firing, locked until the
 * transaction ends: another instance skips them, and a crash before commit
 * releases them to be fired again.
 */
export async function claimDueDeadlines(db: Db, now: Date, limit: number): Promise<DeadlineRow[]> {
  return db
    .selectFrom('deadlines')
    .selectAll()
    .where('status', '=', 'scheduled')
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Marks claimed deadlines fired (their events were applied) or cancelled (their clauses had moved on), each by its own event type. */
export async function resolveDeadlines(db: Db, ids: string[], status: 'fired' | 'cancelled', at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('deadlines')
    .set({ status, resolved_at: at, resolved_by: sql<string>`event->>'type'` })
    .where('id', 'in', ids)
    .execute();
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
