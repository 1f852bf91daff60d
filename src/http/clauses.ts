import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { latestWorkflow } from '../../workflows/index.ts';
import { createClause, getClause, getClauseEforms, getClauseHistory, listClauses, sendClauseEvent, type RequestContext } from '../engine/clauses.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { clauseDraftInput } from '../engine/drafting.ts';
import type { AppEnv } from './env.ts';
import { expectedVersionOf, idempotencyOf } from './middleware.ts';
import { reply } from './reply.ts';
import {
  bodyOf,
  bodyRef,
  ClauseSchema,
  ErrorSchema,
  errorResponses,
  eventTypeOf,
  HistoryEntrySchema,
  IdParam,
  json,
  named,
  registerEventSchemas,
} from './schemas.ts';
import type { Context } from 'hono';

const clauseWorkflow = latestWorkflow('social-clause');

const NewClause = named(clauseDraftInput, 'NewClause');

const ClauseEventType = eventTypeOf(clauseWorkflow);

export const ifMatch = z.object({
  'if-match': z.string().optional().openapi({ description: 'The version you last read, e.g. "3": a stale one answers 409 version_conflict' }),
  'idempotency-key': z.string().optional().openapi({ description: 'A unique key per intended change; a retry returns the first answer' }),
});

const routes = {
  create: createRoute({
    method: 'post',
    path: '/tenders/{id}/clauses',
    operationId: 'draftClause',
    tags: ['clauses'],
    summary: 'Draft a clause in a tender from a template (officer)',
    request: {
      params: IdParam,
      headers: ifMatch.pick({ 'idempotency-key': true }),
      body: { content: { 'application/json': { schema: NewClause } }, required: true },
    },
    responses: { 201: json(ClauseSchema, 'The new clause, in draft'), ...errorResponses },
  }),
  list: createRoute({
    method: 'get',
    path: '/clauses',
    operationId: 'listClauses',
    tags: ['clauses'],
    summary: 'Clauses your organisation can see',
    request: { query: z.object({ tenderId: z.string().optional() }) },
    responses: { 200: json(z.array(ClauseSchema), 'Clauses'), 401: errorResponses[401] },
  }),
  get: createRoute({
    method: 'get',
    path: '/clauses/{id}',
    operationId: 'getClause',
    tags: ['clauses'],
    summary: 'A clause with its state, version and the events you may send now',
    request: { params: IdParam },
    responses: { 200: json(ClauseSchema, 'The clause'), 401: errorResponses[401], 404: errorResponses[404] },
  }),
  send: createRoute({
    method: 'post',
    path: '/clauses/{id}/events',
    operationId: 'sendClauseEvent',
    tags: ['clauses'],
    summary: 'Send an event to the clause statechart',
    request: { params: IdParam, headers: ifMatch, body: bodyRef('ClauseEvent') },
    responses: {
      200: json(ClauseSchema, 'The clause after the event'),
      ...errorResponses,
      409: json(ErrorSchema, '`invalid_transition` (with `allowedEvents`) or `version_conflict`'),
    },
  }),
  eforms: createRoute({
    method: 'get',
    path: '/clauses/{id}/eforms',
    operationId: 'getClauseEforms',
    tags: ['clauses'],
    summary: "eForms notice fields for the clause's lot: BT-06-Lot, BT-775-Lot, BT-70-Lot, BT-777-Lot",
    request: { params: IdParam },
    responses: {
      200: json(z.object({ clauseId: z.string(), tenderId: z.string(), language: z.string(), fields: z.record(z.string(), z.unknown()) }), 'Notice fields'),
      401: errorResponses[401],
      404: errorResponses[404],
    },
  }),
  history: createRoute({
    method: 'get',
    path: '/clauses/{id}/history',
    operationId: 'getClauseHistory',
    tags: ['clauses'],
    summary: 'The append-only audit history of the clause',
    request: { params: IdParam },
    responses: { 200: json(z.array(HistoryEntrySchema), 'History, oldest first'), 401: errorResponses[401], 404: errorResponses[404] },
  }),
};

export const requestContext = (c: Context<AppEnv>): RequestContext => ({
  actor: c.get('actor'),
  requestId: c.get('requestId'),
  idempotency: idempotencyOf(c),
});

export function clauseRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  registerEventSchemas(app, 'ClauseEvent', clauseWorkflow, 'An event for a clause: its type and payload');

  app.openapi(routes.create, async (c) => {
    const answer = await createClause(deps, requestContext(c), c.req.valid('param').id, c.req.valid('json'));
    return reply(c, answer, 201);
  });
  app.openapi(routes.list, async (c) => c.json(await listClauses(deps, c.get('actor'), c.req.valid('query')), 200));
  app.openapi(routes.get, async (c) => {
    const clause = await getClause(deps, c.get('actor'), c.req.valid('param').id);
    c.header('ETag', `"${clause.version}"`);
    return c.json(clause, 200);
  });
  app.openapi(routes.send, async (c) => {
    const body = bodyOf(c, ClauseEventType);
    const answer = await sendClauseEvent(deps, requestContext(c), c.req.valid('param').id, { body, expectedVersion: expectedVersionOf(c) });
    return reply(c, answer, 200);
  });
  app.openapi(routes.eforms, async (c) => c.json(await getClauseEforms(deps, c.get('actor'), c.req.valid('param').id), 200));
  app.openapi(routes.history, async (c) => c.json(await getClauseHistory(deps, c.get('actor'), c.req.valid('param').id), 200));
}
