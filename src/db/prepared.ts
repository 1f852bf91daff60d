/**
 * Prepared statements for the queries every request runs: PostgreSQL parses
 * and plans them once per connection instead of each time. Only statements
 * from our db layer carry the mark; their text is fixed per shape, and values
 * are always bound parameters.
 */
import { createHash } from 'node:crypto';
import { CompiledQuery, type Compilable } from 'kysely';
import type pg from 'pg';
import type { Db } from './schema.ts';

/** Marks SQL text to be run as a prepared statement (PGlite reads it as a comment). */
export const PREPARED = '/* prepared */ ';

/** Installed on each new pool connection: runs marked statements as named prepared statements. */
export function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, ...rest: unknown[]) =>
    typeof text === 'string' && text.startsWith(PREPARED) && Array.isArray(rest[0])
      ? query({ name: `klausul_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`, text, values: rest[0] }, ...rest.slice(1))
      : query(text, ...rest)) as typeof client.query;
}

/** Runs a query built with Kysely as a prepared statement. */
export async function runPrepared<Row>(db: Db, query: Compilable<Row>): Promise<Row[]> {
  const { sql, parameters } = query.compile();
  return (await db.executeQuery<Row>(CompiledQuery.raw(PREPARED + sql, [...parameters]))).rows;
}
