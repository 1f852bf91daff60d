/** CSV exports, streamed page by page as they are read (issue 6). */
import { PLACEMENT_STATES } from '../../workflows/states.ts';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
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
  state: z.enum(PLACEMENT_STATES).optional(),
  targetGroup: z.enum(TARGET_GROUPS).optional(),
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The route of one export file: its path, what it holds, its filters and its media type. */
const exportRoute = <Query extends z.ZodObject>(
  path: string,
  operationId: string,
  summary: string,
  query: Query,
  mediaType: string,
  columns: readonly string[],
) =>
  createRoute({
    method: 'get',
    path,
    operationId,
    tags: ['exports'],
    summary,
    request: { query },
    responses: {
      200: { description: `Columns: ${columns.join(', ')}`, content: { [mediaType]: { schema: z.string() } } },
      401: errorResponses[401],
      422: errorResponses[422],
    },
  });

const clausesCsv = exportRoute(
  '/exports/clauses.csv',
  'exportClausesCsv',
  "The portfolio's clauses as CSV, with the portfolio's filters",
  PortfolioFilterQuery,
  'text/csv',
  CLAUSE_EXPORT_COLUMNS,
);
const clausesXlsx = exportRoute(
  '/exports/clauses.xlsx',
  'exportClausesXlsx',
  "The portfolio's clauses as an Excel workbook, with the portfolio's filters",
  PortfolioFilterQuery,
  XLSX,
  CLAUSE_EXPORT_COLUMNS,
);
const placementsCsv = exportRoute(
  '/exports/placements.csv',
  'exportPlacementsCsv',
  'Placements of the clauses your organisation buys or delivers, as CSV (pseudonymous references only; no attestation references)',
  PlacementFilter,
  'text/csv',
  PLACEMENT_EXPORT_COLUMNS,
);

/**
 * Text that a spreadsheet would read as a formula (=, +, -, @ first) is
 * prefixed with an apostrophe: exports carry text typed by other
 * organisations (a role, a site, a supplier's name), opened in Excel.
 */
function spreadsheetSafe(row: Record<string, unknown>): Record<string, unknown> {
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) safe[key] = typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return safe;
}

/**
 * The pages with the first one already read: a query that fails does so
 * before the answer starts, as an error status rather than a file cut short.
 */
async function primed<T>(pages: AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
  const first = await pages.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* pages;
  })();
}

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
      controller.enqueue(encoder.encode(stringify(next.value.map(spreadsheetSafe), { header, columns: [...columns] })));
      header = false;
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"` },
  });
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
  let gone = false;
  out.once('close', () => {
    gone = true;
  });
  void (async () => {
    for await (const page of pages) {
      for (const row of page) sheet.addRow(spreadsheetSafe(row)).commit();
      // Read the next page only once the client has taken this one; stop reading when it has left.
      if (out.writableNeedDrain) await once(out, 'drain');
      if (gone) return;
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error)); // the client sees the file cut short
  const headers = {
    'content-type': XLSX,
    'content-disposition': `attachment; filename="${fileName}"`,
  };
  return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, { status: 200, headers });
}

export function exportRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  app.openapi(
    placementsCsv,
    async (c) => csvResponse(await primed(placementExport(deps, c.get('actor'), c.req.valid('query'))), PLACEMENT_EXPORT_COLUMNS, 'placements.csv') as never,
  );
  app.openapi(
    clausesCsv,
    async (c) => csvResponse(await primed(clauseExport(deps, c.get('actor'), c.req.valid('query'))), CLAUSE_EXPORT_COLUMNS, 'clauses.csv') as never,
  );
  app.openapi(
    clausesXlsx,
    async (c) => xlsxResponse(await primed(clauseExport(deps, c.get('actor'), c.req.valid('query'))), CLAUSE_EXPORT_COLUMNS, 'clauses.xlsx') as never,
  );
}
