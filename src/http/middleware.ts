import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { KlausulError } from '../domain/errors.ts';
import { findPersonalIdentityNumber, PERSONAL_IDENTITY_NUMBER_ADVICE } from '../domain/personal-identity-number.ts';
import { findActorByApiKey } from '../db/organisations.ts';
import type { EngineDeps } from '../engine/deps.ts';
import type { IdempotencyRequest } from '../engine/idempotency.ts';
import type { AppEnv } from './env.ts';

export const MAX_JSON_BODY_BYTES = 1024 * 1024;

export function requireApiKey(deps: EngineDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new KlausulError('unauthorized', 'Send your API key as "Authorization: Bearer <key>". Keys are issued with `klausul user add`.');
    }
    const actor = await findActorByApiKey(deps.db, match[1]!);
    if (!actor) throw new KlausulError('unauthorized', 'This API key is unknown or revoked. Ask your administrator for a new one.');
    c.set('actor', actor);
    await next();
  };
}

/** 10,000 rows of a placements CSV take about 2 MB; this leaves room for long role and site names. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** The one route that takes CSV instead of JSON. */
const CSV_ROUTE = /\/placements\/import$/;

const tooLarge = (limit: number, what: string) => new KlausulError('payload_too_large', `${what} bodies are limited to ${limit} bytes.`);

/**
 * Reads every request body once: refuses other content types, oversized and
 * malformed bodies, and JSON containing a personal identity number, before
 * any handler sees it. A CSV import is read as text; its decoder checks each cell.
 */
export function bodyGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST' && c.req.method !== 'PUT' && c.req.method !== 'PATCH') return next();
    const csv = CSV_ROUTE.test(c.req.path);
    const [limit, what] = csv ? [MAX_CSV_BYTES, 'CSV'] : [MAX_JSON_BODY_BYTES, 'JSON'];
    if (Number(c.req.header('content-length') ?? 0) > limit) throw tooLarge(limit, what);
    const type = c.req.header('content-type') ?? '';
    if (csv ? !/^text\/csv\b/i.test(type) : !/^application\/(.+\+)?json\b/i.test(type)) {
      throw new KlausulError('unsupported_media_type', csv ? 'Send the file as CSV with "Content-Type: text/csv".' : 'Send the body as JSON with "Content-Type: application/json".');
    }
    const text = await c.req.text();
    if (Buffer.byteLength(text) > limit) throw tooLarge(limit, what);
    if (csv) {
      c.set('csvBody', text);
      return next();
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new KlausulError('malformed_json', `The body is not valid JSON (${(error as Error).message}). Send a JSON object.`);
    }
    const path = findPersonalIdentityNumber(body);
    if (path) {
      throw new KlausulError('personal_identity_number', `${path} contains a personal identity number. ${PERSONAL_IDENTITY_NUMBER_ADVICE}`, { path });
    }
    c.set('jsonBody', body);
    await next();
  };
}

export function idempotencyOf(c: Context<AppEnv>): IdempotencyRequest | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new KlausulError('validation', 'Idempotency-Key must be 1–255 visible ASCII characters, e.g. a UUID.', {
      issues: [{ path: 'Idempotency-Key', message: 'send a UUID or similar unique token' }],
    });
  }
  const fingerprint = createHash('sha256')
    .update(`${c.req.method} ${new URL(c.req.url).pathname}\n${c.get('csvBody') ?? JSON.stringify(c.get('jsonBody') ?? null)}`)
    .digest('hex');
  return { key, fingerprint };
}

/** `If-Match: "3"` (also W/"3" or 3) → 3. */
export function expectedVersionOf(c: Context<AppEnv>): number | undefined {
  const header = c.req.header('if-match');
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new KlausulError('validation', 'If-Match must carry the clause version you last read, in quotes, e.g. If-Match: "3".', {
      issues: [{ path: 'If-Match', message: 'send the version from GET /api/v1/clauses/{id} (also its ETag)' }],
    });
  }
  return Number(match[1]);
}
