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

export const validationError = (message: string, issues: ValidationIssue[]) => new KlausulError('validation', message, { issues });

export const notFound = (what: string, id: string) => new KlausulError('not_found', `${what} ${id} does not exist or is not visible to you`);

/** The value as the schema reads it, or a `validation` error saying what is wrong with "the <what>". */
export function parseOrRefuse<T>(
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
  },
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(`The ${what} is not valid`, issuesFromZod(parsed.error.issues));
  return parsed.data;
}

/** Turns zod issues into `{ path, message }` pairs with dotted paths. */
export function issuesFromZod(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, prefix = ''): ValidationIssue[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return { path: path || '(body)', message: issue.message };
  });
}
