/**
 * A deadline-firing process that stops dead mid-transaction: each worker
 * claims a due deadline, applies its event, reports the claim on stdout and
 * then hangs before the commit, so the test can SIGKILL it there.
 * Env: DATABASE_URL, NOW (the clock), WORKERS.
 */
import { openStore } from '../../src/db/create-db.ts';
import { ManualClock } from '../../src/engine/clock.ts';
import { fireNextDeadline } from '../../src/engine/deadlines.ts';

const store = await openStore({ databaseUrl: process.env.DATABASE_URL! });
const deps = { db: store.db, clock: new ManualClock(new Date(process.env.NOW!)) };
const workers = Number(process.env.WORKERS ?? 1);
const hang = () => new Promise<void>(() => {});

await Promise.all(
  Array.from({ length: workers }, () =>
    fireNextDeadline(deps, {
      beforeCommit: async (deadline) => {
        process.stdout.write(`${JSON.stringify({ claimed: deadline.id })}\n`);
        await hang();
      },
    }),
  ),
);
