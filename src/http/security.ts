/**
 * Security headers on every answer, and CORS for the API when configured.
 *
 * One strict Content-Security-Policy for everything the service serves (the
 * API's JSON, the web application under /app, /health, /openapi.json, errors
 * and 404s): only its own scripts, styles, images and fetches, forms posting
 * to itself, no plugins, no <base>, never framed. The web application loads
 * /app/assets/style.css and /app/assets/app.js and has no inline script or
 * style; its state diagrams are inline SVG, which needs no allowance.
 *
 * /docs is the one exception: Swagger UI (served from the installed
 * swagger-ui-dist under /docs/assets, src/http/docs.ts) sets inline styles and
 * uses data: images. /docs alone gets a policy that allows those two; its
 * scripts are this origin's files, as everywhere. It renders no user input.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';

export const DOCS_PATH = '/docs';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'"],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
};

export const DOCS_CONTENT_SECURITY_POLICY = {
  ...CONTENT_SECURITY_POLICY,
  imgSrc: ["'self'", 'data:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
};

const COMMON = {
  xFrameOptions: 'DENY',
  // Same-origin requests keep their Referer (and forms their Origin); nothing leaves for other sites.
  referrerPolicy: 'same-origin',
  // Browsers ignore it over plain HTTP, and honour it over HTTPS also behind a TLS-terminating proxy.
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  permissionsPolicy: { camera: false, microphone: false, geolocation: false, payment: false, usb: false },
} as const;

/**
 * Hono's secureHeaders on every answer (also errors and 404s: the headers are
 * set after the answer is made): X-Content-Type-Options nosniff, X-Frame-Options
 * DENY, Referrer-Policy, Strict-Transport-Security, Cross-Origin-Opener- and
 * -Resource-Policy same-origin, and the CSP above.
 */
export function securityHeaders(): MiddlewareHandler {
  const strict = secureHeaders({ ...COMMON, contentSecurityPolicy: CONTENT_SECURITY_POLICY });
  const docs = secureHeaders({ ...COMMON, contentSecurityPolicy: DOCS_CONTENT_SECURITY_POLICY });
  return (c, next) => (c.req.path === DOCS_PATH ? docs(c, next) : strict(c, next));
}

export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key'];
export const CORS_EXPOSED_HEADERS = ['ETag', 'Idempotent-Replayed', 'X-Request-Id'];

/**
 * CORS for the API (mount it on /api/*), for exactly the configured origins.
 * Others get no Access-Control-* header at all, so browsers keep their pages
 * from reading answers. Keys travel in the Authorization header, never in
 * cookies: no credentials mode.
 */
export function apiCors(origins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(origins);
  const handler = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: CORS_ALLOWED_HEADERS,
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
    credentials: false,
  });
  return async (c, next) => {
    if (allowed.size === 0) return next();
    const origin = c.req.header('origin');
    if (origin !== undefined && allowed.has(origin)) return handler(c, next);
    await next();
    // The answer depends on the Origin: caches must not hand one origin's answer to another.
    c.res.headers.append('Vary', 'Origin');
  };
}
