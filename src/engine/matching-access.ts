import { canSeeMatching, mayActAs, organisationsConcerned } from '../domain/access.ts';
import { KlausulError, notFound, validationError, type ValidationIssue } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { findClause } from '../db/clauses.ts';
import { findOpening } from '../db/matching.ts';
import type { ClauseRow, Db, OpeningRow } from '../db/schema.ts';
import { partiesOf, templateOf } from './clauses.ts';

/** The clause an opening belongs to, if the actor may see its openings; otherwise not_found. */
export async function loadVisibleOpening(db: Db, actor: Actor, id: string): Promise<{ row: OpeningRow; clause: ClauseRow }> {
  const row = await findOpening(db, id);
  const clause = row && (await findClause(db, row.clause_id));
  if (!row || !clause || !canSeeMatching(actor, partiesOf(clause))) throw notFound('Opening', id);
  return { row, clause };
}

/** The clause, if the actor may see its openings (buyer, contractor, the clause's matching body). */
export async function loadClauseForMatching(db: Db, actor: Actor, clauseId: string): Promise<ClauseRow> {
  const clause = await findClause(db, clauseId);
  if (!clause || !canSeeMatching(actor, partiesOf(clause))) throw notFound('Clause', clauseId);
  return clause;
}

export function requireMatcher(actor: Actor, clause: ClauseRow, what: string): void {
  if (!mayActAs(actor, 'matcher', partiesOf(clause))) {
    throw new KlausulError('forbidden', `${what} is the task of the clause's matching body (role matcher); you are signed in as ${actor.role}.`, {
      requiredRole: 'matcher',
    });
  }
}

/** The target groups the clause counts, as its template reads its parameters; null: any group. */
export const clauseTargetGroups = (clause: ClauseRow): string[] | null => templateOf(clause).targetGroups(clause.params);

/**
 * The issue of a person outside the clause's target groups, at `path`; null
 * when they belong to one (or the clause names none). `invalid_value`, as zod
 * names a value outside its options, with the groups that would do, so that
 * a page words it in its language.
 */
export function clauseTargetGroupIssue(clause: ClauseRow, targetGroup: string, path: string): ValidationIssue | null {
  const eligible = clauseTargetGroups(clause);
  if (!eligible || eligible.includes(targetGroup)) return null;
  return {
    path,
    message: `the clause counts ${eligible.join(', ')}; send one of them, attested by the matching body`,
    code: 'invalid_value',
    values: eligible,
  };
}

/**
 * Refuses a person outside the clause's target groups (422 naming `path`):
 * the clause text names the groups, so a placement, a proposal or an offer
 * for anyone else cannot count toward it.
 */
export function requireClauseTargetGroup(clause: ClauseRow, targetGroup: string, path: string, what: string): void {
  const issue = clauseTargetGroupIssue(clause, targetGroup, path);
  if (issue) throw validationError(`${what} is outside the clause's target groups`, [issue]);
}

/** Openings and proposals, and the placement an accepted proposal registers, concern the clause's matching body too. */
export const concernedWithMatchingBody = (clause: Parameters<typeof partiesOf>[0]): string[] =>
  organisationsConcerned(partiesOf(clause), { matchingBody: true });
