/** CSV exports, streamed page by page as they are read (issue 6). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { stringify } from 'csv-stringify/sync';
import { TARGET_GROUPS } from '../domain/target-groups.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { PLACEMENT_EXPORT_COLUMNS, placementExport } from '../engine/exports.ts';
import type { AppEnv } from './env.ts';
import { errorResponses } from './schemas.ts';

const PlacementFilter = z.strictObject({
  tenderId: z.string().min(1).optional(),
  clauseId: z.string().min(1).optional(),
  supplierOrgId: z.string().min(1).optional(),
  state: z.enum(['registered', 'active', 'completed', 'endedEarly', 'discontinued', 'verified', 'rejected']).optional(),
  targetGroup: z.enum(TARGET_GROUPS).optional(),
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

export function exportRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  app.openapi(placementsCsv, async (c) => {
    const pages = placementExport(deps, c.get('actor'), c.req.valid('query'));
    const encoder = new TextEncoder();
    let header = true;
    // Pulled a page at a time: PostgreSQL is read only as fast as the client takes the file.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await pages.next();
        if (next.done) {
          if (header) controller.enqueue(encoder.encode(stringify([], { header: true, columns: [...PLACEMENT_EXPORT_COLUMNS] })));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(stringify(next.value, { header, columns: [...PLACEMENT_EXPORT_COLUMNS] })));
        header = false;
      },
      async cancel() {
        await pages.return(undefined);
      },
    });
    return c.body(body, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="placements.csv"' }) as never;
  });
}
