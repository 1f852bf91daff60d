/**
 * Errors are values with a stable code. The HTTP layer maps codes to status
 * codes in one place (src/http/errors.ts); the CLI prints code and message.
 */
export type ErrorCode =
  | 'validation'
  | 'malformed_json'
  | 'personal_identity_number'
  | 'invalid_transition'
  | 'version_conflict'
  | 'idempotency_key_reused'
  | 'conflict'
  | 'forbidden'
  | 'not_found'
  | 'unauthorized'
  | 'payload_too_large'
  | 'unsupported_media_type';

export interface ValidationIssue {
  path: string;
  message: string;
}

export class KlausulError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'KlausulError';
  }
}

export const validationError = (message: string, issues: ValidationIssue[]) =>
  new KlausulError('validation', message, { issues });

export const notFound = (what: string, id: string) =>
  new KlausulError('not_found', `${what} ${id} does not exist or is not visible to you`);

/** Turns zod issues into `{ path, message }` pairs with dotted paths. */
export function issuesFromZod(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix = '',
): ValidationIssue[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return { path: path || '(body)', message: issue.message };
  });
}
