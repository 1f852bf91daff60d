/**
 * The mail worker (issue 23): plans what is owed to whom (mail-planner.ts)
 * and sends the messages that are due, in the work loop of every instance.
 * Messages are claimed with FOR UPDATE SKIP LOCKED and leased before they are
 * sent, so with several instances each is sent once; a failed attempt is
 * recorded and tried again with exponential backoff. A 5xx reply is the
 * server refusing for good: the message is given up at once, and stays listed
 * among the failures until an admin sends it again (`klausul mail retry`).
 */
import pino, { type Logger } from 'pino';
import { claimDueMessages, recordMailAttempt, releaseMessages, type ClaimedMessage } from '../db/mail.ts';
import type { SendMail } from '../mail/transport.ts';
import type { EngineDeps } from './deps.ts';
import { MailPlanner, type MailPlanSettings, type PlanCounts } from './mail-planner.ts';
import { backoffDelayMs } from './webhook-worker.ts';
import { loggingLoop, type WorkLoops } from './work-loop.ts';

export interface MailWorkerOptions extends MailPlanSettings {
  send: SendMail;
  /** Pause between rounds when there was nothing to do (1 s). */
  pollIntervalMs?: number;
  /** Messages claimed per round (20). */
  sendBatchSize?: number;
  /** How long a claimed message is reserved for this instance (120 s; longer than an SMTP exchange may take). */
  leaseMs?: number;
  /** Delay after the first failed attempt, doubling with each further one (30 s). */
  backoffBaseMs?: number;
  /** Longest delay between attempts (6 h). */
  backoffMaxMs?: number;
  /** Attempts before a message is given up (10). */
  maxAttempts?: number;
  logger?: Logger;
}

export interface MailRunCounts extends PlanCounts {
  attempted: number;
  sent: number;
  retrying: number;
  failed: number;
}

export class MailWorker {
  readonly planner: MailPlanner;
  private readonly loop: WorkLoops;
  private readonly logger: Logger;
  private stopping = false;

  constructor(
    private readonly deps: EngineDeps,
    private readonly options: MailWorkerOptions,
  ) {
    this.planner = new MailPlanner(deps, options);
    this.logger = options.logger ?? pino({ enabled: false });
    this.loop = loggingLoop(
      async () => {
        const counts = await this.runOnce();
        if (counts.items > 0 || counts.attempted > 0) this.logger.debug({ ...counts }, 'mail');
        return counts.busy;
      },
      { intervalMs: options.pollIntervalMs ?? 1_000, logger: this.logger, failure: 'mail worker: a round failed; it runs again later' },
    );
  }

  start(): void {
    this.stopping = false;
    this.loop.start();
  }

  /** Resolves once the round in hand is done: messages being sent finish, unsent claims are given back. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
  }

  /** One planning pass and one sending pass. */
  async runOnce(): Promise<MailRunCounts & { busy: boolean }> {
    const planned = await this.planner.runOnce();
    const sent = await this.sendDue();
    return { ...planned, ...sent, busy: planned.busy || sent.attempted >= (this.options.sendBatchSize ?? 20) };
  }

  private async sendDue(): Promise<Omit<MailRunCounts, keyof PlanCounts>> {
    const counts = { attempted: 0, sent: 0, retrying: 0, failed: 0 };
    const now = this.deps.clock.now();
    const claimed = await claimDueMessages(this.deps.db, {
      limit: this.options.sendBatchSize ?? 20,
      now,
      leaseUntil: new Date(now.getTime() + (this.options.leaseMs ?? 120_000)),
    });
    let next = 0;
    while (next < claimed.length && !this.stopping) {
      const status = await this.attempt(claimed[next++]!);
      counts.attempted++;
      counts[status === 'pending' ? 'retrying' : status]++;
    }
    if (next < claimed.length) await releaseMessages(this.deps.db, claimed.slice(next), now);
    return counts;
  }

  /** Sends one message and records the attempt; never throws. */
  private async attempt(message: ClaimedMessage): Promise<'sent' | 'pending' | 'failed'> {
    const at = this.deps.clock.now();
    const failure = await this.options.send(message);
    const attempt = message.attempts + 1;
    const permanent = failure?.smtpCode !== null && failure?.smtpCode !== undefined && failure.smtpCode >= 500;
    const status = !failure ? 'sent' : permanent || attempt >= (this.options.maxAttempts ?? 10) ? 'failed' : 'pending';
    const delay =
      status === 'pending'
        ? backoffDelayMs(attempt, { baseMs: this.options.backoffBaseMs ?? 30_000, maxMs: this.options.backoffMaxMs ?? 6 * 3_600_000, jitter: 0.1 })
        : 0;
    try {
      const recorded = await recordMailAttempt(this.deps.db, {
        messageId: message.id,
        attemptsBefore: message.attempts,
        at,
        smtpCode: failure?.smtpCode ?? null,
        error: failure?.error ?? null,
        status,
        nextAttemptAt: new Date(this.deps.clock.now().getTime() + delay),
      });
      if (!recorded) this.logger.warn({ messageId: message.id, attempt }, 'mail worker: lease lost before the attempt was recorded');
    } catch (error) {
      // The lease runs out and the message is tried again.
      this.logger.error({ err: error, messageId: message.id, attempt }, 'mail worker: could not record an attempt');
    }
    if (failure) this.logger.warn({ messageId: message.id, attempt, smtpCode: failure.smtpCode, error: failure.error, status }, 'mail not sent');
    return status;
  }
}
