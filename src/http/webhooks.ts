/** Webhook subscriptions of the caller's organisation and their delivery log (admin or officer). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { EngineDeps } from '../engine/deps.ts';
import { createWebhook, listWebhooks, removeWebhook, webhookDeliveries, webhookInput } from '../engine/webhooks.ts';
import type { AppEnv } from './env.ts';
import { idempotencyOf } from './middleware.ts';
import { reply } from './reply.ts';
import { errorResponses, IdParam, json, named } from './schemas.ts';

const NewWebhook = named(webhookInput, 'NewWebhook');

const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()).nullable().openapi({ description: 'null: every event type' }),
    description: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Webhook');

const NewWebhookAnswer = WebhookSchema.extend({
  secret: z.string().openapi({
    description: 'Signs every delivery: X-Klausul-Signature is "sha256=" + hex HMAC-SHA256 of the body with this secret. Shown only now; keep it.',
    example: 'whsec_…',
  }),
}).openapi('NewWebhookAnswer');

const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: 'Also sent as X-Klausul-Delivery' }),
    eventId: z.string().openapi({ description: 'The event id (the body\'s "id"); the same on every attempt: deduplicate by it' }),
    type: z.string().openapi({ example: 'clause.AWARD' }),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable().openapi({ description: 'When the next attempt is due; null once delivered or failed' }),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    createdAt: z.string(),
    attemptLog: z.array(
      z.object({
        attempt: z.number().int(),
        at: z.string(),
        statusCode: z.number().int().nullable(),
        error: z.string().nullable(),
        durationMs: z.number().int(),
      }),
    ),
  })
  .openapi('WebhookDelivery');

const DeliveriesQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit is a whole number from 1 to 500' })
    .int({ error: 'limit is a whole number from 1 to 500' })
    .min(1, { error: 'limit is a whole number from 1 to 500' })
    .max(500, { error: 'limit is a whole number from 1 to 500' })
    .optional()
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'At most this many, newest first (100)', example: 50 }),
});

const routes = {
  create: createRoute({
    method: 'post',
    path: '/webhooks',
    operationId: 'createWebhook',
    tags: ['webhooks'],
    summary: 'Subscribe a URL to the events that concern your organisation (admin or officer); the answer carries the signing secret, shown only once',
    request: {
      headers: z.object({
        'idempotency-key': z
          .string()
          .optional()
          .openapi({ description: 'A unique key per subscription; a retry returns the first answer and creates nothing' }),
      }),
      body: { content: { 'application/json': { schema: NewWebhook } }, required: true },
    },
    responses: { 201: json(NewWebhookAnswer, 'The subscription and its secret'), ...errorResponses },
  }),
  list: createRoute({
    method: 'get',
    path: '/webhooks',
    operationId: 'listWebhooks',
    tags: ['webhooks'],
    summary: "Your organisation's active subscriptions, without secrets (admin or officer)",
    responses: { 200: json(z.array(WebhookSchema), 'Subscriptions, oldest first'), 401: errorResponses[401], 403: errorResponses[403] },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/webhooks/{id}',
    operationId: 'deleteWebhook',
    tags: ['webhooks'],
    summary: 'Delete a subscription: nothing more is sent to it, pending deliveries are given up, its log stays readable (admin or officer)',
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, 401: errorResponses[401], 403: errorResponses[403], 404: errorResponses[404] },
  }),
  deliveries: createRoute({
    method: 'get',
    path: '/webhooks/{id}/deliveries',
    operationId: 'listWebhookDeliveries',
    tags: ['webhooks'],
    summary: "A subscription's deliveries, newest first, with every attempt (admin or officer; also for deleted subscriptions)",
    request: { params: IdParam, query: DeliveriesQuery },
    responses: {
      200: json(z.array(DeliverySchema), 'Deliveries'),
      401: errorResponses[401],
      403: errorResponses[403],
      404: errorResponses[404],
      422: errorResponses[422],
    },
  }),
};

export function webhookRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  app.openapi(routes.create, async (c) => {
    const answer = await createWebhook(deps, { actor: c.get('actor'), requestId: c.get('requestId'), idempotency: idempotencyOf(c) }, c.req.valid('json'));
    return reply(c, answer, 201);
  });
  app.openapi(routes.list, async (c) => c.json(await listWebhooks(deps, c.get('actor')), 200));
  app.openapi(routes.remove, async (c) => {
    await removeWebhook(deps, c.get('actor'), c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(routes.deliveries, async (c) =>
    c.json(await webhookDeliveries(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('query').limit ?? 100), 200),
  );
}
