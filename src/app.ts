/** The Hono application: middleware, routes, OpenAPI document and docs. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import { KlausulError } from './domain/errors.ts';
import { systemClock } from './engine/clock.ts';
import type { EngineDeps } from './engine/deps.ts';
import { clauseRoutes } from './http/clauses.ts';
import type { AppEnv } from './http/env.ts';
import { apiDocument, describeApi } from './http/document.ts';
import { errorResponse, handleError, requestInvalid } from './http/errors.ts';
import { erasureRoutes } from './http/erasure.ts';
import { evidenceRoutes } from './http/evidence.ts';
import { followUpRoutes } from './http/follow-ups.ts';
import { exportRoutes } from './http/exports.ts';
import { ocdsRoutes } from './http/ocds.ts';
import { portfolioRoutes } from './http/portfolio.ts';
import { programmeRoutes } from './http/programmes.ts';
import { deliveryRoutes } from './http/items.ts';
import { matchingRoutes } from './http/matching.ts';
import { offerRoutes } from './http/offers.ts';
import { requestLogger, requestLogging } from './http/logging.ts';
import { bodyGuard, requireApiKey, urlGuard } from './http/middleware.ts';
import { SignInThrottle, type ThrottlePolicy } from './http/sign-in-throttle.ts';
import { docsRoutes } from './http/docs.ts';
import { apiCors, securityHeaders } from './http/security.ts';
import { templateRoutes } from './http/templates.ts';
import { tenderRoutes } from './http/tenders.ts';
import { webhookRoutes } from './http/webhooks.ts';
import { supervisorRoutes } from './http/supervisors.ts';
import { subcontractorRoutes } from './http/subcontractors.ts';
import { organisationRoutes } from './http/organisations.ts';
import { webRoutes } from './web/routes.tsx';
import type { SessionPolicy } from './web/session.ts';
import type { OidcSettings } from './engine/oidc-sign-in.ts';
import { FAVICON } from './web/layout.tsx';

export interface AppOptions {
  deps: EngineDeps;
  logger: Logger;
  storeKind: string;
  /** The ocid prefix of OCDS releases (KLAUSUL_OCID_PREFIX). */
  ocidPrefix?: string;
  /** Origins whose pages may call the API from a browser (KLAUSUL_CORS_ORIGINS); none unless given. */
  corsOrigins?: readonly string[];
  /** How long web sessions last (KLAUSUL_SESSION_IDLE_MINUTES, KLAUSUL_SESSION_HOURS). */
  sessions?: SessionPolicy;
  /** Take the client address from X-Forwarded-For (KLAUSUL_TRUST_PROXY): only behind a proxy that sets it. */
  trustProxy?: boolean;
  /** How many failed sign-ins an address may make within how long (src/http/sign-in-throttle.ts); DEFAULT_THROTTLE unless given. */
  signInThrottle?: ThrottlePolicy;
  /** Whether this installation sends e-mail (KLAUSUL_SMTP_URL), for the user's own page to say so. */
  mailEnabled?: boolean;
  /** Sign-in through organisations' identity providers (KLAUSUL_PUBLIC_URL, KLAUSUL_SECRET_KEY); not offered without a public URL. */
  oidc?: OidcSettings | undefined;
}

/** The API under /api/v1: its middleware and routes, from which the OpenAPI document is generated. */
function apiApp(deps: EngineDeps, ocidPrefix: string, signIns: SignInThrottle) {
  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success)
        return errorResponse(c, requestInvalid(result.error.issues, result.target === 'json' || result.target === 'form' ? '' : result.target));
      return undefined;
    },
  });
  api.use(requireApiKey(deps, signIns));
  api.use(bodyGuard());
  describeApi(api);
  templateRoutes(api);
  tenderRoutes(api, deps);
  clauseRoutes(api, deps);
  deliveryRoutes(api, deps);
  matchingRoutes(api, deps);
  offerRoutes(api, deps);
  evidenceRoutes(api, deps);
  ocdsRoutes(api, deps, ocidPrefix);
  exportRoutes(api, deps);
  portfolioRoutes(api, deps);
  webhookRoutes(api, deps);
  erasureRoutes(api, deps);
  programmeRoutes(api, deps);
  followUpRoutes(api, deps);
  supervisorRoutes(api, deps);
  subcontractorRoutes(api, deps);
  organisationRoutes(api, deps);
  return api;
}

const HEALTH_TIMEOUT_MS = 5_000;

/** Resolves when the store answers a query within the health check's time, and throws otherwise. */
async function storeAnswers(deps: EngineDeps): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
  });
  try {
    await Promise.race([sql`select 1`.execute(deps.db), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Dependencies for building the routes without a database: the OpenAPI document reads none. */
const WITHOUT_DATABASE: EngineDeps = {
  db: new Proxy({} as EngineDeps['db'], {
    get() {
      throw new Error('This app was built to describe the API and has no database.');
    },
  }),
  clock: systemClock,
};

/** The OpenAPI document, built without opening a database (`klausul openapi`). */
export function openApiDocument() {
  return apiDocument(apiApp(WITHOUT_DATABASE, 'ocds-klausul', new SignInThrottle(systemClock)));
}

export function createApp({
  deps,
  logger,
  storeKind,
  ocidPrefix = 'ocds-klausul',
  corsOrigins = [],
  sessions,
  trustProxy = false,
  signInThrottle,
  mailEnabled = false,
  oidc,
}: AppOptions) {
  const app = new OpenAPIHono<AppEnv>();
  // One count of failed sign-ins per address for the API and the web login alike.
  const signIns = new SignInThrottle(deps.clock, signInThrottle);
  const api = apiApp(deps, ocidPrefix, signIns);

  // Outermost first: the request id, the request's logger and log line, the security headers
  // (set on whatever answer comes back, errors and 404s too), then CORS for the API alone.
  app.use(requestId());
  app.use(requestLogging(logger, { trustProxy }));
  app.use(securityHeaders());
  app.use('/api/*', apiCors(corsOrigins));
  app.use(urlGuard());
  app.onError((error, c) => handleError(error, c, (e) => requestLogger(c, logger).error({ err: e }, 'unhandled error')));
  app.notFound((c) =>
    errorResponse(c, new KlausulError('not_found', `No route ${c.req.method} ${c.req.path}. The API is described at /openapi.json and /docs.`)),
  );

  app.route('/api/v1', api);
  app.route('/app', webRoutes(deps, { sessions, signIns, ocidPrefix, mailEnabled, oidc }));
  app.get('/', (c) => c.redirect('/app', 302));
  app.get('/favicon.ico', (c) => c.body(FAVICON, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' }));

  // Answers only when the store does: a load balancer takes an instance whose store is gone out of rotation.
  app.get('/health', async (c) => {
    try {
      await storeAnswers(deps);
    } catch (error) {
      requestLogger(c, logger).warn({ err: error }, 'health check: the database does not answer');
      return c.json({ status: 'unavailable', database: storeKind }, 503);
    }
    return c.json({ status: 'ok', database: storeKind, time: deps.clock.now().toISOString() });
  });
  // Generated on first request, not for every app a test builds.
  let document: ReturnType<typeof apiDocument> | undefined;
  app.get('/openapi.json', (c) => {
    document ??= apiDocument(api);
    return c.json(document);
  });
  docsRoutes(app);
  return app;
}
