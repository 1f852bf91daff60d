/** CSV exports, streamed page by page as they are read (issue 6). */
import { PassThrough, Readable } from 'node:stream';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
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

const clausesXlsx = createRoute({
  method: 'get',
  path: '/exports/clauses.xlsx',
  tags: ['exports'],
  summary: "The portfolio's clauses as an Excel workbook, with the portfolio's filters",
  request: { query: PortfolioFilterQuery },
  responses: {
    200: {
      description: `One sheet with the columns ${CLAUSE_EXPORT_COLUMNS.join(', ')}`,
      content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string() } },
    },
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

/**
 * An XLSX workbook written row by row as pages are read (ExcelJS's streaming
 * writer): rows are committed to the zip as they come, not kept in memory.
 */
function xlsxResponse(pages: AsyncGenerator<Array<Record<string, unknown>>>, columns: readonly string[], fileName: string): Response {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(fileName.replace(/\..*$/, ''));
  sheet.columns = columns.map((key) => ({ header: key, key }));
  void (async () => {
    for await (const page of pages) for (const row of page) sheet.addRow(row).commit();
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error)); // the client sees the file cut short
  const headers = {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${fileName}"`,
  };
  return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, { status: 200, headers });
}

export function exportRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  app.openapi(placementsCsv, async (c) => csvResponse(placementExport(deps, c.get('actor'), c.req.valid('query')), PLACEMENT_EXPORT_COLUMNS, 'placements.csv') as never);
  app.openapi(clausesCsv, async (c) => csvResponse(clauseExport(deps, c.get('actor'), c.req.valid('query')), CLAUSE_EXPORT_COLUMNS, 'clauses.csv') as never);
  app.openapi(clausesXlsx, async (c) => xlsxResponse(clauseExport(deps, c.get('actor'), c.req.valid('query')), CLAUSE_EXPORT_COLUMNS, 'clauses.xlsx') as never);
}
