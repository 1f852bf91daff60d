/** The overview (issue 19, item 8): the portfolio's totals, exposure and risk, per supplier and target group, in charts and tables, with its filters and exports. */
import type { Hono } from 'hono';
import type { EngineDeps } from '../../engine/deps.ts';
import type { WebEnv } from '../session.ts';
import { webExportRoutes } from './exports.tsx';

export function overviewRoutes(app: Hono<WebEnv>, deps: EngineDeps, ocidPrefix: string): void {
  webExportRoutes(app, deps, ocidPrefix);
  // The portfolio as a page: the API's JSON lives at /api/v1/portfolio.
  app.get('/portfolio', (c) => {
    const query = new URL(c.req.url).search;
    return c.redirect(`/app/overview${query}`, 302);
  });
}
