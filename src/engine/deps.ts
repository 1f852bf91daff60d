import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Clock } from './clock.ts';

export interface EngineDeps {
  db: Kysely<Database>;
  clock: Clock;
}
