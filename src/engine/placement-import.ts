/**
 * The placements CSV import: a file's text becomes one registration of all its
 * rows, or none. The file is judged here, not where it arrived, so the API and
 * the web application refuse the same files with the same words.
 */
import { KlausulError, type ValidationIssue, validationError } from '../domain/errors.ts';
import { unstorable } from '../domain/json-text.ts';
import { decodePlacementCsv } from '../domain/placement-csv.ts';
import type { RequestContext } from './apply.ts';
import type { EngineDeps } from './deps.ts';
import type { Answer } from './idempotency.ts';
import { registerPlacements } from './placements.ts';
import type { ItemView } from './instances.ts';

export async function importPlacements<Body>(
  deps: EngineDeps,
  ctx: RequestContext,
  clauseId: string,
  csvText: string,
  /** The answer to store and return, from the new placements' ids (an import need not present every row). */
  answer: (ids: string[], viewOf: (index: number) => ItemView) => Body,
): Promise<Answer<Body> & { replayed: boolean }> {
  if (unstorable(csvText)) {
    throw validationError('The CSV contains a NUL character or an unpaired surrogate.', [{ path: '(file)', message: 'send a text file saved as "CSV UTF-8"' }]);
  }
  const { rows, lines } = decodePlacementCsv(csvText);
  if (rows.length === 0) {
    throw validationError('The CSV has a header but no rows', [{ path: '(file)', message: 'send one row per placement below the header' }]);
  }
  try {
    return await registerPlacements(deps, ctx, clauseId, rows, answer);
  } catch (error) {
    throw error instanceof KlausulError ? withLines(error, lines) : error;
  }
}

/**
 * A refusal whose rows (1 = the first row after the header) also name the
 * line of the file they are on, as a spreadsheet numbers them (the header is
 * line 1), beside `row`, which the API has always sent.
 */
function withLines(error: KlausulError, lines: number[]): KlausulError {
  const lineOf = (row: unknown) => (typeof row === 'number' ? lines[row - 1] : undefined);
  const issues = error.details.issues as Array<ValidationIssue & { row?: number }> | undefined;
  const details = {
    ...error.details,
    ...(lineOf(error.details.row) ? { line: lineOf(error.details.row) } : {}),
    ...(issues ? { issues: issues.map((issue) => (lineOf(issue.row) ? { ...issue, line: lineOf(issue.row) } : issue)) } : {}),
  };
  return new KlausulError(error.code, error.message, details);
}
