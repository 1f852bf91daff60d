/**
 * Logs of the HTTP service: one line per request, carrying its request id and
 * client address, as does every line logged while the request is handled (through
 * `requestLogger(c)`). Lines never carry API keys, cookies or bodies: the
 * request line names method, path (no query string, no personal data: see
 * loggedPath), status and duration, and the redaction below catches headers and
 * secrets that might reach a log object.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger, LoggerOptions } from 'pino';
import { containsPersonalIdentityNumber } from '../domain/personal-identity-number.ts';
import type { AppEnv } from './env.ts';
import { clientAddressOf } from './sign-in-throttle.ts';

/** Pino redaction for every logger of the service (also set on the root logger in src/main.ts). */
export const LOG_REDACT = {
  paths: [
    'authorization',
    'cookie',
    'apiKey',
    'headers.authorization',
    'headers.cookie',
    'headers["set-cookie"]',
    'headers["x-csrf-token"]',
    '*.headers.authorization',
    '*.headers.cookie',
    '*.headers["set-cookie"]',
    '*.headers["x-csrf-token"]',
    '*.apiKey',
    // Bodies are never logged; should one reach a log object, it is not written.
    'body',
    '*.body',
    // PostgreSQL's error detail repeats the values of the row ("Failing row contains (…)").
    'err.detail',
    'err.cause.detail',
  ],
  censor: '[redacted]',
} satisfies LoggerOptions['redact'];

/**
 * The logger of the request being handled: its lines carry the request id.
 * (Kept on the request's context rather than in AsyncLocalStorage, whose
 * promise hooks cost every await of every request.)
 */
export const requestLogger = (c: Context, fallback: Logger): Logger => (c.get('log') as Logger | undefined) ?? fallback;

/**
 * A path as the request line logs it. A participant's reference in it (`/participants/{ref}/path`) and a segment
 * holding a personal identity number are left out: an erasure cannot reach the service's log.
 */
export function loggedPath(path: string): string {
  return path
    .split('/')
    .map((segment, i, segments) => (segments[i - 1] === 'participants' ? '{ref}' : containsPersonalIdentityNumber(safeDecode(segment)) ? '{removed}' : segment))
    .join('/');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Gives each request a child logger bound to its request id (set by hono's
 * requestId middleware, which must run first) and its client address, then
 * writes the request line. Also makes sure the answer carries X-Request-Id,
 * whatever made it.
 */
export function requestLogging(logger: Logger, options: { trustProxy?: boolean } = {}): MiddlewareHandler<AppEnv> {
  const base = logger.child({}, { redact: LOG_REDACT });
  return async (c, next) => {
    const requestId = c.get('requestId');
    const client = clientAddressOf(c, options.trustProxy ?? false);
    c.set('clientAddress', client);
    const log = base.child({ requestId, client });
    c.set('log', log);
    const started = performance.now();
    await next();
    if (!c.res.headers.has('X-Request-Id')) c.res.headers.set('X-Request-Id', requestId);
    log.info({ method: c.req.method, path: loggedPath(c.req.path), status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  };
}
