/**
 * Throttled sign-in (README.md, Security): an address that has failed to sign
 * in too often within a minute — unknown or revoked API keys, on the API and
 * on the web login alike — is answered 429 with Retry-After until the oldest
 * of those failures is a minute old. Kept in memory, per instance.
 */
import type { Context } from 'hono';
import type { Clock } from '../engine/clock.ts';

export interface ThrottlePolicy {
  /** Failures an address may have within the window; the next attempt is refused. */
  failures: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { failures: 10, windowMs: 60_000 };

/** Addresses tracked before the expired ones are dropped: bounds the memory a flood of addresses can take. */
const SWEEP_AT = 10_000;

export class SignInThrottle {
  /** Per address, the times of its recent failures, oldest first. */
  private readonly failed = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly policy: ThrottlePolicy = DEFAULT_THROTTLE,
  ) {}

  private recent(address: string, now: number): number[] {
    const times = (this.failed.get(address) ?? []).filter((t) => t > now - this.policy.windowMs);
    if (times.length === 0) this.failed.delete(address);
    else this.failed.set(address, times);
    return times;
  }

  /** Seconds until the address may try again, or 0 when it may now. */
  retryAfterSeconds(address: string): number {
    const now = this.clock.now().getTime();
    const times = this.recent(address, now);
    if (times.length < this.policy.failures) return 0;
    return Math.max(1, Math.ceil((times[times.length - this.policy.failures]! + this.policy.windowMs - now) / 1000));
  }

  /** Records a failed sign-in from the address. */
  fail(address: string): void {
    const now = this.clock.now().getTime();
    if (this.failed.size >= SWEEP_AT) for (const known of [...this.failed.keys()]) this.recent(known, now);
    // Only the last `failures` times decide anything.
    this.failed.set(address, [...this.recent(address, now), now].slice(-this.policy.failures));
  }
}

/**
 * The address a request came from: the connection's peer, or, when
 * KLAUSUL_TRUST_PROXY is set (a proxy in front adds it), the last address in
 * X-Forwarded-For — the one that proxy saw; earlier entries are the client's word.
 */
export function clientAddressOf(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req
      .header('x-forwarded-for')
      ?.split(',')
      .map((a) => a.trim())
      .filter(Boolean)
      .pop();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
