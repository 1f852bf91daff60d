import { createHash } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { KlausulError } from '../domain/errors.ts';
import { MAX_EVIDENCE_BYTES } from '../domain/evidence.ts';
import { unstorable } from '../domain/json-text.ts';
import { findActorByApiKey } from '../db/organisations.ts';
import type { EngineDeps } from '../engine/deps.ts';
import type { IdempotencyRequest } from '../engine/idempotency.ts';
import type { AppEnv } from './env.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';

export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Refused while the address has failed to sign in too often (src/http/sign-in-throttle.ts). */
export function tooManySignIns(retryAfterSeconds: number): KlausulError {
  return new KlausulError('too_many_requests', `Too many failed sign-ins from your address. Try again in ${retryAfterSeconds} seconds, with a valid API key.`, {
    retryAfterSeconds,
  });
}

export function requireApiKey(deps: EngineDeps, throttle: SignInThrottle): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new KlausulError('unauthorized', 'Send your API key as "Authorization: Bearer <key>". Keys are issued with `klausul user add`.');
    }
    const address = c.get('clientAddress');
    const wait = throttle.retryAfterSeconds(address);
    if (wait > 0) throw tooManySignIns(wait);
    const actor = await findActorByApiKey(deps.db, match[1]!);
    if (!actor) {
      throttle.fail(address);
      throw new KlausulError('unauthorized', 'This API key is unknown or revoked. Ask your administrator for a new one.');
    }
    c.set('actor', actor);
    await next();
  };
}

/** 10,000 rows of a placements CSV take about 2 MB; this leaves room for long role and site names. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;
/** An evidence file of at most 10 MB, with room for the multipart framing and a description. */
const MAX_UPLOAD_BYTES = MAX_EVIDENCE_BYTES + 64 * 1024;

interface BodyKind {
  name: 'JSON' | 'CSV' | 'Upload' | 'None';
  route?: RegExp;
  contentType: RegExp;
  limit: number;
  /** The limit as a person reads it. */
  limitText: string;
  advice: string;
}

/** JSON everywhere, but for the CSV import, evidence uploads and erasures (which take no body). */
const BODY_KINDS: BodyKind[] = [
  {
    name: 'None',
    route: /\/(candidates|placements)\/[^/]+\/erase$/,
    contentType: /(?:)/,
    limit: 0,
    limitText: 'no body',
    advice: 'Send no body.',
  },
  {
    name: 'CSV',
    route: /\/placements\/import$/,
    contentType: /^text\/csv\b/i,
    limit: MAX_CSV_BYTES,
    limitText: '20 MB',
    advice: 'Send the file as CSV with "Content-Type: text/csv".',
  },
  {
    name: 'Upload',
    route: /\/(placements|reports)\/[^/]+\/evidence$/,
    contentType: /^multipart\/form-data\b/i,
    limit: MAX_UPLOAD_BYTES,
    limitText: 'one file of at most 10 MB',
    advice: 'Upload the file as multipart/form-data with a field named "file" (and optionally "description").',
  },
  // application/json or application/<x>+json, optionally with parameters such as charset.
  {
    name: 'JSON',
    contentType: /^application\/([\w.-]+\+)?json\s*(;\s*[\w-]+=("[^"]*"|[^;,\s"]+)\s*)*$/i,
    limit: MAX_JSON_BODY_BYTES,
    limitText: '1 MB',
    advice: 'Send the body as JSON with "Content-Type: application/json".',
  },
];

const tooLarge = (kind: BodyKind) => new KlausulError('payload_too_large', `${kind.name} bodies are limited to ${kind.limitText} (${kind.limit} bytes).`);

/** Counts the bytes as they arrive, also without Content-Length, and stops at the limit. */
const limitOf = (kind: BodyKind) =>
  bodyLimit({
    maxSize: kind.limit,
    onError: () => {
      throw tooLarge(kind);
    },
  });
const LIMITS = new Map(BODY_KINDS.map((kind) => [kind, limitOf(kind)]));

/** The body as text, refused when it is not UTF-8 (a decoder that replaced bad bytes would store something else than was sent). */
function utf8(bytes: Uint8Array, kind: BodyKind): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    if (kind.name === 'CSV') {
      throw new KlausulError('validation', 'The CSV file is not UTF-8.', {
        issues: [{ path: '(file)', message: 'save the file as "CSV UTF-8" and send it again' }],
      });
    }
    throw new KlausulError('malformed_json', 'The body is not valid UTF-8. Send JSON encoded as UTF-8.');
  }
}

/**
 * Refuses a URL whose path or query holds a NUL character or is not UTF-8
 * once decoded: no such id or filter exists, and the database could not even
 * be asked.
 */
export function urlGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname) + decodeURIComponent(url.search.replace(/\+/g, ' '));
    } catch {
      throw new KlausulError('validation', 'The URL is not valid: its percent-encoding is not UTF-8.', {
        issues: [{ path: '(url)', message: 'percent-encode ids and filters as UTF-8' }],
      });
    }
    if (unstorable(decoded)) {
      throw new KlausulError('validation', 'The URL contains a NUL character or an unpaired surrogate.', {
        issues: [{ path: '(url)', message: 'send ids and filters without NUL characters' }],
      });
    }
    await next();
  };
}

/**
 * Reads every request body once: refuses other content types, oversized
 * bodies and bodies that are not UTF-8 or not JSON, before any handler sees
 * them. What the text says (identity numbers, NUL, lengths) is judged by the
 * engine, for every entrance alike (src/engine/command.ts). A CSV import is
 * read as text; an upload is left for its handler to parse.
 */
export function bodyGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST' && c.req.method !== 'PUT' && c.req.method !== 'PATCH') return next();
    const kind = BODY_KINDS.find((k) => !k.route || k.route.test(c.req.path))!;
    if (kind.name === 'None') return next();
    if (!kind.contentType.test(c.req.header('content-type') ?? '')) throw new KlausulError('unsupported_media_type', kind.advice);
    const incoming = incomingOf(c);
    if (incoming && kind.name !== 'Upload') {
      const bytes = await readLimited(incoming, kind);
      // A handler that reads the body through Hono (a route's JSON validator) finds it here, as if Hono had read it.
      (c.req.bodyCache as Record<string, Promise<unknown>>).arrayBuffer = Promise.resolve(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      );
      return judgeBody(c, kind, bytes, next);
    }
    return LIMITS.get(kind)!(c, async () => {
      if (kind.name === 'Upload') return next();
      return judgeBody(c, kind, new Uint8Array(await c.req.arrayBuffer()), next);
    });
  };
}

/**
 * The Node.js request under the one Hono sees, when served by @hono/node-server.
 * Reading the body from it spares every request the web Request, Headers and
 * ReadableStream that reading through Hono (and its bodyLimit) builds (issue 24).
 */
function incomingOf(c: Context<AppEnv>): IncomingMessage | undefined {
  const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
  return incoming instanceof IncomingMessage ? incoming : undefined;
}

/**
 * The body, counted as it arrives (also without Content-Length) and refused past the kind's limit, as Hono's bodyLimit does.
 * Read with listeners rather than an async iterator: the iterator destroys the request when it is done, and the server's
 * graceful stop then takes the connection for idle and closes it before the answer is sent.
 */
function readLimited(incoming: IncomingMessage, kind: BodyKind): Promise<Uint8Array> {
  if (Number(incoming.headers['content-length'] ?? 0) > kind.limit) return Promise.reject(tooLarge(kind));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: Error) => {
      incoming.off('data', take).off('end', ended).off('error', done).off('close', closed);
      if (error) {
        incoming.resume(); // what is left is read and dropped, so the refusal can be answered
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const take = (chunk: Buffer) => {
      size += chunk.length;
      if (size > kind.limit) done(tooLarge(kind));
      else chunks.push(chunk);
    };
    const ended = () => done();
    const closed = () => done(new KlausulError('malformed_json', 'The request ended before its body did.'));
    incoming.on('data', take).once('end', ended).once('error', done).once('close', closed);
  });
}

/** A JSON or CSV body as the handlers take it, or a refusal. */
async function judgeBody(c: Context<AppEnv>, kind: BodyKind, bytes: Uint8Array, next: Next): Promise<void> {
  const text = utf8(bytes, kind);
  if (kind.name === 'CSV') {
    c.set('csvBody', text);
    return next();
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new KlausulError('malformed_json', `The body is not valid JSON (${(error as Error).message}). Send a JSON object.`);
  }
  c.set('jsonBody', body);
  await next();
}

/**
 * JSON text with every object's keys sorted (arrays keep their order), so
 * that the same body sent with its keys in another order has the same
 * Idempotency-Key fingerprint. Written without recursion: a body may nest as
 * deep as its megabyte allows.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  // Values still to write, and text to emit between them, last first.
  const todo: Array<{ value: unknown } | string> = [{ value }];
  while (todo.length > 0) {
    const next = todo.pop()!;
    if (typeof next === 'string') {
      out.push(next);
      continue;
    }
    const current = next.value;
    if (Array.isArray(current)) {
      out.push('[');
      todo.push(']');
      for (let i = current.length - 1; i >= 0; i--) {
        todo.push({ value: current[i] });
        if (i > 0) todo.push(',');
      }
    } else if (current !== null && typeof current === 'object') {
      const object = current as Record<string, unknown>;
      const keys = Object.keys(object).sort();
      out.push('{');
      todo.push('}');
      for (let i = keys.length - 1; i >= 0; i--) {
        todo.push({ value: object[keys[i]!] });
        todo.push(`${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:`);
      }
    } else {
      out.push(JSON.stringify(current) ?? 'null');
    }
  }
  return out.join('');
}

export function idempotencyOf(c: Context<AppEnv>): IdempotencyRequest | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new KlausulError('validation', 'Idempotency-Key must be 1–255 visible ASCII characters, e.g. a UUID.', {
      issues: [{ path: 'Idempotency-Key', message: 'send a UUID or similar unique token' }],
    });
  }
  const body = c.get('bodyDigest') ?? c.get('csvBody') ?? canonicalJson(c.get('jsonBody') ?? null);
  const fingerprint = createHash('sha256')
    .update(`${c.req.method} ${new URL(c.req.url).pathname}\n${body}`)
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
