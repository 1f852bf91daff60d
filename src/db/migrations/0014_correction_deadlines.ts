/**
 * The written notice's deadline (issue 18): version 3 of the clause workflow
 * schedules a `correctionDue` deadline for each notice (REQUEST_CORRECTION),
 * so the deadlines' kind check takes it.
 */
import type { Kysely } from 'kysely';
import { replaceCheck } from './0009_matching.ts';

const KINDS_BEFORE = `'planDue', 'firstJob', 'reportDue', 'remedyDue', 'contractEnd'`;

export async function up(db: Kysely<any>): Promise<void> {
  await replaceCheck(db, 'deadlines', 'kind', `kind in (${KINDS_BEFORE}, 'correctionDue')`);
}

export async function down(db: Kysely<any>): Promise<void> {
  // The notices' deadlines go with the kind: the check before would refuse them.
  await db.deleteFrom('deadlines').where('kind', '=', 'correctionDue').execute();
  await replaceCheck(db, 'deadlines', 'kind', `kind in (${KINDS_BEFORE})`);
}
