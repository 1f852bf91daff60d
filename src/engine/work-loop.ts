/** Background work in a server instance: loops that work while there is work, sleep when there is none, and stop cleanly. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';

export class WorkLoops {
  private running = false;
  private loops: Promise<void>[] = [];
  private wake = new AbortController();

  /** `round` does one piece of work and says whether there was any; it handles its own errors. */
  constructor(
    private readonly round: () => Promise<boolean>,
    private readonly options: { loops: number; intervalMs: number },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake = new AbortController();
    this.loops = Array.from({ length: this.options.loops }, () => this.loop());
  }

  /** Resolves once every loop has finished the round in hand. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake.abort();
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      if (await this.round()) continue;
      await sleep(this.options.intervalMs, undefined, { signal: this.wake.signal }).catch(() => {});
    }
  }
}

/**
 * One loop whose rounds log their own failures: a round that throws counts as
 * one with nothing done, and the loop tries again after the interval.
 */
export function loggingLoop(round: () => Promise<boolean>, options: { intervalMs: number; logger?: Logger | undefined; failure: string }): WorkLoops {
  return new WorkLoops(
    async () => {
      try {
        return await round();
      } catch (error) {
        options.logger?.error({ err: error }, options.failure);
        return false;
      }
    },
    { loops: 1, intervalMs: options.intervalMs },
  );
}
