/** Opens the store the configuration names and brings its schema up to date. */
import type { Config } from './config.ts';
import { openStore, type Store } from './db/create-db.ts';
import { migrateToLatest } from './db/migrate.ts';

export async function openConfiguredStore(config: Config): Promise<Store> {
  const store = await openStore(
    config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL, poolSize: config.KLAUSUL_DB_POOL_SIZE } : { dataDir: config.KLAUSUL_DATA_DIR },
  );
  try {
    await migrateToLatest(store.db);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
