import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/0001_initial.ts';
import * as delivery from './migrations/0002_delivery.ts';
import * as evidence from './migrations/0003_evidence.ts';
import * as deadlinesOutbox from './migrations/0004_deadlines_outbox.ts';
import * as deadlineRetries from './migrations/0005_deadline_retries.ts';
import * as deliveryClaimIndex from './migrations/0006_delivery_claim_index.ts';
import * as clauseProgress from './migrations/0007_clause_progress.ts';
import * as measurementVersion from './migrations/0008_progress_measurement_version.ts';
import * as matching from './migrations/0009_matching.ts';
import * as webSessions from './migrations/0010_web_sessions.ts';
import * as historyChain from './migrations/0011_history_chain.ts';
import * as progressChangedAt from './migrations/0012_progress_changed_at.ts';
import * as offers from './migrations/0013_offers.ts';
import * as correctionDeadlines from './migrations/0014_correction_deadlines.ts';
import * as placementEndReasonCode from './migrations/0015_placement_end_reason_code.ts';
import * as erasure from './migrations/0016_erasure.ts';
import * as followUps from './migrations/0017_follow_ups.ts';
import * as userContact from './migrations/0018_user_contact.ts';
import * as programmes from './migrations/0019_programmes.ts';
import * as mail from './migrations/0021_mail.ts';
import * as oidcSignIn from './migrations/0022_oidc_sign_in.ts';
import * as supervisors from './migrations/0023_supervisors.ts';
import * as subcontractors from './migrations/0024_subcontractors.ts';
import * as clauseLifeIndexes from './migrations/0025_clause_life_indexes.ts';
import * as historyRedactionSpeed from './migrations/0026_history_redaction_speed.ts';
import * as clauseFactsMark from './migrations/0027_clause_facts_mark.ts';
import * as portfolioPartialIndexes from './migrations/0028_portfolio_partial_indexes.ts';
import type { Database } from './schema.ts';

/** Migrations are listed in code, so the same set runs from tsx, tests and the packaged CLI. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_delivery': delivery,
  '0003_evidence': evidence,
  '0004_deadlines_outbox': deadlinesOutbox,
  '0005_deadline_retries': deadlineRetries,
  '0006_delivery_claim_index': deliveryClaimIndex,
  '0007_clause_progress': clauseProgress,
  '0008_progress_measurement_version': measurementVersion,
  '0009_matching': matching,
  '0010_web_sessions': webSessions,
  '0011_history_chain': historyChain,
  '0012_progress_changed_at': progressChangedAt,
  '0013_offers': offers,
  '0014_correction_deadlines': correctionDeadlines,
  '0015_placement_end_reason_code': placementEndReasonCode,
  '0016_erasure': erasure,
  '0017_follow_ups': followUps,
  '0018_user_contact': userContact,
  '0019_programmes': programmes,
  '0021_mail': mail,
  '0022_oidc_sign_in': oidcSignIn,
  '0023_supervisors': supervisors,
  '0024_subcontractors': subcontractors,
  '0025_clause_life_indexes': clauseLifeIndexes,
  '0026_history_redaction_speed': historyRedactionSpeed,
  '0027_clause_facts_mark': clauseFactsMark,
  '0028_portfolio_partial_indexes': portfolioPartialIndexes,
};

/** The migration a fully migrated database has run last. */
export const LATEST_MIGRATION = Object.keys(MIGRATIONS).at(-1)!;

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export interface MigrationReport {
  applied: string[];
  current: string | null;
}

export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/previously executed migration .* is missing/.test(message)) {
      // Refuse to run an older Klausul against a schema a newer one has migrated.
      throw new Error(
        `The database was migrated by a newer version of Klausul (${message}). ` +
          'Run the newer version, or point DATABASE_URL / KLAUSUL_DATA_DIR at another database.',
      );
    }
    throw new Error(`Migration failed: ${message}`);
  }
  const executed = await migrator.getMigrations();
  const done = executed.filter((m) => m.executedAt).map((m) => m.name);
  return {
    applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName),
    current: done.at(-1) ?? null,
  };
}
