/** The webhook worker's pure parts: the signature receivers check and the retry schedule. */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, webhookSignature } from '../../src/engine/webhook-worker.ts';

describe('webhook signature', () => {
  it('is "sha256=" and the hex HMAC-SHA256 of the exact body bytes', () => {
    const body = '{"id":"1","type":"clause.AWARD"}';
    const expected = createHmac('sha256', 'whsec_test').update(Buffer.from(body, 'utf8')).digest('hex');
    expect(webhookSignature('whsec_test', body)).toBe(`sha256=${expected}`);
    expect(webhookSignature('whsec_test', Buffer.from(body, 'utf8'))).toBe(`sha256=${expected}`);
    // RFC 4231 test case 2: a fixed vector, so the algorithm cannot drift unnoticed.
    expect(webhookSignature('Jefe', 'what do ya want for nothing?')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(webhookSignature('whsec_test', `${body} `)).not.toBe(`sha256=${expected}`);
  });
});

describe('retry schedule', () => {
  const opts = { baseMs: 30_000, maxMs: 6 * 60 * 60_000, jitter: 0 };
  it('doubles from the base after each failure, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelayMs(n, opts))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 7_680_000]);
    expect(backoffDelayMs(10, opts)).toBe(15_360_000);
    expect(backoffDelayMs(11, opts)).toBe(6 * 60 * 60_000);
    expect(backoffDelayMs(40, opts)).toBe(6 * 60 * 60_000);
  });
  it('adds at most the jitter share', () => {
    expect(backoffDelayMs(1, { ...opts, jitter: 0.1 }, () => 0)).toBe(30_000);
    expect(backoffDelayMs(1, { ...opts, jitter: 0.1 }, () => 0.999)).toBe(32_997);
    expect(backoffDelayMs(11, { ...opts, jitter: 0.1 }, () => 0.5)).toBe(Math.round(6 * 60 * 60_000 * 1.05));
  });
});
