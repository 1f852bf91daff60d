/** Start and stop the service. */
import { serve, type ServerType } from '@hono/node-server';
import pino from 'pino';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { countOrganisations } from './db/organisations.ts';
import { clockStartingAt, systemClock } from './engine/clock.ts';
import { describeDemo, seedDemo } from './engine/demo.ts';
import { openConfiguredStore } from './store.ts';

export interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const logger = pino({ level: config.KLAUSUL_LOG_LEVEL });
  const clock = config.KLAUSUL_NOW ? clockStartingAt(new Date(config.KLAUSUL_NOW)) : systemClock;
  const store = await openConfiguredStore(config);
  const deps = { db: store.db, clock };

  if ((await countOrganisations(store.db)) === 0) {
    const demo = await seedDemo(deps);
    console.log(describeDemo(demo).replace('PORT', String(config.PORT)));
  }

  const app = createApp({ deps, logger, storeKind: store.kind });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: '0.0.0.0' }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  console.log(`Klausul listening on http://localhost:${port} (database: ${store.kind} ${store.location}${config.KLAUSUL_NOW ? `, clock starts at ${config.KLAUSUL_NOW}` : ''})`);
  console.log(`API docs: http://localhost:${port}/docs`);

  let stopping: Promise<void> | undefined;
  return {
    port,
    stop: () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await store.close();
      })()),
  };
}
