/**
 * Webhook subscriptions of an organisation (admin or officer) and their
 * delivery log. Sending is the webhook worker's task (webhook-worker.ts); the
 * events come from the outbox, written with every accepted transition.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { KlausulError, notFound } from '../domain/errors.ts';
import type { Actor } from '../domain/roles.ts';
import { deleteWebhook, findWebhook, insertWebhook, listActiveWebhooks, listDeliveries, type DeliveryLogEntry } from '../db/webhooks.ts';
import type { WebhookRow } from '../db/schema.ts';
import type { RequestContext } from './apply.ts';
import type { EngineDeps } from './deps.ts';
import { acceptInput } from './command.ts';
import { idempotent, type Answer } from './idempotency.ts';

export interface WebhookView {
  id: string;
  url: string;
  /** null: every event type. */
  eventTypes: string[] | null;
  description: string | null;
  createdAt: string;
}

/** The answer to a new subscription: the only time its secret is shown. */
export interface NewWebhookView extends WebhookView {
  secret: string;
}

export interface DeliveryView {
  id: string;
  /** The event's id (outbox id), the same in every delivery of the event: receivers deduplicate by it. */
  eventId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** When the next attempt is due; null once delivered or failed. */
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  attemptLog: Array<{ attempt: number; at: string; statusCode: number | null; error: string | null; durationMs: number }>;
}

const EVENT_TYPE = /^((clause|placement|report|offer)\.[A-Z][A-Z0-9_]*|followUp\.due)$/;

const URL_ADVICE = 'url must be an absolute http:// or https:// address, e.g. "https://example.org/klausul-events"';

/** An absolute http(s) URL with a host and no credentials, normalised as WHATWG URL writes it. */
const WebhookUrl = z
  .string({ error: 'send url: the http(s) address that receives the events, e.g. "https://example.org/klausul-events"' })
  .trim()
  .max(2_000, { error: 'url is limited to 2,000 characters' })
  .transform((text, ctx) => {
    const parsed = /^https?:\/\/[^/?#\s]/i.test(text) && URL.canParse(text) ? new URL(text) : null;
    if (!parsed || parsed.hostname === '') {
      ctx.addIssue({ code: 'custom', message: URL_ADVICE });
      return z.NEVER;
    }
    if (parsed.username || parsed.password) {
      ctx.addIssue({ code: 'custom', message: 'url must not carry a user name or password; authenticate deliveries by their X-Klausul-Signature' });
      return z.NEVER;
    }
    return parsed.href;
  })
  .meta({ type: 'string', format: 'uri', example: 'https://example.org/klausul-events' });

/** A new subscription, from any entrance. */
export const webhookInput = z.strictObject({
  url: WebhookUrl,
  eventTypes: z
    .array(
      z.string().regex(EVENT_TYPE, {
        error:
          'event types are the subject (clause, placement, report or offer), a dot and the event in capitals, e.g. "clause.AWARD" or "placement.VERIFY"; or "followUp.due"',
      }),
    )
    .min(1, { error: 'omit eventTypes to receive every event, or list at least one, e.g. ["clause.AWARD"]' })
    .max(100)
    .optional()
    .meta({ example: ['clause.AWARD', 'clause.PLAN_DUE'], description: 'Only these event types; omitted: every event that concerns your organisation' }),
  description: z.string().trim().max(500).optional().meta({ example: 'Ärendesystemet' }),
});
export type NewWebhookInput = z.infer<typeof webhookInput>;

const present = (row: WebhookRow): WebhookView => ({
  id: row.id,
  url: row.url,
  eventTypes: row.event_types,
  description: row.description,
  createdAt: row.created_at.toISOString(),
});

const presentDelivery = ({ delivery, outboxId, type, attempts }: DeliveryLogEntry): DeliveryView => ({
  id: delivery.id,
  eventId: outboxId,
  type,
  status: delivery.status,
  attempts: delivery.attempts,
  nextAttemptAt: delivery.status === 'pending' ? delivery.next_attempt_at.toISOString() : null,
  lastStatusCode: delivery.last_status_code,
  lastError: delivery.last_error,
  deliveredAt: delivery.delivered_at?.toISOString() ?? null,
  createdAt: delivery.created_at.toISOString(),
  attemptLog: attempts.map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })),
});

/** Subscriptions are managed by an organisation's admins and procurement officers. */
function requireManager(actor: Actor): void {
  if (actor.role !== 'admin' && actor.role !== 'officer') {
    throw new KlausulError(
      'forbidden',
      `Webhook subscriptions are managed by your organisation's admin or procurement officer; you are signed in as ${actor.role}.`,
      {
        requiredRole: ['admin', 'officer'],
      },
    );
  }
}

/** A subscription of the caller's organisation, deleted or not; anything else is "not found". */
async function loadOwn(deps: EngineDeps, actor: Actor, id: string): Promise<WebhookRow> {
  requireManager(actor);
  const row = await findWebhook(deps.db, id);
  if (!row || row.org_id !== actor.orgId) throw notFound('Webhook', id);
  return row;
}

export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** A new subscription and its secret. With Idempotency-Key, a retry answers the same subscription and creates no second one. */
export async function createWebhook(deps: EngineDeps, ctx: RequestContext, raw: unknown): Promise<Answer<NewWebhookView> & { replayed: boolean }> {
  const { actor } = ctx;
  requireManager(actor);
  const input = acceptInput(webhookInput, raw, 'webhook');
  const eventTypes = input.eventTypes ? [...new Set(input.eventTypes)] : null;
  return idempotent(deps, actor.userId, ctx.idempotency, async (remember) =>
    deps.db.transaction().execute(async (trx) => {
      const row = await insertWebhook(
        trx,
        { orgId: actor.orgId, url: input.url, secret: newWebhookSecret(), eventTypes, description: input.description ?? null, createdBy: actor.userId },
        deps.clock.now(),
      );
      const answer = { status: 201, body: { ...present(row), secret: row.secret } };
      await remember(trx, answer);
      return answer;
    }),
  );
}

export async function listWebhooks(deps: EngineDeps, actor: Actor): Promise<WebhookView[]> {
  requireManager(actor);
  return (await listActiveWebhooks(deps.db, actor.orgId)).map(present);
}

/** Soft delete: nothing new is delivered, pending deliveries are given up, the log stays readable. */
export async function removeWebhook(deps: EngineDeps, actor: Actor, id: string): Promise<void> {
  const row = await loadOwn(deps, actor, id);
  const deleted = row.deleted_at === null && (await deleteWebhook(deps.db, id, deps.clock.now()));
  if (!deleted) throw new KlausulError('not_found', `Webhook ${id} is already deleted; its deliveries stay readable.`);
}

export async function webhookDeliveries(deps: EngineDeps, actor: Actor, id: string, limit: number): Promise<DeliveryView[]> {
  await loadOwn(deps, actor, id);
  return (await listDeliveries(deps.db, id, limit)).map(presentDelivery);
}
