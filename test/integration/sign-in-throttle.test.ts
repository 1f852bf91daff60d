/**
 * Throttled sign-in (issue 20, item 7): ten failed sign-ins within a minute
 * from one address — unknown API keys on the API or the web login, counted
 * together — and the next attempt from it is answered 429 with Retry-After,
 * until the oldest failure is a minute old. Other addresses are not held up.
 * X-Forwarded-For names the address only when KLAUSUL_TRUST_PROXY is set, and
 * every log line carries the address.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { dropSeeded, openSeeded, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';

const WRONG_KEY = 'kl_this-key-was-never-issued';

describe.each(BACKENDS)('sign-in throttling on %s', (backend) => {
  let seeded: SeededDatabase;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
  });
  afterAll(() => dropSeeded(seeded));

  /** A fresh app (its own count of failures) behind a proxy, and how to call its API and its login from an address. */
  function behindProxy(trustProxy = true) {
    const app = createApp({ deps: seeded.h.deps, logger: pino({ level: 'silent' }), storeKind: seeded.store.kind, trustProxy });
    const api = (from: string, key: string) =>
      app.request('/api/v1/clauses', { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': `203.0.113.99, ${from}` } });
    const login = async (from: string, key: string, lang = 'sv') => {
      const form = await app.request(`/app/login?lang=${lang}`, { headers: { 'x-forwarded-for': from } });
      const cookie = form.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
      return app.request('/app/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-forwarded-for': from },
        body: new URLSearchParams({ apiKey: key, _csrf: csrf }).toString(),
      });
    };
    return { api, login };
  }

  it('answers 429 with Retry-After on the API after ten wrong keys from an address, also to a right key, and lets it in after a minute', async () => {
    const { h, p } = seeded;
    const { api } = behindProxy();
    h.clock.set(new Date('2026-05-04T10:00:00Z'));
    for (let i = 0; i < 10; i++) {
      expect((await api('198.51.100.7', WRONG_KEY)).status).toBe(401);
      h.clock.advance(1_000);
    }
    const refused = await api('198.51.100.7', WRONG_KEY);
    expect(refused.status).toBe(429);
    // The first failure was ten seconds ago: a minute after it, fifty seconds from now.
    expect(refused.headers.get('retry-after')).toBe('50');
    expect(await refused.json()).toMatchObject({
      error: 'too_many_requests',
      retryAfterSeconds: 50,
      message: expect.stringContaining('Try again in 50 seconds'),
    });
    expect((await api('198.51.100.7', p.officer)).status).toBe(429);
    // Another address is not held up, and a right key from it is not counted.
    expect((await api('198.51.100.8', p.officer)).status).toBe(200);
    expect((await api('198.51.100.8', WRONG_KEY)).status).toBe(401);

    h.clock.advance(49_000);
    expect((await api('198.51.100.7', p.officer)).status).toBe(429);
    h.clock.advance(1_000);
    expect((await api('198.51.100.7', p.officer)).status).toBe(200);
    // One failure more and it waits for the next oldest to age: a second.
    expect((await api('198.51.100.7', WRONG_KEY)).status).toBe(401);
    expect((await api('198.51.100.7', p.officer)).headers.get('retry-after')).toBe('1');
  });

  it('counts the web login and the API together, and says so on the page in its language', async () => {
    const { h, p } = seeded;
    const { api, login } = behindProxy();
    h.clock.set(new Date('2026-05-04T11:00:00Z'));
    for (let i = 0; i < 5; i++) expect((await api('192.0.2.10', WRONG_KEY)).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await login('192.0.2.10', WRONG_KEY)).status).toBe(401);
    const sv = await login('192.0.2.10', p.contractor);
    expect(sv.status).toBe(429);
    expect(sv.headers.get('retry-after')).toBe('60');
    expect(sv.headers.getSetCookie().some((c) => c.startsWith('klausul_session='))).toBe(false);
    expect(await sv.text()).toContain('För många misslyckade inloggningar från din adress. Försök igen om 60 sekunder.');
    const en = await login('192.0.2.10', p.contractor, 'en');
    expect(en.status).toBe(429);
    expect(await en.text()).toContain('Too many failed sign-ins from your address. Try again in 60 seconds.');
    expect((await api('192.0.2.10', p.contractor)).status).toBe(429);
    // From elsewhere the same key signs in.
    expect((await login('192.0.2.11', p.contractor)).status).toBe(303);
  });

  it('takes no address from X-Forwarded-For unless told to trust the proxy: a client cannot name a new one for each guess', async () => {
    const { h } = seeded;
    const { api } = behindProxy(false);
    h.clock.set(new Date('2026-05-04T12:00:00Z'));
    for (let i = 0; i < 10; i++) expect((await api(`198.51.100.${i}`, WRONG_KEY)).status).toBe(401);
    expect((await api('198.51.100.200', WRONG_KEY)).status).toBe(429);
  });

  it('writes the client address on every log line of a request', async () => {
    const { h, p, store } = seeded;
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink);
    const trusted = createApp({ deps: h.deps, logger, storeKind: store.kind, trustProxy: true });
    const untrusted = createApp({ deps: h.deps, logger, storeKind: store.kind });
    h.clock.set(new Date('2026-05-04T13:00:00Z'));
    await trusted.request('/api/v1/clauses', { headers: { authorization: `Bearer ${p.officer}`, 'x-forwarded-for': '203.0.113.5, 198.51.100.77' } });
    await trusted.request('/health', { headers: { 'x-forwarded-for': '2001:db8::1' } });
    await untrusted.request('/health', { headers: { 'x-forwarded-for': '198.51.100.77' } });
    expect(lines.map((l) => [l.msg, l.path, l.client])).toEqual([
      ['request', '/api/v1/clauses', '198.51.100.77'],
      ['request', '/health', '2001:db8::1'],
      // No socket under app.request, and the header is not believed.
      ['request', '/health', 'unknown'],
    ]);
  });

  it('reads KLAUSUL_TRUST_PROXY as true or false, and refuses anything else naming the variable', () => {
    expect(loadConfig({}).KLAUSUL_TRUST_PROXY).toBe(false);
    expect(loadConfig({ KLAUSUL_TRUST_PROXY: 'true' }).KLAUSUL_TRUST_PROXY).toBe(true);
    expect(loadConfig({ KLAUSUL_TRUST_PROXY: '1' }).KLAUSUL_TRUST_PROXY).toBe(true);
    expect(loadConfig({ KLAUSUL_TRUST_PROXY: 'false' }).KLAUSUL_TRUST_PROXY).toBe(false);
    expect(() => loadConfig({ KLAUSUL_TRUST_PROXY: 'yes please' })).toThrow(/KLAUSUL_TRUST_PROXY must be true/);
  });
});
