/** CSV exports, streamed page by page as they are read (issue 6). */
import { PLACEMENT_STATES } from '../../workflows/states.ts';
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import { TARGET_GROUPS } from '../domain/target-groups.ts';
import type { Actor } from '../domain/roles.ts';
import { SWEDISH_CSV } from '../domain/spreadsheet.ts';
import type { EngineDeps } from '../engine/deps.ts';
import { CLAUSE_EXPORT_COLUMNS, clauseExport, PLACEMENT_EXPORT_COLUMNS, placementExport } from '../engine/exports.ts';
import type { AppEnv } from './env.ts';
import { CLAUSE_COLUMNS_SV, csvCell, EXPORT_VARIANTS, PLACEMENT_COLUMNS_SV, type SwedishColumn } from './exports-sv.ts';
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

/** A CSV export's choice of file: as it has always been, or as Excel in a Swedish locale reads it. */
const Variant = {
  variant: z.enum(EXPORT_VARIANTS).optional().openapi({
    description:
      'excel-sv: as Excel in a Swedish locale reads CSV: semicolons, decimal commas, a byte-order mark, Swedish headers, tender references instead of ids, states and target groups in words',
  }),
};
/** A workbook's choice of sheet: as it has always been, or for Swedish offices. */
const WorkbookVariant = {
  variant: z.enum(EXPORT_VARIANTS).optional().openapi({
    description:
      'excel-sv: Swedish headers, tender references instead of ids, states, units and target groups in words; numbers stay numbers and dates are dates',
  }),
};

/** Each export file's filters (and variant), for the API and the web application alike. */
export const EXPORT_QUERIES = {
  'clauses.csv': PortfolioFilterQuery.extend(Variant),
  'clauses.xlsx': PortfolioFilterQuery.extend(WorkbookVariant),
  'placements.csv': PlacementFilter.extend(Variant),
} as const;
export type ExportFile = keyof typeof EXPORT_QUERIES;
export const isExportFile = (name: string): name is ExportFile => Object.hasOwn(EXPORT_QUERIES, name);

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
  EXPORT_QUERIES['clauses.csv'],
  'text/csv',
  CLAUSE_EXPORT_COLUMNS,
);
const clausesXlsx = exportRoute(
  '/exports/clauses.xlsx',
  'exportClausesXlsx',
  "The portfolio's clauses as an Excel workbook, with the portfolio's filters",
  EXPORT_QUERIES['clauses.xlsx'],
  XLSX,
  CLAUSE_EXPORT_COLUMNS,
);
const placementsCsv = exportRoute(
  '/exports/placements.csv',
  'exportPlacementsCsv',
  'Placements of the clauses your organisation buys or delivers, as CSV (pseudonymous references only; no attestation references)',
  EXPORT_QUERIES['placements.csv'],
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

/** How a CSV file is written: its header line, and a page of rows as lines. */
interface CsvShape {
  head: string;
  lines: (rows: Array<Record<string, unknown>>) => string;
}

const plainCsv = (columns: readonly string[]): CsvShape => ({
  head: stringify([], { header: true, columns: [...columns] }),
  lines: (rows) => stringify(rows.map(spreadsheetSafe), { columns: [...columns] }),
});

const swedishCsv = (columns: SwedishColumn[]): CsvShape => {
  const options = { delimiter: SWEDISH_CSV.delimiter, record_delimiter: SWEDISH_CSV.recordDelimiter };
  return {
    head: SWEDISH_CSV.bom + stringify([columns.map((c) => c.header)], options),
    lines: (rows) =>
      stringify(
        rows.map((row) => columns.map((c) => csvCell(c.cell(spreadsheetSafe(row))))),
        options,
      ),
  };
};

/** A CSV file streamed page by page: PostgreSQL is read only as fast as the client takes the file. */
function csvResponse(pages: AsyncGenerator<Array<Record<string, unknown>>>, shape: CsvShape, fileName: string): Response {
  const encoder = new TextEncoder();
  let header = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (header) {
        controller.enqueue(encoder.encode(shape.head));
        header = false;
      }
      const next = await pages.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(shape.lines(next.value)));
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

/** A column of a workbook: its header, its cell from a row of the export, and whether it holds dates. */
interface SheetColumn {
  header: string;
  value: (row: Record<string, unknown>) => unknown;
  dated?: boolean;
}

const plainSheet = (columns: readonly string[]): SheetColumn[] => columns.map((key) => ({ header: key, value: (row) => row[key] ?? null }));
const swedishSheet = (columns: SwedishColumn[]): SheetColumn[] =>
  columns.map((c) => ({
    header: c.header,
    value: (row) => {
      const cell = c.cell(row);
      return cell === '' ? null : cell;
    },
    dated: c.dated,
  }));

/**
 * An XLSX workbook written row by row as pages are read (ExcelJS's streaming
 * writer): rows are committed to the zip as they come, not kept in memory.
 */
function xlsxResponse(pages: AsyncGenerator<Array<Record<string, unknown>>>, columns: SheetColumn[], fileName: string): Response {
  const out = new PassThrough();
  const dated = columns.some((c) => c.dated);
  // Styles only where a column holds dates, so that Excel shows them as dates.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: dated });
  const sheet = workbook.addWorksheet(fileName.replace(/\..*$/, ''));
  sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, ...(c.dated ? { style: { numFmt: 'yyyy-mm-dd' } } : {}) }));
  let gone = false;
  out.once('close', () => {
    gone = true;
  });
  void (async () => {
    for await (const page of pages) {
      for (const row of page) {
        const safe = spreadsheetSafe(row);
        sheet.addRow(columns.map((c) => c.value(safe))).commit();
      }
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

/**
 * An export file for this actor with these (validated) filters: what the API
 * and the web application both answer.
 */
export async function exportFile<File extends ExportFile>(
  deps: EngineDeps,
  actor: Actor,
  file: File,
  query: z.infer<(typeof EXPORT_QUERIES)[File]>,
): Promise<Response> {
  const { variant, ...filter } = query as { variant?: (typeof EXPORT_VARIANTS)[number] } & Record<string, string | undefined>;
  const swedish = variant === 'excel-sv';
  switch (file) {
    case 'placements.csv': {
      const pages = await primed(placementExport(deps, actor, filter));
      return swedish ? csvResponse(pages, swedishCsv(PLACEMENT_COLUMNS_SV), 'platser.csv') : csvResponse(pages, plainCsv(PLACEMENT_EXPORT_COLUMNS), file);
    }
    case 'clauses.csv': {
      const pages = await primed(clauseExport(deps, actor, filter));
      return swedish ? csvResponse(pages, swedishCsv(CLAUSE_COLUMNS_SV), 'klausuler.csv') : csvResponse(pages, plainCsv(CLAUSE_EXPORT_COLUMNS), file);
    }
    default: {
      const pages = await primed(clauseExport(deps, actor, filter));
      return swedish ? xlsxResponse(pages, swedishSheet(CLAUSE_COLUMNS_SV), 'klausuler.xlsx') : xlsxResponse(pages, plainSheet(CLAUSE_EXPORT_COLUMNS), file);
    }
  }
}

export function exportRoutes(app: OpenAPIHono<AppEnv>, deps: EngineDeps): void {
  app.openapi(placementsCsv, async (c) => (await exportFile(deps, c.get('actor'), 'placements.csv', c.req.valid('query'))) as never);
  app.openapi(clausesCsv, async (c) => (await exportFile(deps, c.get('actor'), 'clauses.csv', c.req.valid('query'))) as never);
  app.openapi(clausesXlsx, async (c) => (await exportFile(deps, c.get('actor'), 'clauses.xlsx', c.req.valid('query'))) as never);
}
