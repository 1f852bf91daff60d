/** Start and stop the service. */
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'kysely';
import pino from 'pino';
import { createApp } from './app.ts';
import { LOG_REDACT } from './http/logging.ts';
import { ConfigError, type Config } from './config.ts';
import { countOrganisations } from './db/organisations.ts';
import { clockStartingAt, systemClock } from './engine/clock.ts';
import { DeadlinePoller } from './engine/deadlines.ts';
import { FollowUpPoller } from './engine/follow-ups.ts';
import { startMail } from './engine/mail-start.ts';
import type { EngineDeps } from './engine/deps.ts';
import { describeDemo, seedDemo, type DemoResult } from './engine/demo.ts';
import { ProgressRefresher } from './engine/progress.ts';
import { retentionSweeper } from './engine/retention.ts';
import { WebhookWorker } from './engine/webhook-worker.ts';
import { openConfiguredStore } from './store.ts';

/** Expired rows are few and nothing waits for their removal: a sweep every ten minutes (and one at start) is enough. */
const RETENTION_SWEEP_INTERVAL_MS = 600_000;

export interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** Seed the demo into an empty store and print its keys (`klausul serve --demo`, `npm start`); refused in production. */
  demo?: boolean;
  /** Routes added beside Klausul's own, behind the same middleware (the performance peer of `npm run bench:peer`, bench/peer-server.ts). */
  mount?: (app: ReturnType<typeof createApp>) => void;
}

export async function startServer(config: Config, options: ServeOptions = {}): Promise<RunningServer> {
  // A demo's keys are live keys, and what is printed goes to the logs: production never gets one.
  if (options.demo && config.NODE_ENV === 'production') throw new ConfigError(DEMO_IN_PRODUCTION);
  const logger = pino({ level: config.KLAUSUL_LOG_LEVEL, redact: LOG_REDACT });
  const clock = config.KLAUSUL_NOW ? clockStartingAt(new Date(config.KLAUSUL_NOW)) : systemClock;
  const store = await openConfiguredStore(config);
  const deps: EngineDeps = { db: store.db, clock, idempotencyHours: config.KLAUSUL_IDEMPOTENCY_HOURS };

  const demo = options.demo ? await seedDemoOnce(deps) : null;
  if (demo) console.log(describeDemo(demo).replace('PORT', String(config.PORT)));
  else if ((await countOrganisations(deps.db)) === 0)
    console.log(
      config.NODE_ENV === 'production'
        ? EMPTY
        : `${EMPTY}
${EMPTY_DEMO_HINT}`,
    );

  // Background work: due deadlines and webhook deliveries. PGlite has one connection, so one deadline worker is all it can use.
  const workers = store.kind === 'pglite' ? Math.min(config.KLAUSUL_DEADLINE_WORKERS, 1) : config.KLAUSUL_DEADLINE_WORKERS;
  const deadlines = new DeadlinePoller(deps, { workers, intervalMs: config.KLAUSUL_POLL_INTERVAL_MS, logger: logger.child({ component: 'deadlines' }) });
  const webhooks = new WebhookWorker(deps, {
    pollIntervalMs: config.KLAUSUL_POLL_INTERVAL_MS,
    allowPrivateNetworks: config.KLAUSUL_WEBHOOK_PRIVATE_NETWORKS === 'allow',
    logger: logger.child({ component: 'webhooks' }),
  });
  const followUps = new FollowUpPoller(deps, { intervalMs: config.KLAUSUL_POLL_INTERVAL_MS, logger: logger.child({ component: 'follow-ups' }) });
  const progress = new ProgressRefresher(deps, { intervalMs: config.KLAUSUL_POLL_INTERVAL_MS, logger: logger.child({ component: 'progress' }) });
  const retention = retentionSweeper(
    deps,
    { idempotencyHours: config.KLAUSUL_IDEMPOTENCY_HOURS, logDays: config.KLAUSUL_LOG_RETENTION_DAYS },
    { intervalMs: RETENTION_SWEEP_INTERVAL_MS, logger: logger.child({ component: 'retention' }) },
  );
  deadlines.start();
  followUps.start();
  webhooks.start();
  progress.start();
  retention.start();

  const app = createApp({
    deps,
    logger,
    storeKind: store.kind,
    ocidPrefix: config.KLAUSUL_OCID_PREFIX,
    corsOrigins: config.KLAUSUL_CORS_ORIGINS,
    sessions: { idleMinutes: config.KLAUSUL_SESSION_IDLE_MINUTES, hours: config.KLAUSUL_SESSION_HOURS },
    trustProxy: config.KLAUSUL_TRUST_PROXY,
    mailEnabled: Boolean(config.KLAUSUL_SMTP_URL),
    oidc: config.KLAUSUL_PUBLIC_URL ? { publicUrl: config.KLAUSUL_PUBLIC_URL, secretKey: config.KLAUSUL_SECRET_KEY } : undefined,
  });
  options.mount?.(app);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: '0.0.0.0' }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  console.log(
    `Klausul listening on http://localhost:${port} (database: ${store.kind} ${store.location}${config.KLAUSUL_NOW ? `, clock starts at ${config.KLAUSUL_NOW}` : ''})`,
  );
  console.log(`API docs: http://localhost:${port}/docs`);
  const mail = startMail(deps, config, { port, logger: logger.child({ component: 'mail' }) });

  let stopping: Promise<void> | undefined;
  return {
    port,
    // Graceful: stop taking requests and let those in flight finish, let the pollers finish
    // what they hold (a deadline is fired or rolled back, never half-done), then close the pool.
    stop: () =>
      (stopping ??= (async () => {
        await Promise.all([
          new Promise<void>((resolve) => server.close(() => resolve())),
          deadlines.stop(),
          followUps.stop(),
          webhooks.stop(),
          progress.stop(),
          retention.stop(),
          mail.stop(),
        ]);
        await store.close();
      })()),
  };
}

const DEMO_IN_PRODUCTION =
  'serve --demo is refused when NODE_ENV=production: a demo has live keys and prints them to the logs. Run `klausul serve` and add the first organisation with `klausul org add`.';

const EMPTY_DEMO_HINT = 'Or try Klausul with a demo and its keys: `npm start` (klausul serve --demo; never with NODE_ENV=production).';

const EMPTY = [
  'The database is empty. `klausul serve` seeds no demo and prints no keys.',
  'Add the first organisation and its administrator (the key is printed once, to your terminal):',
  '  klausul org add --name NAME --kind buyer|supplier|matching_body [--org-number NNNNNN-NNNN]',
  '  klausul user add --org ORG_ID --role admin --name NAME',
].join('\n');

/**
 * Seeds the demo into an empty database. Instances starting side by side on
 * one PostgreSQL take turns (an advisory lock), so only the first seeds it.
 */
async function seedDemoOnce(deps: EngineDeps): Promise<DemoResult | null> {
  return deps.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(hashtext('klausul demo seed'))`.execute(connection);
    try {
      if ((await countOrganisations(connection)) > 0) return null;
      return await seedDemo({ ...deps, db: connection });
    } finally {
      await sql`select pg_advisory_unlock(hashtext('klausul demo seed'))`.execute(connection);
    }
  });
}
