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
  | 'unsupported_media_type'
  | 'too_many_requests'
  /** The clause requires a trained supervisor before a placement starts (issue 22); `rule` and `breach` say which and why. */
  | 'trained_supervisor_required';

export interface ValidationIssue {
  path: string;
  message: string;
  /**
   * What kind of problem, as zod names it (too_small, too_big, invalid_type,
   * invalid_format, invalid_value, unrecognized_keys, custom, …), with its
   * limit: what a page needs to say it again in its own language.
   */
  code?: string;
  minimum?: number;
  maximum?: number;
  expected?: string;
  /** Whether the limit itself is allowed (at least 1) or not (above 0). */
  inclusive?: boolean;
  /** What the limit is of: a number, a string's length, an array's size, a date. */
  origin?: string;
  /** The format a string missed (date, email, regex, …). */
  format?: string;
  /** The values that would do, when there are few of them (a clause's target groups). */
  values?: string[];
}

interface ZodLikeIssue {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  minimum?: unknown;
  maximum?: unknown;
  expected?: unknown;
  inclusive?: unknown;
  origin?: unknown;
  format?: unknown;
}

/** The issue's kind and limit, when zod gave them (numbers only: a bigint or a date limit is left to the message). */
function kindOf(issue: ZodLikeIssue): Omit<ValidationIssue, 'path' | 'message'> {
  return {
    ...(issue.code ? { code: issue.code } : {}),
    ...(typeof issue.minimum === 'number' ? { minimum: issue.minimum } : {}),
    ...(typeof issue.maximum === 'number' ? { maximum: issue.maximum } : {}),
    ...(typeof issue.expected === 'string' ? { expected: issue.expected } : {}),
    ...(typeof issue.inclusive === 'boolean' ? { inclusive: issue.inclusive } : {}),
    ...(typeof issue.origin === 'string' ? { origin: issue.origin } : {}),
    ...(typeof issue.format === 'string' ? { format: issue.format } : {}),
  };
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
    safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<ZodLikeIssue> } };
  },
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(`The ${what} is not valid`, issuesFromZod(parsed.error.issues));
  return parsed.data;
}

/** Turns zod issues into `{ path, message }` pairs with dotted paths. */
export function issuesFromZod(issues: ReadonlyArray<ZodLikeIssue>, prefix = ''): ValidationIssue[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return { path: path || '(body)', message: issue.message, ...kindOf(issue) };
  });
}
