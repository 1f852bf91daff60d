/**
 * Erasure that keeps the history verifiable (issue 20, item 2). Personal data
 * in a history row's payload — participant and candidate references,
 * attestation references and free text (notes, reasons, descriptions, evidence
 * file names), found by key at any depth (PERSONAL_KEYS, the same as
 * src/domain/personal-data.ts) — leaves the hashed content:
 *
 * - the canonical content (0011) takes `history_redacted(payload)`, the
 *   payload's text with every personal key's string value replaced by null,
 *   and adds `personal_digest`;
 * - `personal_digest` = sha256(personal_salt + ',' + payload text) binds the
 *   whole payload, personal values included, to the chain: verify checks it
 *   while the row's salt exists;
 * - `personal_salt` is a random value per row, set by the chain trigger (one
 *   given with the row is kept: a row restored as it was hashes the same). An
 *   erasure replaces the personal values and sets the salt to null: the hash
 *   and the digest stay as they were (and the chain holds), and without the
 *   salt the digest no longer tells anything about what was erased.
 *
 * History stays append-only but for that one change: with the transaction's
 * setting `klausul.erasure` on, an UPDATE may set the salt to null and change
 * personal values, and nothing the canonical content covers. Evidence files
 * may then be deleted. Each erasure is recorded in `erasures` (append-only),
 * with the instances it redacted and counts, never the data itself; verify
 * accepts a row without salt only in an instance an erasure names.
 *
 * Existing rows get a salt and digest and every chain is hashed anew.
 */
import { sql, type Kysely } from 'kysely';
import { APPEND_ONLY, CANONICAL, defineCanonical, defineChainTrigger, rehash, TABLES, type HistoryTable } from './0011_history_chain.ts';

/** Keys whose values are personal data, wherever they occur in a payload. */
export const PERSONAL_KEYS = ['participantRef', 'candidateRef', 'reference', 'note', 'reason', 'description', 'fileName'];

/**
 * history_redacted() as this migration defines it: one pattern for every key. Migration 0026 replaces it with a
 * function that gives the same text, faster; its down migration puts this one back.
 */
export const historyRedactedOnePattern = (create: 'create' | 'create or replace', name = 'history_redacted') => `
    ${create} function ${name}(payload jsonb) returns text language sql immutable parallel safe as $$
      select regexp_replace(payload::text, '"(${PERSONAL_KEYS.join('|')})": "(?:[^"\\\\]|\\\\.)*"', '"\\1": null', 'g')
    $$`;

const canonical = (table: HistoryTable) => [
  ...CANONICAL[table].map((column) => (column === 'h.payload::text' ? 'history_redacted(h.payload)' : column)),
  'h.personal_digest',
];

const NEW_SALT = `replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`;

export async function up(db: Kysely<any>): Promise<void> {
  // On jsonb's own text (keys as `"key": `), so without walking the document: inside a JSON string every quote is
  // escaped, so `"<key>": "` is always a key and its string value, which the pattern then spans escape by escape.
  await sql.raw(historyRedactedOnePattern('create')).execute(db);
  await sql`
    create function history_personal_digest(salt text, payload jsonb) returns text language sql immutable parallel safe as $$
      select encode(sha256(convert_to(salt || ',' || payload::text, 'UTF8')), 'hex')
    $$`.execute(db);

  // The one change history allows: an erasure's, which leaves everything the chain covers as it was.
  await sql`
    create function history_append_only_but_erasure() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and current_setting('klausul.erasure', true) = 'on'
         and new.personal_salt is null and new.hash = old.hash and new.personal_digest = old.personal_digest
         and history_canonical(new) = history_canonical(old) then
        return new;
      end if;
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'restrict_violation';
    end $$`.execute(db);
  await sql`
    create function evidence_append_only_but_erasure() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' and current_setting('klausul.erasure', true) = 'on' then
        return old;
      end if;
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'restrict_violation';
    end $$`.execute(db);

  for (const table of TABLES) {
    await sql.raw(`alter table ${table} add column personal_salt text, add column personal_digest text`).execute(db);
    await sql.raw(`alter table ${table} disable trigger ${APPEND_ONLY[table]}`).execute(db);
    // A salt of its own for each row (the function is volatile: evaluated per row), then the digest with it.
    await sql.raw(`update ${table} set personal_salt = ${NEW_SALT}`).execute(db);
    await sql.raw(`update ${table} set personal_digest = history_personal_digest(personal_salt, payload)`).execute(db);
    await sql.raw(`alter table ${table} enable trigger ${APPEND_ONLY[table]}`).execute(db);
    await sql.raw(`alter table ${table} alter column personal_digest set not null`).execute(db);
    await defineCanonical(db, table, canonical(table));
    await rehash(db, table);
    await defineChainTrigger(
      db,
      table,
      `
        new.personal_salt := coalesce(new.personal_salt, ${NEW_SALT});
        new.personal_digest := history_personal_digest(new.personal_salt, new.payload);`,
    );
    await sql.raw(`drop trigger ${APPEND_ONLY[table]} on ${table}`).execute(db);
    await sql
      .raw(`create trigger ${APPEND_ONLY[table]} before update or delete on ${table} for each row execute function history_append_only_but_erasure()`)
      .execute(db);
  }
  await sql`drop trigger evidence_no_update_delete on evidence`.execute(db);
  await sql`create trigger evidence_no_update_delete before update or delete on evidence for each row execute function evidence_append_only_but_erasure()`.execute(
    db,
  );

  await db.schema
    .createTable('erasures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull().check(sql`subject in ('candidate', 'participant')`))
    .addColumn('subject_id', 'text')
    .addColumn('instance_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('counts', 'jsonb', (c) => c.notNull())
    .addColumn('actor_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('actor_org_id', 'text', (c) => c.references('organisations.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('erasures_instance_ids_idx').on('erasures').using('gin').column('instance_ids').execute();
  await sql`create trigger erasures_no_update_delete before update or delete on erasures for each row execute function clause_history_append_only()`.execute(
    db,
  );
  await sql`create trigger erasures_no_truncate before truncate on erasures for each statement execute function clause_history_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('erasures').execute();
  await sql`drop trigger evidence_no_update_delete on evidence`.execute(db);
  await sql`create trigger evidence_no_update_delete before update or delete on evidence for each row execute function clause_history_append_only()`.execute(
    db,
  );
  for (const table of TABLES) {
    await sql.raw(`drop trigger ${APPEND_ONLY[table]} on ${table}`).execute(db);
    await sql
      .raw(`create trigger ${APPEND_ONLY[table]} before update or delete on ${table} for each row execute function clause_history_append_only()`)
      .execute(db);
    await defineChainTrigger(db, table);
    await defineCanonical(db, table, CANONICAL[table]);
    await sql.raw(`alter table ${table} drop column personal_salt, drop column personal_digest`).execute(db);
    await rehash(db, table);
  }
  await sql`drop function evidence_append_only_but_erasure()`.execute(db);
  await sql`drop function history_append_only_but_erasure()`.execute(db);
  await sql`drop function history_personal_digest(text, jsonb)`.execute(db);
  await sql`drop function history_redacted(jsonb)`.execute(db);
}
