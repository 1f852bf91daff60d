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

/** Statement names by SQL text; marked statements come in a fixed set of shapes, so this stays small. */
const statementNames = new Map<string, string>();
const statementName = (text: string): string => {
  let name = statementNames.get(text);
  if (!name) {
    name = `klausul_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
};

/** Installed on each new pool connection: runs marked statements as named prepared statements. */
export function prepareMarkedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, ...rest: unknown[]) =>
    typeof text === 'string' && text.startsWith(PREPARED) && Array.isArray(rest[0])
      ? query({ name: statementName(text), text, values: rest[0] }, ...rest.slice(1))
      : query(text, ...rest)) as typeof client.query;
}

/**
 * A query that every request runs, built with Kysely and compiled once, then
 * run as a prepared statement: building and compiling it anew each time
 * costs more than PostgreSQL takes to run it. `build` is called once with
 * markers in place of its arguments (NUL characters, which no stored text
 * holds); each run binds the arguments where the markers ended up. Only for
 * queries whose shape does not depend on their arguments.
 */
export function compiledOnce<Args extends string[], Row>(build: (db: Db, ...args: Args) => Compilable<Row>): (db: Db, ...args: Args) => Promise<Row[]> {
  let compiled: { sql: string; values: (args: Args) => unknown[] } | undefined;
  return async (db, ...args) => {
    if (!compiled) {
      const markers = args.map((_, i) => `\0klausul-argument-${i}\0`) as Args;
      const { sql, parameters } = build(db, ...markers).compile();
      // An argument the builder transformed (hashed, say) would be bound as it was the first time.
      if (!markers.every((marker) => parameters.includes(marker)))
        throw new Error('compiledOnce: every argument must reach the query unchanged, as a parameter');
      const slots = parameters.map((value) => ({ value, argument: markers.indexOf(value as string) }));
      compiled = { sql: PREPARED + sql, values: (values) => slots.map((s) => (s.argument >= 0 ? values[s.argument] : s.value)) };
    }
    return (await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, compiled.values(args)))).rows;
  };
}
