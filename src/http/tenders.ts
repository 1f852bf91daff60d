import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { EngineDeps } from '../engine/deps.ts';
import { changeTender, createTender, getTender, listTenders, tenderChange, tenderInput } from '../engine/tenders.ts';
import type { AppEnv } from './env.ts';
import { idempotencyOf } from './middleware.ts';
import { reply } from './reply.ts';
import { ErrorSchema, errorResponses, IdParam, json, named, TenderSchema } from './schemas.ts';

const NewTender = named(tenderInput, 'NewTender');

const create = createRoute({
  method: 'post',
  path: '/tenders',
  operationId: 'createTender',
  tags: ['tenders'],
  summary: "Create a tender; the buyer is the caller's organisation (officer)",
  request: { body: { content: { 'application/json': { schema: NewTender } }, required: true } },
  responses: {
    201: json(TenderSchema, 'The new tender'),
    ...errorResponses,
    409: json(ErrorSchema, 'Your organisation already has a tender with this reference (`conflict`)'),
  },
});

const list = createRoute({
  method: 'get',
  path: '/tenders',
  operationId: 'listTenders',
  tags: ['tenders'],
  summary: 'Tenders your organisation buys, or in which it holds an awarded clause',
  responses: { 200: json(z.array(TenderSchema), 'Tenders'), 401: errorResponses[401] },
});

const get = createRoute({
  method: 'get',
  path: '/tenders/{id}',
  operationId: 'getTender',
  tags: ['tenders'],
  summary: 'One tender with the ids of the clauses you can see',
  request: { params: IdParam },
  responses: { 200: json(TenderSchema, 'The tender'), 401: errorResponses[401], 404: errorResponses[404] },
});

const change = createRoute({
  method: 'patch',
  path: '/tenders/{id}',
  operationId: 'changeTender',
  tags: ['tenders'],
  summary: 'Mark the tender reserved (LOU 4 kap. 18 §) or not, until a clause of it is awarded (the buyer’s officer)',
  request: { params: IdParam, body: { content: { 'application/json': { schema: named(tenderChange, 'TenderChange') } }, required: true } },
  responses: {
    200: json(TenderSchema, 'The tender'),
    ...errorResponses,
    409: json(ErrorSchema, 'A clause of the tender is awarded: the reservation is settled (`conflict`)'),
  },
});

export function tenderRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  app.openapi(create, async (c) => {
    const answer = await createTender(deps, { actor: c.get('actor'), requestId: c.get('requestId'), idempotency: idempotencyOf(c) }, c.req.valid('json'));
    return reply(c, answer, 201);
  });
  app.openapi(change, async (c) => c.json(await changeTender(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 200));
  app.openapi(list, async (c) => c.json(await listTenders(deps, c.get('actor')), 200));
  app.openapi(get, async (c) => c.json(await getTender(deps, c.get('actor'), c.req.valid('param').id), 200));
}
