/**
 * A deadline-firing process that stops dead mid-transaction: it claims a
 * batch of due deadlines, applies their events, reports the claimed ids on
 * stdout and then hangs before the commit, so the test can SIGKILL it there.
 * Env: DATABASE_URL, NOW (the clock), BATCH (deadlines claimed).
 */
import { openStore } from '../../src/db/create-db.ts';
import { ManualClock } from '../../src/engine/clock.ts';
import { fireDueDeadlines } from '../../src/engine/deadlines.ts';

const store = await openStore({ databaseUrl: process.env.DATABASE_URL! });
const deps = { db: store.db, clock: new ManualClock(new Date(process.env.NOW!)) };
const hang = () => new Promise<void>(() => {});

await fireDueDeadlines(deps, Number(process.env.BATCH ?? 1), {
  beforeCommit: async (deadlines) => {
    process.stdout.write(`${JSON.stringify({ claimed: deadlines.map((d) => d.id) })}\n`);
    await hang();
  },
});
