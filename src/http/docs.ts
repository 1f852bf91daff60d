/**
 * /docs: Swagger UI from the installed swagger-ui-dist package, its files
 * served from this origin under /docs/assets (no CDN), and started by a
 * script file of ours, so that the page has no inline script.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from './env.ts';
import { DOCS_PATH } from './security.ts';

export const DOCS_ASSETS = `${DOCS_PATH}/assets`;

/** Where npm installed swagger-ui-dist (its package.json is found as any module is). */
const DIST = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** What starts Swagger UI on the page: the API's OpenAPI document, no online validator. */
const START = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', validatorUrl: 'none', deepLinking: true });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Klausul API</title>
<link rel="stylesheet" href="${DOCS_ASSETS}/swagger-ui.css">
<link rel="icon" type="image/png" href="${DOCS_ASSETS}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_ASSETS}/swagger-ui-bundle.js"></script>
<script src="${DOCS_ASSETS}/start.js"></script>
</body>
</html>
`;

const TYPES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** The files of the page, read from the package on first request and kept. */
const cache = new Map<string, Uint8Array<ArrayBuffer>>();
function asset(name: string): Uint8Array<ArrayBuffer> {
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = name === 'start.js' ? new TextEncoder().encode(START) : Uint8Array.from(readFileSync(join(DIST, name)));
    cache.set(name, bytes);
  }
  return bytes;
}

export function docsRoutes(app: Hono<AppEnv>): void {
  app.get(DOCS_PATH, (c) => c.html(PAGE));
  app.get(`${DOCS_ASSETS}/:name`, (c) => {
    const name = c.req.param('name');
    const type = name === 'start.js' ? TYPES['swagger-ui-bundle.js'] : TYPES[name];
    if (!type) return c.notFound();
    return c.body(asset(name), 200, { 'content-type': type, 'cache-control': 'public, max-age=3600' });
  });
}
