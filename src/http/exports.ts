/** CSV exports, streamed page by page as they are read (issue 6). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { stringify } from 'csv-stringify/sync';
import { TARGET_GROUPS } from '../domain/target-groups.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { CLAUSE_EXPORT_COLUMNS, clauseExport, PLACEMENT_EXPORT_COLUMNS, placementExport } from '../engine/exports.ts';
import type { AppEnv } from './env.ts';
import { PortfolioFilterQuery } from './portfolio.ts';
import { errorResponses } from './schemas.ts';

const PlacementFilter = z.strictObject({
  tenderId: z.string().min(1).optional(),
  clauseId: z.string().min(1).optional(),
  supplierOrgId: z.string().min(1).optional(),
  state: z.enum(['registered', 'active', 'completed', 'endedEarly', 'discontinued', 'verified', 'rejected']).optional(),
  targetGroup: z.enum(TARGET_GROUPS).optional(),
});

const clausesCsv = createRoute({
  method: 'get',
  path: '/exports/clauses.csv',
  tags: ['exports'],
  summary: "The portfolio's clauses as CSV, with the portfolio's filters",
  request: { query: PortfolioFilterQuery },
  responses: {
    200: { description: `CSV with the columns ${CLAUSE_EXPORT_COLUMNS.join(', ')}`, content: { 'text/csv': { schema: z.string() } } },
    401: errorResponses[401],
    422: errorResponses[422],
  },
});

const placementsCsv = createRoute({
  method: 'get',
  path: '/exports/placements.csv',
  tags: ['exports'],
  summary: 'Placements of the clauses your organisation buys or delivers, as CSV (pseudonymous references only; no attestation references)',
  request: { query: PlacementFilter },
  responses: {
    200: { description: `CSV with the columns ${PLACEMENT_EXPORT_COLUMNS.join(', ')}`, content: { 'text/csv': { schema: z.string() } } },
    401: errorResponses[401],
    422: errorResponses[422],
  },
});

/** A CSV file streamed page by page: PostgreSQL is read only as fast as the client takes the file. */
function csvResponse(pages: AsyncGenerator<Array<Record<string, unknown>>>, columns: readonly string[], fileName: string): Response {
  const encoder = new TextEncoder();
  let header = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await pages.next();
      if (next.done) {
        if (header) controller.enqueue(encoder.encode(stringify([], { header: true, columns: [...columns] })));
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(stringify(next.value, { header, columns: [...columns] })));
      header = false;
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"` } });
}

export function exportRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  app.openapi(placementsCsv, async (c) => csvResponse(placementExport(deps, c.get('actor'), c.req.valid('query')), PLACEMENT_EXPORT_COLUMNS, 'placements.csv') as never);
  app.openapi(clausesCsv, async (c) => csvResponse(clauseExport(deps, c.get('actor'), c.req.valid('query')), CLAUSE_EXPORT_COLUMNS, 'clauses.csv') as never);
}
