/**
 * What every answer carries: security headers (one strict CSP, a relaxed one
 * for /docs alone, whose Swagger UI comes from this origin), a request id, and
 * CORS only for configured origins under /api. And what the logs carry: the
 * request id on every line written during a request, never a key, a cookie or
 * a body. And what every answer to a
 * write carries: the ETag of the version it made, and Idempotent-Replayed
 * when it repeats the answer to an Idempotency-Key (whose fingerprint does
 * not depend on the order of the body's keys).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { serve, type ServerType } from '@hono/node-server';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { requestLogger } from '../../src/http/logging.ts';
import { addOrganisation, addUser } from '../../src/engine/admin.ts';
import { awardBody, dropSeeded, draftClause, openSeeded, PLACEMENT_PARAMS, type SeededDatabase } from '../support/api.ts';
import { BACKENDS } from '../support/stores.ts';
import {
  CONTRACT_START,
  candidateBody,
  openingBody,
  PLACEMENT_CSV_HEADER,
  placementBody,
  placementCsvRow,
  pdfForm,
  proposalBody,
  WORLD_DAY,
  webhookBody,
} from '../support/world.ts';

const PORTAL = 'https://portal.example.se';
const OTHER = 'https://evil.example.com';
const CHROMIUM = '/usr/bin/chromium';

/** "a b; c d" → { a: ['b'], c: ['d'] } */
function directives(csp: string | null): Record<string, string[]> {
  expect(csp).toBeTruthy();
  return Object.fromEntries(
    csp!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

function expectSecurityHeaders(res: Response, what: string) {
  const h = res.headers;
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('x-frame-options'), what).toBe('DENY');
  expect(h.get('referrer-policy'), what).toBe('same-origin');
  expect(h.get('strict-transport-security'), what).toMatch(/^max-age=\d+; includeSubDomains$/);
  expect(h.get('cross-origin-opener-policy'), what).toBe('same-origin');
  expect(h.get('x-request-id'), what).toMatch(/^[\w-]{8,}$/);
  expect(h.get('x-powered-by'), what).toBeNull();
}

function expectStrictCsp(res: Response, what: string) {
  const csp = directives(res.headers.get('content-security-policy'));
  expect(csp['default-src'], what).toEqual(["'none'"]);
  expect(csp['script-src'], what).toEqual(["'self'"]);
  expect(csp['style-src'], what).toEqual(["'self'"]);
  expect(csp['img-src'], what).toEqual(["'self'"]);
  expect(csp['connect-src'], what).toEqual(["'self'"]);
  expect(csp['form-action'], what).toEqual(["'self'"]);
  expect(csp['frame-ancestors'], what).toEqual(["'none'"]);
  expect(csp['base-uri'], what).toEqual(["'none'"]);
  expect(csp['object-src'], what).toEqual(["'none'"]);
}

const noCors = (res: Response, what: string) => {
  const cors = [...res.headers.keys()].filter((k) => k.startsWith('access-control-'));
  expect(cors, what).toEqual([]);
};

describe('KLAUSUL_CORS_ORIGINS', () => {
  it('takes exact origins, separated by commas, and refuses anything else with a message naming the variable', () => {
    expect(loadConfig({}).KLAUSUL_CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ KLAUSUL_CORS_ORIGINS: '' }).KLAUSUL_CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ KLAUSUL_CORS_ORIGINS: ` ${PORTAL} , http://localhost:5173,${PORTAL}` }).KLAUSUL_CORS_ORIGINS).toEqual([
      PORTAL,
      'http://localhost:5173',
    ]);
    for (const bad of [
      '*',
      'https://*.example.se',
      `${PORTAL}/`,
      `${PORTAL}/app`,
      'https://Portal.example.se',
      `${PORTAL}:443`,
      'portal.example.se',
      'ftp://portal.example.se',
      'null',
    ]) {
      expect(() => loadConfig({ KLAUSUL_CORS_ORIGINS: bad }), bad).toThrow(ConfigError);
      expect(() => loadConfig({ KLAUSUL_CORS_ORIGINS: bad }), bad).toThrow(/KLAUSUL_CORS_ORIGINS.*(wildcard|origin|https:\/\/)/);
    }
  });
});

describe.each(BACKENDS)('headers and logs on %s', (backend) => {
  let seeded: SeededDatabase;
  let clauseId: string;
  /** The app as the harness builds it (no CORS origins), with a route that fails as a bug would. */
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
    app = createApp({ deps: seeded.h.deps, logger: pino({ level: 'silent' }), storeKind: seeded.store.kind });
    app.get('/test/boom', () => {
      throw new Error('boom');
    });
    clauseId = (await draftClause(seeded.h, seeded.p)).clauseId;
  });
  afterAll(async () => dropSeeded(seeded ?? {}));

  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers: { origin: PORTAL, ...headers } });

  it('puts security headers and a request id on every answer: API, errors, 404s, health, OpenAPI, web pages and assets', async () => {
    const officer = { authorization: `Bearer ${seeded.p.officer}` };
    const answers: Array<[string, Response, number]> = [
      ['API', await get(`/api/v1/clauses/${clauseId}`, officer), 200],
      ['API streamed CSV', await get('/api/v1/exports/clauses.csv', officer), 200],
      ['no key', await get('/api/v1/clauses'), 401],
      ['unknown clause', await get('/api/v1/clauses/nope', officer), 404],
      ['no route', await get('/no/such/route'), 404],
      ['malformed JSON', await app.request('/api/v1/tenders', { method: 'POST', headers: { ...officer, 'content-type': 'application/json' }, body: '{' }), 400],
      ['internal error', await get('/test/boom'), 500],
      ['health', await get('/health'), 200],
      ['OpenAPI', await get('/openapi.json'), 200],
      ['root redirect', await get('/'), 302],
      ['web login', await get('/app/login'), 200],
      ['web redirect', await get('/app'), 303],
      ['web script', await get('/app/assets/app.js'), 200],
      ['web styles', await get('/app/assets/style.css'), 200],
    ];
    for (const [what, res, status] of answers) {
      expect(res.status, what).toBe(status);
      expectSecurityHeaders(res, what);
      expectStrictCsp(res, what);
      // CORS is closed unless configured, for every origin.
      noCors(res, what);
    }
    // The 500 names the request id it was logged under.
    const boom = answers.find(([what]) => what === 'internal error')![1];
    expect(((await boom.json()) as { requestId: string }).requestId).toBe(boom.headers.get('x-request-id'));
  });

  it('serves /docs from the installed swagger-ui-dist, from this origin only, under a policy that allows inline styles and data: images alone', async () => {
    const res = await get('/docs');
    expect(res.status).toBe(200);
    expectSecurityHeaders(res, '/docs');
    const csp = directives(res.headers.get('content-security-policy'));
    const html = await res.text();
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp['img-src']).toEqual(["'self'", 'data:']);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(res.headers.get('content-security-policy')).not.toContain('jsdelivr');

    // Every file the page names is served here, byte for byte the installed package's (the start script is ours).
    const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    const files = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(files.sort()).toEqual([
      '/docs/assets/favicon-32x32.png',
      '/docs/assets/start.js',
      '/docs/assets/swagger-ui-bundle.js',
      '/docs/assets/swagger-ui.css',
    ]);
    for (const file of files) {
      const served = await get(file);
      expect(served.status, file).toBe(200);
      const bytes = Buffer.from(await served.arrayBuffer());
      const name = file.split('/').pop()!;
      if (name === 'start.js') expect(bytes.toString()).toContain("url: '/openapi.json'");
      else expect(bytes.equals(readFileSync(join(dist, name))), file).toBe(true);
    }
    expect((await get('/docs/assets/package.json')).status).toBe(404);
    expect((await get('/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('opens CORS only for configured origins, only under /api, with the headers clients need', async () => {
    const corsApp = createApp({ deps: seeded.h.deps, logger: pino({ level: 'silent' }), storeKind: seeded.store.kind, corsOrigins: [PORTAL] });
    const officer = { authorization: `Bearer ${seeded.p.officer}` };

    const ok = await corsApp.request(`/api/v1/clauses/${clauseId}`, { headers: { ...officer, origin: PORTAL } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(ok.headers.get('access-control-expose-headers')!.split(',')).toEqual(['ETag', 'Idempotent-Replayed', 'X-Request-Id']);
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    expect(ok.headers.get('vary')).toMatch(/Origin/);
    expectSecurityHeaders(ok, 'CORS answer');

    // A browser page of the portal can read the error too.
    const refused = await corsApp.request('/api/v1/clauses', { headers: { origin: PORTAL } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(PORTAL);

    const preflight = await corsApp.request(`/api/v1/clauses/${clauseId}/events`, {
      method: 'OPTIONS',
      headers: {
        origin: PORTAL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,if-match,idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(preflight.headers.get('access-control-allow-methods')!.split(',')).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE']));
    expect(preflight.headers.get('access-control-allow-headers')!.toLowerCase().split(',')).toEqual([
      'authorization',
      'content-type',
      'if-match',
      'idempotency-key',
    ]);
    expectSecurityHeaders(preflight, 'preflight');

    // Another origin gets nothing, preflight or not.
    const other = await corsApp.request(`/api/v1/clauses/${clauseId}`, { headers: { ...officer, origin: OTHER } });
    expect(other.status).toBe(200);
    noCors(other, 'other origin');
    expect(other.headers.get('vary')).toMatch(/Origin/);
    const otherPreflight = await corsApp.request(`/api/v1/clauses/${clauseId}/events`, {
      method: 'OPTIONS',
      headers: { origin: OTHER, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(otherPreflight.status).not.toBe(204);
    noCors(otherPreflight, 'other origin preflight');
    // A look-alike of the configured origin is another origin.
    noCors(await corsApp.request(`/api/v1/clauses/${clauseId}`, { headers: { ...officer, origin: `${PORTAL}.evil.com` } }), 'look-alike');

    // Outside /api nothing is shared, not even with the portal.
    for (const path of ['/health', '/openapi.json', '/docs', '/app/login', '/no/such/route']) {
      noCors(await corsApp.request(path, { headers: { origin: PORTAL } }), path);
    }
  });

  it('logs every line of a request with its id, and never a key, a cookie or a body', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, stream);
    const logged = createApp({ deps: seeded.h.deps, logger, storeKind: seeded.store.kind });
    // Handlers log through the request's logger; should one log the headers, they are redacted.
    logged.get('/test/log', (c) => {
      requestLogger(c, logger).info({ headers: Object.fromEntries(c.req.raw.headers) }, 'handler saw a request');
      return c.text('logged');
    });
    logged.get('/test/db-failure', () => {
      throw Object.assign(new Error('new row violates check constraint'), { detail: 'Failing row contains (SECRET-ROW-VALUE)' });
    });

    const key = seeded.p.officer;
    const unknownKey = 'kl_THIS-KEY-DOES-NOT-EXIST-0123456789';
    const cookie = 'klausul_session=SECRET-COOKIE-VALUE';
    const bodyMarker = 'SECRET-BODY-MARKER';
    const requests: Array<[string, RequestInit]> = [
      ['/api/v1/clauses', { headers: { authorization: `Bearer ${key}`, cookie } }],
      [
        '/api/v1/tenders',
        {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ reference: bodyMarker, title: bodyMarker }),
        },
      ],
      [
        '/api/v1/tenders',
        { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: `{"reference": "${bodyMarker}", broken` },
      ],
      ['/api/v1/clauses', { headers: { authorization: `Bearer ${unknownKey}` } }],
      [
        '/app/login',
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
          body: new URLSearchParams({ apiKey: key, _csrf: 'x' }).toString(),
        },
      ],
      ['/test/log', { headers: { authorization: `Bearer ${key}`, cookie, 'x-csrf-token': 'SECRET-CSRF' } }],
      ['/test/db-failure', { headers: { authorization: `Bearer ${key}` } }],
      ['/no/such/route', { headers: { authorization: `Bearer ${key}` } }],
    ];
    const statuses: number[] = [];
    for (const [path, init] of requests) {
      const before = lines.length;
      const res = await logged.request(path, init);
      statuses.push(res.status);
      const id = res.headers.get('x-request-id');
      expect(id, path).toBeTruthy();
      const written = lines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(written.length, path).toBeGreaterThan(0);
      for (const line of written) expect(line.requestId, `${path}: ${JSON.stringify(line)}`).toBe(id);
      expect(
        written.filter((l) => l.msg === 'request'),
        path,
      ).toEqual([expect.objectContaining({ method: init.method ?? 'GET', path, status: res.status })]);
    }
    expect(statuses).toEqual([200, 201, 400, 401, 403, 200, 500, 404]);

    const parsed = lines.map((line) => JSON.parse(line) as Record<string, any>);
    const handlerLine = parsed.find((l) => l.msg === 'handler saw a request')!;
    expect(handlerLine.headers).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]', 'x-csrf-token': '[redacted]' });
    const errorLine = parsed.find((l) => l.msg === 'unhandled error')!;
    expect(errorLine).toMatchObject({ level: 50, err: { message: 'new row violates check constraint', detail: '[redacted]' } });

    const output = lines.join('\n');
    for (const secret of [key, key.slice(7), unknownKey, 'SECRET-COOKIE-VALUE', bodyMarker, 'SECRET-CSRF', 'SECRET-ROW-VALUE']) {
      expect(output).not.toContain(secret);
    }

    // A participant's reference in a path, and an identity number in one, stay out of the log (an erasure cannot reach it).
    const paths: Array<[string, string]> = [
      ['/api/v1/participants/JB-LOG-7/path', '/api/v1/participants/{ref}/path'],
      ['/app/participants/JB%20LOG%208/path', '/app/participants/{ref}/path'],
      ['/api/v1/clauses/811218-9876', '/api/v1/clauses/{removed}'],
      ['/api/v1/clauses/19811218%209876/history', '/api/v1/clauses/{removed}/history'],
    ];
    for (const [path, expected] of paths) {
      const before = lines.length;
      await logged.request(path, { headers: { authorization: `Bearer ${key}` } });
      const line = lines
        .slice(before)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.msg === 'request');
      expect(line?.path, path).toBe(expected);
    }
    const all = lines.join('\n');
    for (const personal of ['JB-LOG-7', 'LOG%208', 'LOG 8', '811218-9876', '19811218%209876', '19811218 9876']) expect(all).not.toContain(personal);
  });

  it.skipIf(!existsSync(CHROMIUM))('runs the web pages and the Swagger UI page under their policies in Chromium without a violation', async () => {
    const server: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await (await browser.newContext()).newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
      });
      // Everything the pages load comes from this origin: any other request is recorded and refused.
      const elsewhere: string[] = [];
      await page.route('**', (route) => {
        if (route.request().url().startsWith(base)) return route.continue();
        elsewhere.push(route.request().url());
        return route.abort();
      });
      await page.goto(`${base}/docs`);
      // Swagger UI itself, from the installed package, has read the OpenAPI document and shows its title.
      await page.locator('.swagger-ui .info .title').waitFor({ timeout: 20_000 });
      expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('Klausul');
      expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
      expect(elsewhere).toEqual([]);

      await page.goto(`${base}/app/login?lang=en`);
      await page.fill('#apiKey', seeded.p.officer);
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/app`);
      // The stylesheet applied, the script ran (it wires the preview of the new clause form).
      expect(await page.evaluate(() => getComputedStyle(document.body).margin)).toBe('0px');
      await page.goto(`${base}/app/clauses/${clauseId}`);
      expect(await page.locator('svg').count()).toBeGreaterThan(0);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe.each(BACKENDS)('answers to writes on %s: ETag and Idempotent-Replayed', (backend) => {
  let seeded: SeededDatabase;
  let matcher: string;
  let matchingBodyOrgId: string;
  beforeAll(async () => {
    seeded = await openSeeded(backend);
    matchingBodyOrgId = (await addOrganisation(seeded.h.deps, { name: 'Arbetsmarknadsenheten', kind: 'matching_body' })).id;
    matcher = (await addUser(seeded.h.deps, { orgId: matchingBodyOrgId, role: 'matcher', name: 'Mia Matchare' })).apiKey;
  });
  afterAll(async () => dropSeeded(seeded ?? {}));

  let serial = 0;
  /** A clause in delivery, made by the first test. */
  let clauseId: string;
  /** Sends the same request twice with one Idempotency-Key: the second answer is the first, marked as replayed, with the same ETag. */
  async function twice(apiKey: string, path: string, init: { method?: string; body: BodyInit; contentType?: string | undefined }, status: number) {
    const idempotencyKey = `headers-${backend}-${++serial}`;
    const send = () => {
      const headers: Record<string, string> = { 'idempotency-key': idempotencyKey };
      // A multipart upload sets its own content type (with the boundary).
      if (!('contentType' in init)) headers['content-type'] = 'application/json';
      else if (init.contentType) headers['content-type'] = init.contentType;
      return seeded.h.as(apiKey).raw(path, { method: init.method ?? 'POST', body: init.body, headers });
    };
    const first = await send();
    expect(first.status, `${path}: ${JSON.stringify(first.body)}`).toBe(status);
    expect(first.headers.get('idempotent-replayed'), path).toBeNull();
    const etag = typeof first.body.version === 'number' ? `"${first.body.version}"` : null;
    expect(first.headers.get('etag'), path).toBe(etag);
    const replay = await send();
    expect(replay.status, `${path}: ${JSON.stringify(replay.body)}`).toBe(status);
    expect(replay.body, path).toEqual(first.body);
    expect(replay.headers.get('idempotent-replayed'), path).toBe('true');
    expect(replay.headers.get('etag'), path).toBe(etag);
    return first.body;
  }
  const json = (body: unknown) => ({ body: JSON.stringify(body) });

  it('answers every create and event with the ETag of its version, and a replay with Idempotent-Replayed: true', async () => {
    const { h, p } = seeded;
    h.clock.set(new Date(`${CONTRACT_START}T08:00:00Z`));
    const tender = await twice(p.officer, '/api/v1/tenders', json({ reference: `R-${backend}`, title: 'Renovering Lugnvik' }), 201);
    const clause = await twice(
      p.officer,
      `/api/v1/tenders/${tender.id}/clauses`,
      json({ templateId: 'placements', language: 'sv', params: PLACEMENT_PARAMS }),
      201,
    );
    expect(clause.version).toBe(1);
    const published = await twice(p.officer, `/api/v1/clauses/${clause.id}/events`, json({ type: 'PUBLISH' }), 200);
    expect(published.version).toBe(2);
    await twice(p.officer, `/api/v1/clauses/${clause.id}/events`, json({ ...awardBody(p.supplierOrgId), matchingBodyOrgId }), 200);
    await twice(p.contractor, `/api/v1/clauses/${clause.id}/events`, json({ type: 'SUBMIT_PLAN', description: 'Plan' }), 200);
    await twice(p.officer, `/api/v1/clauses/${clause.id}/events`, json({ type: 'ACCEPT_PLAN' }), 200);

    h.clock.set(WORLD_DAY);
    clauseId = clause.id;
    const placement = await h.as(p.contractor).post(`/api/v1/clauses/${clause.id}/placements`, placementBody(`P-${backend}`));
    expect(placement.status).toBe(201);
    expect(placement.headers.get('etag')).toBe(`"${placement.body.version}"`);
    await twice(p.contractor, `/api/v1/placements/${placement.body.id}/events`, json({ type: 'START' }), 200);
    const report = await twice(
      p.contractor,
      `/api/v1/clauses/${clause.id}/reports`,
      json({ periodStart: '2026-03-01', periodEnd: '2026-03-31', totalLabourHours: 1200 }),
      201,
    );
    expect(report.version).toBe(1);
    await twice(p.auditor, `/api/v1/reports/${report.id}/events`, json({ type: 'QUERY', reason: 'Saknar underlag' }), 200);
    const evidence = await twice(p.contractor, `/api/v1/reports/${report.id}/evidence`, { body: pdfForm(), contentType: undefined }, 201);
    expect(evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
    const opening = await twice(p.contractor, `/api/v1/clauses/${clause.id}/openings`, json(openingBody()), 201);
    await twice(matcher, '/api/v1/candidates', json(candidateBody(`C-${backend}`)), 201);
    const proposal = await twice(matcher, `/api/v1/openings/${opening.id}/proposals`, json(proposalBody(`C-${backend}`)), 201);
    expect(proposal.version).toBe(1);
    const webhook = await twice(p.officer, '/api/v1/webhooks', json(webhookBody(`headers-${backend}`)), 201);
    expect(webhook.secret).toBeTruthy();
  });

  // A retry of a registration that succeeded is answered, not refused as a duplicate: the duplicate check runs after the stored answer is looked up.
  it('replays a placement registration (JSON)', async () => {
    await twice(seeded.p.contractor, `/api/v1/clauses/${clauseId}/placements`, json(placementBody(`PR-${backend}`)), 201);
  });
  it('replays a placements CSV import', async () => {
    await twice(
      seeded.p.contractor,
      `/api/v1/clauses/${clauseId}/placements/import`,
      { body: `${PLACEMENT_CSV_HEADER}\n${placementCsvRow(`CSV-${backend}`)}\n`, contentType: 'text/csv' },
      201,
    );
  });
  it('fingerprints a JSON body with its keys in any order: reordered keys replay, another body is refused', async () => {
    const { h, p } = seeded;
    const officer = h.as(p.officer);
    const post = (path: string, body: string, key: string) =>
      officer.raw(path, { method: 'POST', body, headers: { 'content-type': 'application/json', 'idempotency-key': key } });
    const key = `canonical-${backend}`;
    const first = await post('/api/v1/tenders', `{"reference":"K-${backend}","title":"Renovering","estimatedValueSek":5000000}`, key);
    expect(first.status).toBe(201);
    const reordered = await post('/api/v1/tenders', `{ "estimatedValueSek": 5000000, "title": "Renovering", "reference": "K-${backend}" }`, key);
    expect(reordered.status).toBe(201);
    expect(reordered.body).toEqual(first.body);
    expect(reordered.headers.get('idempotent-replayed')).toBe('true');
    const other = await post('/api/v1/tenders', `{"reference":"K-${backend}","title":"Renovering etapp 2","estimatedValueSek":5000000}`, key);
    expect(other.status).toBe(422);
    expect(other.body.error).toBe('idempotency_key_reused');

    // Nested objects too; arrays keep their order.
    const draftKey = `canonical-draft-${backend}`;
    const params = { ...PLACEMENT_PARAMS, vite: { sekPerMissingPlacement: 50_000, capPct: 2 } };
    const drafted = await post(`/api/v1/tenders/${first.body.id}/clauses`, JSON.stringify({ templateId: 'placements', language: 'sv', params }), draftKey);
    expect(drafted.status).toBe(201);
    const nested = { vite: { capPct: 2, sekPerMissingPlacement: 50_000 }, ...Object.fromEntries(Object.entries(PLACEMENT_PARAMS).reverse()) };
    const again = await post(
      `/api/v1/tenders/${first.body.id}/clauses`,
      JSON.stringify({ params: nested, language: 'sv', templateId: 'placements' }),
      draftKey,
    );
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(drafted.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const reversedArray = { ...params, targetGroups: [...PLACEMENT_PARAMS.targetGroups].reverse() };
    const refused = await post(
      `/api/v1/tenders/${first.body.id}/clauses`,
      JSON.stringify({ templateId: 'placements', language: 'sv', params: reversedArray }),
      draftKey,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('idempotency_key_reused');
  });
});
