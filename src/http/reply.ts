/** The one way a handler answers with what the engine decided (an `Answer`): creates and events alike. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './env.ts';

/** What an engine write returns: the body to answer with, and whether it repeats the first answer to an Idempotency-Key. */
export interface EngineAnswer<Body> {
  body: Body;
  replayed?: boolean;
}

/**
 * Answers with the engine's body and the route's success status (201 for a
 * create, 200 for an event; an upload is an ADD_EVIDENCE event to the engine
 * but a create here); `ETag: "<version>"` when the body carries a version
 * (send it back as If-Match), and `Idempotent-Replayed: true` when this is the
 * stored answer to a repeated Idempotency-Key.
 */
export function reply<Body, Status extends ContentfulStatusCode>(c: Context<AppEnv>, answer: EngineAnswer<Body>, status: Status) {
  const version = (answer.body as { version?: unknown } | null)?.version;
  if (typeof version === 'number') c.header('ETag', `"${version}"`);
  if (answer.replayed) c.header('Idempotent-Replayed', 'true');
  return c.json(answer.body, status);
}
