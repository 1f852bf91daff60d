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
    .where((eb) => eb.or([eb('retry_at', 'is', null), eb('retry_at', '<=', now)]))
    .orderBy('due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/**
 * Marks claimed deadlines fired (their events were applied) or cancelled
 * (their events no longer apply to the clause), each by its own event type.
 * One that the transition of an earlier event in the same batch already
 * cancelled keeps that event as the cause.
 */
export async function resolveDeadlines(db: Db, ids: string[], status: 'fired' | 'cancelled', at: Date): Promise<void> {
  if (ids.length === 0) return;
  let update = db.updateTable('deadlines').set({ status, resolved_at: at, resolved_by: sql<string>`event->>'type'` }).where('id', 'in', ids);
  if (status === 'cancelled') update = update.where('status', '=', 'scheduled');
  await update.execute();
}

/** An attempt that failed with an unexpected error: try again at `retryAt`, or give up as failed. */
export async function recordDeadlineFailure(db: Db, id: string, error: string, retryAt: Date | null, at: Date): Promise<void> {
  await db
    .updateTable('deadlines')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error,
      retry_at: retryAt,
      ...(retryAt === null ? { status: 'failed' as const, resolved_at: at } : {}),
    }))
    .where('id', '=', id)
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
