/**
 * Evidence files get an optional description, and become as immutable as the
 * history that records their hashes: stored once, never updated or deleted.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('evidence').addColumn('description', 'text').execute();
  await db.schema.alterTable('evidence').addCheckConstraint('evidence_sha256_hex', sql`sha256 ~ '^[0-9a-f]{64}$'`).execute();
  await db.schema.alterTable('evidence').addCheckConstraint('evidence_size_matches', sql`size_bytes = octet_length(content) and size_bytes > 0`).execute();
  await sql`
    create trigger evidence_no_update_delete before update or delete on evidence
    for each row execute function clause_history_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger evidence_no_update_delete on evidence`.execute(db);
  await db.schema.alterTable('evidence').dropConstraint('evidence_size_matches').execute();
  await db.schema.alterTable('evidence').dropConstraint('evidence_sha256_hex').execute();
  await db.schema.alterTable('evidence').dropColumn('description').execute();
}
