/**
 * The exports in the web application (issue 19, item 8): the same files as
 * the API's export and OCDS routes, made by the same functions, for the
 * signed-in user's organisation.
 */
import type { Hono } from 'hono';
import { notFound } from '../../domain/errors.ts';
import type { EngineDeps } from '../../engine/deps.ts';
import { clauseOcds, tenderOcds } from '../../engine/ocds.ts';
import { EXPORT_QUERIES, exportFile, isExportFile } from '../../http/exports.ts';
import { guarded, page } from '../plumbing.tsx';
import type { WebEnv } from '../session.ts';

/** A query's filters as the export reads them: empty fields (a GET form's) and the page's language left out. */
export function filterQuery(query: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).filter(([key, value]) => value !== '' && key !== 'lang'));
}

export function webExportRoutes(app: Hono<WebEnv>, deps: EngineDeps, ocidPrefix: string): void {
  app.get('/exports/:file', (c) =>
    guarded(c, async () => {
      const file = c.req.param('file');
      if (!isExportFile(file)) throw notFound('Export', file);
      const query = EXPORT_QUERIES[file].safeParse(filterQuery(c.req.query()));
      const words = c.get('words');
      if (!query.success) return page(c, words.t('exportRefusedTitle'), <p>{words.t('exportRefused')}</p>, { status: 422 });
      const answer = await exportFile(deps, c.get('actor')!, file, query.data as never);
      answer.headers.set('cache-control', 'no-store');
      return answer;
    }),
  );
  const publication = (url: string) => ({ ocidPrefix, uri: url });
  app.get('/exports/tenders/:id/ocds.json', (c) =>
    guarded(c, async () => c.json(await tenderOcds(deps, c.get('actor')!, c.req.param('id'), publication(c.req.url)), 200, { 'cache-control': 'no-store' })),
  );
  app.get('/exports/clauses/:id/ocds.json', (c) =>
    guarded(c, async () => c.json(await clauseOcds(deps, c.get('actor')!, c.req.param('id'), publication(c.req.url)), 200, { 'cache-control': 'no-store' })),
  );
}
