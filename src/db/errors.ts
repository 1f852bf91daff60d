/** What a database error means, for the callers that turn it into an answer. */

/** A unique constraint refused the row: someone stored the same thing first. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  return e?.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint));
}
