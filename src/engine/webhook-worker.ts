/**
 * The webhook worker: turns outbox rows into deliveries and sends them, out
 * of band from every workflow. Several instances may run it against one
 * PostgreSQL: dispatch and delivery claim their rows with FOR UPDATE SKIP
 * LOCKED, and a claimed delivery is leased (next_attempt_at moved forward)
 * and committed before it is sent, so no transaction stays open across HTTP.
 *
 * At least once: a delivery whose attempt was not recorded (the instance
 * died) is sent again when its lease runs out. Receivers deduplicate by the
 * event's `id`.
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import pino, { type Logger } from 'pino';
import { claimDueDeliveries, dispatchOutbox, recordAttempt, releaseDeliveries, type ClaimedDelivery } from '../db/webhooks.ts';
import type { EngineDeps } from './deps.ts';
import { addressToConnect, type ResolvedAddress, type Resolver, systemResolver } from './private-network.ts';

export interface WebhookWorkerOptions {
  /** Pause between polls when there was nothing more to do (1 s). */
  pollIntervalMs?: number;
  /** Outbox rows dispatched per poll (100). */
  dispatchBatchSize?: number;
  /** Deliveries claimed per poll (20). */
  deliveryBatchSize?: number;
  /** Deliveries of one subscription claimed per poll, so one slow receiver cannot fill a batch (5). */
  perWebhookBatchLimit?: number;
  /** Requests in flight at once (8). */
  concurrency?: number;
  /** Per request, including reading the start of the answer (10 s). */
  timeoutMs?: number;
  /** How long a claimed delivery is reserved for this instance; longer than timeoutMs (60 s). */
  leaseMs?: number;
  /** Delay after the first failed attempt; doubles with each further one (30 s). */
  backoffBaseMs?: number;
  /** Longest delay between attempts (6 h). */
  backoffMaxMs?: number;
  /** Up to this share is added to each delay at random, so retries spread out (0.1). */
  jitter?: number;
  /** Attempts before a delivery is given up as failed (10). */
  maxAttempts?: number;
  /** Deliver also to loopback and private addresses (false: only public ones; a local receiver in development or tests needs true). */
  allowPrivateNetworks?: boolean;
  /** How receivers' host names are resolved, once per attempt (the system's resolver). */
  resolve?: Resolver;
  logger?: Logger;
}

export interface WebhookRunCounts {
  /** Outbox rows dispatched. */
  events: number;
  /** Deliveries created for them. */
  deliveriesCreated: number;
  /** Attempts made (requests sent). */
  attempted: number;
  delivered: number;
  /** Failed attempts that will be retried. */
  retrying: number;
  /** Deliveries given up after their last attempt. */
  failed: number;
}

const DEFAULTS = {
  pollIntervalMs: 1_000,
  dispatchBatchSize: 100,
  deliveryBatchSize: 20,
  perWebhookBatchLimit: 5,
  concurrency: 8,
  timeoutMs: 10_000,
  leaseMs: 60_000,
  backoffBaseMs: 30_000,
  backoffMaxMs: 6 * 60 * 60_000,
  jitter: 0.1,
  maxAttempts: 10,
  allowPrivateNetworks: false,
  resolve: systemResolver,
} satisfies Required<Omit<WebhookWorkerOptions, 'logger'>>;

export const USER_AGENT = 'Klausul-Webhooks/1';

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>`, as sent in X-Klausul-Signature. */
export function webhookSignature(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The body a receiver gets: stable in shape; `data` is the outbox payload. */
export interface WebhookBody {
  /** The event's id, the same in every attempt and every subscription: deduplicate by it. */
  id: string;
  type: string;
  occurredAt: string;
  clauseId: string;
  deliveryId: string;
  data: Record<string, unknown>;
}

export function webhookBody(delivery: ClaimedDelivery): WebhookBody {
  const occurredAt = typeof delivery.payload.occurredAt === 'string' ? delivery.payload.occurredAt : delivery.eventCreatedAt.toISOString();
  return { id: delivery.outboxId, type: delivery.type, occurredAt, clauseId: delivery.clauseId, deliveryId: delivery.id, data: delivery.payload };
}

/** The delay after the n-th failed attempt (n ≥ 1): base · 2^(n−1), at most max, plus up to `jitter` of it. */
export function backoffDelayMs(failedAttempts: number, opts: { baseMs: number; maxMs: number; jitter: number }, random: () => number = Math.random): number {
  const delay = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(delay * (1 + opts.jitter * random()));
}

const SNIPPET_BYTES = 300;

/**
 * POSTs the body to the URL over a new connection to the given address (the
 * one judged public), never to whatever the name resolves to by then; the
 * Host header and TLS server name stay the URL's. Resolves with the status and
 * the first bytes of the answer, for the log; the rest is not read.
 */
function postTo(url: string, pinned: ResolvedAddress, init: { headers: Record<string, string>; body: string; timeoutMs: number }) {
  const target = new URL(url);
  const lookup: LookupFunction = (_host, options, callback) =>
    options.all ? callback(null, [pinned]) : (callback as (e: null, address: string, family: number) => void)(null, pinned.address, pinned.family);
  return new Promise<{ status: number; snippet: string }>((resolve, reject) => {
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        headers: { ...init.headers, 'Content-Length': String(Buffer.byteLength(init.body)) },
        // A connection of its own: a pooled one may lead to an address judged for an earlier delivery.
        agent: false,
        lookup,
        signal: AbortSignal.timeout(init.timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const snippet = Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8').replace(/\s+/g, ' ').trim();
          resolve({ status: response.statusCode ?? 0, snippet });
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.byteLength;
          if (size >= SNIPPET_BYTES) {
            response.destroy();
            done();
          }
        });
        response.on('end', done);
        // An answer cut off after its status still counts by its status.
        response.on('error', done);
      },
    );
    request.on('error', reject);
    request.end(init.body);
  });
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `No answer within ${timeoutMs} ms.`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`.slice(0, 500);
}

export class WebhookWorker {
  private readonly options: Required<Omit<WebhookWorkerOptions, 'logger'>>;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> | undefined;
  private running = false;
  private stopping = false;

  constructor(
    private readonly deps: EngineDeps,
    options: WebhookWorkerOptions = {},
  ) {
    const { logger, ...rest } = options;
    this.options = { ...DEFAULTS, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
    if (this.options.leaseMs <= this.options.timeoutMs) throw new Error('webhook worker: leaseMs must be longer than timeoutMs');
    this.logger = logger ?? pino({ enabled: false });
  }

  /** Polls until stop(): at once when a batch was full, otherwise every pollIntervalMs. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.schedule(0);
  }

  /** Stops polling; resolves when the current batch is done (requests in flight finish, unstarted ones are given back). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // A failed pass was logged where it ran; stopping goes on regardless.
    await this.current?.catch(() => {});
    this.running = false;
  }

  /** One dispatch batch and one delivery pass. */
  async runOnce(): Promise<WebhookRunCounts> {
    const run = this.pass();
    this.current = run;
    try {
      return await run;
    } finally {
      if (this.current === run) this.current = undefined;
    }
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      let busy = false;
      this.runOnce()
        .then((counts) => {
          busy = counts.events >= this.options.dispatchBatchSize || counts.attempted >= this.options.deliveryBatchSize;
          if (counts.events > 0 || counts.attempted > 0) this.logger.debug({ ...counts }, 'webhooks');
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'webhook worker: poll failed; retrying'))
        .finally(() => {
          if (!this.stopping) this.schedule(busy ? 0 : this.options.pollIntervalMs);
        });
    }, ms);
    this.timer.unref();
  }

  private async pass(): Promise<WebhookRunCounts> {
    const { db, clock } = this.deps;
    const dispatched = await dispatchOutbox(db, this.options.dispatchBatchSize, clock.now());
    const counts: WebhookRunCounts = {
      events: dispatched.events,
      deliveriesCreated: dispatched.deliveries,
      attempted: 0,
      delivered: 0,
      retrying: 0,
      failed: 0,
    };
    if (this.stopping) return counts;

    const now = clock.now();
    const claimed = await claimDueDeliveries(db, {
      limit: this.options.deliveryBatchSize,
      perWebhook: this.options.perWebhookBatchLimit,
      now,
      leaseUntil: new Date(now.getTime() + this.options.leaseMs),
    });
    let next = 0;
    const lane = async () => {
      while (next < claimed.length && !this.stopping) {
        const delivery = claimed[next++]!;
        const status = await this.attempt(delivery);
        counts.attempted++;
        if (status === 'delivered') counts.delivered++;
        else if (status === 'failed') counts.failed++;
        else counts.retrying++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, claimed.length) }, lane));
    // Stopping: what was claimed but not sent is due again at once, for this or another instance.
    const unsent = claimed.slice(next);
    if (unsent.length > 0) await releaseDeliveries(db, unsent, now);
    return counts;
  }

  /** Sends one delivery and records the attempt; never throws. */
  private async attempt(delivery: ClaimedDelivery): Promise<'delivered' | 'pending' | 'failed'> {
    const { clock } = this.deps;
    const body = JSON.stringify(webhookBody(delivery));
    const attempt = delivery.attempts + 1;
    const at = clock.now();
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const judged = await addressToConnect(delivery.url, { allowPrivate: this.options.allowPrivateNetworks, resolve: this.options.resolve });
      if ('refused' in judged)
        throw new Error(`not sent: ${judged.refused}; Klausul delivers only to public addresses (KLAUSUL_WEBHOOK_PRIVATE_NETWORKS=allow permits others)`);
      const response = await postTo(delivery.url, judged.address, {
        body,
        timeoutMs: this.options.timeoutMs,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': USER_AGENT,
          'X-Klausul-Event': delivery.type,
          'X-Klausul-Delivery': delivery.id,
          'X-Klausul-Attempt': String(attempt),
          'X-Klausul-Signature': webhookSignature(delivery.secret, body),
        },
      });
      statusCode = response.status;
      if (statusCode < 200 || statusCode >= 300) {
        const redirect = statusCode >= 300 && statusCode < 400 ? ' (redirects are not followed: subscribe the final URL)' : '';
        error = `HTTP ${statusCode}${redirect}${response.snippet ? `: ${response.snippet}` : ''}`;
      }
    } catch (failure) {
      error = describeFailure(failure, this.options.timeoutMs);
    }
    const durationMs = Math.round(performance.now() - started);
    const ok = error === null;
    const finished = clock.now();
    const status = ok ? 'delivered' : attempt >= this.options.maxAttempts ? 'failed' : 'pending';
    const delay =
      status === 'pending' ? backoffDelayMs(attempt, { baseMs: this.options.backoffBaseMs, maxMs: this.options.backoffMaxMs, jitter: this.options.jitter }) : 0;
    try {
      const recorded = await recordAttempt(this.deps.db, {
        deliveryId: delivery.id,
        attemptsBefore: delivery.attempts,
        at,
        statusCode,
        error,
        durationMs,
        status,
        nextAttemptAt: new Date(finished.getTime() + delay),
      });
      if (!recorded) this.logger.warn({ deliveryId: delivery.id, attempt }, 'webhook worker: lease lost before the attempt was recorded');
    } catch (failure) {
      // The lease runs out and the delivery is attempted again: at least once.
      this.logger.error({ err: failure, deliveryId: delivery.id, attempt }, 'webhook worker: could not record an attempt');
    }
    if (!ok) this.logger.warn({ deliveryId: delivery.id, webhookId: delivery.webhookId, attempt, statusCode, error, status }, 'webhook delivery failed');
    return status;
  }
}
