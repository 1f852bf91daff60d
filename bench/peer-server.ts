/**
 * The server of `npm run bench:peer`: Klausul as `klausul serve` runs it, with
 * its pollers and workers, and the DBOS peer (bench/peer-dbos.ts) mounted on
 * the same Hono app, so both answer in one process behind the same middleware.
 * DATABASE_URL is the application's database, PEER_SYSTEM_DATABASE_URL the
 * system database DBOS keeps its workflows in.
 */
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/main.ts';
import { launchPeer } from './peer-dbos.ts';

const config = loadConfig();
const systemDatabaseUrl = process.env.PEER_SYSTEM_DATABASE_URL;
if (!config.DATABASE_URL || !systemDatabaseUrl) throw new Error('bench/peer-server.ts needs DATABASE_URL and PEER_SYSTEM_DATABASE_URL');

const peer = await launchPeer(config.DATABASE_URL, systemDatabaseUrl);
const server = await startServer(config, { mount: (app) => peer.mount(app) });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void server.stop().then(() => peer.shutdown().then(() => process.exit(0))));
}
