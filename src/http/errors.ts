/** The one place where error codes become HTTP answers. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { issuesFromZod, KlausulError, type ErrorCode } from '../domain/errors.ts';

export const STATUS_BY_CODE: Record<ErrorCode, ContentfulStatusCode> = {
  validation: 422,
  malformed_json: 400,
  personal_identity_number: 422,
  idempotency_key_reused: 422,
  invalid_transition: 409,
  version_conflict: 409,
  conflict: 409,
  forbidden: 403,
  not_found: 404,
  unauthorized: 401,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  trained_supervisor_required: 422,
};

export function errorResponse(c: Context, error: KlausulError) {
  if (typeof error.details.retryAfterSeconds === 'number') c.header('Retry-After', String(error.details.retryAfterSeconds));
  return c.json({ error: error.code, message: error.message, ...error.details }, STATUS_BY_CODE[error.code]);
}

export function handleError(error: Error, c: Context, log: (error: Error) => void) {
  if (error instanceof KlausulError) return errorResponse(c, error);
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own validators: malformed JSON bodies and the like.
    const code: ErrorCode = error.status === 413 ? 'payload_too_large' : error.status === 415 ? 'unsupported_media_type' : 'malformed_json';
    return errorResponse(c, new KlausulError(code, error.message || 'The request could not be read; send a JSON body.'));
  }
  log(error);
  return c.json(
    {
      error: 'internal',
      message: 'Something went wrong on our side; nothing was written. Try again, and report the request id if it persists.',
      requestId: c.get('requestId'),
    },
    500,
  );
}

/** A request that its route's schema refuses: `validation`, with zod's issues under `where` (a query, the headers; the body itself is unprefixed). */
export const requestInvalid = (issues: Parameters<typeof issuesFromZod>[0], where = '') =>
  new KlausulError('validation', 'The request is not valid; see issues for what to send.', { issues: issuesFromZod(issues, where) });
