/** Leased work (webhook deliveries, mail messages): a claimed row is reserved by moving next_attempt_at on, and given back unattempted by moving it back. */
import type { Db } from './schema.ts';

/** Gives claimed rows back unattempted (the worker is stopping): due again at `dueAt`, unless attempted meanwhile by whoever took the lease over. */
export async function releaseLeases(
  db: Db,
  table: 'webhook_deliveries' | 'mail_messages',
  leases: ReadonlyArray<{ id: string; attempts: number }>,
  dueAt: Date,
): Promise<void> {
  for (const lease of leases) {
    await db
      .updateTable(table)
      .set({ next_attempt_at: dueAt })
      .where('id', '=', lease.id)
      .where('attempts', '=', lease.attempts)
      .where('status', '=', 'pending')
      .execute();
  }
}
