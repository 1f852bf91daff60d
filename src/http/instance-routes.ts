/** The routes every persisted statechart instance under a clause has: read it, send it an event, read its history. */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { WorkflowDefinition } from '../../workflows/index.ts';
import type { Actor } from '../domain/roles.ts';
import type { EventRequest, RequestContext } from '../engine/apply.ts';
import type { HistoryView } from '../engine/clause-view.ts';
import type { ItemView } from '../engine/instances.ts';
import { ifMatch, requestContext } from './clauses.ts';
import type { AppEnv } from './env.ts';
import { expectedVersionOf } from './middleware.ts';
import { type EngineAnswer, reply } from './reply.ts';
import { anyObject, bodyOf, bodyRef, ErrorSchema, errorResponses, eventTypeOf, HistoryEntrySchema, IdParam, json, registerEventSchemas } from './schemas.ts';

/** The view every instance shares, open to the fields of its kind. */
export const InstanceSchema = z.looseObject({
  id: z.string(),
  clauseId: z.string(),
  state: z.string(),
  final: z.boolean(),
  version: z.number().int(),
  allowedEvents: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export interface InstanceRoutes {
  /** Path segment and noun: "placements" / "placement"; the noun names the operations (getPlacement, sendPlacementEvent, getPlacementHistory). */
  path: string;
  noun: string;
  tag: string;
  schema: z.ZodType;
  /** Name of the event body component, e.g. "PlacementEvent". */
  event: string;
  workflow: WorkflowDefinition;
  get(actor: Actor, id: string): Promise<ItemView>;
  send(ctx: RequestContext, id: string, request: EventRequest): Promise<EngineAnswer<ItemView>>;
  history(actor: Actor, id: string): Promise<HistoryView[]>;
}

export function instanceRoutes(app: OpenAPIHono<AppEnv>, spec: InstanceRoutes): void {
  const { path, noun, tag, schema, event, workflow } = spec;
  registerEventSchemas(app, event, workflow, `An event for a ${noun}: its type and payload`);
  const EventType = eventTypeOf(workflow);
  const Noun = noun[0]!.toUpperCase() + noun.slice(1);

  app.openapi(
    createRoute({
      method: 'get',
      path: `/${path}/{id}`,
      operationId: `get${Noun}`,
      tags: [tag],
      summary: `One ${noun} with its state, version and the events you may send now`,
      request: { params: IdParam },
      responses: { 200: json(schema, `The ${noun}`), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => {
      const item = await spec.get(c.get('actor'), c.req.valid('param').id);
      c.header('ETag', `"${item.version}"`);
      return c.json(item, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: `/${path}/{id}/events`,
      operationId: `send${Noun}Event`,
      tags: [tag],
      summary: `Send an event to the ${noun} statechart`,
      request: { params: IdParam, headers: ifMatch, body: bodyRef(event) },
      responses: {
        200: json(schema, `The ${noun} after the event`),
        ...errorResponses,
        409: json(ErrorSchema, '`invalid_transition`, `version_conflict` or `conflict`'),
      },
    }),
    async (c) => {
      const body = bodyOf(c, EventType);
      return reply(c, await spec.send(requestContext(c), c.req.valid('param').id, { body, expectedVersion: expectedVersionOf(c) }), 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: `/${path}/{id}/history`,
      operationId: `get${Noun}History`,
      tags: [tag],
      summary: `The append-only audit history of the ${noun}`,
      request: { params: IdParam },
      responses: { 200: json(z.array(HistoryEntrySchema), 'History, oldest first'), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await spec.history(c.get('actor'), c.req.valid('param').id), 200),
  );
}

/** A route that makes an instance under a clause: POST /clauses/{id}/<path> with a registered body, answered 201 with what was made. */
export function createUnderClause(
  app: OpenAPIHono<AppEnv>,
  spec: {
    path: string;
    operationId: string;
    tag: string;
    summary: string;
    /** The registered body component, e.g. "NewOffer". */
    body: string;
    schema: z.ZodType;
    created: string;
    create(ctx: RequestContext, clauseId: string, body: Record<string, unknown>): Promise<EngineAnswer<unknown>>;
  },
): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: `/clauses/{id}/${spec.path}`,
      operationId: spec.operationId,
      tags: [spec.tag],
      summary: spec.summary,
      request: { params: IdParam, headers: ifMatch.pick({ 'idempotency-key': true }), body: bodyRef(spec.body) },
      responses: { 201: json(spec.schema, spec.created), ...errorResponses },
    }),
    async (c) => reply(c, await spec.create(requestContext(c), c.req.valid('param').id, bodyOf(c, anyObject)), 201),
  );
}

/** A route that lists a clause's instances of one kind: GET /clauses/{id}/<path>. */
export function listUnderClause(
  app: OpenAPIHono<AppEnv>,
  spec: {
    path: string;
    operationId: string;
    tag: string;
    summary: string;
    schema: z.ZodType;
    listed: string;
    list(actor: Actor, clauseId: string): Promise<unknown[]>;
  },
): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: `/clauses/{id}/${spec.path}`,
      operationId: spec.operationId,
      tags: [spec.tag],
      summary: spec.summary,
      request: { params: IdParam },
      responses: { 200: json(z.array(spec.schema), spec.listed), 401: errorResponses[401], 404: errorResponses[404] },
    }),
    async (c) => c.json(await spec.list(c.get('actor'), c.req.valid('param').id), 200),
  );
}
