/**
 * history_redacted() (migration 0016) gives the same text, about fifteen times
 * faster (issue 24, item 4). It ran for every history row the chain trigger
 * hashes and was most of what an import of placements cost PostgreSQL (about
 * 0.2 ms a row): one pattern with the keys as a capturing alternation, which
 * PostgreSQL's regular expressions match by backtracking through every
 * candidate. Now each key that occurs (a plain substring search) gets a
 * pattern of its own without a capture.
 *
 * The same text: a match is `"<key>": "` and a JSON string up to its closing
 * quote, and in jsonb's text no match can start inside another (inside a
 * string every quote is escaped, and `"<key>": "` cannot be a string's content)
 * or be made by a replacement (`"<key>": null` is followed by `,` or `}`), so
 * replacing key after key leaves what one pass over all keys left. Every
 * stored hash therefore stays valid; test/integration/history-chain.test.ts
 * and erasure.test.ts pin the redaction, and history-redaction.test.ts
 * compares both functions over awkward documents.
 */
import { sql, type Kysely } from 'kysely';
import { historyRedactedOnePattern, PERSONAL_KEYS } from './0016_erasure.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create or replace function history_redacted(payload jsonb) returns text language plpgsql immutable parallel safe as $$
    declare
      redacted text := payload::text;
      key text;
    begin
      foreach key in array array['${PERSONAL_KEYS.join("', '")}'] loop
        if strpos(redacted, '"' || key || '": "') > 0 then
          redacted := regexp_replace(redacted, '"' || key || '": "(?:[^"\\\\]|\\\\.)*"', '"' || key || '": null', 'g');
        end if;
      end loop;
      return redacted;
    end $$`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(historyRedactedOnePattern('create or replace')).execute(db);
}
